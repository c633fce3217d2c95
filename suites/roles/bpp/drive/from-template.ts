/**
 * A step made from a capture (`scenario from-har`) replays the message the BAP sent, with what
 * depends on the moment and on the SUT's data made the replay's own: the capture's order id becomes
 * the one the replayed on_confirm gave; its provider and item ids become the replayed offer's when
 * the replayed catalogue has no such provider or item; its times move by the time since the capture,
 * so a delivery window keeps its place relative to now. (The context, ids and signature are fresh.)
 */
import type { CaptureOrigin } from "./scenario.js";

/** What the replay has learnt that the capture's ids are bound to. */
export interface ReplayIds {
  readonly orderId?: string;
  readonly offer?: { readonly providerId: string; readonly itemId: string };
  /** Every provider and item id of the replayed on_search. */
  readonly catalogueIds?: ReadonlySet<string>;
}

export type Rebound = { readonly ok: true; readonly message: Record<string, unknown> } | { readonly ok: false; readonly reason: string };

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** A time moved by `shiftMs`, written as the capture wrote it (with or without milliseconds), in UTC. */
function shifted(value: string, shiftMs: number): string {
  const moved = new Date(Date.parse(value) + shiftMs).toISOString();
  return /\.\d+/.test(value) ? moved : moved.replace(/\.\d{3}Z$/, "Z");
}

/** The replay's value for one string of the template, or why there is none. */
function bind(value: string, bindings: CaptureOrigin["bindings"], replay: ReplayIds, shiftMs: number): string | { readonly missing: string } {
  if (value === bindings.orderId) {
    return replay.orderId ?? { missing: "no order was confirmed in this scenario (its on_confirm gave no order id)" };
  }
  const known = (id: string): boolean => replay.catalogueIds?.has(id) === true;
  if (value === bindings.providerId && !known(value)) {
    return replay.offer?.providerId ?? { missing: "the SUT's on_search gave no offer to order from" };
  }
  if (value === bindings.itemId && !known(value)) {
    return replay.offer?.itemId ?? { missing: "the SUT's on_search gave no offer to order from" };
  }
  return DATE_TIME.test(value) && Number.isFinite(Date.parse(value)) ? shifted(value, shiftMs) : value;
}

/** The template's message for the replay, or why it cannot be sent yet. */
export function rebound(message: Record<string, unknown>, capture: CaptureOrigin | undefined, replay: ReplayIds, now: number = Date.now()): Rebound {
  const bindings = capture?.bindings ?? {};
  const capturedAt = capture ? Date.parse(capture.capturedAt) : Number.NaN;
  const shiftMs = Number.isFinite(capturedAt) ? Math.round((now - capturedAt) / 1000) * 1000 : 0;
  let missing: string | undefined;
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") {
      const bound = bind(value, bindings, replay, shiftMs);
      if (typeof bound === "string") {
        return bound;
      }
      missing ??= bound.missing;
      return value;
    }
    if (Array.isArray(value)) {
      return value.map(walk);
    }
    if (typeof value === "object" && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    }
    return value;
  };
  const out = walk(message) as Record<string, unknown>;
  return missing === undefined ? { ok: true, message: out } : { ok: false, reason: missing };
}
