/**
 * What was exchanged with the system under test (DESIGN "Core types"): each request the harness
 * sent, its synchronous answer and the callbacks attributed to it, with their raw bytes.
 */
import type { Severity } from "./check-result.js";

/** The other JSON forms a valid request may be written in (suites/core/probes/raw-forms.ts writes them). */
/**
 * `pretty`: indented by two spaces, with a final newline. `reordered`: compact, every object's
 * members in reverse order. `escaped`: compact, every `/` written `\/` and every `T` written `\u0054`.
 */
export type RawForm = "pretty" | "reordered" | "escaped";

/** One callback that arrived at the harness's receiver, kept with its raw bytes. */
export interface ReceivedCallback {
  readonly action: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly rawBody: string;
  readonly body: unknown;
  /** Arrival, in ms since the request of its exchange was sent. */
  readonly atMs: number;
  /** Arrival, as wall-clock ms since the epoch (for timestamp checks). */
  readonly receivedAt: number;
  /** How it was attributed to its exchange (DESIGN "A run", step 4). */
  readonly matchedBy: "message_id" | "unsolicited" | "transaction_and_action" | "transaction" | "endpoint";
  /**
   * The harness's own answer, where it is evidence: to a registry's on_subscribe, 200 when the
   * challenge decrypted with the registry's published key, 400 when it did not.
   */
  readonly reply?: { readonly status: number; readonly note: string };
  /**
   * Which of the harness's participants it reached, where the harness plays several (the BPPs and
   * the BAP a gateway under test forwards to): their subscriber id and base URL.
   */
  readonly receivedBy?: { readonly subscriberId: string; readonly url: string };
}

/** How a request failed to get a whole answer (protocol/http/post.ts `NetworkFailure`). */
export type NetworkFailure = "refused" | "dns" | "timeout" | "reset" | "too-large" | "other";

/**
 * The synchronous answer, or how the connection failed: the outcome of the bounded request
 * (protocol/http/post.ts `HttpOutcome`), recorded as it came. results/ imports no other layer, so the
 * type is written here too; suites/core/record.ts fails to compile if the two ever differ.
 */
export type ExchangeResponse =
  | {
      readonly kind: "response";
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly rawBody: string;
      /** The parsed JSON body, or undefined when it is not JSON (or not UTF-8, or nested deeper than the bounded parser takes). */
      readonly body: unknown;
      /** When the response headers arrived (ms since sent, on the monotonic clock): the ACK's latency. */
      readonly headersMs: number;
      /**
       * When the response headers arrived, as wall-clock ms since the epoch: the clock callbacks'
       * `receivedAt` is read on, so "a callback before its ACK" compares two times of one clock.
       */
      readonly headersAt?: number;
      /** When the whole body had arrived (ms since sent). */
      readonly ms: number;
    }
  | {
      readonly kind: "failure";
      readonly failure: NetworkFailure;
      readonly detail: string;
      /** Whether a TCP connection was made before it failed (DESIGN: after connect, it is the SUT's fault). */
      readonly connected: boolean;
      readonly ms: number;
    };

/** What a scenario step expects of the SUT for its request. */
export type Expectation =
  /** A valid request: an ACK, then an on_<action> with a `message`. */
  | "callback"
  /** A valid request the SUT must refuse in business terms: an ACK, then an on_<action> with `error.code`. */
  | "error-callback"
  /** A forged or broken request: a NACK (401 for signatures, 400 for bodies), and no callback in the quiet window. */
  | "nack"
  /** The idempotency probe: an ACK or a coded NACK, and no second order. */
  | "ack-or-nack"
  /** A request judged by its synchronous answer alone (a registry lookup, the registry's keys at GET /). */
  | "answer";

/**
 * The values a step's callback must carry that do not depend on the data (`scenario from-har`: what
 * the captured callback carried). Each is judged only when given; lists are compared as sets.
 */
export interface ExpectedValues {
  /** The actions of the callbacks that answer the request (`on_select`, …). */
  readonly callbacks?: readonly string[];
  /** The order's state (`order.status`, or core's `order.state.descriptor.code`). */
  readonly orderState?: string;
  /** The fulfillments' states. */
  readonly fulfillmentStates?: readonly string[];
  /** The units of the ordered items' quantities. */
  readonly units?: readonly string[];
  /** The currencies of the quote and its breakup. */
  readonly currencies?: readonly string[];
  /** The ordered items' quantities, as decimal numbers. */
  readonly quantities?: readonly string[];
}

/** Set on requests the harness deliberately broke (DESIGN "Contracts": forgeries and negatives). */
export interface Probe {
  readonly kind: "forgery" | "negative" | "duplicate";
  /** e.g. `tampered-body`, `expired`, `no-context`, `missing-order-id`. */
  readonly name: string;
  /** MUST probes fail when accepted; SHOULD probes warn (a wrong type or unit deep inside). */
  readonly severity: Severity;
}

/** One request the harness sent and everything that came back for it. */
export interface Exchange {
  readonly id: string;
  readonly scenario: string;
  readonly step: string;
  readonly action: string;
  readonly expectation: Expectation;
  /** The BECKN-005 code an error callback must carry (30001, 30004, 30010, 30012, 40002), when one is expected. */
  readonly expectedErrorCode?: string;
  /** What the callback must carry beyond what the protocol requires: a scenario made from a capture expects what the capture showed (SCN-001). */
  readonly expectedValues?: ExpectedValues;
  readonly probe?: Probe;
  /** How the request's JSON was written, when not compact (suites/core/probes/raw-forms.ts): a valid request all the same. */
  readonly rawForm?: RawForm;
  /** Whether the request went through the harness's gateway (search only). */
  readonly viaGateway: boolean;
  /** The request's ttl in ms: callbacks are due before `timestamp + ttl`. */
  readonly ttlMs: number;
  /** How long the harness watched for callbacks of a probe that must get none. */
  readonly quietWindowMs?: number;
  readonly request: {
    readonly url: string;
    readonly headers: Readonly<Record<string, string>>;
    readonly rawBody: string;
    readonly body: unknown;
    /** Wall-clock ms since the epoch when it was sent. */
    readonly sentAt: number;
  };
  readonly response: ExchangeResponse;
  /** Callbacks attributed to this request (DESIGN "A run", step 4), solicited or unsolicited. */
  readonly callbacks: readonly ReceivedCallback[];
  /**
   * Set when --max-time ended the wait for this request's callback before its ttl, with no reply
   * yet: a missing callback is then not the SUT's failure, and the checks that judge one do not run
   * on it (a gap, docs/rules.md "Coverage").
   */
  readonly cutShort?: string;
  /**
   * Set on the confirm of a step that watches the energy transfer (the scenario's `watchTransfer`), and
   * only there, whatever the step is named: the window it ordered, and why it was not watched, if so.
   */
  readonly transfer?: TransferWatch;
}

/** What the harness knows of a confirmed order's energy transfer (docs/rules.md "Energy transfer"). */
export interface TransferWatch {
  /** The delivery window the harness's order asked for (RFC 3339). */
  readonly window?: { readonly start: string; readonly end: string };
  /** Set when the window cannot end within --transfer-timeout of confirm: the transfer checks are not exercised. */
  readonly notExercised?: string;
}

/**
 * When the callbacks of an exchange were due: the request's own `context.timestamp` (or when it was
 * sent, if that is earlier or unreadable) plus its ttl. Both ends are read on the harness's clock,
 * so no skew applies. TIM-002 judges by it and report.html's sequence view marks "late" by it.
 */
export function callbackDeadline(exchange: Exchange): number {
  const stamped = Date.parse(String((exchange.request.body as { context?: { timestamp?: unknown } } | undefined)?.context?.timestamp));
  return (Number.isFinite(stamped) ? Math.min(stamped, exchange.request.sentAt) : exchange.request.sentAt) + exchange.ttlMs;
}
