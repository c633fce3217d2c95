/** Callbacks the reference BAP refuses though their signatures and schema hold: stale ones, and ones for another BAP. */
import { ERROR, nackBody } from "../../protocol/ack.js";
import { parseIsoDuration } from "../../protocol/formats.js";
import { asObject } from "../../protocol/shapes.js";
import type { SyncAnswer } from "../common/inbound.js";
import type { BapState } from "./state.js";

/** The clock skew the BAP allows a sender (the same 5 s as its signature check). */
const SKEW_MS = 5000;

const refused = (message: string, path: string): SyncAnswer => ({ status: 400, body: nackBody({ code: ERROR.invalidRequest, message, paths: path }) });

/** core 1.1.0 Context.ttl: "The duration … after timestamp for which this message holds valid". */
function stale(context: Record<string, unknown>, now: number): boolean {
  const at = typeof context["timestamp"] === "string" ? Date.parse(context["timestamp"]) : Number.NaN;
  const ttl = parseIsoDuration(context["ttl"]);
  return !Number.isNaN(at) && ttl !== undefined && at + ttl + SKEW_MS < now;
}

/**
 * A coded NACK for a callback that no longer holds valid (its `timestamp + ttl` has passed) or that
 * names another BAP in `bap_id`; undefined for any other. A BAP sends no callbacks, so a NACK is
 * its only way to refuse one.
 */
export function refusalOf(state: BapState, body: unknown): SyncAnswer | undefined {
  const context = asObject(asObject(body)?.["context"]) ?? {};
  if (!state.faults.has("bap.accept-stale-callback") && stale(context, state.now())) {
    return refused("The callback's context.timestamp + ttl has passed: it no longer holds valid.", "$.context.timestamp");
  }
  const bapId = context["bap_id"];
  if (!state.faults.has("bap.accept-misaddressed-callback") && typeof bapId === "string" && bapId !== state.opts.identity.subscriberId) {
    return refused(`context.bap_id names ${bapId}, not this BAP (${state.opts.identity.subscriberId}).`, "$.context.bap_id");
  }
  return undefined;
}
