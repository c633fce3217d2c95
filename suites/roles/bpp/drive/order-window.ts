import { rfc3339Seconds, type TimeRange } from "../../../../fixtures/builders/index.js";

/**
 * The delivery window each order of the harness asks for (docs/rules.md "Energy transfer"): inside
 * the offer's window, as early as it allows and never before now, and as short as the harness can
 * watch: half of --transfer-timeout (or a minute when no transfer is watched), cut at the offer's end.
 */
export function orderWindow(offered: TimeRange | undefined, now: number, transferTimeoutMs: number): TimeRange | undefined {
  const offerStart = offered ? Date.parse(offered.start) : Number.NaN;
  const offerEnd = offered ? Date.parse(offered.end) : Number.NaN;
  const start = Math.ceil(Math.max(now, Number.isFinite(offerStart) ? offerStart : now) / 1000) * 1000;
  const length = transferTimeoutMs > 0 ? transferTimeoutMs / 2 : 60_000;
  const end = Math.floor(Math.min(start + length, Number.isFinite(offerEnd) ? offerEnd : Number.POSITIVE_INFINITY) / 1000) * 1000;
  return end > start ? { start: rfc3339Seconds(new Date(start)), end: rfc3339Seconds(new Date(end)) } : undefined;
}

/**
 * Why the transfer of an order with this window cannot be watched: it cannot end within
 * --transfer-timeout of the confirm. Undefined when it can.
 */
export function transferUnwatchable(window: TimeRange | undefined, confirmSentAt: number, transferTimeoutMs: number): string | undefined {
  const end = window ? Date.parse(window.end) : Number.NaN;
  if (!window || !Number.isFinite(end)) {
    return "the order states no delivery window the harness could watch";
  }
  const watchedUntil = confirmSentAt + transferTimeoutMs;
  return end > watchedUntil
    ? `the order's delivery window ends at ${window.end}, after --transfer-timeout (${transferTimeoutMs / 1000} s) from the confirm (${new Date(watchedUntil).toISOString()}); run with a longer --transfer-timeout to watch it`
    : undefined;
}
