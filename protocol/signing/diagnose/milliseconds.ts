/**
 * A header whose created and expires are in milliseconds (`Date.now()`) does not parse: BECKN-006's
 * times are Unix seconds. Read as seconds, the rest of it does; the mistake is then certain, and the
 * signature may verify over the millisecond values as written.
 */
import { verify } from "node:crypto";
import { importPublicKey } from "../../keys.js";
import { blake2b512Base64 } from "../digest.js";
import { parseSignatureHeader, type SignatureParams } from "../header.js";
import { buildSigningString } from "../signing-string.js";
import type { DiagnoseOptions, FoundMistake } from "./types.js";

const MILLISECOND_TIME = /\b(created|expires)(\s*=\s*"?)(\d{13,15})\b/gi;

type KeyOf = (opts: DiagnoseOptions, params: SignatureParams) => Promise<string | undefined>;

function verifiesAsWritten(publicKey: string | undefined, text: string, signature: string): boolean {
  try {
    return publicKey !== undefined && verify(null, Buffer.from(text), importPublicKey(publicKey), Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}

export async function millisecondMistake(opts: DiagnoseOptions, keyOf: KeyOf): Promise<FoundMistake | undefined> {
  const header = opts.header ?? "";
  const written = new Map<string, number>();
  const inSeconds = header.replace(MILLISECOND_TIME, (_all, name: string, between: string, value: string) => {
    written.set(name.toLowerCase(), Number(value));
    return `${name}${between}${Math.floor(Number(value) / 1000)}`;
  });
  const parsed = written.size > 0 ? parseSignatureHeader(inSeconds) : undefined;
  if (!parsed?.ok) {
    return undefined;
  }
  const { params } = parsed;
  const created = written.get("created") ?? params.created;
  const expires = written.get("expires") ?? params.expires;
  const signedString = buildSigningString({ created, expires, digest: blake2b512Base64(opts.rawBody) });
  const verified = verifiesAsWritten(await keyOf(opts, params), signedString, params.signature);
  const note = verified ? "; the signature verifies over them as written" : "";
  return {
    mistake: "times-in-milliseconds",
    explanation: `the header's created and expires are in milliseconds (created ${created}, expires ${expires})${note}; write and sign Unix times in whole seconds (created ${params.created}, expires ${params.expires}) (BECKN-006).`,
    evidence: { created, expires, ...(verified ? { signedString } : {}) },
  };
}
