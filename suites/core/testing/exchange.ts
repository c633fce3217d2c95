import { CLOCK_SKEW_SECONDS } from "../../../protocol/clock.js";
import {
  buildOnStatus,
  buildTransaction,
  DEFAULTS,
  type Descriptor,
  type OrderStatus,
  type Shape,
  type Transaction,
} from "../../../fixtures/builders/index.js";
import { ackBody } from "../../../protocol/ack.js";
import type { Check, CheckContext, Exchange, ExchangeResponse, Expectation, CheckFinding, Probe, ReceivedCallback, TransferWatch } from "../check.js";

/**
 * Test exchanges for the check catalogue: builder messages turned into an `Exchange` (the request,
 * an ACK, its callback matched by message_id, times), plus one named mutation per failing case.
 */

/** The fixed clock of every test exchange: requests and callbacks are stamped at NOW. */
const NOW = Date.parse("2025-05-09T10:00:00.000Z");
/** When a callback arrives, in ms after its request was sent. */
const CALLBACK_AT_MS = 250;

export type Json = Record<string, unknown>;
/** One named change to a deep copy of a message. */
export type Mutation = (body: Json) => void;
export type Segment = string | number;
export type RequestStep = "search" | "select" | "init" | "confirm" | "status" | "update" | "cancel";

/** A coherent transaction stamped at NOW; core 1.1.0 shapes unless told otherwise. */
export function transaction(shape: Shape = "core", seed = 7): Transaction {
  return buildTransaction({ seed, shape, now: () => new Date(NOW) });
}

function container(body: Json, path: readonly Segment[]): Record<string | number, unknown> {
  let node: Record<string | number, unknown> = body;
  for (const [i, segment] of path.slice(0, -1).entries()) {
    const next = node[segment];
    if (typeof next !== "object" || next === null) {
      node[segment] = typeof path[i + 1] === "number" ? [] : {};
    }
    node = node[segment] as Record<string | number, unknown>;
  }
  return node;
}

/** Sets the value at `path`, creating containers on the way; `undefined` deletes the key. */
export function set(path: readonly Segment[], value: unknown): Mutation {
  return (body) => {
    const last = path.at(-1);
    if (last === undefined) {
      return;
    }
    const parent = container(body, path);
    if (value === undefined) {
      Reflect.deleteProperty(parent, last);
    } else {
      parent[last] = structuredClone(value);
    }
  };
}

/** Patches `context`; a key set to `undefined` is removed. */
export function withContext(patch: Record<string, unknown>): Mutation {
  return (body) => {
    for (const [key, value] of Object.entries(patch)) {
      set(["context", key], value)(body);
    }
  };
}

export function compose(...mutations: readonly Mutation[]): Mutation {
  return (body) => {
    for (const mutation of mutations) {
      mutation(body);
    }
  };
}

/** A mutated deep copy. */
function mutated<T>(message: T, mutation?: Mutation): T {
  const copy = structuredClone(message);
  mutation?.(copy as Json);
  return copy;
}

export interface ReceivedOptions {
  readonly matchedBy?: ReceivedCallback["matchedBy"];
  readonly atMs?: number;
  /** The raw bytes, for a body that is not JSON (`body` undefined). */
  readonly rawBody?: string;
}

/** A callback as the receiver records it. */
export function received(body: unknown, opts: ReceivedOptions = {}): ReceivedCallback {
  const context = (body as { context?: { action?: unknown } } | null | undefined)?.context;
  const atMs = opts.atMs ?? CALLBACK_AT_MS;
  return {
    action: typeof context?.action === "string" ? context.action : "unknown",
    headers: { "content-type": "application/json" },
    rawBody: opts.rawBody ?? (body === undefined ? "<html>502 Bad Gateway</html>" : JSON.stringify(body)),
    body,
    atMs,
    receivedAt: NOW + atMs,
    matchedBy: opts.matchedBy ?? "message_id",
  };
}

/** An HTTP answer with a JSON body (an ACK unless told). */
export function answer(status: number, body: unknown = ackBody()): ExchangeResponse {
  return { kind: "response", status, headers: { "content-type": "application/json" }, rawBody: JSON.stringify(body) ?? "", body, headersMs: 20, ms: 25 };
}

/** An HTTP answer whose body is not JSON. */
export function notJson(status: number, rawBody: string): ExchangeResponse {
  return { kind: "response", status, headers: { "content-type": "text/html" }, rawBody, body: undefined, headersMs: 20, ms: 25 };
}

export function failure(kind: Extract<ExchangeResponse, { kind: "failure" }>["failure"], detail: string, connected = true): ExchangeResponse {
  return { kind: "failure", failure: kind, detail, connected, ms: 3000 };
}

export interface ExchangeParts {
  readonly action: string;
  readonly request: unknown;
  readonly callbacks?: readonly ReceivedCallback[];
  readonly response?: ExchangeResponse;
  readonly step?: string;
  readonly expectation?: Expectation;
  readonly expectedErrorCode?: string;
  readonly probe?: Probe;
  /** The mark of a confirm whose energy transfer the driver watched. */
  readonly transfer?: TransferWatch;
}

/** An exchange from its parts: an ACK with HTTP 200 and the step named after the action unless told. */
export function exchangeOf(parts: ExchangeParts): Exchange {
  return {
    id: `${parts.step ?? parts.action}-1`,
    scenario: "checks-test",
    step: parts.step ?? parts.action,
    action: parts.action,
    expectation: parts.expectation ?? "callback",
    ...(parts.expectedErrorCode === undefined ? {} : { expectedErrorCode: parts.expectedErrorCode }),
    ...(parts.probe === undefined ? {} : { probe: parts.probe }),
    ...(parts.transfer === undefined ? {} : { transfer: parts.transfer }),
    viaGateway: parts.action === "search",
    ttlMs: 10_000,
    request: {
      url: `${DEFAULTS.bppUri}${parts.action}`,
      headers: { "content-type": "application/json" },
      rawBody: JSON.stringify(parts.request) ?? "",
      body: parts.request,
      sentAt: NOW,
    },
    response: parts.response ?? answer(200),
    callbacks: parts.callbacks ?? [],
  };
}

export interface StepOptions {
  readonly request?: Mutation;
  readonly callback?: Mutation;
  /** Replaces the callback body (an error callback, a hostile body); `undefined` stays the built one. */
  readonly callbackBody?: unknown;
  readonly matchedBy?: ReceivedCallback["matchedBy"];
  /** No callback at all. */
  readonly silent?: boolean;
  /** Unsolicited callbacks after the solicited one. */
  readonly unsolicited?: readonly unknown[];
  readonly response?: ExchangeResponse;
  readonly step?: string;
  readonly expectation?: Expectation;
  readonly expectedErrorCode?: string;
  readonly transfer?: TransferWatch;
}

/** The exchange of one request of a built transaction, with its callback matched by message_id. */
export function stepExchange(t: Transaction, action: RequestStep, opts: StepOptions = {}): Exchange {
  const callbackBody = "callbackBody" in opts ? opts.callbackBody : mutated(t.messages[`on_${action}`], opts.callback);
  const solicited = opts.silent ? [] : [received(callbackBody, opts.matchedBy === undefined ? {} : { matchedBy: opts.matchedBy })];
  const unsolicited = (opts.unsolicited ?? []).map((body, i) => received(body, { matchedBy: "unsolicited", atMs: 1000 * (i + 1) }));
  return exchangeOf({
    action,
    request: mutated(t.messages[action], opts.request),
    callbacks: [...solicited, ...unsolicited],
    ...(opts.response === undefined ? {} : { response: opts.response }),
    ...(opts.step === undefined ? {} : { step: opts.step }),
    ...(opts.expectation === undefined ? {} : { expectation: opts.expectation }),
    ...(opts.expectedErrorCode === undefined ? {} : { expectedErrorCode: opts.expectedErrorCode }),
    ...(opts.transfer === undefined ? {} : { transfer: opts.transfer }),
  });
}

/** What a check knows beyond its exchange: the builders' BPP as the SUT, a 5 s skew. */
export function checkContext(overrides: Partial<CheckContext> = {}): CheckContext {
  return {
    profile: "p2p-trade-guide-v1",
    sut: { subscriberId: DEFAULTS.bppId, publicKey: "A".repeat(43) + "=", url: DEFAULTS.bppUri },
    harness: { bapId: DEFAULTS.bapId, bapUri: DEFAULTS.bapUri, domain: DEFAULTS.domain },
    skewSeconds: CLOCK_SKEW_SECONDS,
    maxUnsolicited: 100,
    scenarioExchanges: [],
    ...overrides,
  };
}

/** The ids of the checks that apply to the exchange and report a finding, in catalogue order. */
export async function failingIds(checks: readonly Check[], exchange: Exchange, ctx: CheckContext): Promise<string[]> {
  const ids: string[] = [];
  for (const check of checks) {
    if (check.appliesTo(exchange) && (await check.run(exchange, ctx)).length > 0) {
      ids.push(check.id);
    }
  }
  return ids;
}

/** An error callback to one of the transaction's requests: its context and `error`, no `message`. */
export function errorCallback(t: Transaction, action: RequestStep, code: string): Json {
  return { context: structuredClone(t.messages[`on_${action}`].context), error: { code, message: `Refused with ${code}.` } };
}

/** The state an unsolicited on_status reports during the energy transfer. */
export interface Progress {
  readonly status: OrderStatus;
  readonly fulfillment: Descriptor;
}

export const UNDER_WAY: Progress = { status: "ACTIVE", fulfillment: { code: "In-Progress", name: "Energy transfer ongoing" } };
export const COMPLETED: Progress = { status: "COMPLETE", fulfillment: { code: "Completed", name: "Energy transfer completed" } };

/** A fresh, deterministic UUID for the nth unsolicited callback. */
const unsolicitedId = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

/** The unsolicited on_status callbacks of the energy transfer, in order. */
export function progressUpdates(t: Transaction, shape: Shape, steps: readonly Progress[]): Json[] {
  return steps.map((step, i) =>
    buildOnStatus({
      context: { ...t.messages.on_status.context, message_id: unsolicitedId(i + 1) },
      orderId: t.orderId,
      endMeter: t.endMeter,
      shape,
      status: step.status,
      fulfillmentState: step.fulfillment,
    }),
  );
}

/** The exchange the BPP's driver builds to hold the transfer's unsolicited on_status (a `watchTransfer` step, here named `transfer`). */
export function transferExchange(t: Transaction, shape: Shape, steps: readonly Progress[] = [UNDER_WAY, COMPLETED]): Exchange {
  return stepExchange(t, "confirm", { step: "transfer", silent: true, unsolicited: progressUpdates(t, shape, steps), transfer: {} });
}

/** Every step of a clean transaction, search to cancel, plus the energy transfer. */
export function cleanScenario(t: Transaction, shape: Shape): Exchange[] {
  const steps: RequestStep[] = ["search", "select", "init", "confirm", "status", "update", "cancel"];
  return [...steps.map((action) => stepExchange(t, action)), transferExchange(t, shape)];
}

/** A check context whose scenario so far holds the given exchanges. */
function scenarioContext(exchanges: readonly Exchange[], overrides: Partial<CheckContext> = {}): CheckContext {
  return checkContext({ scenarioExchanges: exchanges, ...overrides });
}

const HOSTILE_BODIES: readonly { readonly case: string; readonly body: unknown }[] = [
  { case: "a body that is not JSON", body: undefined },
  { case: "a JSON string", body: "ACK" },
  { case: "a JSON number", body: 42 },
  { case: "null", body: null },
  { case: "an array", body: [{ context: {} }] },
  { case: "an object without context", body: { message: { ack: { status: "ACK" } } } },
  { case: "arrays where objects belong", body: { context: [], message: [], error: [] } },
  { case: "a context of wrong types", body: { context: { action: 5, message_id: {}, timestamp: [], ttl: 10, location: "USA", bpp_uri: 7 } } },
  { case: "an order that is an array", body: { context: { action: "on_select" }, message: { order: [] } } },
  {
    case: "an order with hostile members",
    body: {
      message: {
        order: {
          id: { nested: true },
          state: 5,
          items: [null, 1, "x", { id: [], quantity: [], price: "5" }, { quantity: { selected: { measure: [] }, measure: "10" } }],
          quote: { price: [], breakup: { title: "x" } },
          fulfillments: [null, { stops: {} }, { end: [] }, { stops: [null, { type: 5 }, { type: "END", location: [], time: { range: [] } }] }],
        },
      },
      error: { code: {} },
    },
  },
  {
    case: "an order with numbers where decimal strings belong",
    body: {
      message: {
        order: {
          items: [{ id: "i", price: { value: 5, currency: 1 }, quantity: { selected: { measure: { value: 1e308, unit: null } } } }],
          quote: { price: { value: "9".repeat(100), currency: "USD" }, breakup: [{ price: { value: "1e5", currency: "USD" } }, null] },
          fulfillments: [{ stops: [{ type: "end", location: { address: 5 }, time: { range: { start: "yesterday", end: 0 } } }] }],
        },
      },
    },
  },
  {
    case: "a catalogue of hostile members",
    body: { message: { catalog: { providers: [null, { items: {} }, { items: [null, { tags: {} }, { tags: [{ list: {} }, { list: [null, 3] }] }] }] } } },
  },
  { case: "a catalogue that is an array", body: { message: { catalog: [] } } },
  {
    case: "tags and windows of wrong types",
    body: {
      message: {
        catalog: {
          providers: [
            {
              fulfillments: ["x", { id: "f1", stops: [{ time: { range: { start: "2025-05-10T00:00:00Z", end: 5 } } }, null] }],
              items: [
                {
                  id: "energy-x",
                  fulfillment_ids: {},
                  time: [],
                  tags: [
                    { descriptor: { code: "Certifications" }, list: [null, { descriptor: [] }, 5, { descriptor: { code: {} } }] },
                    { descriptor: [], list: [{ descriptor: { code: "Source_Type" }, value: {} }, { descriptor: { code: "Source_Type" } }] },
                  ],
                },
              ],
            },
          ],
        },
        order: {
          items: [{ id: "energy-x", time: { range: { start: "bad" } } }, { id: [], time: [] }, null],
          fulfillments: [{ stops: [{ type: "end", time: { range: { start: "2025-05-10T03:00:00Z", end: "2025-05-10T04:00:00" } } }] }],
        },
      },
    },
  },
  { case: "an error that is a string", body: { context: {}, error: "broken" } },
];

const STEPS: readonly RequestStep[] = ["search", "select", "init", "confirm", "status", "update", "cancel"];

/** Exchanges around one hostile callback body: every step, solicited and unsolicited, errors and the transfer. */
function aroundCallback(t: Transaction, body: unknown): Exchange[] {
  const callbacks = [received(body), received(body, { matchedBy: "unsolicited", atMs: 900 }), received(body, { matchedBy: "transaction" })];
  return STEPS.flatMap((action) => [
    exchangeOf({ action, request: t.messages[action], callbacks }),
    exchangeOf({ action, request: t.messages[action], callbacks, step: "transfer", transfer: {} }),
    exchangeOf({ action, request: t.messages[action], callbacks, expectation: "error-callback" }),
    ...["30001", "30004", "30010", "30012", "40002"].map((code) =>
      exchangeOf({ action, request: t.messages[action], callbacks, expectation: "error-callback", expectedErrorCode: code }),
    ),
  ]);
}

/** Exchanges whose request or synchronous answer is hostile (a broken probe, a broken SUT). */
function aroundRequest(t: Transaction): Exchange[] {
  const requests: unknown[] = [
    undefined,
    "select",
    [],
    { context: [], message: [] },
    { context: { timestamp: 5, location: [] }, message: { order: { items: [null, { quantity: [] }], fulfillments: {} }, order_id: [] } },
  ];
  const responses: ExchangeResponse[] = [
    answer(200, "ACK"),
    answer(200, []),
    notJson(500, "<html>oops</html>"),
    answer(200, { message: { ack: [] }, error: [] }),
    failure("timeout", "no answer in 3000 ms"),
    failure("refused", "ECONNREFUSED", false),
  ];
  const callbacks = [received(t.messages.on_select)];
  return [
    ...requests.flatMap((request) => STEPS.map((action) => exchangeOf({ action, request, callbacks }))),
    ...responses.map((response) => exchangeOf({ action: "select", request: t.messages.select, callbacks, response })),
  ];
}

/** Hostile cases for the "never throws" tests: each a case name, its exchanges and a context whose scenario is hostile too. */
export function hostileCases(t: Transaction): { case: string; exchanges: Exchange[]; ctx: CheckContext }[] {
  const bodies = HOSTILE_BODIES.map(({ case: name, body }) => {
    const exchanges = aroundCallback(t, body);
    return { case: `a callback that is ${name}`, exchanges, ctx: scenarioContext(exchanges) };
  });
  const requests = aroundRequest(t);
  return [...bodies, { case: "a hostile request or answer", exchanges: requests, ctx: scenarioContext(requests) }];
}

/** Runs every check that applies on every exchange; returns the findings (a throw fails the test). */
export async function runAll(checks: readonly Check[], exchanges: readonly Exchange[], ctx: CheckContext): Promise<CheckFinding[]> {
  const findings: CheckFinding[] = [];
  for (const exchange of exchanges) {
    for (const check of checks) {
      if (check.appliesTo(exchange)) {
        findings.push(...(await check.run(exchange, ctx)));
      }
    }
  }
  return findings;
}
