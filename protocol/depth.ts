/**
 * How deep JSON text nests, measured on the text before it is parsed, in one pass and without
 * recursion, so that no body can overflow the stack of whatever walks it next (ajv, the rule walks,
 * JSON.stringify of a stored record or a report).
 */

/**
 * The deepest nesting a mock accepts in a Beckn body (docs/limits.md "Depth"). The deepest
 * legitimate body in fixtures/ (the guide's on_search) nests 12 levels, so 64 leaves room for any
 * extension while staying far below what a recursive walk survives (a few thousand levels).
 */
export const MAX_BECKN_DEPTH = 64;

/** True when arrays and objects in `text` nest deeper than `limit` (`{}` is depth 1); strings are skipped; stops early once past `limit`. */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) {
        i += 1; // backslash: skip the escaped character
      } else if (c === 34) {
        inString = false;
      }
    } else if (c === 34) {
      inString = true;
    } else if (c === 91 || c === 123) {
      depth += 1;
      if (depth > limit) {
        return true;
      }
    } else if (c === 93 || c === 125) {
      depth -= 1;
    }
  }
  return false;
}

/** A mock's refusal of a body past MAX_BECKN_DEPTH, worded the same at every server. */
export const TOO_DEEP_MESSAGE = `The body nests deeper than ${MAX_BECKN_DEPTH} levels of objects and arrays; no Beckn message needs that many (docs/limits.md Depth).`;

/** True when a Beckn body's text nests deeper than a mock accepts. */
export const tooDeepForBeckn = (text: string): boolean => jsonDepthExceeds(text, MAX_BECKN_DEPTH);
