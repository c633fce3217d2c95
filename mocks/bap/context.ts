import { randomUUID } from "node:crypto";
import { asObject } from "../../protocol/shapes.js";
import type { RequestAction } from "../../schemas/index.js";
import { buildContext, DEFAULTS, type Context } from "../../fixtures/builders/index.js";
import { endpoint } from "../common/send.js";
import type { BapState } from "./state.js";
import type { TransactionSource } from "./trigger-answer.js";

export const STALE_TIMESTAMP_MS = 300_000;
/** How long bap.queued-requests keeps a request in its queue after stamping it: past the 5 s skew. */
export const QUEUE_WAIT_MS = 8000;
/** The ttl bap.queued-requests stamps: it covers the queue's wait and leaves 7 s for the callbacks (a harness outwaits it). */
export const QUEUED_TTL = "PT15S";
/** What the bap.bad-ttl fault writes in place of a duration. */
export const BAD_TTL = "10 seconds";

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/**
 * The transaction a request belongs to: the caller's; else a new one for a search; else the last
 * transaction the BAP sent a request in (so a caller may drive a flow naming only the BPP).
 * bap.trigger-remembers-transaction ignores the caller's after search and always takes its last.
 */
export function transactionIdFor(state: BapState, action: RequestAction, given: string | undefined): { id: string; from: TransactionSource } {
  if (action === "search") {
    if (given !== undefined) {
      return { id: given, from: "caller" };
    }
    return state.faults.has("bap.reuse-transaction-id") && state.lastTransactionId
      ? { id: state.lastTransactionId, from: "last-request" }
      : { id: randomUUID(), from: "new" };
  }
  if (state.faults.has("bap.transaction-id-changes")) {
    return { id: randomUUID(), from: "new" };
  }
  const remembers = state.variants.has("bap.trigger-remembers-transaction");
  if (given !== undefined && !remembers) {
    return { id: given, from: "caller" };
  }
  return state.lastTransactionId
    ? { id: state.lastTransactionId, from: "last-request" }
    : { id: given ?? randomUUID(), from: given === undefined ? "new" : "caller" };
}

/** The caller's ttl, else the BAP's (bap.queued-requests: one that covers its queue); the bap.bad-ttl fault writes a duration that is not ISO 8601. */
function ttlFor(state: BapState, given: string | undefined): string {
  const own = state.variants.has("bap.queued-requests") ? QUEUED_TTL : (state.opts.ttl ?? DEFAULTS.ttl);
  return state.faults.has("bap.bad-ttl") ? BAD_TTL : (given ?? own);
}

/** How long before sending the request was stamped: a fault's stale stamp, or bap.queued-requests' queue. */
function stampedBeforeSending(state: BapState): number {
  return state.faults.has("bap.stale-timestamp") ? STALE_TIMESTAMP_MS : state.variants.has("bap.queued-requests") ? QUEUE_WAIT_MS : 0;
}

/** The BAP's own URL; it must be known before the BAP can send anything. */
export function bapUriOf(state: BapState): string {
  if (!state.publicUrl) {
    throw new Error("The BAP does not know its public URL yet; call setPublicUrl() (startBap does) before triggering.");
  }
  return state.faults.has("bap.wrong-bap-uri") ? endpoint(state.publicUrl, "wrong-bap-uri") : state.publicUrl;
}

/**
 * Completes a caller's partial context as the trigger contract says, in the transaction
 * `transactionIdFor` chose. Taken from the caller when given: `domain`, `location` (city and country
 * codes), `ttl`, `bpp_id`, `bpp_uri`. Always the BAP's own: `action`, `version` 1.1.0, `bap_id`, `bap_uri`, a new UUID
 * `message_id` and `timestamp` now (RFC 3339, UTC, Z). Other keys are dropped.
 */
export function completeContext(state: BapState, action: RequestAction, partial: Record<string, unknown>, transactionId: string): Context {
  const location = asObject(partial["location"]);
  const city = text(asObject(location?.["city"])?.["code"]) ?? state.opts.city;
  const country = text(asObject(location?.["country"])?.["code"]) ?? state.opts.country;
  const bppId = action !== "search" && state.faults.has("bap.missing-bpp-id") ? undefined : text(partial["bpp_id"]);
  const bppUri = text(partial["bpp_uri"]);
  const reuse = state.faults.has("bap.reuse-message-id") ? state.lastMessageId : undefined;
  const skew = stampedBeforeSending(state);
  return buildContext({
    action,
    transactionId,
    messageId: reuse ?? randomUUID(),
    now: () => new Date(state.now() - skew),
    ttl: ttlFor(state, text(partial["ttl"])),
    domain: text(partial["domain"]) ?? state.opts.domain ?? DEFAULTS.domain,
    ...(city === undefined ? {} : { city }),
    ...(country === undefined ? {} : { country }),
    version: "1.1.0",
    bapId: state.opts.identity.subscriberId,
    bapUri: bapUriOf(state),
    ...(bppId === undefined ? {} : { bppId }),
    ...(bppUri === undefined ? {} : { bppUri }),
  });
}
