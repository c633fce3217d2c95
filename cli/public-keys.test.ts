import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import type { HarnessError } from "../protocol/errors.js";
import { readPublicKeys } from "./public-keys.js";

const dir = mkdtempSync(join(tmpdir(), "p2pc-public-keys-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, doc: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof doc === "string" ? doc : JSON.stringify(doc));
  return path;
}

function refusal(path: string): HarnessError {
  try {
    readPublicKeys(path);
  } catch (error) {
    return error as HarnessError;
  }
  throw new Error("not refused");
}

describe("readPublicKeys (--keys)", () => {
  test("reads /lookup entries under any key-id name, with the registered URL", () => {
    const path = file("ok.json", [
      { subscriber_id: "bpp.a", unique_key_id: "k1", signing_public_key: "QUFB", subscriber_url: "https://a.example/beckn", type: "BPP" },
      { subscriber_id: "bpp.b", ukId: "k2", signing_public_key: "QkJC", encr_public_key: "Q0ND" },
    ]);
    expect(readPublicKeys(path)).toEqual([
      { subscriberId: "bpp.a", uniqueKeyId: "k1", publicKey: "QUFB", url: "https://a.example/beckn" },
      { subscriberId: "bpp.b", uniqueKeyId: "k2", publicKey: "QkJC" },
    ]);
  });

  test.for([
    ["signing_private_key", [{ subscriber_id: "x", signing_public_key: "QUFB", signing_private_key: "c2VjcmV0" }]],
    ["encr_private_key", [{ subscriber_id: "x", signing_public_key: "QUFB", keys: { encr_private_key: "c2VjcmV0" } }]],
    ["privateKey", { privateKey: "c2VjcmV0" }],
    ["d", [{ subscriber_id: "x", signing_public_key: "QUFB", jwk: { kty: "OKP", d: "c2VjcmV0" } }]],
  ] as const)("refuses a file holding %s, anywhere, without repeating it", ([field, doc]) => {
    const error = refusal(file(`${field}.json`, doc));
    expect(error.code).toBe("P2PC_ERR_PUBLIC_KEYS");
    expect(error.message).toContain(`"${field}"`);
    expect(error.message).not.toContain("c2VjcmV0");
  });

  test("refuses what is not an array of public keys", () => {
    expect(refusal(file("object.json", { subscriber_id: "x" })).message).toContain("not a JSON array");
    expect(refusal(file("bare.json", [{ subscriber_id: "x" }])).message).toContain("entry 0 has no subscriber_id and signing_public_key");
    expect(refusal(file("text.json", "not json")).code).toBe("P2PC_ERR_PUBLIC_KEYS");
    expect(refusal(join(dir, "missing.json")).message).toContain("cannot be read");
  });
});
