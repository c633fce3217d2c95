import { HarnessError } from "../protocol/errors.js";

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/** Reads a flag duration such as `2s`, `500ms`, `2m` or a bare number of seconds, into ms. */
export function parseDurationFlag(flag: string, value: string | undefined, fallbackMs: number): number {
  if (value === undefined) {
    return fallbackMs;
  }
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value.trim());
  if (!match) {
    throw new HarnessError("P2PC_ERR_USAGE", `--${flag} "${value}" is not a duration; write it like 2s, 500ms or 2m.`);
  }
  return Math.round(Number(match[1]) * (UNITS[match[2] ?? "s"] ?? 1000));
}
