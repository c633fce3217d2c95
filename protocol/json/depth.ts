/**
 * The shape of JSON text, measured on the text before it is parsed, in one pass and without
 * recursion: how deep it nests, and its longest array and largest object. A mock refuses a body past
 * these limits before anything parses or walks it, so no body can overflow the stack of whatever
 * walks it next (ajv, the rule walks, JSON.stringify of a stored record or a report), nor make that
 * walk's work grow faster than the body (docs/limits.md "Depth", "Array lengths and object sizes").
 */

/**
 * The deepest nesting a mock accepts in a Beckn body (docs/limits.md "Depth"). The deepest
 * legitimate body in fixtures/ (the guide's on_search) nests 12 levels, so 64 leaves room for any
 * extension while staying far below what a recursive walk survives (a few thousand levels).
 */
export const MAX_BECKN_DEPTH = 64;

/**
 * The most elements a mock accepts in any one array of a Beckn body, and the most keys in any one
 * object (docs/limits.md "Array lengths and object sizes"). The guide's examples hold at most 2
 * elements in an array and 10 keys in an object; a sandbox catalogue of a thousand items, offers or
 * fulfillments per provider is far more than any P2P trade needs.
 */
export const MAX_BECKN_ARRAY_LENGTH = 1000;
export const MAX_BECKN_OBJECT_KEYS = 1000;

/**
 * The most values (objects, arrays, strings, numbers, booleans and nulls) a mock accepts in one Beckn
 * body (docs/limits.md "Array lengths and object sizes"). The guide's examples hold at most 55; a
 * catalogue of 1,000 items of 30 values each holds 30,000. Without it, a 1 MiB body of 340,000 `{}`
 * in arrays of 1,000 passes the other limits and costs every walk of it (the parse, the rule
 * walks, a stored copy, the callbacks built from it) hundreds of milliseconds and 20 MB.
 */
export const MAX_BECKN_VALUES = 50_000;

export interface JsonShapeLimits {
  readonly depth: number;
  readonly arrayLength: number;
  readonly objectKeys: number;
  /** Values in the whole text; none when absent. */
  readonly values?: number;
}

/** Where JSON text first passes a limit. `path` is a JSONPath built from the text (keys as written, escapes kept). */
export type JsonShapeExcess =
  | { readonly kind: "depth"; readonly path: string; readonly limit: number }
  | { readonly kind: "values"; readonly path: "$"; readonly limit: number }
  | { readonly kind: "array-length" | "object-keys"; readonly path: string; readonly count: number; readonly limit: number };

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const MAX_KEY_SHOWN = 64;

/** The scanner's stack: one entry per open array or object, in parallel arrays (no allocation per container). */
class Frames {
  readonly isArray: boolean[] = [];
  /** Elements (array) or keys (object) started so far. */
  readonly count: number[] = [];
  /** True after `[`, `{` or `,`: the next token starts an element (array) or a key (object). */
  readonly expecting: boolean[] = [];
  readonly keyStart: number[] = [];
  readonly keyEnd: number[] = [];
  top = -1;

  open(isArray: boolean): void {
    this.top += 1;
    this.isArray[this.top] = isArray;
    this.count[this.top] = 0;
    this.expecting[this.top] = true;
    this.keyStart[this.top] = 0;
    this.keyEnd[this.top] = 0;
  }

  /** The JSONPath of the container at `level`, from its ancestors' current element or key. */
  pathTo(text: string, level: number): string {
    let out = "$";
    for (let j = 0; j < level; j += 1) {
      if (this.isArray[j]) {
        out += `[${(this.count[j] ?? 1) - 1}]`;
        continue;
      }
      const key = text.slice(this.keyStart[j], this.keyEnd[j]).slice(0, MAX_KEY_SHOWN);
      out += IDENTIFIER.test(key) ? `.${key}` : `["${key}"]`;
    }
    return out;
  }
}

const isWhitespace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

type Over = { readonly level: number; readonly kind: "array-length" | "object-keys"; readonly limit: number; readonly path: string };

/** One pass over JSON text: the stack of open containers, whether a string is open, and the first container past its limit. */
class Scan {
  readonly frames = new Frames();
  inString = false;
  inKey = false;
  over: Over | undefined;
  /** Values begun so far: the root, then each array element and each object member. */
  values = 0;

  constructor(
    readonly text: string,
    readonly limits: JsonShapeLimits,
  ) {}

  /** Counts an element (array) or a key (object) starting in the innermost container, if one is due. */
  started(): void {
    const { frames } = this;
    const top = frames.top;
    if (top < 0) {
      this.values = Math.max(this.values, 1);
      return;
    }
    if (!frames.expecting[top]) {
      return;
    }
    this.values += 1;
    frames.expecting[top] = false;
    const count = (frames.count[top] ?? 0) + 1;
    frames.count[top] = count;
    const limit = frames.isArray[top] ? this.limits.arrayLength : this.limits.objectKeys;
    if (this.over === undefined && count > limit) {
      this.over = { level: top, kind: frames.isArray[top] ? "array-length" : "object-keys", limit, path: frames.pathTo(this.text, top) };
    }
  }

  /** Inside a string: returns the index of the last character consumed. */
  inStringAt(c: number, i: number): number {
    if (c === 92) {
      return i + 1; // backslash: skip the escaped character
    }
    if (c === 34) {
      this.inString = false;
      if (this.inKey) {
        this.frames.keyEnd[this.frames.top] = i;
        this.inKey = false;
      }
    }
    return i;
  }

  openString(i: number): void {
    const { frames } = this;
    this.inKey = frames.top >= 0 && !frames.isArray[frames.top] && frames.expecting[frames.top] === true;
    this.started();
    if (this.inKey) {
      frames.keyStart[frames.top] = i + 1;
    }
    this.inString = true;
  }

  /** `[` or `{`: the depth excess, if this container is one level too deep. */
  open(isArray: boolean): JsonShapeExcess | undefined {
    this.started();
    if (this.frames.top + 1 >= this.limits.depth) {
      return { kind: "depth", path: this.frames.pathTo(this.text, this.frames.top + 1), limit: this.limits.depth };
    }
    this.frames.open(isArray);
    return undefined;
  }

  /** `]` or `}`: the size excess, once the container past its limit closes (with its full count). */
  close(): JsonShapeExcess | undefined {
    const { frames } = this;
    if (this.over !== undefined && this.over.level === frames.top) {
      return this.excess();
    }
    frames.top = Math.max(frames.top - 1, -1);
    return undefined;
  }

  comma(): void {
    if (this.frames.top >= 0) {
      this.frames.expecting[this.frames.top] = true;
    }
  }

  excess(): JsonShapeExcess | undefined {
    const over = this.over;
    return over === undefined ? undefined : { kind: over.kind, path: over.path, count: this.frames.count[over.level] ?? 0, limit: over.limit };
  }
}

/**
 * The first place `text` passes a limit: nesting deeper than `depth` (`{}` is depth 1; reported at
 * once), or an array with more than `arrayLength` elements, or an object with more than `objectKeys`
 * keys (reported with its full count once it closes). Undefined when the text stays within all three.
 * One pass, no recursion, strings skipped; the text need not be valid JSON (it is measured, not parsed).
 */
export function jsonShapeExcess(text: string, limits: JsonShapeLimits): JsonShapeExcess | undefined {
  const scan = new Scan(text, limits);
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    let found: JsonShapeExcess | undefined;
    if (scan.inString) {
      i = scan.inStringAt(c, i);
    } else if (isWhitespace(c) || c === 58) {
      continue; // whitespace and ':' change nothing the scan keeps
    } else if (c === 34) {
      scan.openString(i);
    } else if (c === 91 || c === 123) {
      found = scan.open(c === 91);
    } else if (c === 93 || c === 125) {
      found = scan.close();
    } else if (c === 44) {
      scan.comma();
    } else {
      scan.started(); // a number, true, false or null
    }
    if (found) {
      return found;
    }
    // An array or object already past its own limit is named instead, once it closes with its count.
    if (limits.values !== undefined && scan.values > limits.values && scan.over === undefined) {
      return { kind: "values", path: "$", limit: limits.values };
    }
  }
  return scan.excess();
}

/** True when arrays and objects in `text` nest deeper than `limit` (`{}` is depth 1); strings are skipped; stops early once past `limit`. */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  return jsonShapeExcess(text, { depth: limit, arrayLength: Infinity, objectKeys: Infinity })?.kind === "depth";
}

/** A mock's refusal of a body past MAX_BECKN_DEPTH, worded the same at every server. */
export const TOO_DEEP_MESSAGE = `The body nests deeper than ${MAX_BECKN_DEPTH} levels of objects and arrays; no Beckn message needs that many (docs/limits.md Depth).`;

/** True when a Beckn body's text nests deeper than a mock accepts. */
export const tooDeepForBeckn = (text: string): boolean => jsonDepthExceeds(text, MAX_BECKN_DEPTH);

/** The limits a mock holds a Beckn body (or a trigger's) to. */
export const BECKN_SHAPE_LIMITS: JsonShapeLimits = {
  depth: MAX_BECKN_DEPTH,
  arrayLength: MAX_BECKN_ARRAY_LENGTH,
  objectKeys: MAX_BECKN_OBJECT_KEYS,
  values: MAX_BECKN_VALUES,
};

/** Why a mock refuses a body's shape, and the path at fault. */
export interface ShapeRefusal {
  readonly message: string;
  readonly path: string;
}

/** Words a JSON shape excess as a mock's refusal: the path, the count and the limit. */
export function shapeRefusalMessage(excess: JsonShapeExcess): string {
  if (excess.kind === "depth") {
    return TOO_DEEP_MESSAGE;
  }
  if (excess.kind === "values") {
    return `The body holds more than ${excess.limit} values (objects, arrays, strings, numbers, booleans and nulls); a mock accepts at most ${excess.limit} in one message (docs/limits.md "Array lengths and object sizes").`;
  }
  const what = excess.kind === "array-length" ? ["array", "elements", "in an array"] : ["object", "keys", "in an object"];
  return `The ${what[0]} at ${excess.path} has ${excess.count} ${what[1]}; a mock accepts at most ${excess.limit} ${what[1]} ${what[2]} (docs/limits.md "Array lengths and object sizes").`;
}

/** Why a mock refuses a Beckn body's text before parsing it (too deep, an array too long, an object too large), or undefined. */
export function becknShapeRefusal(text: string): ShapeRefusal | undefined {
  const excess = jsonShapeExcess(text, BECKN_SHAPE_LIMITS);
  return excess === undefined ? undefined : { message: shapeRefusalMessage(excess), path: excess.path };
}
