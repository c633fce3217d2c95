/**
 * Other JSON for the same value (docs/rules.md "Signatures over the bytes sent"): the harness sends
 * some valid requests written other than compact `JSON.stringify` output, signed over exactly those
 * bytes. BECKN-006 hashes the body as received, so a receiver must accept every one of them; one that
 * re-serialises the parsed body before hashing computes another digest and refuses them.
 */

import type { RawForm } from "../../../results/index.js";

function reversed(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(reversed);
  }
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([key, member]) => [key, reversed(member)]),
    );
  }
  return value;
}

/**
 * The bytes of `body` in the given form; they parse to the same value as `JSON.stringify(body)`.
 * In compact JSON `/` and capital letters occur only inside strings (literals and exponents are
 * lower case), so the escapes change no structure.
 */
export function writeJson(body: unknown, form: RawForm): string {
  switch (form) {
    case "pretty":
      return `${JSON.stringify(body, null, 2)}\n`;
    case "reordered":
      return JSON.stringify(reversed(body));
    case "escaped":
      return JSON.stringify(body).replaceAll("/", "\\/").replaceAll("T", "\\u0054");
  }
}
