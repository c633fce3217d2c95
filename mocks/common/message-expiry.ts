import { parseIsoDuration } from "../../protocol/formats.js";

/** The clock skew a receiver allows (DESIGN "Timing"). */
export const EXPIRY_SKEW_MS = 5000;

/**
 * Whether a message had expired when it arrived: its `context.timestamp` + `context.ttl` (core 1.1.0
 * Context.ttl: "The duration in ISO8601 format after timestamp for which this message holds valid")
 * lies more than the skew before `nowMs`. A message without a readable timestamp or ttl is not
 * judged here (the profile judges its form).
 */
export function expiredOnArrival(context: Record<string, unknown>, nowMs: number): boolean {
  const stamped = typeof context["timestamp"] === "string" ? Date.parse(context["timestamp"]) : Number.NaN;
  const ttlMs = parseIsoDuration(context["ttl"]);
  return !Number.isNaN(stamped) && ttlMs !== undefined && stamped + ttlMs + EXPIRY_SKEW_MS < nowMs;
}
