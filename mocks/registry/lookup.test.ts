import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { postRaw } from "../../protocol/http/post.js";
import { generateEncryptionKeyPair, generateSigningKeyPair } from "../../protocol/keys.js";
import { createRegistryClient, type SubscriberEntry } from "../../protocol/registry-client.js";
import { buildRegistry, startRegistry, type RunningRegistry } from "./server.js";
import type { PreloadInput } from "./types.js";

const T0 = Date.parse("2025-06-01T00:00:00Z");
const DAY = 24 * 3600 * 1000;
const iso = (ms: number): string => new Date(ms).toISOString();

function participant(subscriberId: string, keyId: string, extra: Partial<PreloadInput> = {}): PreloadInput {
  return {
    subscriber_id: subscriberId,
    url: `http://127.0.0.1:9/${subscriberId}`,
    type: "BPP",
    domain: "energy",
    unique_key_id: keyId,
    signing_public_key: generateSigningKeyPair().publicKey,
    encr_public_key: generateEncryptionKeyPair().publicKey,
    ...extra,
  };
}

const PARTICIPANTS: readonly PreloadInput[] = [
  participant("bpp.a", "k1", { city: "std:080", country: "IND" }),
  participant("bpp.a", "k2", { city: "std:080", country: "IND" }),
  participant("bap.b", "k3", { type: "BAP", country: "IND" }),
  participant("bg.c", "k4", { type: "BG" }),
  participant("bpp.d", "k5", { domain: "mobility", city: "berlin", country: "DEU" }),
  participant("bpp.unsubscribed", "k6", { status: "UNSUBSCRIBED" }),
  participant("bpp.initiated", "k7", { status: "INITIATED" }),
  participant("bpp.expired", "k8", { valid_from: iso(T0 - 2 * DAY), valid_until: iso(T0 - DAY) }),
  participant("bpp.future", "k9", { valid_from: iso(T0 + DAY) }),
];

const ids = (entries: readonly SubscriberEntry[]): string[] => entries.map((e) => `${e.subscriber_id}/${e.unique_key_id}`).sort();

describe("POST /lookup over HTTP", () => {
  let running: RunningRegistry;
  beforeAll(async () => {
    running = await startRegistry({ now: () => T0 });
    PARTICIPANTS.forEach((p) => running.registry.preload(p));
  });
  afterAll(() => running.close());

  const lookup = async (filter: unknown): Promise<SubscriberEntry[]> => createRegistryClient(running.url).lookup(filter as never);

  test.for([
    ["{} returns every subscribed entry with a valid key", {}, ["bap.b/k3", "bg.c/k4", "bpp.a/k1", "bpp.a/k2", "bpp.d/k5"]],
    ["type", { type: "BPP" }, ["bpp.a/k1", "bpp.a/k2", "bpp.d/k5"]],
    ["type in lower case", { type: "bap" }, ["bap.b/k3"]],
    ["domain", { domain: "mobility" }, ["bpp.d/k5"]],
    ["subscriber_id (every key of it)", { subscriber_id: "bpp.a" }, ["bpp.a/k1", "bpp.a/k2"]],
    ["key_id", { key_id: "k2" }, ["bpp.a/k2"]],
    ["unique_key_id", { unique_key_id: "k2" }, ["bpp.a/k2"]],
    ["ukId", { ukId: "k2" }, ["bpp.a/k2"]],
    ["subscriber_id and unique_key_id", { subscriber_id: "bpp.a", unique_key_id: "k1" }, ["bpp.a/k1"]],
    ["city (entries without a city match any)", { city: "std:080" }, ["bap.b/k3", "bg.c/k4", "bpp.a/k1", "bpp.a/k2"]],
    ["country (entries without a country match any)", { country: "DEU" }, ["bg.c/k4", "bpp.d/k5"]],
    ["core's location.city.code", { location: { city: { code: "berlin" } } }, ["bap.b/k3", "bg.c/k4", "bpp.d/k5"]],
    ["core's location.country.code", { location: { country: { code: "IND" } } }, ["bap.b/k3", "bg.c/k4", "bpp.a/k1", "bpp.a/k2"]],
    ["every filter at once", { type: "BPP", domain: "energy", city: "std:080", country: "IND", subscriber_id: "bpp.a", ukId: "k1" }, ["bpp.a/k1"]],
    ["null and empty filters (treated as absent)", { type: null, city: "", ukId: null }, ["bap.b/k3", "bg.c/k4", "bpp.a/k1", "bpp.a/k2", "bpp.d/k5"]],
    ["other Subscription fields (ignored)", { nonce: "n", status: "INITIATED", url: "http://x" }, ["bap.b/k3", "bg.c/k4", "bpp.a/k1", "bpp.a/k2", "bpp.d/k5"]],
    ["an unknown subscriber", { subscriber_id: "nobody" }, []],
    ["an unsubscribed subscriber", { subscriber_id: "bpp.unsubscribed" }, []],
    ["an initiated subscriber", { subscriber_id: "bpp.initiated" }, []],
    ["an expired key", { subscriber_id: "bpp.expired" }, []],
    ["a key not yet valid", { subscriber_id: "bpp.future" }, []],
  ] as const)("filters by %s", async ([, filter, expected]) => {
    expect(ids(await lookup(filter))).toEqual(expected);
  });

  test("each entry carries both url names, all three key id names and no failure reason", async () => {
    const [entry] = await lookup({ subscriber_id: "bpp.a", unique_key_id: "k1" });
    const preloaded = PARTICIPANTS[0];
    expect(entry).toEqual({
      subscriber_id: "bpp.a",
      url: preloaded?.url,
      subscriber_url: preloaded?.url,
      type: "BPP",
      domain: "energy",
      city: "std:080",
      country: "IND",
      key_id: "k1",
      unique_key_id: "k1",
      ukId: "k1",
      signing_public_key: preloaded?.signing_public_key,
      encr_public_key: preloaded?.encr_public_key,
      valid_from: iso(T0),
      valid_until: iso(T0 + 365 * DAY),
      status: "SUBSCRIBED",
      created: iso(T0),
      updated: iso(T0),
    });
  });

  test("the answer is a bare JSON array with HTTP 200", async () => {
    const outcome = await postRaw(`${running.url}/lookup`, "{}", {});
    expect(outcome).toMatchObject({ kind: "response", status: 200 });
    expect(Array.isArray(outcome.kind === "response" ? outcome.body : undefined)).toBe(true);
  });

  test("the registry client finds a key by subscriber and key id", async () => {
    const client = createRegistryClient(running.url);
    expect(await client.publicKeyFor("bpp.a", "k2")).toBe(PARTICIPANTS[1]?.signing_public_key);
    expect(await client.publicKeyFor("bpp.expired", "k8")).toBeUndefined();
  });
});

describe("key validity against the injected clock", () => {
  const FROM = T0 + 10 * 60_000;
  const UNTIL = T0 + 3600_000;
  test.for([
    ["before valid_from", FROM - 1, "excluded"],
    ["at valid_from", FROM, "included"],
    ["just before valid_until", UNTIL - 1, "included"],
    ["at valid_until", UNTIL, "excluded"],
    ["a day after valid_until", UNTIL + DAY, "excluded"],
  ] as const)("a key looked up %s is %s", async ([, at, verdict]) => {
    let clock = T0;
    const { app, registry } = buildRegistry({ now: () => clock });
    registry.preload(participant("bpp.timed", "t1", { valid_from: iso(FROM), valid_until: iso(UNTIL) }));
    clock = at;
    const response = await app.inject({ method: "POST", url: "/lookup", payload: {} });
    expect(ids(response.json<SubscriberEntry[]>())).toEqual(verdict === "included" ? ["bpp.timed/t1"] : []);
    await app.close();
  });
});
