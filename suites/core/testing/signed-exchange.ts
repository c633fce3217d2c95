/**
 * Test exchanges for the SIG, AUT, NEG and TIM checks: a coherent transaction from the seedable
 * builders, callbacks signed with a fixed SUT key over their exact bytes, and the synchronous
 * answers (ACK, NACK, timeout) a SUT can give. Every exchange is valid until a test applies one
 * named mutation to it.
 */
import { CLOCK_SKEW_SECONDS } from "../../../protocol/clock.js";
import { buildTransaction, type TransactionMessages } from "../../../fixtures/builders/index.js";
import { ackBody, nackBody, type BecknError } from "../../../protocol/ack.js";
import { signBody, wwwAuthenticateValue } from "../../../protocol/signing/index.js";
import type { Check, CheckContext, Exchange, ExchangeResponse, Expectation, CheckFinding, Probe, ReceivedCallback } from "../check.js";
import { FORGERIES } from "../probes/forgeries.js";
import type { RawForm } from "../../../results/index.js";

/** When every test exchange is sent: 2025-05-09T10:00:00Z. */
export const NOW = Date.parse("2025-05-09T10:00:00.000Z");

/** The system under test: a BPP signing with the BECKN-006 test-vector key (FACTS §3.4). */
export const SUT = {
  subscriberId: "bpp.sut.example",
  uniqueKeyId: "sut-key-1",
  privateKey: "lP3sHA+9gileOkXYJXh4Jg8tK0gEEMbf9yCPnFpbldhrAY+NErqL9WD+Vav7TE5tyVXGXBle9ONZi2W7o144eQ==",
  publicKey: "awGPjRK6i/Vg/lWr+0xObclVxlwZXvTjWYtlu6NeOHk=",
  url: "http://127.0.0.1:3000",
} as const;

export const HARNESS = { bapId: "bap.harness.example", bapUri: "http://127.0.0.1:4000/callbacks", domain: "trade" } as const;

/** The transaction's messages, from the SUT's and the harness's ids, stamped at NOW. */
export function messagesOf(seed = 7): TransactionMessages {
  return buildTransaction({
    seed,
    now: () => new Date(NOW),
    bapId: HARNESS.bapId,
    bapUri: HARNESS.bapUri,
    bppId: SUT.subscriberId,
    bppUri: SUT.url,
  }).messages;
}

export interface CallbackOptions {
  /** Arrival in ms after the request was sent; default 200. */
  readonly atMs?: number;
  readonly sentAt?: number;
  readonly matchedBy?: ReceivedCallback["matchedBy"];
  /** Defaults to the body's context.action. */
  readonly action?: string;
  /** Unix seconds; default the second of arrival. */
  readonly created?: number;
  /** Unix seconds; default created + 60. */
  readonly expires?: number;
  readonly subscriberId?: string;
  readonly uniqueKeyId?: string;
  readonly privateKey?: string;
  /** Replaces the raw bytes after signing (a tampered body). */
  readonly rawBody?: string;
  /** Replaces the headers after signing. */
  readonly headers?: Readonly<Record<string, string | undefined>>;
}

function actionOf(body: unknown): string {
  const action = (body as { context?: { action?: unknown } } | null)?.context?.action;
  return typeof action === "string" ? action : "unknown";
}

/** A callback as the receiver records it, signed by the SUT over its exact bytes. */
export function signedCallback(body: unknown, opts: CallbackOptions = {}): ReceivedCallback {
  const atMs = opts.atMs ?? 200;
  const receivedAt = (opts.sentAt ?? NOW) + atMs;
  const rawBody = JSON.stringify(body);
  const created = opts.created ?? Math.floor(receivedAt / 1000);
  const { header } = signBody({
    rawBody,
    subscriberId: opts.subscriberId ?? SUT.subscriberId,
    uniqueKeyId: opts.uniqueKeyId ?? SUT.uniqueKeyId,
    privateKey: opts.privateKey ?? SUT.privateKey,
    created,
    expires: opts.expires ?? created + 60,
  });
  return {
    action: opts.action ?? actionOf(body),
    headers: opts.headers ?? { "content-type": "application/json", authorization: header },
    rawBody: opts.rawBody ?? rawBody,
    body,
    atMs,
    receivedAt,
    matchedBy: opts.matchedBy ?? "message_id",
  };
}

/** An ACK answered with headers after `headersMs` (default 40). */
export function ackResponse(opts: { status?: number; headersMs?: number; headers?: Record<string, string> } = {}): ExchangeResponse {
  const body = ackBody();
  const headersMs = opts.headersMs ?? 40;
  const headers = opts.headers ?? { "content-type": "application/json" };
  return { kind: "response", status: opts.status ?? 200, headers, rawBody: JSON.stringify(body), body, headersMs, ms: headersMs + 2 };
}

/** A NACK with the given status and error (none when undefined). */
export function nackResponse(status: number, error?: BecknError, headers: Record<string, string> = {}): ExchangeResponse {
  const body = error === undefined ? { message: { ack: { status: "NACK" } } } : nackBody(error);
  return { kind: "response", status, headers: { "content-type": "application/json", ...headers }, rawBody: JSON.stringify(body), body, headersMs: 30, ms: 32 };
}

/** Any answer, with a raw body that may not be JSON. */
export function rawResponse(status: number, rawBody: string, headers: Record<string, string> = {}): ExchangeResponse {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    body = undefined;
  }
  return { kind: "response", status, headers, rawBody, body, headersMs: 30, ms: 32 };
}

export function timeoutResponse(ms = 3000): ExchangeResponse {
  return { kind: "failure", failure: "timeout", detail: "no complete answer before the deadline", connected: true, ms };
}

export interface ExchangeOptions {
  readonly id?: string;
  readonly expectation?: Expectation;
  readonly probe?: Probe;
  readonly response?: ExchangeResponse;
  readonly callbacks?: readonly ReceivedCallback[];
  readonly ttlMs?: number;
  readonly quietWindowMs?: number;
  readonly sentAt?: number;
  /** Replaces the raw bytes of the request. */
  readonly rawBody?: string;
  /** How those bytes were written, when not compact JSON. */
  readonly rawForm?: RawForm;
}

/** An exchange for a request body, answered with an ACK and no callbacks unless told otherwise. */
export function exchangeOf(requestBody: unknown, opts: ExchangeOptions = {}): Exchange {
  const action = actionOf(requestBody);
  return {
    id: opts.id ?? `ex-${action}`,
    scenario: "test-scenario",
    step: action,
    action,
    expectation: opts.expectation ?? "callback",
    ...(opts.probe === undefined ? {} : { probe: opts.probe }),
    ...(opts.quietWindowMs === undefined ? {} : { quietWindowMs: opts.quietWindowMs }),
    ...(opts.rawForm === undefined ? {} : { rawForm: opts.rawForm }),
    viaGateway: false,
    ttlMs: opts.ttlMs ?? 10_000,
    request: {
      url: `${SUT.url}/${action}`,
      headers: { "content-type": "application/json" },
      rawBody: opts.rawBody ?? JSON.stringify(requestBody),
      body: requestBody,
      sentAt: opts.sentAt ?? NOW,
    },
    response: opts.response ?? ackResponse(),
    callbacks: opts.callbacks ?? [],
  };
}

type FlowAction = "search" | "select" | "init" | "confirm" | "status" | "update" | "cancel";

/** A valid request of the transaction, ACKed, with its signed on_<action> arriving after 200 ms. */
export function flowExchange(action: FlowAction, opts: ExchangeOptions & { seed?: number } = {}): Exchange {
  const messages = messagesOf(opts.seed);
  const callbacks = opts.callbacks ?? [signedCallback(messages[`on_${action}`], { sentAt: opts.sentAt ?? NOW })];
  return exchangeOf(messages[action], { ...opts, callbacks });
}

/** A probe exchange: a broken or forged request answered as a correct SUT does, unless told otherwise. */
export function probeExchange(probe: Probe, action: FlowAction, opts: ExchangeOptions = {}): Exchange {
  const forged = probe.kind === "forgery";
  const challenge = FORGERIES.some((f) => f.name === probe.name && f.header === "gateway") ? "proxy-authenticate" : "www-authenticate";
  const headers: Record<string, string> = forged ? { [challenge]: wwwAuthenticateValue(SUT.subscriberId) } : {};
  const response = opts.response ?? (forged ? nackResponse(401, { code: "10001" }, headers) : nackResponse(400, { code: "30000", paths: "$.context" }));
  const expectation: Expectation = probe.kind === "duplicate" ? "ack-or-nack" : "nack";
  return exchangeOf(messagesOf()[action], { quietWindowMs: 2000, expectation, ...opts, probe, response });
}

export function checkContext(overrides: Partial<CheckContext> = {}): CheckContext {
  return {
    profile: "p2p-trade-guide-v1",
    sut: { subscriberId: SUT.subscriberId, publicKey: SUT.publicKey, uniqueKeyId: SUT.uniqueKeyId, url: SUT.url },
    harness: HARNESS,
    skewSeconds: CLOCK_SKEW_SECONDS,
    maxUnsolicited: 100,
    scenarioExchanges: [],
    ...overrides,
  };
}

/** The findings of one check on one exchange; throws when the check does not apply to it. */
export async function findingsOf(check: Check, exchange: Exchange, ctx: CheckContext = checkContext()): Promise<readonly CheckFinding[]> {
  if (!check.appliesTo(exchange)) {
    throw new Error(`${check.id} does not apply to exchange ${exchange.id}`);
  }
  return check.run(exchange, ctx);
}

/** What a hostile or broken SUT can send: every check must judge these without throwing. */
export function hostileExchanges(): Exchange[] {
  const weird = (body: unknown, headers: Record<string, string | undefined>, extra: Partial<ReceivedCallback> = {}): ReceivedCallback => ({
    action: "on_select",
    headers,
    rawBody: typeof body === "string" ? body : (JSON.stringify(body) ?? ""),
    body,
    atMs: Number.NaN,
    receivedAt: Number.NaN,
    matchedBy: "unsolicited",
    ...extra,
  });
  const badTimes = 'Signature keyId="a|b|ed25519",algorithm="ed25519",created="999999999999",expires="1",headers="(created) (expires) digest",signature="AAAA"';
  const twoParts = 'Signature keyId="a|b",algorithm="ED25519",created="1",expires="2",headers="(created) (expires) digest",signature="AAAA"';
  const callbacks = [
    weird(null, { authorization: badTimes }),
    weird("not json at all", { Authorization: twoParts }, { matchedBy: "message_id", action: "on_status" }),
    weird([1, 2, 3], { authorization: "Signature " + "x".repeat(9000) }),
    weird({ context: "nope", message: { order: { id: 7 } } }, { authorization: undefined, "www-authenticate": "x" }, { action: "on_confirm" }),
    weird({ context: { transaction_id: {}, ttl: 42, bpp_id: ["x"] }, error: "boom" }, { authorization: "Bearer" }, { matchedBy: "transaction" }),
  ];
  const responses: ExchangeResponse[] = [
    rawResponse(401, "<html>no</html>"),
    rawResponse(400, '{"message":{"ack":{"status":"NACK"}},"error":{"code":{"nested":1},"paths":7}}'),
    rawResponse(200, "null"),
    { kind: "response", status: Number.NaN, headers: {}, rawBody: "", body: undefined, headersMs: Number.NaN, ms: Number.NaN },
    { kind: "failure", failure: "reset", detail: "socket hang up", connected: true, ms: 1 },
    timeoutResponse(),
  ];
  const probes: (Probe | undefined)[] = [
    undefined,
    { kind: "forgery", name: "bad-gateway-header", severity: "MUST" },
    { kind: "forgery", name: "keyid-not-sender", severity: "SHOULD" },
    { kind: "negative", name: "no-context", severity: "MUST" },
    { kind: "negative", name: "wrong-unit", severity: "SHOULD" },
    { kind: "duplicate", name: "repeat-confirm", severity: "MUST" },
  ];
  return responses.flatMap((response, r) =>
    probes.map((probe, p) =>
      exchangeOf(p % 2 === 0 ? { context: { action: "confirm" } } : "garbage", {
        id: `hostile-${r}-${p}`,
        response,
        callbacks,
        expectation: p === 0 ? "callback" : "nack",
        ...(probe === undefined ? {} : { probe }),
        ttlMs: Number.NaN,
      }),
    ),
  );
}

/** Runs every applicable check of a list on every hostile exchange (a throw fails the test); resolves to how many runs there were. */
export async function runOnHostile(checks: readonly Check[]): Promise<number> {
  let ran = 0;
  for (const exchange of hostileExchanges()) {
    for (const check of checks) {
      if (check.appliesTo(exchange)) {
        ran++;
        await check.run(exchange, checkContext({ scenarioExchanges: hostileExchanges().slice(0, 3) }));
      }
    }
  }
  return ran;
}
