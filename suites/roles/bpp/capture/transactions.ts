/**
 * Captured traffic as the BPP's exchanges, grouped by transaction: each request with its synchronous
 * answer and the callbacks the live correlator (../drive/correlator.ts) attributes to it. The capture
 * is replayed in order of time through the same Correlator a live run uses, so a callback is paired
 * by the same rules (docs/rules.md "Callback attribution"): by message_id, an unmatched on_status
 * after an ACKed confirm as unsolicited, at a request's deadline by transaction and action.
 */
import { parseIsoDuration } from "../../../../protocol/formats.js";
import { ackStatusOf } from "../../../../protocol/ack.js";
import { asObject } from "../../../../protocol/shapes.js";
import type { Exchange, ExchangeResponse } from "../../../core/check.js";
import { contextOfBody, isCallbackAction, type CapturedMessage } from "../../../core/capture/captured.js";
import { Correlator, type Pending } from "../drive/correlator.js";
import { splitByBpp } from "./by-bpp.js";
import { BPP_HOPS, oneHopEach } from "../../../core/capture/hops.js";

/** A request's ttl when its context names none: core's examples and the harness's own default. */
export const DEFAULT_TTL_MS = 30_000;

/** The transaction a message without `context.transaction_id` is filed under. */
export const NO_TRANSACTION = "(no transaction_id)";

/** Who took part, as the requests' and callbacks' contexts name them. */
export interface Participants {
  readonly bapId?: string;
  readonly bapUri?: string;
  readonly bppId?: string;
  readonly bppUri?: string;
}

/** One transaction of the capture: its exchanges in order, and the callbacks no request of the capture answers. */
export interface CapturedTransaction {
  readonly transactionId: string;
  readonly participants: Participants;
  readonly exchanges: readonly Exchange[];
  /** Callbacks of a transaction none of whose requests is in the capture: nothing to pair them with. */
  readonly unpaired: readonly CapturedMessage[];
  /** Whether every message of the transaction was recorded on the wire (a HAR): with its headers and the time it was sent or arrived. */
  readonly onTheWire: boolean;
}

const str = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);
const transactionOf = (m: CapturedMessage): string => str(contextOfBody(m.body)["transaction_id"]) ?? NO_TRANSACTION;

/** What the capture does not hold: no answer recorded (a log of bodies, or a HAR entry without one). */
const NOT_RECORDED: ExchangeResponse = { kind: "failure", failure: "other", detail: "The capture holds no synchronous answer.", connected: false, ms: 0 };

interface Sent {
  readonly message: CapturedMessage;
  readonly pending: Pending;
  readonly deadline: number;
}

type Event = { readonly at: number; readonly run: () => void };

/**
 * What the BPP made of the request, read from its reply: a capture does not say what was expected,
 * so a request the BPP refused in business terms (its reply carries `error`, the way core 1.1.0 Error
 * is "sent ... with the callback") is judged as one owed an error callback, never by the checks of
 * an accepted order; every other request as one owed its on_<action>.
 */
function expectationOf(callbacks: Pending["callbacks"]): Exchange["expectation"] {
  const refused = callbacks.some((c) => c.matchedBy !== "unsolicited" && asObject(asObject(c.body)?.["error"]) !== undefined);
  return refused ? "error-callback" : "callback";
}

function exchangeOf(sent: Sent, index: number): Exchange {
  const { message, pending } = sent;
  const context = contextOfBody(message.body);
  return {
    id: message.exchangeId ?? `${message.source}`,
    scenario: transactionOf(message),
    step: `${message.action}#${index + 1}`,
    action: message.action,
    expectation: expectationOf(pending.callbacks),
    viaGateway: false,
    ttlMs: parseIsoDuration(context["ttl"]) ?? DEFAULT_TTL_MS,
    request: {
      url: message.url ?? (str(context["bpp_uri"]) ? `${String(context["bpp_uri"]).replace(/\/+$/, "")}/${message.action}` : message.action),
      headers: message.headers ?? {},
      rawBody: message.rawBody,
      body: message.body,
      sentAt: message.at,
    },
    response: message.response ?? NOT_RECORDED,
    callbacks: [...pending.callbacks],
  };
}

const callbackKey = (c: { readonly action: string; readonly rawBody: string; readonly receivedAt: number }): string =>
  `${c.receivedAt}\u0000${c.action}\u0000${c.rawBody}`;

function participantsOf(messages: readonly CapturedMessage[]): Participants {
  const pick = (field: string, callbacks: boolean): string | undefined =>
    messages
      .filter((m) => isCallbackAction(m.action) === callbacks)
      .map((m) => str(contextOfBody(m.body)[field]))
      .find((v) => v !== undefined);
  const bppId = pick("bpp_id", true) ?? pick("bpp_id", false);
  const bppUri = pick("bpp_uri", false) ?? pick("bpp_uri", true);
  const bapId = pick("bap_id", false) ?? pick("bap_id", true);
  const bapUri = pick("bap_uri", false) ?? pick("bap_uri", true);
  return { ...(bapId ? { bapId } : {}), ...(bapUri ? { bapUri } : {}), ...(bppId ? { bppId } : {}), ...(bppUri ? { bppUri } : {}) };
}

/**
 * When the BPP ACKed a confirm: when its ACK arrived, where the capture has the answer; where it has
 * none (a log of bodies), when its on_confirm arrived, since a BPP calls back only what it ACKed
 * (core 1.1.0 Ack.status). Undefined for a NACK, or no answer and no on_confirm.
 */
function ackTime(confirm: CapturedMessage, callbacks: readonly CapturedMessage[]): number | undefined {
  const r = confirm.response;
  if (r !== undefined) {
    return r.kind === "response" && ackStatusOf(r.body) === "ACK" ? (r.headersAt ?? confirm.at) : undefined;
  }
  const id = contextOfBody(confirm.body)["message_id"];
  return callbacks.find((c) => c.action === "on_confirm" && contextOfBody(c.body)["message_id"] === id)?.at;
}

/** At the end of the capture: each transaction's callbacks still unclaimed are unsolicited (rule 4), kept with its confirm or its first request. */
function claimLeftovers(correlator: Correlator, sent: readonly Sent[]): void {
  const firsts = new Map<string, Pending>();
  for (const { pending } of sent) {
    if (!firsts.has(pending.transactionId)) {
      firsts.set(pending.transactionId, pending);
    }
  }
  for (const [transactionId, first] of firsts) {
    correlator.claimLeftovers(transactionId, first);
  }
}

/** The callbacks the correlator attributed to no request (one without a transaction id that no deadline claimed). */
function unattributed(sent: readonly Sent[], callbacks: readonly CapturedMessage[]): CapturedMessage[] {
  const attached = new Map<string, number>();
  for (const c of sent.flatMap((s) => s.pending.callbacks)) {
    attached.set(callbackKey(c), (attached.get(callbackKey(c)) ?? 0) + 1);
  }
  return callbacks.filter((m) => {
    const key = callbackKey({ action: m.action, rawBody: m.rawBody, receivedAt: m.at });
    const n = attached.get(key) ?? 0;
    attached.set(key, n - 1);
    return n <= 0;
  });
}

/** Sends a request into the replay: registered with the correlator, and its ACK, if a confirm's, scheduled as an event. */
function sendEvent(message: CapturedMessage, correlator: Correlator, callbacks: readonly CapturedMessage[], sent: Sent[], events: Event[]): Event {
  return {
    at: message.at,
    run: () => {
      const context = contextOfBody(message.body);
      const ids = { messageId: String(context["message_id"]), transactionId: String(context["transaction_id"]) };
      const pending = correlator.register({ exchangeId: message.source, ...ids, action: message.action, sentAt: message.at }, message.body);
      sent.push({ message, pending, deadline: message.at + (parseIsoDuration(context["ttl"]) ?? DEFAULT_TTL_MS) });
      const ackedAt = message.action === "confirm" ? ackTime(message, callbacks) : undefined;
      if (ackedAt !== undefined) {
        // never before this event (an ACK comes after its request), so the events already run keep their places
        events.push({ at: ackedAt, run: () => correlator.confirmAcked(pending) });
        events.sort((x, y) => x.at - y.at);
      }
    },
  };
}

/** Replays the capture through one Correlator: requests, their ACKs and callbacks in order of time, each request's deadline at its timestamp + ttl. */
function replay(requests: readonly CapturedMessage[], callbacks: readonly CapturedMessage[]): { sent: Sent[]; leftovers: CapturedMessage[] } {
  const correlator = new Correlator();
  const sent: Sent[] = [];
  const closed = new Set<Sent>();
  const events: Event[] = [];
  events.push(...requests.map((message) => sendEvent(message, correlator, callbacks, sent, events)));
  for (const m of callbacks) {
    events.push({ at: m.at, run: () => correlator.accept({ action: m.action, headers: m.headers ?? {}, rawBody: m.rawBody, body: m.body, receivedAt: m.at }) });
  }
  events.sort((a, b) => a.at - b.at);
  const closeUntil = (at: number): void => {
    for (const s of sent.filter((s) => !closed.has(s) && s.deadline <= at).sort((a, b) => a.deadline - b.deadline)) {
      closed.add(s);
      correlator.claimAtDeadline(s.pending, true);
    }
  };
  for (let i = 0; i < events.length; i += 1) {
    const event = events[i] as Event;
    closeUntil(event.at);
    event.run();
  }
  closeUntil(Number.POSITIVE_INFINITY);
  claimLeftovers(correlator, sent);
  return { sent, leftovers: unattributed(sent, callbacks) };
}

/** One BPP's part of the capture as its transactions (see transactionsOf). */
function transactionsOfPart(messages: readonly CapturedMessage[]): CapturedTransaction[] {
  const requests = messages.filter((m) => !isCallbackAction(m.action));
  const { sent, leftovers: unpaired } = replay(
    requests,
    messages.filter((m) => isCallbackAction(m.action)),
  );
  const order = [...new Set([...messages].sort((a, b) => a.at - b.at).map(transactionOf))];
  return order.map((transactionId) => {
    const mine = sent.filter((s) => transactionOf(s.message) === transactionId).sort((a, b) => a.message.at - b.message.at);
    const all = messages.filter((m) => transactionOf(m) === transactionId);
    return {
      transactionId,
      participants: participantsOf(all),
      exchanges: mine.map(exchangeOf),
      unpaired: unpaired.filter((m) => transactionOf(m) === transactionId),
      onTheWire: all.every((m) => m.headers !== undefined),
    };
  });
}

/**
 * The capture's transactions, per BPP (by-bpp.ts: a capture of several BPPs is paired and judged
 * one BPP at a time, as live), each in order of its first message. Every callback goes through the
 * correlator, whatever transaction it names (a reply carrying another transaction id is still its
 * request's, by message_id, and CTX-002 judges it); one it attributes to no request is `unpaired`.
 * A message captured at both hops through a gateway counts once: a request as the BPP received it, a
 * callback as the BPP sent it (suites/core/capture/hops.ts).
 */
export function transactionsOf(messages: readonly CapturedMessage[]): CapturedTransaction[] {
  return [...splitByBpp(oneHopEach(messages, BPP_HOPS)).values()].flatMap(transactionsOfPart);
}
