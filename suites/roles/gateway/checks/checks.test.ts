/**
 * Each gateway check on hand-built exchanges: a clean case passes, one named defect fails exactly
 * that check of the catalogue, and an exchange it does not judge is skipped. Signatures are real.
 */
import { describe, expect, test } from "vitest";
import { ackBody, nackBody } from "../../../../protocol/ack.js";
import { signBody, wwwAuthenticateValue } from "../../../../protocol/signing/index.js";
import { createIdentity, type Identity } from "../../../../mocks/common/identity.js";
import { gatewayHeaders } from "../../../../mocks/common/send.js";
import { checkCaseTables, type CheckCase } from "../../../core/testing/case-table.js";
import { answer, checkContext, failingIds, failure } from "../../../core/testing/exchange.js";
import type { Exchange, ExchangeResponse, ReceivedCallback } from "../../../core/check.js";
import { ROSTER, type Placement } from "./roster.js";
import { GATEWAY_CHECKS } from "./index.js";

const gateway = createIdentity("BG", "gateway.checks.test");
const bap = createIdentity("BAP", "bap.checks.test");
const bpp = createIdentity("BPP", ROSTER[0]?.subscriberId ?? "bpp");
const ctx = checkContext({
  sut: { subscriberId: gateway.subscriberId, publicKey: gateway.signingPublicKey, uniqueKeyId: gateway.uniqueKeyId, url: "http://127.0.0.1:1" },
  harness: { bapId: bap.subscriberId, bapUri: "http://127.0.0.1:2", domain: "trade" },
});

const idOf = (placement: Placement): string => ROSTER.find((b) => b.placement === placement)?.subscriberId ?? placement;
const rawOf = (action: string, transactionId: string, bppId?: string): string =>
  JSON.stringify({ context: { action, transaction_id: transactionId, message_id: `m-${transactionId}`, ...(bppId ? { bpp_id: bppId } : {}) }, message: {} });
const authorization = (sender: Identity, raw: string): string =>
  signBody({ rawBody: raw, subscriberId: sender.subscriberId, uniqueKeyId: sender.uniqueKeyId, privateKey: sender.signingPrivateKey }).header;

interface Forward {
  readonly to: string;
  readonly rawBody?: string;
  readonly headers?: Record<string, string | undefined>;
}

/** What the gateway forwarded: the request's bytes and Authorization, its own header over the bytes, unless told. */
function forwardOf(request: Exchange["request"], action: string, f: Forward): ReceivedCallback {
  const rawBody = f.rawBody ?? request.rawBody;
  const headers = { "content-type": "application/json", authorization: request.headers["authorization"], ...gatewayHeaders(gateway, rawBody), ...f.headers };
  const receivedAt = Date.now();
  return {
    action,
    headers,
    rawBody,
    body: JSON.parse(rawBody) as unknown,
    atMs: 30,
    receivedAt,
    matchedBy: "message_id",
    receivedBy: { subscriberId: f.to, url: "http://127.0.0.1:3" },
  };
}

interface Parts {
  readonly action?: "search" | "on_search";
  /** A search naming this BPP in context.bpp_id. */
  readonly bppId?: string;
  readonly forged?: boolean;
  readonly response?: ExchangeResponse;
  readonly forwards?: readonly Forward[];
}

let counter = 0;
function exchange(parts: Parts): Exchange {
  const action = parts.action ?? "search";
  const rawBody = rawOf(action, `t${++counter}`, parts.bppId);
  const sender = action === "search" ? bap : bpp;
  const request = {
    url: `http://127.0.0.1:1/${action}`,
    headers: { "content-type": "application/json", authorization: authorization(sender, rawBody) },
    rawBody,
    body: JSON.parse(rawBody) as unknown,
    sentAt: Date.now(),
  };
  const recipients = action === "search" ? [{ to: idOf("same-city") }, { to: idOf("no-city") }] : [{ to: bap.subscriberId }];
  const forwards = parts.forwards ?? (parts.forged ? [] : recipients);
  return {
    id: `e${counter}`,
    scenario: "gateway-checks",
    step: action,
    action,
    viaGateway: false,
    ttlMs: 2000,
    expectation: parts.forged ? "nack" : "callback",
    ...(parts.forged ? { probe: { kind: "forgery", name: "tampered-body", severity: "MUST" }, quietWindowMs: 500 } : {}),
    request,
    response: parts.response ?? (parts.forged ? refusal() : answer(200)),
    callbacks: forwards.map((f) => forwardOf(request, action, f)),
  };
}

function refusal(authenticate = true): ExchangeResponse {
  const body = nackBody({ code: "10001", message: "bad signature" });
  const headers = { "content-type": "application/json", ...(authenticate ? { "www-authenticate": wwwAuthenticateValue(gateway.subscriberId) } : {}) };
  return { kind: "response", status: 401, headers, rawBody: JSON.stringify(body), body, headersMs: 20, ms: 25 };
}

const search = (forwards: Forward[]): Exchange => exchange({ forwards });
const clean = {
  search: () => exchange({}),
  relay: () => exchange({ action: "on_search" }),
  forgedSearch: () => exchange({ forged: true }),
  forgedOnSearch: () => exchange({ action: "on_search", forged: true }),
};
const other = createIdentity("BG", gateway.subscriberId);
const both = [{ to: idOf("same-city") }, { to: idOf("no-city") }];

const targeted = (forwards: Forward[]): Exchange => exchange({ bppId: idOf("no-city"), forwards });

const row = (id: string, name: string, make: () => Exchange): CheckCase => ({ id, case: name, exchange: make(), ctx });

/** A valid message in other bytes, judged beside its compact twin (a clean exchange of the same action). */
function twinRow(id: string, name: string, parts: Parts, twin: Exchange = exchange({ action: parts.action ?? "search" })): CheckCase {
  const made = { ...exchange(parts), step: `${parts.action ?? "search"} in other bytes` };
  return { id, case: name, exchange: made, ctx: { ...ctx, scenarioExchanges: [twin, made] } };
}

/** A validly signed message whose timestamp + ttl had passed. */
const stale = (response: ExchangeResponse, forwards: readonly Forward[] = []): Exchange => ({
  ...exchange({ response, forwards }),
  expectation: "nack",
  probe: { kind: "negative", name: "stale", severity: "SHOULD" },
  quietWindowMs: 500,
});
const coded = (status: number): ExchangeResponse => answer(status, nackBody({ code: "30000", message: "expired" }));
/** An answer as `answer` makes it, declared with this Content-Type (undefined: none). */
const declared = (response: ExchangeResponse, contentType: string | undefined): ExchangeResponse =>
  response.kind === "response"
    ? { ...response, headers: { ...withoutContentType(response.headers), ...(contentType === undefined ? {} : { "content-type": contentType }) } }
    : response;
const withoutContentType = (headers: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => name !== "content-type"));
/** A clean multicast whose ACK and forwards declare these Content-Types. */
const declaredAs = (ack: string | undefined, forwards: string | undefined): Exchange =>
  exchange({ response: declared(answer(200), ack), forwards: both.map((f) => ({ ...f, headers: { "content-type": forwards } })) });

describe("gateway checks", () => {
  checkCaseTables("GW", GATEWAY_CHECKS, {
    findingPath: /^(callbacks|response)/,
    passing: [
      ...["GW-001", "GW-002", "GW-003", "GW-004", "GW-005", "GW-006", "GW-007", "GW-008", "GW-015"].map((id) => row(id, "a clean multicast", clean.search)),
      row("GW-011", "an on_search relayed to the BAP", clean.relay),
      row("GW-016", "a search naming a BPP that reached it alone", () => targeted([{ to: idOf("no-city") }])),
      ...["GW-009", "GW-010", "GW-014"].map((id) => row(id, "a forged search refused with 401", clean.forgedSearch)),
      ...["GW-012", "GW-013"].map((id) => row(id, "a forged on_search refused with 401", clean.forgedOnSearch)),
      twinRow("GW-017", "a search in other bytes ACKed and multicast as its compact twin", {}),
      twinRow("GW-017", "an on_search in other bytes relayed as its compact twin", { action: "on_search" }),
      twinRow(
        "GW-017",
        "a search in other bytes NACKed when its twin was NACKed too",
        { response: coded(400) },
        exchange({ response: coded(400), forwards: [] }),
      ),
      row("GW-018", "a stale search refused with a coded NACK at HTTP 400", () => stale(coded(400))),
      row("GW-018", "a stale search refused with a coded NACK at HTTP 200", () => stale(coded(200))),
      row("GW-019", "a clean multicast (ACK and forwards application/json)", clean.search),
      row("GW-019", "a forged search refused with a 401 NACK declared application/json", clean.forgedSearch),
      row("GW-019", "an ACK and forwards declared Application/JSON; charset=UTF-8", () =>
        declaredAs("Application/JSON; charset=UTF-8", "Application/JSON; charset=UTF-8"),
      ),
    ],
    failing: [
      row("GW-001", "a search that missed the BPP of no city", () => search([{ to: idOf("same-city") }])),
      row("GW-002", "a search at a BPP of another domain", () => search([...both, { to: idOf("other-domain") }])),
      row("GW-003", "a search at a BPP of another city", () => search([...both, { to: idOf("other-city") }])),
      row("GW-004", "a forward re-serialised", () => search([{ to: idOf("same-city"), rawBody: `${rawOf("search", "other")} ` }, { to: idOf("no-city") }])),
      row("GW-005", "a forward without the gateway header", () =>
        search([...both.slice(1), { to: idOf("same-city"), headers: { "x-gateway-authorization": undefined, "proxy-authorization": undefined } }]),
      ),
      row("GW-006", "a gateway header signed with another key", () =>
        search([...both.slice(1), { to: idOf("same-city"), headers: gatewayHeaders(other, clean.search().request.rawBody) }]),
      ),
      row("GW-007", "a forward without the sender's Authorization", () =>
        search([...both.slice(1), { to: idOf("same-city"), headers: { authorization: undefined } }]),
      ),
      row("GW-008", "a valid search answered with an empty 200", () =>
        exchange({ response: { ...answer(200), rawBody: "", body: undefined } as ExchangeResponse }),
      ),
      row("GW-009", "a forged search ACKed", () => exchange({ forged: true, response: answer(200, ackBody()) })),
      row("GW-010", "a forged search refused but forwarded", () => exchange({ forged: true, forwards: [{ to: idOf("same-city") }] })),
      row("GW-011", "an on_search never relayed", () => exchange({ action: "on_search", forwards: [] })),
      row("GW-012", "a forged on_search ACKed", () => exchange({ action: "on_search", forged: true, response: answer(200, ackBody()) })),
      row("GW-013", "a forged on_search refused but relayed", () => exchange({ action: "on_search", forged: true, forwards: [{ to: bap.subscriberId }] })),
      row("GW-014", "a 401 with no WWW-Authenticate", () => exchange({ forged: true, response: refusal(false) })),
      row("GW-016", "a search naming a BPP that reached another", () => targeted(both)),
      row("GW-015", "an ACK after 3.5 s", () => exchange({ response: { ...answer(200), headersMs: 3500, ms: 3501 } as ExchangeResponse })),
      twinRow("GW-017", "a search in other bytes refused with 401 where its compact twin was ACKed", { response: refusal(), forwards: [] }),
      twinRow("GW-017", "a search in other bytes ACKed but forwarded to fewer BPPs than its twin", { forwards: [{ to: idOf("same-city") }] }),
      row("GW-018", "a stale search ACKed and multicast", () => stale(answer(200, ackBody()), both)),
      row("GW-019", "an ACK declared text/plain", () => declaredAs("text/plain", "application/json")),
      row("GW-019", "forwards declared text/plain", () => declaredAs("application/json; charset=utf-8", "text/plain")),
      row("GW-019", "a 401 NACK with no Content-Type", () => exchange({ forged: true, response: declared(refusal(), undefined) })),
    ],
    skipped: [
      ...["GW-001", "GW-002", "GW-003", "GW-008"].map((id) => row(id, "a forged search", clean.forgedSearch)),
      ...["GW-004", "GW-005", "GW-007"].map((id) => row(id, "a valid search forwarded nowhere", () => search([]))),
      row("GW-006", "forwards without a gateway header", () =>
        search([{ to: idOf("same-city"), headers: { "x-gateway-authorization": undefined, "proxy-authorization": undefined } }]),
      ),
      ...["GW-009", "GW-010", "GW-012", "GW-013", "GW-014"].map((id) => row(id, "a valid search", clean.search)),
      row("GW-011", "a search", clean.search),
      ...["GW-008", "GW-011"].flatMap((id) => [
        row(id, "an on_search answered with HTTP 404 (the gateway does not relay on_search)", () =>
          exchange({ action: "on_search", forwards: [], response: answer(404, nackBody({ code: "30000", message: "no route" })) }),
        ),
        row(id, "an on_search answered with HTTP 405", () => exchange({ action: "on_search", forwards: [], response: answer(405, "") })),
        row(id, "an on_search answered with a 40001 NACK at HTTP 200", () =>
          exchange({ action: "on_search", forwards: [], response: answer(200, nackBody({ code: "40001", message: "not relayed here" })) }),
        ),
        row(id, "an on_search answered with a 40001 NACK at HTTP 400", () =>
          exchange({ action: "on_search", forwards: [], response: answer(400, nackBody({ code: 40001, message: "not relayed here" } as never)) }),
        ),
      ]),
      row("GW-016", "a search naming no BPP", clean.search),
      ...["GW-001", "GW-002", "GW-003"].map((id) => row(id, "a search naming a BPP", () => targeted([{ to: idOf("no-city") }]))),
      row("GW-014", "a forged search ACKed", () => exchange({ forged: true, response: answer(200, ackBody()) })),
      row("GW-015", "a target that refused the connection", () => exchange({ response: failure("refused", "ECONNREFUSED", false) })),
      row("GW-017", "a search in compact JSON", clean.search),
      row("GW-018", "a forged search", clean.forgedSearch),
      row("GW-019", "a valid search answered with an empty 200 and forwarded nowhere", () =>
        exchange({ response: { ...answer(200), rawBody: "", body: undefined } as ExchangeResponse, forwards: [] }),
      ),
      row("GW-019", "a target that refused the connection", () => exchange({ response: failure("refused", "ECONNREFUSED", false), forwards: [] })),
    ],
  });
});

describe("an on_search the gateway does not relay", () => {
  const judged = (response: ExchangeResponse) => failingIds(GATEWAY_CHECKS, exchange({ action: "on_search", forwards: [], response }), ctx);
  test("a NACK with another code than 40001, or a 40001 NACK at HTTP 401, is a refusal: GW-008 and GW-011 fail", async () => {
    expect(await judged(answer(200, nackBody({ code: "30000", message: "no" })))).toEqual(["GW-008", "GW-011"]);
    expect(await judged(answer(401, nackBody({ code: "40001", message: "no" })))).toEqual(["GW-008", "GW-011"]);
    expect(await judged(answer(500, nackBody({ code: "40001", message: "no" })))).toEqual(["GW-008", "GW-011"]);
  });
});

describe("GW-006 names the mistake behind a gateway header that does not verify", () => {
  const gw006 = GATEWAY_CHECKS.find((check) => check.id === "GW-006");
  const sortedTwin = (raw: string): string => {
    const { context, message } = JSON.parse(raw) as { context: Record<string, unknown>; message: unknown };
    return JSON.stringify({ context: Object.fromEntries(Object.entries(context).sort(([a], [b]) => a.localeCompare(b))), message });
  };

  test("a gateway header signed over the body with its keys sorted", async () => {
    const made = exchange({ forwards: [{ to: idOf("same-city") }] });
    const forwarded = made.callbacks.map((c) => ({ ...c, headers: { ...c.headers, ...gatewayHeaders(gateway, sortedTwin(c.rawBody)) } }));
    const [found] = (await gw006?.run({ ...made, callbacks: forwarded }, ctx)) ?? [];
    expect(found?.message).toMatch(
      /^The gateway header does not verify: the signature verifies over the body with its keys sorted; the bytes you sent differ from those at byte 31 \(`transaction_id":…` where the signature covers `message_id":"m-t…`\)/,
    );
    expect(found?.actual).toMatchObject({ reason: "bad-signature", diagnosis: { mistake: "body-keys-sorted" } });
  });

  test("a gateway header signed with the key of the harness's BAP, known from the context", async () => {
    const made = exchange({ forwards: [{ to: idOf("same-city") }] });
    const withBapKey = made.callbacks.map((c) => {
      const { header } = signBody({
        rawBody: c.rawBody,
        subscriberId: gateway.subscriberId,
        uniqueKeyId: gateway.uniqueKeyId,
        privateKey: bap.signingPrivateKey,
      });
      return { ...c, headers: { ...c.headers, "x-gateway-authorization": header, "proxy-authorization": header } };
    });
    const known = {
      ...ctx,
      participantKeys: [{ subscriberId: bap.subscriberId, uniqueKeyId: bap.uniqueKeyId, publicKey: bap.signingPublicKey, label: "the harness's BAP" }],
    };
    const [named] = (await gw006?.run({ ...made, callbacks: withBapKey }, known)) ?? [];
    expect(named?.message).toMatch(/: the signature verifies with the key of "bap.checks.test" \(unique_key_id "[^"]+", the harness's BAP\)/);
    const [plain] = (await gw006?.run({ ...made, callbacks: withBapKey }, ctx)) ?? [];
    expect(plain?.message).toMatch(/^The gateway header does not verify; sign the exact bytes you forward/);
    expect(plain?.actual).not.toHaveProperty("diagnosis");
  });
});
