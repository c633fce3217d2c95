import { expect, test } from "vitest";
import { isJsonMediaType } from "./media-type.js";

test.for(["application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8", " application/json ; foo=bar"])(
  "%s declares JSON",
  (type) => {
    expect(isJsonMediaType(type)).toBe(true);
  },
);

test.for([undefined, "", "text/plain", "text/json", "application/jsonp", "application/ld+json", "application/x-www-form-urlencoded", "json"])(
  "%s does not",
  (type) => {
    expect(isJsonMediaType(type)).toBe(false);
  },
);
