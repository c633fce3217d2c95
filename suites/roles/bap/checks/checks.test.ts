import { describe, expect, test } from "vitest";
import { ackBody, nackBody } from "../../../../protocol/ack.js";
import { signBody } from "../../../../protocol/signing/index.js";
import { buildTransaction } from "../../../../fixtures/builders/index.js";
import { createIdentity } from "../../../../mocks/common/identity.js";
import type { CheckContext, Exchange, ExchangeResponse } from "../../../core/check.js";
import { probeNamed, type BapProbeName } from "./probe-table.js";
import type { Spelling } from "../../../core/probes/json-spellings.js";
import type { BapExchange } from "./recorded.js";
import { BAP_CHECKS } from "./index.js";

/** What the BAP checks see: requests of a BAP registered as bap.test at BAP_URI, sent to the harness's BPP. */
const BAP = createIdentity("BAP", "bap.test");
const BAP_URI = "http://127.0.0.1:4000";
const BPP = { id: "bpp.harness", uri: "http://127.0.0.1:5000" };
const NOW = Date.now();
const tx = buildTransaction({ seed: 3, bapId: BAP.subscriberId, bapUri: BAP_URI, bppId: BPP.id, bppUri: BPP.uri, now: () => new Date(NOW) });
const ack: ExchangeResponse = { kind: "response", status: 200, headers: {}, rawBody: JSON.stringify(ackBody()), body: ackBody(), headersMs: 1, ms: 1 };

function context(): CheckContext {
  return {
    profile: "p2p-trade-guide-v1",
    skewSeconds: 5,
    maxUnsolicited: 100,
    scenarioExchanges: [],
    sut: { subscriberId: BAP.subscriberId, publicKey: BAP.signingPublicKey, url: BAP_URI },
    harness: { bapId: BAP.subscriberId, bapUri: BAP_URI, domain: "trade" },
  };
}

type Action = "search" | "select" | "init" | "confirm";

/** A signed request of the BAP as it arrived, after one named change to its body. */
function request(action: Action, change: (body: Record<string, unknown>) => void = () => undefined, extra: Partial<BapExchange> = {}): BapExchange {
  const body = structuredClone(tx.messages[action]) as unknown as Record<string, unknown>;
  change(body);
  const rawBody = JSON.stringify(body);
  const { header } = signBody({ rawBody, subscriberId: BAP.subscriberId, uniqueKeyId: BAP.uniqueKeyId, privateKey: BAP.signingPrivateKey });
  return {
    id: `x-${action}`,
    kind: "bap-request",
    scenario: "flow",
    step: action,
    action,
    expectation: "answer",
    viaGateway: action === "search",
    ttlMs: 10_000,
    request: { url: `${BPP.uri}/${action}`, headers: { authorization: header }, rawBody, body, sentAt: NOW },
    response: ack,
    callbacks: [],
    arrivedAt: action === "search" ? "gateway" : "bpp",
    harnessBpp: BPP,
    ...extra,
  };
}

/** A callback the harness sent, answered as given. */
function callback(action: string, response: ExchangeResponse, probe?: BapProbeName, inReplyTo?: string): BapExchange {
  return {
    id: `c-${action}`,
    kind: "callback",
    scenario: "callbacks",
    step: action,
    action,
    expectation: "callback",
    viaGateway: false,
    ttlMs: 10_000,
    request: { url: `${BAP_URI}/${action}`, headers: {}, rawBody: "{}", body: {}, sentAt: NOW },
    response,
    callbacks: [],
    harnessBpp: BPP,
    phase: "probe",
    ...(probe ? { probe: probeNamed(probe) } : {}),
    ...(inReplyTo ? { inReplyTo } : {}),
  };
}

const answered = (status: number, body: unknown, headers: Record<string, string> = {}): ExchangeResponse => ({
  kind: "response",
  status,
  headers,
  rawBody: JSON.stringify(body),
  body,
  headersMs: 1,
  ms: 1,
});
const ctxOf = (body: Record<string, unknown>) => body["context"] as Record<string, unknown>;
const orderOf = (body: Record<string, unknown>) => (body["message"] as { order: Record<string, unknown> }).order;

async function findings(id: string, exchange: Exchange, earlier: readonly Exchange[] = []): Promise<number> {
  const check = BAP_CHECKS.find((c) => c.id === id);
  if (!check || !check.appliesTo(exchange)) {
    return -1; // does not apply
  }
  return (await check.run(exchange, { ...context(), scenarioExchanges: [...earlier, exchange] })).length;
}

const respelled = (e: BapExchange, spelling: Spelling): BapExchange => ({ ...e, spelling });
const later = (e: BapExchange): BapExchange => ({ ...e, request: { ...e.request, sentAt: NOW + 1000 } });

/** Each row: a check, an exchange (and what came before it), and whether it finds something. */
const cases: [string, string, () => [Exchange, Exchange[]?], boolean][] = [
  ["SCH-101", "a guide select passes", () => [request("select")], false],
  ["SCH-101", "a select without context.transaction_id fails", () => [request("select", (b) => delete ctxOf(b)["transaction_id"])], true],
  ["SIG-101", "a request without Authorization fails", () => [{ ...request("select"), request: { ...request("select").request, headers: {} } }], true],
  ["SIG-102", "a signed request verifies", () => [request("select")], false],
  [
    "SIG-102",
    "a body changed after signing fails",
    () => [{ ...request("select"), request: { ...request("select").request, rawBody: `${request("select").request.rawBody} ` } }],
    true,
  ],
  ["CTX-101", "a search at the gateway passes", () => [request("search", (b) => delete ctxOf(b)["bpp_uri"])], false],
  [
    "CTX-101",
    "a search at a BPP without bpp_uri fails (passive: judged by its context)",
    () => [request("search", (b) => delete ctxOf(b)["bpp_uri"], { arrivedAt: "bpp" })],
    true,
  ],
  [
    "CTX-101",
    "a search at a BPP whose trigger named a bpp_uri passes",
    () => [request("search", () => undefined, { arrivedAt: "bpp", namedBppUri: true })],
    false,
  ],
  ["CTX-102", "a search reusing an earlier transaction fails", () => [later(request("search")), [request("select")]], true],
  ["CTX-103", "a select in the search's transaction passes", () => [later(request("select")), [request("search")]], false],
  [
    "CTX-103",
    "a select in a transaction no search started fails",
    () => [later(request("select", (b) => (ctxOf(b)["transaction_id"] = "other"))), [request("search")]],
    true,
  ],
  [
    "CTX-104",
    "a repeated message_id fails",
    () => [later(request("init", (b) => (ctxOf(b)["message_id"] = ctxOf(tx.messages.select as never)["message_id"]))), [request("select")]],
    true,
  ],
  ["CTX-105", "another bap_uri fails", () => [request("select", (b) => (ctxOf(b)["bap_uri"] = "http://elsewhere"))], true],
  ["CTX-106", "a select without bpp_id fails", () => [request("select", (b) => delete ctxOf(b)["bpp_id"])], true],
  ["CTX-107", "a timestamp a minute old fails", () => [request("select", (b) => (ctxOf(b)["timestamp"] = new Date(NOW - 60_000).toISOString()))], true],
  [
    "CTX-107",
    "a timestamp 50 s old within its ttl PT1M (a queue delayed the request) passes",
    () => [request("select", (b) => Object.assign(ctxOf(b), { timestamp: new Date(NOW - 50_000).toISOString(), ttl: "PT1M" }))],
    false,
  ],
  [
    "CTX-107",
    "a timestamp 70 s old past its ttl PT1M fails",
    () => [request("select", (b) => Object.assign(ctxOf(b), { timestamp: new Date(NOW - 70_000).toISOString(), ttl: "PT1M" }))],
    true,
  ],
  [
    "CTX-107",
    "a timestamp 10 s after arrival fails",
    () => [request("select", (b) => Object.assign(ctxOf(b), { timestamp: new Date(NOW + 10_000).toISOString(), ttl: "PT1M" }))],
    true,
  ],
  ["CTX-108", "a ttl that is not a duration fails", () => [request("select", (b) => (ctxOf(b)["ttl"] = "10s"))], true],
  [
    "BIZ-101",
    "an item without quantity fails",
    () => [request("select", (b) => delete (orderOf(b)["items"] as Record<string, unknown>[])[0]?.["quantity"])],
    true,
  ],
  ["BIZ-102", "an init without billing fails", () => [request("init", (b) => delete orderOf(b)["billing"])], true],
  ["BIZ-103", "a confirm without the end meter fails", () => [request("confirm", (b) => (orderOf(b)["fulfillments"] = []))], true],
  [
    "ACK-101",
    "a NACK for a valid callback fails",
    () => [callback("on_select", answered(400, nackBody({ code: "30000", message: "no" })), undefined, "m1")],
    true,
  ],
  ["ACK-102", "an ACK for an unsolicited on_status passes", () => [callback("on_status", ack)], false],
  ["AUT-101", "an ACK for a forged signature fails", () => [callback("on_status", ack, "expired")], true],
  [
    "AUT-102",
    "a 401 for a bad gateway header passes",
    () => [callback("on_search", answered(401, nackBody({ code: "10001", message: "no" }), { "proxy-authenticate": "Signature" }), "bad-gateway-header")],
    false,
  ],
  [
    "AUT-103",
    "a 401 without WWW-Authenticate warns",
    () => [callback("on_status", answered(401, nackBody({ code: "10001", message: "no" })), "tampered-body")],
    true,
  ],
  ["NEG-101", "an ACK for a callback without context fails", () => [callback("on_status", ack, "no-context")], true],
  ["NEG-103", "a 500 for an unknown transaction fails", () => [callback("on_status", answered(500, {}), "unknown-transaction")], true],
  [
    "NEG-103",
    "a coded NACK for an unknown transaction passes",
    () => [callback("on_status", answered(400, nackBody({ code: "30000", message: "unknown" })), "unknown-transaction")],
    false,
  ],
  [
    "NEG-103",
    "a coded NACK with HTTP 200 for an unknown message passes",
    () => [callback("on_select", answered(200, nackBody({ code: "30000", message: "unknown" })), "unknown-message")],
    false,
  ],
  [
    "NEG-103",
    "a NACK with HTTP 202 but no error.code fails",
    () => [callback("on_select", answered(202, { message: { ack: { status: "NACK" } } }), "unknown-message")],
    true,
  ],
  [
    "NEG-103",
    "a 500 with a coded NACK body fails",
    () => [callback("on_status", answered(500, nackBody({ code: "30000", message: "broke" })), "unknown-transaction")],
    true,
  ],
  [
    "NEG-104",
    "a coded NACK with HTTP 202 for a late callback passes",
    () => [callback("on_select", answered(202, nackBody({ code: "30000", message: "late" })), "late")],
    false,
  ],
  [
    "NEG-105",
    "a coded NACK with HTTP 200 for a repeated callback passes",
    () => [callback("on_init", answered(200, nackBody({ code: "30000", message: "again" })), "duplicate")],
    false,
  ],
  [
    "NEG-105",
    "an ACK with tags for a repeated callback passes",
    () => [callback("on_init", answered(200, { message: { ack: { status: "ACK", tags: [] } } }), "duplicate")],
    false,
  ],
  [
    "NEG-101",
    "a NACK with HTTP 200 for a callback without context passes",
    () => [callback("on_status", answered(200, nackBody({ code: "30000", message: "no context" })), "no-context")],
    false,
  ],
  ["NEG-101", "an ACK with HTTP 202 for a callback without context fails", () => [callback("on_status", answered(202, ackBody()), "no-context")], true],
  [
    "NEG-102",
    "a NACK with HTTP 202 for a deep schema fault passes",
    () => [callback("on_status", answered(202, nackBody({ code: "30000", message: "order.id" })), "wrong-type-deep")],
    false,
  ],
  [
    "NEG-104",
    "a hang on a late callback fails",
    () => [callback("on_select", { kind: "failure", failure: "timeout", detail: "3000 ms", connected: true, ms: 3000 }, "late")],
    true,
  ],
  [
    "TIM-101",
    "no answer within the deadline fails",
    () => [callback("on_confirm", { kind: "failure", failure: "timeout", detail: "3000 ms", connected: true, ms: 3000 }, undefined, "m2")],
    true,
  ],
  // How the BAP receives signed callbacks.
  ["NEG-107", "an ACK for a stale callback warns", () => [callback("on_status", ack, "stale")], true],
  [
    "NEG-107",
    "a coded NACK with HTTP 200 for a stale callback passes",
    () => [callback("on_status", answered(200, nackBody({ code: "30000", message: "stale" })), "stale")],
    false,
  ],
  [
    "NEG-107",
    "a NACK without error.code for a stale callback warns",
    () => [callback("on_status", answered(400, { message: { ack: { status: "NACK" } } }), "stale")],
    true,
  ],
  [
    "NEG-108",
    "a coded NACK with HTTP 202 for a misaddressed callback passes",
    () => [callback("on_status", answered(202, nackBody({ code: "30000", message: "not mine" })), "misaddressed")],
    false,
  ],
  ["NEG-108", "an ACK for a misaddressed callback warns", () => [callback("on_status", ack, "misaddressed")], true],
  [
    "AUT-104",
    "a 401 NACK without error.code for another signer passes (BECKN-006's own refusal)",
    () => [callback("on_status", answered(401, { message: { ack: { status: "NACK" } } }), "other-signer")],
    false,
  ],
  ["AUT-104", "an ACK for another signer warns", () => [callback("on_status", ack, "other-signer")], true],
  [
    "AUT-105",
    "a 401 for a forged signature inside a valid gateway header passes",
    () => [callback("on_search", answered(401, nackBody({ code: "10001", message: "no" }), { "www-authenticate": "Signature" }), "relayed-forged")],
    false,
  ],
  [
    "AUT-105",
    "a coded NACK with HTTP 400 for it fails (a signature refusal is a 401)",
    () => [callback("on_search", answered(400, nackBody({ code: "10001", message: "no" })), "relayed-forged")],
    true,
  ],
  [
    "ACK-103",
    "a 401 for a respelled valid callback fails",
    () => [respelled(callback("on_status", answered(401, nackBody({ code: "10001", message: "digest" }))), "whitespace")],
    true,
  ],
  ["ACK-103", "an ACK for a respelled valid callback passes", () => [respelled(callback("on_status", ack), "escapes")], false],
  [
    "ACK-104",
    "an ACK declared application/json; charset=utf-8 passes",
    () => [callback("on_status", answered(200, ackBody(), { "content-type": "application/json; charset=utf-8" }))],
    false,
  ],
  [
    "ACK-104",
    "a NACK declared Application/JSON passes",
    () => [callback("on_status", answered(400, nackBody({ code: "30000", message: "no" }), { "Content-Type": "Application/JSON" }), "no-context")],
    false,
  ],
  [
    "ACK-104",
    "an ACK declared text/plain warns",
    () => [callback("on_status", answered(200, ackBody(), { "content-type": "text/plain; charset=utf-8" }))],
    true,
  ],
  ["ACK-104", "an ACK with no Content-Type warns", () => [callback("on_status", answered(200, ackBody()))], true],
];

describe("the BAP checks", () => {
  test.for(cases)("%s: %s", async ([id, _name, build, fails]) => {
    const [exchange, earlier] = build();
    expect(await findings(id, exchange, earlier)).toSatisfy((n: number) => (fails ? n > 0 : n === 0));
  });

  test("ACK-102 leaves a respelled on_status to ACK-103, and ACK-104 judges only ACK and NACK bodies", async () => {
    expect(await findings("ACK-102", respelled(callback("on_status", answered(401, nackBody({ code: "10001", message: "digest" }))), "key-order"))).toBe(-1);
    expect(await findings("ACK-104", callback("on_status", answered(404, undefined, { "content-type": "text/html" })))).toBe(-1);
  });

  test("SIG-102 names the mistake: the BAP signed its select pretty-printed and sent it compact", async () => {
    const sent = request("select");
    const pretty = JSON.stringify(sent.request.body, null, 2);
    const { header } = signBody({
      rawBody: pretty,
      subscriberId: BAP.subscriberId,
      uniqueKeyId: BAP.uniqueKeyId,
      privateKey: BAP.signingPrivateKey,
      now: () => NOW,
    });
    const exchange = { ...sent, request: { ...sent.request, headers: { authorization: header } } };
    const check = BAP_CHECKS.find((c) => c.id === "SIG-102");
    const [found] = (await check?.run(exchange, { ...context(), scenarioExchanges: [exchange] })) ?? [];
    expect(found?.message).toMatch(
      /^The select's signature does not verify \(bad-signature\): the signature verifies over the body pretty-printed with 2 spaces; the bytes you sent differ from those at byte 1 /,
    );
    expect(found?.actual).toMatchObject({ reason: "bad-signature", diagnosis: { mistake: "body-pretty-printed", evidence: { difference: { offset: 1 } } } });
  });

  test("every check has an id of its prefix, a title, a ref and a severity, and ids are unique", () => {
    expect(new Set(BAP_CHECKS.map((c) => c.id)).size).toBe(BAP_CHECKS.length);
    for (const check of BAP_CHECKS) {
      expect(check.id).toMatch(/^(SCH|SIG|CTX|BIZ|ACK|AUT|TIM|NEG|FLW)-1\d\d$/);
      expect(check.title.length).toBeGreaterThan(10);
      expect(check.ref.length).toBeGreaterThan(5);
    }
  });
});
