import { describe, expect, test } from "vitest";
import { blake2b512Base64 } from "./digest.js";
import { parseSignatureHeader } from "./header.js";
import { signBody } from "./sign.js";
import { buildSigningString } from "./signing-string.js";
import { verifySignatureHeader } from "./verify.js";

/** BECKN-006 Step 1, vector 1 (the same values appear in ONDC-DOCS registry/signing-verification.md). */
const BODY =
  '{"context":{"domain":"nic2004:60212","country":"IND","city":"Kochi","action":"search","core_version":"0.9.1","bap_id":"bap.stayhalo.in","bap_uri":"https://8f9f-49-207-209-131.ngrok.io/protocol/","transaction_id":"e6d9f908-1d26-4ff3-a6d1-3af3d3721054","message_id":"a2fe6d52-9fe4-4d1a-9d0b-dccb8b48522d","timestamp":"2022-01-04T09:17:55.971Z","ttl":"P1M"},"message":{"intent":{"fulfillment":{"start":{"location":{"gps":"10.108768, 76.347517"}},"end":{"location":{"gps":"10.102997, 76.353480"}}}}}}';
const PUBLIC_KEY = "awGPjRK6i/Vg/lWr+0xObclVxlwZXvTjWYtlu6NeOHk=";
const PRIVATE_KEY_64 = "lP3sHA+9gileOkXYJXh4Jg8tK0gEEMbf9yCPnFpbldhrAY+NErqL9WD+Vav7TE5tyVXGXBle9ONZi2W7o144eQ==";
const SEED_32 = Buffer.from(PRIVATE_KEY_64, "base64").subarray(0, 32).toString("base64");
const DIGEST = "b6lf6lRgOweajukcvcLsagQ2T60+85kRh/Rd2bdS+TG/5ALebOEgDJfyCrre/1+BMu5nA94o4DT3pTFXuUg7sw==";
const CREATED = 1641287875;
const EXPIRES = 1641291475;
const SIGNATURE = "cjbhP0PFyrlSCNszJM1F/YmHDVAWsZqJUPzojnE/7TJU3fJ/rmIlgaUHEr5E0/2PIyf0tpSnWtT6cyNNlpmoAQ==";
const SUBSCRIBER_ID = "example-bap.com";
const UNIQUE_KEY_ID = "ae3ea24b-cfec-495e-81f8-044aaef164ac";
const HEADER = `Signature keyId="${SUBSCRIBER_ID}|${UNIQUE_KEY_ID}|ed25519",algorithm="ed25519",created="${CREATED}",expires="${EXPIRES}",headers="(created) (expires) digest",signature="${SIGNATURE}"`;
const INSIDE_WINDOW = (CREATED + 600) * 1000;

describe("BLAKE-512 digest", () => {
  test.for([
    ["the BECKN-006 body", BODY, DIGEST],
    [
      "the quick brown fox",
      "The quick brown fox jumps over the lazy dog",
      "qK3Uvd39k+SHfSdG5igXsRY2Sh+nvBSNlQkLxzM7NnP4JAHPeqLkyx7NkCluPxTLVBP47Xe+cwRbE5FM3NapGA==",
    ],
  ] as const)("hashes %s to the published value", ([, text, digest]) => {
    expect(blake2b512Base64(text)).toBe(digest);
    expect(blake2b512Base64(new TextEncoder().encode(text))).toBe(digest);
  });
});

describe("BECKN-006 vector 1", () => {
  test("the signing string is three lines with no trailing newline", () => {
    expect(buildSigningString({ created: CREATED, expires: EXPIRES, digest: DIGEST })).toBe(
      `(created): ${CREATED}\n(expires): ${EXPIRES}\ndigest: BLAKE-512=${DIGEST}`,
    );
  });

  test.for([
    ["the 64-byte key", PRIVATE_KEY_64],
    ["its 32-byte seed", SEED_32],
  ] as const)("signing with %s reproduces the published header byte for byte", ([, privateKey]) => {
    const signed = signBody({
      rawBody: BODY,
      subscriberId: SUBSCRIBER_ID,
      uniqueKeyId: UNIQUE_KEY_ID,
      privateKey,
      created: CREATED,
      expires: EXPIRES,
    });
    expect(signed).toEqual({ header: HEADER, created: CREATED, expires: EXPIRES, digest: DIGEST, signature: SIGNATURE });
  });

  test("the published header parses into its parts", () => {
    expect(parseSignatureHeader(HEADER)).toEqual({
      ok: true,
      params: {
        keyId: { subscriberId: SUBSCRIBER_ID, uniqueKeyId: UNIQUE_KEY_ID, algorithm: "ed25519" },
        algorithm: "ed25519",
        created: CREATED,
        expires: EXPIRES,
        headers: "(created) (expires) digest",
        signature: SIGNATURE,
      },
    });
  });

  test("the published header verifies with a clock inside its validity window", async () => {
    const lookups: string[] = [];
    const result = await verifySignatureHeader({
      header: HEADER,
      rawBody: Buffer.from(BODY, "utf8"),
      kind: "authorization",
      lookupPublicKey: (subscriberId, uniqueKeyId) => {
        lookups.push(`${subscriberId}|${uniqueKeyId}`);
        return PUBLIC_KEY;
      },
      expectedSubscriberId: SUBSCRIBER_ID,
      now: () => INSIDE_WINDOW,
    });
    expect(result).toEqual({
      ok: true,
      keyId: { subscriberId: SUBSCRIBER_ID, uniqueKeyId: UNIQUE_KEY_ID, algorithm: "ed25519" },
      created: CREATED,
      expires: EXPIRES,
    });
    expect(lookups).toEqual([`${SUBSCRIBER_ID}|${UNIQUE_KEY_ID}`]);
  });
});
