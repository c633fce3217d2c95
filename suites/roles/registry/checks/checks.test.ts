import { describe, expect, test } from "vitest";
import { sign } from "node:crypto";
import { generateEncryptionKeyPair, generateSigningKeyPair, importPrivateKey } from "../../../../protocol/keys.js";
import { blake2b512Base64, formatSignatureHeader } from "../../../../protocol/signing/index.js";
import type { CheckContext, Exchange } from "../../../core/check.js";
import { REGISTRY_CHECKS } from "./index.js";

const SIGNING = generateSigningKeyPair();
const SUBSCRIPTION = {
  subscriber_id: "bpp-1.t.example",
  url: "http://127.0.0.1:9/subscribers/bpp-1",
  type: "BPP",
  domain: "trade",
  city: "std:080",
  country: "IND",
  unique_key_id: "k1",
  signing_public_key: SIGNING.publicKey,
  encr_public_key: generateEncryptionKeyPair().publicKey,
};
const ENTRY = {
  ...SUBSCRIPTION,
  subscriber_url: SUBSCRIPTION.url,
  status: "SUBSCRIBED",
  valid_from: "2025-01-01T00:00:00Z",
  valid_until: "2035-01-01T00:00:00Z",
};
const SENT_AT = Date.parse("2026-01-01T00:00:00Z");

function exchange(step: string, action: string, request: unknown, status: number, body: unknown, expectation: Exchange["expectation"] = "answer"): Exchange {
  return {
    id: step,
    scenario: "registry",
    step,
    action,
    expectation,
    viaGateway: false,
    ttlMs: 2000,
    request: { url: "http://127.0.0.1:9/x", headers: {}, rawBody: JSON.stringify(request), body: request, sentAt: SENT_AT },
    response: { kind: "response", status, headers: {}, rawBody: body === undefined ? "" : JSON.stringify(body), body, headersMs: 1, ms: 1 },
    callbacks: [],
  };
}

const subscribe = exchange("subscribe:bpp-1", "subscribe", SUBSCRIPTION, 200, { status: "UNDER_SUBSCRIPTION" });
const confirm = exchange("confirm:bpp-1", "lookup", { subscriber_id: SUBSCRIPTION.subscriber_id, unique_key_id: "k1" }, 200, [ENTRY]);

function run(id: string, target: Exchange): Promise<string[]> {
  const check = REGISTRY_CHECKS.find((c) => c.id === id);
  if (!check) {
    throw new Error(id);
  }
  const ctx: CheckContext = {
    profile: "p2p-trade-guide-v1",
    sut: { subscriberId: "registry.example", publicKey: SIGNING.publicKey, url: "http://127.0.0.1:9" },
    harness: { bapId: "", bapUri: "", domain: "trade" },
    skewSeconds: 5,
    maxUnsolicited: 100,
    scenarioExchanges: [subscribe, confirm, target],
  };
  expect(check.appliesTo(target)).toBe(true);
  return Promise.resolve(check.run(target, ctx)).then((findings) => findings.map((f) => f.message));
}

const cases = [
  {
    name: "an entry with no city is admitted by a city filter",
    id: "REG-005",
    step: "lookup:city",
    filter: { city: "std:011" },
    answer: [{ ...ENTRY, city: undefined, subscriber_id: "other" }],
    findings: 0,
  },
  {
    name: "an entry of another city is refused by a city filter",
    id: "REG-005",
    step: "lookup:city",
    filter: { city: "std:011" },
    answer: [{ ...ENTRY, subscriber_id: "other" }],
    findings: 1,
  },
  { name: "a type filter compares in any case", id: "REG-003", step: "lookup:type", filter: { type: "bpp" }, answer: [ENTRY], findings: 0 },
  { name: "a confirmed subscriber left out of {} is missing", id: "REG-002", step: "lookup:all", filter: {}, answer: [], findings: 1 },
  {
    name: "a key id under ukId alone satisfies the key id filter",
    id: "REG-008",
    step: "lookup:key-id",
    filter: { subscriber_id: ENTRY.subscriber_id, unique_key_id: "k1" },
    answer: [{ ...ENTRY, unique_key_id: undefined, ukId: "k1" }],
    findings: 0,
  },
  {
    name: "a 64-byte seed‖public value is a private key",
    id: "REG-014",
    step: "lookup:all",
    filter: {},
    answer: [
      {
        ...ENTRY,
        extra:
          SIGNING.privateKey.length === 88
            ? SIGNING.privateKey
            : Buffer.concat([Buffer.from(SIGNING.privateKey, "base64"), Buffer.from(SIGNING.publicKey, "base64")]).toString("base64"),
      },
    ],
    findings: 1,
  },
  {
    name: "a DER SPKI signing key is well formed and the registered key",
    id: "REG-013",
    step: "lookup:all",
    filter: {},
    answer: [
      {
        ...ENTRY,
        signing_public_key: Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), Buffer.from(SIGNING.publicKey, "base64")]).toString("base64"),
      },
    ],
    findings: 0,
  },
  {
    name: "another valid key than the registered one is refused",
    id: "REG-013",
    step: "lookup:all",
    filter: {},
    answer: [{ ...ENTRY, signing_public_key: generateSigningKeyPair().publicKey }],
    findings: 1,
  },
  {
    name: "a key that expired is refused",
    id: "REG-010",
    step: "lookup:all",
    filter: {},
    answer: [{ ...ENTRY, valid_until: "2025-06-01T00:00:00Z" }],
    findings: 1,
  },
  {
    name: "url alone (no subscriber_url) is enough",
    id: "REG-011",
    step: "lookup:all",
    filter: {},
    answer: [{ ...ENTRY, subscriber_url: undefined }],
    findings: 0,
  },
] as const;

describe("REG checks on hand-made answers", () => {
  test.for(cases)("$id: $name", async (c) => {
    const answer = JSON.parse(JSON.stringify(c.answer)) as unknown;
    expect(await run(c.id, exchange(c.step, "lookup", c.filter, 200, answer))).toHaveLength(c.findings);
  });

  test("REG-021 does not judge a 5xx (REG-020 does) and fails a 200", async () => {
    const check = REGISTRY_CHECKS.find((c) => c.id === "REG-021");
    expect(check?.appliesTo(exchange("malformed:not-json", "lookup", undefined, 500, {}, "nack"))).toBe(false);
    expect(await run("REG-021", exchange("malformed:not-json", "lookup", undefined, 200, [], "nack"))).toHaveLength(1);
    expect(await run("REG-020", exchange("malformed:not-json", "lookup", undefined, 503, {}, "nack"))).toHaveLength(1);
  });

  test("a connection closed mid-upload refuses an oversized lookup, but is no answer to a small one", async () => {
    const reset = (step: string): Exchange => ({
      ...exchange(step, "lookup", undefined, 0, undefined, "nack"),
      response: { kind: "failure", failure: "reset", detail: "socket hang up", connected: true, ms: 3 },
    });
    expect(await run("REG-020", reset("malformed:oversized"))).toHaveLength(0);
    expect(await run("REG-023", reset("malformed:oversized"))).toHaveLength(0);
    expect(await run("REG-020", reset("malformed:wrong-type"))).toHaveLength(1);
  });
});

describe("the registry's keys and challenge (REG-015, REG-016, REG-025): core names neither", () => {
  const challenged = (reply: { status: number; note: string } | undefined, challenge: unknown = "c2VjcmV0"): Exchange => ({
    ...subscribe,
    callbacks: [
      {
        action: "on_subscribe",
        headers: {},
        rawBody: JSON.stringify({ challenge }),
        body: { challenge },
        atMs: 5,
        receivedAt: SENT_AT + 5,
        matchedBy: "endpoint",
        ...(reply ? { reply } : {}),
      },
    ],
  });

  test("REG-015 judges GET / only when the harness relies on it for the key", () => {
    const check = REGISTRY_CHECKS.find((c) => c.id === "REG-015");
    expect(check?.severity).toBe("SHOULD");
    expect(check?.appliesTo(exchange("registry-keys", "registry-keys", undefined, 404, {}))).toBe(true);
    expect(check?.appliesTo(exchange("registry-keys:key-given", "registry-keys", undefined, 404, {}))).toBe(false);
  });

  test("REG-016 asks for a challenge string, whatever its encryption; REG-025 warns when it does not decrypt", async () => {
    const undecryptable = challenged({ status: 400, note: "The harness could not answer: the challenge does not decrypt." });
    expect(await run("REG-016", undecryptable)).toHaveLength(0);
    expect(await run("REG-016", challenged(undefined, 42))).toHaveLength(1);
    expect(await run("REG-016", subscribe)).toHaveLength(1);
    expect(await run("REG-025", undecryptable)).toHaveLength(1);
    expect(await run("REG-025", challenged({ status: 200, note: "The challenge decrypted." }))).toHaveLength(0);
    expect(REGISTRY_CHECKS.find((c) => c.id === "REG-025")?.severity).toBe("SHOULD");
  });
});

test("REG-015 shows no Actual for a key GET / does not publish", async () => {
  const check = REGISTRY_CHECKS.find((c) => c.id === "REG-015");
  const keys = exchange("registry-keys", "registry-keys", undefined, 200, { subscriber_id: "registry.example", signing_public_key: SIGNING.publicKey });
  const ctx: CheckContext = {
    profile: "p2p-trade-guide-v1",
    sut: { subscriberId: "registry.example", publicKey: SIGNING.publicKey, url: "http://127.0.0.1:9" },
    harness: { bapId: "", bapUri: "", domain: "trade" },
    skewSeconds: 5,
    maxUnsolicited: 100,
    scenarioExchanges: [keys],
  };
  expect(check?.appliesTo(keys)).toBe(true);
  const findings = await Promise.resolve(check?.run(keys, ctx));
  expect(findings?.map((f) => Object.keys(f))).toEqual([["message", "expected"]]);
});

describe("REG-019 names the mistake behind an on_subscribe signature that does not verify", () => {
  const rawBody = JSON.stringify({ subscriber_id: SUBSCRIPTION.subscriber_id, challenge: "c2VjcmV0" });
  const created = Math.floor(SENT_AT / 1000);
  const signedWith = (text: string): Exchange => {
    const signature = sign(null, Buffer.from(text), importPrivateKey(SIGNING.privateKey)).toString("base64");
    const authorization = formatSignatureHeader({ subscriberId: "registry.example", uniqueKeyId: "r1", created, expires: created + 60, signature });
    return {
      ...subscribe,
      callbacks: [
        { action: "on_subscribe", headers: { authorization }, rawBody, body: JSON.parse(rawBody), atMs: 5, receivedAt: SENT_AT + 5, matchedBy: "endpoint" },
      ],
    };
  };
  const lines = (digest: string): string[] => [`(created): ${created}`, `(expires): ${created + 60}`, `digest: BLAKE-512=${digest}`];

  test("a signing string ending in a newline is named; a right one passes", async () => {
    expect(await run("REG-019", signedWith(lines(blake2b512Base64(rawBody)).join("\n")))).toEqual([]);
    const [message] = await run("REG-019", signedWith(`${lines(blake2b512Base64(rawBody)).join("\n")}\n`));
    expect(message).toMatch(
      /^The on_subscribe call is not signed by registry.example with the key given as --sut-key: the signature verifies over a signing string with a trailing newline/,
    );
  });

  test("a signature no mistake explains keeps the plain message", async () => {
    const [message] = await run("REG-019", signedWith("something else entirely"));
    expect(message).toMatch(
      /^The on_subscribe call is not signed by registry.example with the key given as --sut-key \(bad-signature: .*\); sign it like any Beckn request/,
    );
  });
});
