import { expect, onTestFinished, test } from "vitest";
import { serveOnLoopback } from "./testing/serve.js";
import { createRegistryClient } from "./registry-client.js";

const fixtures = {
  entry: { subscriber_id: "bap.example", unique_key_id: "k1", type: "BAP", signing_public_key: "PUBLIC", subscriber_url: "http://bap.example" },
};

/** A registry that counts its lookups and answers each after `delayMs`, with `status`. */
async function registry(delayMs: number, status = 200): Promise<{ url: string; lookups: () => number }> {
  let lookups = 0;
  const server = await serveOnLoopback((request, response) => {
    request.resume();
    request.on("end", () => {
      lookups += 1;
      setTimeout(() => response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify([fixtures.entry])), delayMs);
    });
  });
  onTestFinished(server.close);
  return { url: server.url.slice(0, -1), lookups: () => lookups };
}

test("requests that need a key while it is being looked up share one lookup; the cache's lapse asks again", async () => {
  const { url, lookups } = await registry(50);
  let clock = 0;
  const client = createRegistryClient(url, { cacheMs: 1000, now: () => clock });
  const keys = await Promise.all(Array.from({ length: 20 }, () => client.publicKeyFor("bap.example", "k1", "BAP")));
  expect(keys).toEqual(Array<string>(20).fill("PUBLIC"));
  expect(lookups()).toBe(1);
  expect(await client.publicKeyFor("bap.example", "k1", "BAP")).toBe("PUBLIC");
  expect(lookups()).toBe(1);
  clock = 2000;
  await Promise.all([client.publicKeyFor("bap.example", "k1", "BAP"), client.publicKeyFor("bap.example", "k1", "BAP")]);
  expect(lookups()).toBe(2);
});

test("a key and a URL of the same subscriber are separate lookups, each shared", async () => {
  const { url, lookups } = await registry(50);
  const client = createRegistryClient(url);
  const [key, , where] = await Promise.all([
    client.publicKeyFor("bap.example", "k1", "BAP"),
    client.publicKeyFor("bap.example", "k1", "BAP"),
    client.subscriberUrlFor("bap.example", "BAP"),
    client.subscriberUrlFor("bap.example", "BAP"),
  ]);
  expect([key, where]).toEqual(["PUBLIC", "http://bap.example"]);
  expect(lookups()).toBe(2);
});

test("a failed lookup fails every request that shared it and is not remembered: the next request asks again", async () => {
  const { url, lookups } = await registry(20, 500);
  const client = createRegistryClient(url);
  const shared = await Promise.allSettled([client.publicKeyFor("bap.example", "k1"), client.publicKeyFor("bap.example", "k1")]);
  expect(shared.map((s) => s.status)).toEqual(["rejected", "rejected"]);
  expect(lookups()).toBe(1);
  await expect(client.publicKeyFor("bap.example", "k1")).rejects.toThrow(/answered HTTP 500/);
  expect(lookups()).toBe(2);
});
