import type { ByteDifference } from "./types.js";

const EXCERPT_BYTES = 16;

/** A short excerpt as printable ASCII: every other byte becomes an escape, so no control character leaks. */
export function escapedExcerpt(bytes: Uint8Array, from: number): string {
  const slice = bytes.subarray(from, from + EXCERPT_BYTES);
  let text = "";
  for (const byte of slice) {
    if (byte === 0x0a) {
      text += "\\n";
    } else if (byte === 0x0d) {
      text += "\\r";
    } else if (byte === 0x09) {
      text += "\\t";
    } else if (byte === 0x5c) {
      text += "\\\\";
    } else {
      text += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, "0")}`;
    }
  }
  const more = from + EXCERPT_BYTES < bytes.length ? "…" : "";
  return slice.length === 0 ? "(the end)" : `${text}${more}`;
}

/** Where `expected` and `signed` first differ; undefined when they are equal. */
export function firstDifference(expected: Uint8Array, signed: Uint8Array): ByteDifference | undefined {
  const length = Math.min(expected.length, signed.length);
  let offset = 0;
  while (offset < length && expected[offset] === signed[offset]) {
    offset++;
  }
  if (offset === expected.length && offset === signed.length) {
    return undefined;
  }
  return { offset, expected: escapedExcerpt(expected, offset), signed: escapedExcerpt(signed, offset) };
}

/** "; the bytes you sent differ from those at byte 17 (`"message"…` where the signature covers `"context"…`)", led by `lead`. */
export function describeDifference(difference: ByteDifference | undefined, lead: string): string {
  if (difference === undefined) {
    return "";
  }
  return `; ${lead} at byte ${difference.offset} (\`${difference.expected}\` where the signature covers \`${difference.signed}\`)`;
}
