/**
 * Other JSON for the same value: a receiver verifies a signature over the bytes it received
 * (BECKN-006: the digest is over the body), so a message signed over any of these spellings must be
 * accepted like its compact `JSON.stringify` form. A verifier that re-serialises the parsed body
 * before hashing refuses `whitespace` and `escapes`; one that also sorts keys refuses `key-order`.
 * Pure functions.
 */
export const SPELLINGS = ["whitespace", "key-order", "escapes"] as const;
export type Spelling = (typeof SPELLINGS)[number];

/** Every object's members in reverse order, at every depth. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(reversedKeys);
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([key, member]) => [key, reversedKeys(member)]),
    );
  }
  return value;
}

/** A JSON string with `/` as `\/` and every character but letters, digits and space as `\uXXXX`. */
const escapedString = (s: string): string =>
  `"${s.replace(/[^0-9A-Za-z ]/g, (c) => (c === "/" ? "\\/" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`))}"`;

function escapedJson(value: unknown): string {
  if (typeof value === "string") {
    return escapedString(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(escapedJson).join(",")}]`;
  }
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .map(([key, member]) => `${escapedString(key)}:${escapedJson(member)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * The body as JSON in one spelling: `whitespace` (two-space indents, CRLF line ends, a final CRLF),
 * `key-order` (every object's members reversed), `escapes` (strings and names escaped).
 *
 * @example
 * JSON.parse(spell(body, "escapes")) // deep-equals body
 */
export function spell(body: unknown, spelling: Spelling): string {
  switch (spelling) {
    case "whitespace":
      // JSON.stringify escapes line breaks inside strings, so every newline here is between tokens.
      return `${(JSON.stringify(body, null, 2) ?? "null").replace(/\n/g, "\r\n")}\r\n`;
    case "key-order":
      return JSON.stringify(reversedKeys(body)) ?? "null";
    case "escapes":
      return escapedJson(body);
  }
}
