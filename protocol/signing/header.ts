/**
 * The BECKN-006 `Authorization` / `X-Gateway-Authorization` header value: formatting, and the one
 * tolerant parser every role uses (so one header gets one verdict everywhere). It also normalises:
 * what it returns is what the header means, with cavage-12's defaults filled in (docs/rules.md
 * "Signatures"). The parser is a hand-written linear tokenizer, so hostile input cannot cause
 * catastrophic backtracking, and values over 8 KiB are refused outright.
 */
export const SIGNED_HEADERS = "(created) (expires) digest";
export const MAX_SIGNATURE_HEADER_LENGTH = 8192;

export interface KeyId {
  readonly subscriberId: string;
  readonly uniqueKeyId: string;
  readonly algorithm: string;
}

export interface SignatureParams {
  readonly keyId: KeyId;
  /** As written; when absent, the keyId's algorithm, else ed25519 (cavage-12 §2.1.3: derived from the keyId). */
  readonly algorithm: string;
  readonly created: number;
  readonly expires: number;
  /** Always BECKN-006's list once parsed: spacing and case normalised; when absent, BECKN-006's list. */
  readonly headers: string;
  readonly signature: string;
}

export type ParseSignatureHeaderResult = { readonly ok: true; readonly params: SignatureParams } | { readonly ok: false; readonly detail: string };

export interface SignatureHeaderInput {
  readonly subscriberId: string;
  readonly uniqueKeyId: string;
  readonly created: number;
  readonly expires: number;
  readonly signature: string;
}

export function formatSignatureHeader(input: SignatureHeaderInput): string {
  const { subscriberId, uniqueKeyId, created, expires, signature } = input;
  return (
    `Signature keyId="${subscriberId}|${uniqueKeyId}|ed25519",algorithm="ed25519",` +
    `created="${created}",expires="${expires}",headers="${SIGNED_HEADERS}",signature="${signature}"`
  );
}

/** cavage-12 §2.1: `algorithm` is RECOMMENDED and `headers` OPTIONAL; these four are REQUIRED. */
const REQUIRED = ["keyid", "created", "expires", "signature"] as const;
type ParamName = (typeof REQUIRED)[number] | "algorithm" | "headers";
const SCHEME = "signature";
const SECONDS = /^\d{1,12}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** The registry's keys are ed25519 (BECKN-006), so a keyId that names no algorithm means ed25519. */
const DEFAULT_ALGORITHM = "ed25519";
/** One entry of a `headers` list: a pseudo-header such as `(created)`, or a header name. */
const HEADER_TOKEN = /\([^()\s]*\)|[^()\s]+/g;

/** A value for a human sentence: quoted, and cut short when long. */
export function shown(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}

function isSpace(char: string | undefined): boolean {
  return char === " " || char === "\t";
}

function isNameChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 45 || code === 95;
}

function describeAt(text: string, at: number): string {
  return at >= text.length ? "the end of the value" : `${shown(text.slice(at, at + 10))} at position ${at}`;
}

/** Reads one value (quoted or bare) starting at `at`; returns it and the position after it. */
function readValue(text: string, at: number, name: string): { value: string; next: number } | string {
  if (text[at] === '"') {
    const end = text.indexOf('"', at + 1);
    if (end < 0) {
      return `the value of "${name}" opens a quote that never closes`;
    }
    return { value: text.slice(at + 1, end), next: end + 1 };
  }
  let i = at;
  while (i < text.length && text[i] !== "," && !isSpace(text[i]) && text[i] !== '"') {
    i++;
  }
  return i === at ? `expected a value for "${name}", found ${describeAt(text, at)}` : { value: text.slice(at, i), next: i };
}

/** Splits `name=value, name="value"` into a map of lower-cased names; a string is an error. */
function readParams(text: string, start: number): Map<string, string> | string {
  const params = new Map<string, string>();
  let i = start;
  for (;;) {
    while (isSpace(text[i])) {
      i++;
    }
    if (i >= text.length) {
      return params;
    }
    const nameStart = i;
    while (i < text.length && isNameChar(text.charCodeAt(i))) {
      i++;
    }
    if (i === nameStart) {
      return `expected a parameter name, found ${describeAt(text, i)}`;
    }
    const name = text.slice(nameStart, i).toLowerCase();
    while (isSpace(text[i])) {
      i++;
    }
    if (text[i] !== "=") {
      return `expected "=" after the parameter "${name}", found ${describeAt(text, i)}`;
    }
    i++;
    while (isSpace(text[i])) {
      i++;
    }
    const read = readValue(text, i, name);
    if (typeof read === "string") {
      return read;
    }
    if (params.has(name)) {
      return `the parameter "${name}" appears twice`;
    }
    params.set(name, read.value);
    i = read.next;
    while (isSpace(text[i])) {
      i++;
    }
    if (i < text.length && text[i] !== ",") {
      return `expected "," after the value of "${name}", found ${describeAt(text, i)}`;
    }
    i++;
  }
}

function splitKeyId(value: string, algorithm: string): KeyId | string {
  const parts = value.split("|");
  const [subscriberId = "", uniqueKeyId = "", alg = algorithm] = parts;
  if ((parts.length !== 3 && parts.length !== 2) || subscriberId === "" || uniqueKeyId === "" || alg === "") {
    return `keyId is ${shown(value)}; expected "subscriber_id|unique_key_id|ed25519"`;
  }
  return { subscriberId, uniqueKeyId, algorithm: alg };
}

/**
 * The `headers` list as BECKN-006 writes it, whatever the spacing and case (ONDC's docs print
 * "(created)(expires)digest"); absent, it is BECKN-006's list, the only one a Beckn signature can
 * cover (cavage-12's own default, "(created)", would leave the body unsigned). Any other list is
 * not a BECKN-006 signature.
 */
function signedHeaders(value: string | undefined): string | { problem: string } {
  if (value === undefined) {
    return SIGNED_HEADERS;
  }
  const list = (value.toLowerCase().match(HEADER_TOKEN) ?? []).join(" ");
  return list === SIGNED_HEADERS ? list : { problem: `headers is ${shown(value)}; expected "${SIGNED_HEADERS}", the list BECKN-006 signs` };
}

function toParams(raw: Map<string, string>): SignatureParams | string {
  const missing = REQUIRED.filter((name) => !raw.has(name));
  if (missing.length > 0) {
    const names = missing.map((name) => (name === "keyid" ? "keyId" : name));
    return `it lacks the parameter(s) ${names.join(", ")}; expected keyId, created, expires and signature (and algorithm and headers, recommended)`;
  }
  const get = (name: ParamName): string => raw.get(name) ?? "";
  const keyId = splitKeyId(get("keyid"), raw.get("algorithm") ?? DEFAULT_ALGORITHM);
  if (typeof keyId === "string") {
    return keyId;
  }
  const algorithm = raw.get("algorithm") ?? keyId.algorithm;
  const headers = signedHeaders(raw.get("headers"));
  if (typeof headers !== "string") {
    return headers.problem;
  }
  for (const name of ["created", "expires"] as const) {
    if (!SECONDS.test(get(name))) {
      return `${name} is ${shown(get(name))}; expected a Unix time in whole seconds`;
    }
  }
  const signature = get("signature");
  // Padding may be left out (RFC 4648 §3.2); a length of 4n+1 is never base64.
  if (signature.length % 4 === 1 || !BASE64.test(signature) || (signature.includes("=") && signature.length % 4 !== 0)) {
    return `signature is ${shown(signature)}; expected standard base64`;
  }
  const created = Number(get("created"));
  const expires = Number(get("expires"));
  return { keyId, algorithm, created, expires, headers, signature };
}

export function parseSignatureHeader(value: string): ParseSignatureHeaderResult {
  if (typeof value !== "string") {
    return { ok: false, detail: `the value is a ${typeof value}; expected a string` };
  }
  if (value.length > MAX_SIGNATURE_HEADER_LENGTH) {
    return { ok: false, detail: `the value is ${value.length} characters long; expected at most ${MAX_SIGNATURE_HEADER_LENGTH}` };
  }
  const text = value.trim();
  if (text.slice(0, SCHEME.length).toLowerCase() !== SCHEME || !isSpace(text[SCHEME.length])) {
    return { ok: false, detail: `it starts with ${shown(text.slice(0, 12))}; expected the scheme "Signature" and a space` };
  }
  const raw = readParams(text, SCHEME.length);
  const params = typeof raw === "string" ? raw : toParams(raw);
  return typeof params === "string" ? { ok: false, detail: params } : { ok: true, params };
}
