import type { Clock } from "../../protocol/clock.js";
import type { FaultSet } from "./fault-set.js";
import { lateDelayMs, lazyOtherKey, sendOptionsFor, withBusinessFaults } from "./outgoing-faults.js";
import { withContextFaults } from "./reply-context.js";
import type { PlannedCallback } from "./types.js";

/** Turns a step's callback body into what the dispatcher sends, with the outgoing faults. */
export interface Planner {
  /** The callback to a request: business and context faults, signing faults, and the timing faults. */
  solicited(request: Readonly<Record<string, unknown>>, url: string, body: Record<string, unknown>): PlannedCallback[];
  /** An unsolicited on_status: business, context and signing faults, never the timing faults. */
  unsolicited(url: string, body: Record<string, unknown>): PlannedCallback;
}

export function createPlanner(faults: FaultSet, now: Clock, fallbackTtl: string): Planner {
  const otherKey = lazyOtherKey();
  const finalize = (body: Record<string, unknown>, unsolicited: boolean): Record<string, unknown> => {
    const changed = withBusinessFaults(body, faults);
    const context = changed["context"] as Record<string, unknown>;
    return { ...changed, context: withContextFaults(context, faults, now, unsolicited) };
  };
  const callback = (url: string, body: Record<string, unknown>, delayMs?: number): PlannedCallback => {
    const faulty = sendOptionsFor(faults, now, otherKey);
    const sendOptions = { ...faulty, sign: { now, ...faulty?.sign } };
    return { url, body, sendOptions, ...(delayMs === undefined ? {} : { delayMs }) };
  };
  return {
    solicited(request, url, body) {
      if (faults.has("tim.no-callback")) {
        return [];
      }
      const delay = faults.has("tim.late-callback") ? lateDelayMs(request, fallbackTtl, now()) : undefined;
      const planned = callback(url, finalize(body, false), delay);
      return faults.has("tim.duplicate-callback") ? [planned, { ...planned, delayMs: 0 }] : [planned];
    },
    unsolicited(url, body) {
      return callback(url, finalize(body, true));
    },
  };
}
