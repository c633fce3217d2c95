/**
 * Other serialisations of the body received: what a signer hashed when it signed an object it then
 * serialised again, instead of the bytes it sent (BECKN-006: the digest is over the raw body).
 */
import type { SignatureMistake } from "./types.js";

/** Bodies larger than this are not re-serialised: the search stays cheap. */
export const MAX_RESERIALISED_BYTES = 1_048_576;

export interface BodyForm {
  readonly mistake: SignatureMistake;
  /** "the body with its keys sorted" */
  readonly description: string;
  readonly bytes: Buffer;
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortedKeys);
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    // fromEntries defines own properties, so a "__proto__" key stays a key.
    return Object.fromEntries(entries.map(([key, item]) => [key, sortedKeys(item)]));
  }
  return value;
}

/** The text without the whitespace between JSON tokens (strings kept as written). */
function withoutWhitespace(text: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (inString) {
      out += char;
      if (char === "\\") {
        out += text[++i] ?? "";
      } else if (char === '"') {
        inString = false;
      }
    } else if (char === '"') {
      inString = true;
      out += char;
    } else if (char !== " " && char !== "\n" && char !== "\r" && char !== "\t") {
      out += char;
    }
  }
  return out;
}

function parsed(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

type TextForm = Omit<BodyForm, "bytes"> & { text: string };

/** The JSON serialisations, or none when the body is not JSON or too deep to serialise again. */
function jsonForms(text: string): TextForm[] {
  try {
    return serialisations(text);
  } catch {
    return []; // nested past the call stack: JSON.stringify cannot write it either
  }
}

function serialisations(text: string): TextForm[] {
  const json = parsed(text);
  if (json === undefined) {
    return [];
  }
  const compact = JSON.stringify(json.value);
  const isCompact = withoutWhitespace(text) === compact;
  return [
    isCompact
      ? { mistake: "body-compact", description: "the body without its whitespace (compact JSON)", text: compact }
      : { mistake: "body-reserialised", description: "the body parsed and serialised again (JSON.stringify)", text: compact },
    { mistake: "body-pretty-printed", description: "the body pretty-printed with 2 spaces", text: JSON.stringify(json.value, null, 2) },
    { mistake: "body-pretty-printed", description: "the body pretty-printed with 4 spaces", text: JSON.stringify(json.value, null, 4) },
    { mistake: "body-pretty-printed", description: "the body pretty-printed with tabs", text: JSON.stringify(json.value, null, "\t") },
    { mistake: "body-keys-sorted", description: "the body with its keys sorted", text: JSON.stringify(sortedKeys(json.value)) },
  ];
}

/** Each other serialisation once, none equal to the bytes received. */
export function bodyForms(raw: Buffer): BodyForm[] {
  if (raw.length > MAX_RESERIALISED_BYTES) {
    return [];
  }
  const text = raw.toString("utf8");
  const trimmed = text.trimEnd();
  const trailing =
    trimmed !== text
      ? { mistake: "body-trailing-whitespace" as const, description: "the body without its trailing whitespace", text: trimmed }
      : { mistake: "body-trailing-whitespace" as const, description: "the body with a trailing newline", text: `${text}\n` };
  const seen = new Set<string>([text]);
  const forms: BodyForm[] = [];
  for (const form of [trailing, ...jsonForms(text)]) {
    if (!seen.has(form.text)) {
      seen.add(form.text);
      forms.push({ mistake: form.mistake, description: form.description, bytes: Buffer.from(form.text, "utf8") });
    }
  }
  return forms;
}
