import { randomUUID } from "node:crypto";
import type { Clock } from "../../protocol/clock.js";
import type { FaultSet } from "./fault-set.js";
import { lateDelayMs, lazyOtherKey, sendOptionsFor, withBusinessFaults } from "./outgoing-faults.js";
import { withContextFaults } from "./reply-context.js";
import { withOutgoingVariants } from "./outgoing-variants.js";
import type { BppVariants } from "./variants.js";
import type { PlannedCallback } from "./types.js";

/** Turns a step's callback body into what the dispatcher sends, with the outgoing faults. */
export interface Planner {
  /** The callback to a request: business and context faults, signing faults, and the timing faults. */
  solicited(request: Readonly<Record<string, unknown>>, url: string, body: Record<string, unknown>): PlannedCallback[];
  /** An unsolicited on_status: business, context and signing faults, never the timing faults. */
  unsolicited(url: string, body: Record<string, unknown>): PlannedCallback;
}

/** tim.unsolicited-on-search: the same on_search again, under a new message_id. */
function unsolicitedCopy(planned: PlannedCallback): PlannedCallback {
  const context = planned.body["context"] as Record<string, unknown>;
  return { ...planned, body: { ...planned.body, context: { ...context, message_id: randomUUID() } } };
}

/** `signRaw` signs other bytes as the BPP (sch.callback-not-json). */
export function createPlanner(faults: FaultSet, now: Clock, fallbackTtl: string, signRaw: (rawBody: string) => string, variants: BppVariants = new Set()): Planner {
  const keys = { otherKey: lazyOtherKey(), signRaw };
  const finalize = (body: Record<string, unknown>, unsolicited: boolean): Record<string, unknown> => {
    const changed = withBusinessFaults(withOutgoingVariants(body, variants), faults);
    const context = changed["context"] as Record<string, unknown>;
    return { ...changed, context: withContextFaults(context, faults, now, unsolicited) };
  };
  const callback = (url: string, body: Record<string, unknown>, unsolicited: boolean, delayMs?: number): PlannedCallback => {
    const faulty = sendOptionsFor(faults, now, keys, unsolicited);
    const sendOptions = { ...faulty, sign: { now, ...faulty?.sign } };
    return { url, body, sendOptions, ...(delayMs === undefined ? {} : { delayMs }) };
  };
  return {
    solicited(request, url, body) {
      if (faults.has("tim.no-callback")) {
        return [];
      }
      const delay = faults.has("tim.late-callback") ? lateDelayMs(request, fallbackTtl, now()) : undefined;
      const planned = callback(url, finalize(body, false), false, delay);
      if (faults.has("tim.unsolicited-on-search") && url.endsWith("/on_search")) {
        return [planned, unsolicitedCopy(planned)];
      }
      return faults.has("tim.duplicate-callback") ? [planned, { ...planned, delayMs: 0 }] : [planned];
    },
    unsolicited(url, body) {
      return callback(url, finalize(body, true), true);
    },
  };
}
