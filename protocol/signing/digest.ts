import { createHash } from "node:crypto";

/**
 * BLAKE2b with a 64-byte output ("BLAKE-512" in BECKN-006) over the exact raw body bytes,
 * as standard padded base64 (88 characters). A string is hashed as its UTF-8 bytes.
 */
export function blake2b512Base64(raw: Uint8Array | string): string {
  return createHash("blake2b512").update(raw).digest("base64");
}
