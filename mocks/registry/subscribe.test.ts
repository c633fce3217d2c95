import type { AddressInfo } from "node:net";
import Fastify from "fastify";
import { afterEach, describe, expect, test } from "vitest";
import { decryptChallenge } from "../../protocol/challenge.js";
import { postRaw } from "../../protocol/http/post.js";
import { generateEncryptionKeyPair, generateSigningKeyPair, type KeyPair } from "../../protocol/keys.js";
import { verifySignatureHeader } from "../../protocol/signing/index.js";
import { installBecknDefaults } from "../common/beckn-receiver.js";
import { startRegistry, type RunningRegistry } from "./server.js";
import type { RegistryInfo } from "./types.js";

type Mode = "correct" | "wrong" | "http-500" | "no-answer" | "hang";

interface OnSubscribeCall {
  readonly authorization: string | undefined;
  readonly rawBody: string;
}

interface Subscriber {
  readonly url: string;
  readonly calls: OnSubscribeCall[];
  close(): Promise<void>;
}

/** A little subscriber: decrypts the challenge with its X25519 key and the registry's public key from `GET /`. */
async function startSubscriber(mode: Mode, keys: KeyPair, registry: RegistryInfo): Promise<Subscriber> {
  // forceCloseConnections: a connection the registry abandoned at its timeout must not hold up close().
  const app = Fastify({ logger: false, forceCloseConnections: true });
  installBecknDefaults(app);
  const calls: OnSubscribeCall[] = [];
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  app.post("/on_subscribe", async (request, reply) => {
    const rawBody = (request.body as Buffer).toString("utf8");
    calls.push({ authorization: request.headers.authorization, rawBody });
    const { challenge } = JSON.parse(rawBody) as { challenge: string };
    const plaintext = decryptChallenge(challenge, keys.privateKey, registry.encr_public_key);
    if (mode === "hang") {
      await released;
    }
    const answers: Record<Mode, [number, unknown]> = {
      correct: [200, { answer: plaintext }],
      wrong: [200, { answer: `${plaintext}x` }],
      "http-500": [500, { error: "boom" }],
      "no-answer": [200, {}],
      hang: [200, { answer: plaintext }],
    };
    const [status, body] = answers[mode];
    return reply.code(status).send(body);
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, calls, close: async () => (release(), await app.close()) };
}

function subscription(id: string, url: string, encryption: KeyPair): Record<string, string> {
  return {
    subscriber_id: id,
    url,
    type: "BPP",
    domain: "energy",
    unique_key_id: `${id}-key`,
    signing_public_key: generateSigningKeyPair().publicKey,
    encr_public_key: encryption.publicKey,
    nonce: "6f1f2c52-7f8a-4c59-9a3a-5d2f1c7b9e10",
  };
}

const DER_X25519 = (pair: KeyPair): KeyPair => ({
  publicKey: Buffer.concat([Buffer.from("302a300506032b656e032100", "hex"), Buffer.from(pair.publicKey, "base64")]).toString("base64"),
  privateKey: Buffer.concat([Buffer.from("302e020100300506032b656e04220420", "hex"), Buffer.from(pair.privateKey, "base64")]).toString("base64"),
});

describe("subscribe and the on_subscribe challenge", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((c) => c()));
  });

  async function setUp(mode: Mode, keys: KeyPair = generateEncryptionKeyPair()) {
    const registry: RunningRegistry = await startRegistry({ onSubscribeTimeoutMs: 500 });
    const info = (await (await fetch(`${registry.url}/`)).json()) as RegistryInfo;
    const subscriber = await startSubscriber(mode, keys, info);
    cleanups.push(async () => (await subscriber.close(), await registry.close()));
    const id = `bpp.${mode}.test`;
    const answer = await postRaw(`${registry.url}/subscribe`, JSON.stringify(subscription(id, subscriber.url, keys)), {});
    return { registry, info, subscriber, id, answer };
  }

  const lookupIds = async (registry: RunningRegistry, id: string): Promise<unknown[]> => {
    const outcome = await postRaw(`${registry.url}/lookup`, JSON.stringify({ subscriber_id: id }), {});
    return outcome.kind === "response" ? (outcome.body as unknown[]) : [];
  };

  test.for([
    ["raw 32-byte", (pair: KeyPair) => pair],
    ["DER SPKI / PKCS#8", DER_X25519],
  ] as const)("a subscriber with a %s encryption key that answers the challenge becomes SUBSCRIBED and appears in lookups", async ([, encode]) => {
    const { registry, id, answer } = await setUp("correct", encode(generateEncryptionKeyPair()));
    expect(answer).toMatchObject({ kind: "response", status: 200, body: { status: "UNDER_SUBSCRIPTION" } });
    const entry = await registry.registry.waitForStatus(id, "SUBSCRIBED", 5000);
    expect(entry.reason).toBeUndefined();
    expect(await lookupIds(registry, id)).toHaveLength(1);
  });

  test("the on_subscribe call is { subscriber_id, challenge }, signed by the registry's key published at GET /", async () => {
    const { registry, info, subscriber, id } = await setUp("correct");
    await registry.registry.waitForStatus(id, "SUBSCRIBED", 5000);
    const [call] = subscriber.calls;
    expect(Object.keys(JSON.parse(call?.rawBody ?? "{}") as object).sort()).toEqual(["challenge", "subscriber_id"]);
    const verified = await verifySignatureHeader({
      header: call?.authorization,
      rawBody: call?.rawBody ?? "",
      kind: "authorization",
      expectedSubscriberId: info.subscriber_id,
      lookupPublicKey: (subscriberId, keyId) => (subscriberId === info.subscriber_id && keyId === info.unique_key_id ? info.signing_public_key : undefined),
    });
    expect(verified).toMatchObject({ ok: true, keyId: { subscriberId: "registry.mock", uniqueKeyId: info.unique_key_id } });
  });

  test.for([
    ["a wrong answer", "wrong", /not the challenge's plaintext/],
    ["an HTTP 500", "http-500", /answered HTTP 500/],
    ["a body without an answer", "no-answer", /expected \{"answer"/],
    ["no answer before the timeout", "hang", /failed \(timeout\)/],
  ] as const)("%s leaves the subscriber INITIATED, out of lookups, with the reason recorded", async ([, mode, reason]) => {
    const { registry, id } = await setUp(mode);
    const entry = await registry.registry.waitForStatus(id, "INITIATED", 5000);
    expect(entry.reason).toMatch(reason);
    expect(await lookupIds(registry, id)).toEqual([]);
    await expect(registry.registry.waitForStatus(id, "SUBSCRIBED", 20)).rejects.toThrow(reason);
  });

  test("a subscriber that cannot be reached stays out of lookups, with the refusal recorded", async () => {
    const gone = await startSubscriber("correct", generateEncryptionKeyPair(), {} as RegistryInfo);
    await gone.close();
    const registry = await startRegistry();
    cleanups.push(() => registry.close());
    await postRaw(`${registry.url}/subscribe`, JSON.stringify(subscription("bpp.gone", gone.url, generateEncryptionKeyPair())), {});
    const entry = await registry.registry.waitForStatus("bpp.gone", "INITIATED", 5000);
    expect(entry.reason).toMatch(/failed \(refused\)/);
  });

  test("a subscription is UNDER_SUBSCRIPTION while its challenge is pending, and not in lookups", async () => {
    const { registry, id } = await setUp("hang");
    expect(registry.registry.entries().find((e) => e.subscriber_id === id)?.status).toBe("UNDER_SUBSCRIPTION");
    expect(await lookupIds(registry, id)).toEqual([]);
    await registry.registry.waitForStatus(id, "INITIATED", 5000);
  });

  test("waitForStatus rejects at its deadline for a subscriber it does not know", async () => {
    const registry = await startRegistry();
    cleanups.push(() => registry.close());
    await expect(registry.registry.waitForStatus("nobody", "SUBSCRIBED", 20)).rejects.toThrow(/nobody did not reach SUBSCRIBED within 20 ms: it has no entry/);
  });
});
