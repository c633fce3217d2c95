import { describe, expect, test } from "vitest";
import { wwwAuthenticateValue } from "./authenticate.js";

describe("wwwAuthenticateValue", () => {
  test.for([
    ["bpp.example.com", 'Signature realm="bpp.example.com",headers="(created) (expires) digest"'],
    ['odd"realm\\', 'Signature realm="odd\\"realm\\\\",headers="(created) (expires) digest"'],
  ] as const)("names the realm %s and the signed headers", ([realm, value]) => {
    expect(wwwAuthenticateValue(realm)).toBe(value);
  });
});
