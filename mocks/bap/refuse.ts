/** Callbacks the reference BAP refuses though their signatures and schema hold: stale ones, and ones for another BAP. */
import { ERROR, nackBody } from "../../protocol/ack.js";
import { asObject } from "../../protocol/shapes.js";
import type { SyncAnswer } from "../common/inbound.js";
import { expiredOnArrival } from "../common/message-expiry.js";
import type { BapState } from "./state.js";

const refused = (message: string, path: string): SyncAnswer => ({ status: 400, body: nackBody({ code: ERROR.invalidRequest, message, paths: path }) });

/**
 * A coded NACK for a callback that no longer holds valid (its `timestamp + ttl` has passed) or that
 * names another BAP in `bap_id`; undefined for any other. A BAP sends no callbacks, so a NACK is
 * its only way to refuse one.
 */
export function refusalOf(state: BapState, body: unknown): SyncAnswer | undefined {
  const context = asObject(asObject(body)?.["context"]) ?? {};
  if (!state.faults.has("bap.accept-stale-callback") && expiredOnArrival(context, state.now())) {
    return refused("The callback's context.timestamp + ttl has passed: it no longer holds valid.", "$.context.timestamp");
  }
  const bapId = context["bap_id"];
  if (!state.faults.has("bap.accept-misaddressed-callback") && typeof bapId === "string" && bapId !== state.opts.identity.subscriberId) {
    return refused(`context.bap_id names ${bapId}, not this BAP (${state.opts.identity.subscriberId}).`, "$.context.bap_id");
  }
  return undefined;
}
