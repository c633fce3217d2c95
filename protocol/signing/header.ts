/**
 * The BECKN-006 `Authorization` / `X-Gateway-Authorization` header value: formatting, and a
 * tolerant parser. The parser is a hand-written linear tokenizer, so hostile input cannot cause
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
  readonly algorithm: string;
  readonly created: number;
  readonly expires: number;
  readonly headers: string;
  readonly signature: string;
}

export type ParseSignatureHeaderResult =
  | { readonly ok: true; readonly params: SignatureParams }
  | { readonly ok: false; readonly detail: string };

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

const REQUIRED = ["keyid", "algorithm", "created", "expires", "headers", "signature"] as const;
const SCHEME = "signature";
const SECONDS = /^\d{1,12}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

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

function toParams(raw: Map<string, string>): SignatureParams | string {
  const missing = REQUIRED.filter((name) => !raw.has(name));
  if (missing.length > 0) {
    const names = missing.map((name) => (name === "keyid" ? "keyId" : name));
    return `it lacks the parameter(s) ${names.join(", ")}; expected keyId, algorithm, created, expires, headers and signature`;
  }
  const get = (name: (typeof REQUIRED)[number]): string => raw.get(name) ?? "";
  const algorithm = get("algorithm");
  const keyId = splitKeyId(get("keyid"), algorithm);
  if (typeof keyId === "string") {
    return keyId;
  }
  for (const name of ["created", "expires"] as const) {
    if (!SECONDS.test(get(name))) {
      return `${name} is ${shown(get(name))}; expected a Unix time in whole seconds`;
    }
  }
  const signature = get("signature");
  if (signature.length % 4 !== 0 || !BASE64.test(signature)) {
    return `signature is ${shown(signature)}; expected standard padded base64`;
  }
  const created = Number(get("created"));
  const expires = Number(get("expires"));
  return { keyId, algorithm, created, expires, headers: get("headers"), signature };
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
