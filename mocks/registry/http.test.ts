import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { postRaw } from "../../protocol/http/post.js";
import { generateEncryptionKeyPair, generateSigningKeyPair } from "../../protocol/keys.js";
import { createIdentity } from "../common/identity.js";
import { REGISTRY_BODY_LIMIT, startRegistry, type RunningRegistry } from "./server.js";

const identity = createIdentity("BG", "registry.test");
const subscriberSigning = generateSigningKeyPair();
const subscriberEncryption = generateEncryptionKeyPair();

/** Every text form a private key could leak in. */
function leakForms(privateB64: string, pkcs8PrefixHex: string): string[] {
  const raw = Buffer.from(privateB64, "base64");
  const der = Buffer.concat([Buffer.from(pkcs8PrefixHex, "hex"), raw]);
  return [raw.toString("base64"), raw.toString("base64url"), raw.toString("hex"), der.toString("base64")];
}

const PRIVATE_FORMS = [
  ...leakForms(identity.signingPrivateKey, "302e020100300506032b657004220420"),
  ...leakForms(identity.encryptionPrivateKey, "302e020100300506032b656e04220420"),
  ...leakForms(subscriberSigning.privateKey, "302e020100300506032b657004220420"),
  ...leakForms(subscriberEncryption.privateKey, "302e020100300506032b656e04220420"),
];

describe("the registry over HTTP", () => {
  let running: RunningRegistry;
  const post = async (path: string, raw: string) => {
    const outcome = await postRaw(`${running.url}${path}`, raw, {});
    if (outcome.kind !== "response") {
      throw new Error(`POST ${path} failed: ${outcome.detail}`);
    }
    return outcome;
  };

  beforeAll(async () => {
    running = await startRegistry({ identity });
    running.registry.preload({
      subscriber_id: "bpp.x",
      url: "http://127.0.0.1:9",
      type: "BPP",
      domain: "energy",
      unique_key_id: "k1",
      signing_public_key: subscriberSigning.publicKey,
      encr_public_key: subscriberEncryption.publicKey,
    });
  });
  afterAll(() => running.close());

  test("GET / publishes the registry's public keys, raw 32 bytes in base64, and is not a lookup entry", async () => {
    const response = await fetch(`${running.url}/`);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(JSON.parse(text)).toEqual({
      subscriber_id: "registry.test",
      type: "REGISTRY",
      unique_key_id: identity.uniqueKeyId,
      encr_public_key: identity.encryptionPublicKey,
      signing_public_key: identity.signingPublicKey,
    });
    expect(Buffer.from(identity.encryptionPublicKey, "base64")).toHaveLength(32);
    const all = await post("/lookup", "{}");
    expect(JSON.stringify(all.body)).not.toContain("registry.test");
  });

  test.for([
    ["a body that is not JSON", "{not json", undefined],
    ["an empty body", "", undefined],
    ["a JSON array", "[]", "$"],
    ["a JSON string", '"bpp"', "$"],
    ["a numeric type", '{"type": 5}', "$.type"],
    ["an unknown type", '{"type": "REGISTRY"}', "$.type"],
    ["a subscriber_id object", '{"subscriber_id": {"id": "x"}}', "$.subscriber_id"],
    ["a domain array", '{"domain": ["energy"]}', "$.domain"],
    ["a numeric city", '{"city": 80}', "$.city"],
    ["a boolean country", '{"country": true}', "$.country"],
    ["a numeric key_id", '{"key_id": 1}', "$.key_id"],
    ["an object ukId", '{"ukId": {}}', "$.ukId"],
    ["key id names that disagree", '{"key_id": "a", "ukId": "b"}', "$.ukId"],
    ["a location string", '{"location": "Bangalore"}', "$.location"],
    ["a location city string", '{"location": {"city": "std:080"}}', "$.location.city"],
    ["a numeric location country code", '{"location": {"country": {"code": 91}}}', "$.location.country.code"],
    ["a city and a location city that disagree", '{"city": "a", "location": {"city": {"code": "b"}}}', "$.location.city.code"],
  ] as const)("a lookup with %s gets a 400 NACK naming the field", async ([, raw, path]) => {
    const outcome = await post("/lookup", raw);
    expect(outcome.status).toBe(400);
    expect(outcome.body).toMatchObject({ message: { ack: { status: "NACK" } }, error: { code: "30000" } });
    const error = (outcome.body as { error: { message: string; paths?: string } }).error;
    expect(error.message.length).toBeGreaterThan(10);
    expect(error.paths).toBe(path);
  });

  test("an unknown path gets a 404 NACK", async () => {
    const outcome = await post("/search", "{}");
    expect(outcome.status).toBe(404);
    expect(outcome.body).toMatchObject({ message: { ack: { status: "NACK" } }, error: { code: "30000" } });
  });

  test("a body over 64 KiB gets a 413 NACK", async () => {
    const outcome = await post("/lookup", JSON.stringify({ domain: "x".repeat(REGISTRY_BODY_LIMIT) }));
    expect(outcome.status).toBe(413);
    expect(outcome.body).toMatchObject({ message: { ack: { status: "NACK" } }, error: { code: "30000" } });
  });

  test("a subscription is answered UNDER_SUBSCRIPTION at once", async () => {
    const body = {
      subscriber_id: "bap.y",
      url: "http://127.0.0.1:9",
      type: "BAP",
      domain: "energy",
      unique_key_id: "k2",
      signing_public_key: subscriberSigning.publicKey,
      encr_public_key: subscriberEncryption.publicKey,
      nonce: "0b1c2d3e-0000-4000-8000-000000000000",
    };
    const outcome = await post("/subscribe", JSON.stringify(body));
    expect(outcome.status).toBe(200);
    expect(outcome.body).toEqual({ status: "UNDER_SUBSCRIPTION" });
  });

  test("no response carries any private key, in any encoding", async () => {
    const subscription = {
      subscriber_id: "bap.z",
      url: "http://127.0.0.1:9",
      type: "BAP",
      domain: "energy",
      unique_key_id: "k3",
      signing_public_key: subscriberSigning.publicKey,
      encr_public_key: subscriberEncryption.publicKey,
    };
    const root = await fetch(`${running.url}/`);
    const texts = [await root.text(), JSON.stringify(Object.fromEntries(root.headers))];
    for (const [path, raw] of [
      ["/lookup", "{}"],
      ["/lookup", '{"subscriber_id": "bpp.x"}'],
      ["/lookup", '{"type": "X"}'],
      ["/subscribe", JSON.stringify(subscription)],
      ["/subscribe", '{"subscriber_id": "bad"}'],
      ["/nowhere", "{}"],
    ] as const) {
      const outcome = await post(path, raw);
      texts.push(outcome.rawBody, JSON.stringify(outcome.headers));
    }
    texts.push(JSON.stringify(running.registry.entries()), JSON.stringify(running.info));
    const everything = texts.join("\n");
    expect(everything).toContain(subscriberSigning.publicKey);
    expect(PRIVATE_FORMS.filter((form) => everything.includes(form))).toEqual([]);
  });
});
