import type { AddressInfo } from "node:net";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadGuideMessage } from "../../fixtures/guide/index.js";
import { installBecknDefaults } from "../../mocks/common/beckn-receiver.js";
import { startNetwork, type RunningNetwork } from "../../mocks/network/index.js";
import { decryptChallenge } from "../../protocol/challenge.js";
import { postRaw } from "../../protocol/http/post.js";
import { generateEncryptionKeyPair, generateSigningKeyPair } from "../../protocol/keys.js";
import { createCallbackReceiver } from "../../suites/roles/bpp/drive/receiver.js";
import { findKeyMaterial } from "./key-material.js";

/**
 * The mock network against abuse: every endpoint refuses an oversized body, the registry hands
 * out no private key and refuses a subscriber that cannot answer its challenge, and `__proto__`
 * payloads sent through every mock and the harness's receiver pollute no prototype.
 */
let network: RunningNetwork;
beforeAll(async () => {
  network = await startNetwork();
}, 20_000);
afterAll(async () => {
  await network?.stop();
});

const OVERSIZED = JSON.stringify({ context: { action: "search" }, padding: "a".repeat(2 * 1024 * 1024) });
const BECKN_ENDPOINTS: [string, () => string][] = [
  ["registry /lookup", () => `${network.registry.url}/lookup`],
  ["registry /subscribe", () => `${network.registry.url}/subscribe`],
  ["gateway /search", () => `${network.gateway.url}/search`],
  ["gateway /on_search", () => `${network.gateway.url}/on_search`],
  ["bpp /search", () => `${network.bpp.url}/search`],
  ["bpp /confirm", () => `${network.bpp.url}/confirm`],
  ["bap /on_search", () => `${network.bap.url}/on_search`],
  ["bap /trigger/search", () => `${network.bap.url}/trigger/search`],
];

const post = (url: string, body: string) => postRaw(url, body, { "content-type": "application/json" }, { timeoutMs: 10_000 });

describe("body size limits", () => {
  test.for(BECKN_ENDPOINTS)("%s refuses a 2 MB body with a 413 NACK", async ([, url]) => {
    const outcome = await post(url(), OVERSIZED);
    expect(outcome).toMatchObject({ kind: "response", status: 413, body: { message: { ack: { status: "NACK" } }, error: { code: "30000" } } });
  });

  // The grid operator is not a Beckn endpoint (GET only), but what it refuses gets the same NACK.
  test("the grid operator refuses a 2 MB body with a 413 NACK", async () => {
    const outcome = await post(`${network.grid.url}/orders/x/events`, OVERSIZED);
    expect(outcome).toMatchObject({ kind: "response", status: 413, body: { message: { ack: { status: "NACK" } }, error: { code: "30000" } } });
  });

  test("the harness's callback receiver refuses a 2 MB callback with a 413 NACK", async () => {
    const receiver = createCallbackReceiver();
    const url = await receiver.listen("127.0.0.1", 0);
    try {
      expect(await post(`${url}/on_search`, OVERSIZED)).toMatchObject({ kind: "response", status: 413, body: { message: { ack: { status: "NACK" } } } });
    } finally {
      await receiver.close();
    }
  });
});

describe("the registry", () => {
  test("hands out no private key: lookups of every entry and its own keys at GET /", async () => {
    const lookup = await post(`${network.registry.url}/lookup`, "{}");
    const own = await fetch(`${network.registry.url}/`).then((r) => r.text());
    expect(lookup).toMatchObject({ kind: "response", status: 200 });
    const entries = lookup.kind === "response" ? (lookup.body as object[]) : [];
    expect(entries.length).toBe(3);
    const text = `${lookup.kind === "response" ? lookup.rawBody : ""}\n${own}`;
    expect(findKeyMaterial(text)).toEqual([]);
    expect(text).not.toMatch(/private/i);
  });

  test("refuses a subscription whose challenge answer is wrong: the subscriber stays INITIATED and out of lookups", async () => {
    const encryption = generateEncryptionKeyPair();
    const registryInfo = (await fetch(`${network.registry.url}/`).then((r) => r.json())) as { encr_public_key: string };
    const subscriber = Fastify({ logger: false, forceCloseConnections: true });
    installBecknDefaults(subscriber);
    subscriber.post("/on_subscribe", async (request) => {
      const { challenge } = JSON.parse((request.body as Buffer).toString("utf8")) as { challenge: string };
      return { answer: `${decryptChallenge(challenge, encryption.privateKey, registryInfo.encr_public_key)}-but-wrong` };
    });
    await subscriber.listen({ host: "127.0.0.1", port: 0 });
    try {
      const id = "bpp.wrong-answer.security.test";
      const url = `http://127.0.0.1:${(subscriber.server.address() as AddressInfo).port}`;
      const subscription = {
        subscriber_id: id,
        url,
        type: "BPP",
        domain: network.domain,
        unique_key_id: "k1",
        signing_public_key: generateSigningKeyPair().publicKey,
        encr_public_key: encryption.publicKey,
        nonce: "n-1",
      };
      await post(`${network.registry.url}/subscribe`, JSON.stringify(subscription));
      const entry = await network.registry.handle.registry.waitForStatus(id, "INITIATED", 5000);
      expect(entry.reason).toMatch(/not the challenge's plaintext/);
      expect(await post(`${network.registry.url}/lookup`, JSON.stringify({ subscriber_id: id }))).toMatchObject({ body: [] });
    } finally {
      await subscriber.close();
    }
  });
});

const PROTO_PAYLOADS = [
  `{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}`,
  `{"context":{"__proto__":{"polluted":"yes"},"action":"search"},"message":{"constructor":{"prototype":{"polluted":"yes"}}}}`,
  `[{"__proto__":{"polluted":"yes"}}]`,
];

describe("__proto__ payloads", () => {
  test("sent to every endpoint of every mock, and through a whole signed flow, pollute no prototype", { timeout: 30_000 }, async () => {
    for (const [, url] of BECKN_ENDPOINTS) {
      for (const payload of PROTO_PAYLOADS) {
        const outcome = await post(url(), payload);
        expect(outcome.kind === "response" && outcome.status < 500, `${url()} ${payload}`).toBe(true);
      }
    }
    const intent = (loadGuideMessage("search").message as { intent: Record<string, unknown> }).intent;
    const message = `{"intent":${JSON.stringify(intent).replace(/^\{/, `{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},`)}}`;
    const trigger = await post(`${network.bap.url}/trigger/search`, `{"context":{"__proto__":{"polluted":"yes"}},"message":${message}}`);
    expect(trigger).toMatchObject({ kind: "response", status: 200 });
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(Object.keys(Object.prototype)).toEqual([]);
  });

  test("the harness's receiver hands the checks plain objects, with the __proto__ keys removed", async () => {
    const receiver = createCallbackReceiver();
    const url = await receiver.listen("127.0.0.1", 0);
    const bodies: unknown[] = [];
    receiver.onCallback((callback) => bodies.push(callback.body));
    try {
      for (const payload of PROTO_PAYLOADS.slice(0, 2)) {
        expect(await post(`${url}/on_search`, payload)).toMatchObject({ status: 200 });
      }
      for (const body of bodies as Record<string, Record<string, unknown>>[]) {
        expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
        expect(Object.hasOwn(body, "__proto__")).toBe(false);
        expect(body["context"] === undefined || Object.getPrototypeOf(body["context"]) === Object.prototype).toBe(true);
      }
      expect(bodies).toHaveLength(2);
      expect(Object.prototype).not.toHaveProperty("polluted");
    } finally {
      await receiver.close();
    }
  });
});
