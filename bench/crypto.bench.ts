import { createHash, sign, verify } from "node:crypto";
import { readFileSync } from "node:fs";
import { generateSigningKeyPair, importPrivateKey, importPublicKey } from "../protocol/keys.js";
import { buildSigningString, signBody, verifySignatureHeader } from "../protocol/signing/index.js";
import { measure, type Throughput } from "./measure.js";

/**
 * Our sign and verify against the same work done with raw node:crypto: BLAKE2b-512 of the body,
 * then ed25519 over the signing string. The difference is header formatting and parsing, key
 * lookup, and the time checks.
 */
export async function benchCrypto(seconds: number): Promise<{ sign: [Throughput, Throughput]; verify: [Throughput, Throughput] }> {
  const rawBody = readFileSync(new URL("../fixtures/guide/on_search.json", import.meta.url), "utf8");
  const keys = generateSigningKeyPair();
  const privateKey = importPrivateKey(keys.privateKey);
  const publicKey = importPublicKey(keys.publicKey);
  const created = Math.floor(Date.now() / 1000);
  const expires = created + 3600;

  const rawSign = (): Buffer => {
    const digest = createHash("blake2b512").update(rawBody).digest("base64");
    return sign(null, Buffer.from(buildSigningString({ created, expires, digest })), privateKey);
  };
  const signature = rawSign();
  const signed = signBody({ rawBody, subscriberId: "bench.example", uniqueKeyId: "k1", privateKey: keys.privateKey, created, expires });
  const lookupPublicKey = (): string => keys.publicKey;

  const signBaseline = await measure("raw node:crypto sign", rawSign, seconds);
  const signOurs = await measure(
    "signBody",
    () => signBody({ rawBody, subscriberId: "bench.example", uniqueKeyId: "k1", privateKey: keys.privateKey, created, expires }),
    seconds,
  );
  const verifyBaseline = await measure(
    "raw node:crypto verify",
    () => {
      const digest = createHash("blake2b512").update(rawBody).digest("base64");
      return verify(null, Buffer.from(buildSigningString({ created, expires, digest })), publicKey, signature);
    },
    seconds,
  );
  const verifyOurs = await measure(
    "verifySignatureHeader",
    async () => {
      const result = await verifySignatureHeader({ header: signed.header, rawBody, kind: "authorization", lookupPublicKey });
      if (!result.ok) {
        throw new Error(result.detail);
      }
    },
    seconds,
  );
  return { sign: [signOurs, signBaseline], verify: [verifyOurs, verifyBaseline] };
}
