/** Value formats the protocol relies on, shared by the schemas, the mocks and the checks. */

// RFC 3339 §5.6 NOTE lets applications use a space for the `T` between date and time, as ajv's `date-time` does.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const ZONELESS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DURATION =
  /^P(?!$)(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?=\d)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
/** A decimal string, anchored (core's DecimalValue pattern is not). */
export const DECIMAL_STRING = /^[+-]?([0-9]*[.])?[0-9]+$/;

/** RFC 3339 date-time with a zone (`Z` or an offset), `T` or a space between date and time, and a real calendar date. */
export function isRfc3339DateTime(value: unknown): value is string {
  return typeof value === "string" && value.length <= 64 && RFC3339.test(value) && !Number.isNaN(Date.parse(value));
}

/** An ISO 8601 local date-time with no zone, as the guide writes `time.range` (`2024-10-04T10:00:00`). */
export function isZonelessDateTime(value: unknown): value is string {
  return typeof value === "string" && ZONELESS.test(value) && !Number.isNaN(Date.parse(`${value}Z`));
}

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/**
 * The longest ttl a message may carry: one day. A ttl bounds how long a request waits for its
 * callbacks (core 1.1.0 Context.ttl); no exchange of the guide's flows needs more than minutes, and
 * the signature that carries a message lasts at most this long (MAX_SIGNATURE_LIFETIME_SECONDS).
 */
export const MAX_TTL_MS = 86_400_000;

const UNIT_MS = [365 * 86_400_000, 30 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000];

/**
 * Milliseconds in an ISO 8601 duration (`PT10S`, `PT10M`, `P1D`), or undefined when it does not
 * parse. Years and months count as 365 and 30 days: a ttl needs no calendar.
 */
export function parseIsoDuration(value: unknown): number | undefined {
  if (typeof value !== "string" || value.length > 64) {
    return undefined;
  }
  const match = DURATION.exec(value);
  if (!match) {
    return undefined;
  }
  let total = 0;
  UNIT_MS.forEach((unit, i) => {
    const part = match[i + 1];
    if (part !== undefined) {
      total += Number(part) * unit;
    }
  });
  return total;
}

/**
 * One URL in a comparable form: scheme and host in lower case, a default port dropped (both by
 * WHATWG URL parsing), and trailing slashes of the path trimmed. A string that does not parse is
 * only trimmed of its trailing slashes.
 */
export function comparableUrl(value: string): string {
  try {
    const url = new URL(value);
    url.pathname = url.pathname.replace(/\/+$/, "");
    return url.href.replace(/\/+$/, "");
  } catch {
    return value.replace(/\/+$/, "");
  }
}

/** Two URLs that name the same endpoint, as comparableUrl reads them. */
export function sameUrl(a: unknown, b: unknown): boolean {
  return typeof a === "string" && typeof b === "string" && comparableUrl(a) === comparableUrl(b);
}
