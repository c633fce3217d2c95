import { rfc3339Seconds, type TimeRange } from "../../../../fixtures/builders/index.js";
import type { TransferWatch } from "../../../core/check.js";

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

/**
 * What a watch that ended before the transfer completed proves. Cut short by a connection the SUT
 * broke meanwhile (`broken`: a probe it died of), or by the run's budget, nothing either way: a gap,
 * not the SUT's failure (the crash is reported once, on its request: docs/rules.md "A SUT that goes
 * down"). Otherwise the watch stands, and the transfer checks judge the progress it saw.
 */
export function incompleteWatch(watch: TransferWatch, ended: { broken: string | undefined; runDeadline: number; watchedUntil: number }): TransferWatch {
  if (ended.broken) {
    return {
      ...watch,
      notExercised: `the SUT broke the connection of ${ended.broken} while this transfer was watched; the transfer was not judged after that`,
    };
  }
  return ended.runDeadline >= ended.watchedUntil
    ? watch
    : {
        ...watch,
        notExercised: `the run reached --max-time before the transfer completed and before --transfer-timeout (${new Date(ended.watchedUntil).toISOString()}); give the run a longer --max-time`,
      };
}
