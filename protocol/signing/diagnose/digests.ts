/** Other digests a signer puts under the `BLAKE-512=` label: another hash, or BLAKE2b-512 in another encoding. */
import { createHash } from "node:crypto";
import { blake2b } from "@noble/hashes/blake2.js";
import type { SignatureMistake } from "./types.js";

export interface DigestForm {
  readonly mistake: SignatureMistake;
  /** "SHA-256 in base64" */
  readonly description: string;
  readonly value: string;
}

export function digestForms(raw: Buffer): DigestForm[] {
  const blake512 = createHash("blake2b512").update(raw).digest();
  return [
    { mistake: "digest-sha512", description: "SHA-512 in base64", value: createHash("sha512").update(raw).digest("base64") },
    { mistake: "digest-sha256", description: "SHA-256 in base64", value: createHash("sha256").update(raw).digest("base64") },
    {
      mistake: "digest-blake2b-256",
      description: "BLAKE2b-256 (a 32-byte BLAKE2b) in base64",
      value: Buffer.from(blake2b(raw, { dkLen: 32 })).toString("base64"),
    },
    { mistake: "digest-hex", description: "BLAKE2b-512 in hex", value: blake512.toString("hex") },
    { mistake: "digest-base64url", description: "BLAKE2b-512 in base64url", value: blake512.toString("base64url") },
    { mistake: "digest-unpadded", description: "BLAKE2b-512 in base64 without its == padding", value: blake512.toString("base64").replace(/=+$/, "") },
  ];
}
