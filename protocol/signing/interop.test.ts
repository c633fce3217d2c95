import { createAuthorizationHeader, isHeaderValid } from "ondc-crypto-sdk-nodejs";
import { describe, expect, test } from "vitest";
import { generateSigningKeyPair } from "../keys.js";
import { signBody } from "./sign.js";
import { verifySignatureHeader } from "./verify.js";

/** ondc-crypto-sdk-nodejs (libsodium) wants the 64-byte secret key: seed‖public. */
const PAIR = generateSigningKeyPair();
const LIBSODIUM_KEY = Buffer.concat([Buffer.from(PAIR.privateKey, "base64"), Buffer.from(PAIR.publicKey, "base64")]).toString("base64");
const BODY = '{"context":{"domain":"energy","action":"search","bap_id":"bap.example.com","message_id":"ü-ñ"},"message":{}}';

describe("interop with ondc-crypto-sdk-nodejs", () => {
  test.for([
    ["the 32-byte seed", PAIR.privateKey],
    ["the 64-byte key", LIBSODIUM_KEY],
  ] as const)("a header signed here with %s verifies there", async ([, privateKey]) => {
    const { header } = signBody({ rawBody: BODY, subscriberId: "bap.example.com", uniqueKeyId: "k1", privateKey, validitySeconds: 3600 });
    await expect(isHeaderValid({ header, body: BODY, publicKey: PAIR.publicKey })).resolves.toBe(true);
    await expect(isHeaderValid({ header, body: `${BODY} `, publicKey: PAIR.publicKey })).resolves.toBe(false);
  });

  test.for([
    ["with its default times", {}],
    ["with fixed times", { created: String(Math.floor(Date.now() / 1000) - 10), expires: String(Math.floor(Date.now() / 1000) + 50) }],
  ] as const)("a header signed there %s verifies here", async ([, times]) => {
    const header = await createAuthorizationHeader({
      body: BODY,
      privateKey: LIBSODIUM_KEY,
      subscriberId: "bap.example.com",
      subscriberUniqueKeyId: "k1",
      ...times,
    });
    const verified = await verifySignatureHeader({
      header,
      rawBody: BODY,
      kind: "authorization",
      lookupPublicKey: () => PAIR.publicKey,
      expectedSubscriberId: "bap.example.com",
    });
    expect(verified).toMatchObject({ ok: true, keyId: { subscriberId: "bap.example.com", uniqueKeyId: "k1", algorithm: "ed25519" } });
    const tampered = await verifySignatureHeader({ header, rawBody: `${BODY} `, kind: "authorization", lookupPublicKey: () => PAIR.publicKey });
    expect(tampered).toMatchObject({ ok: false, reason: "bad-signature" });
  });
});
