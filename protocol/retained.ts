/**
 * What a kept record costs in memory, counted conservatively, so that every store a request can
 * fill is bounded in bytes, not only in count (docs/limits.md "Stored bytes").
 *
 * The counts are upper bounds of V8's sizes on a 64-bit Node without pointer compression, measured
 * on JSON.parse results: an empty object takes 64 bytes, an empty array 40, a dictionary-mode
 * property about 94 with its key, a string 16 + its length (one-byte) or twice it, a number 16.
 * A 1 MB body of `{}` thus parses to about 22 MB: what is counted here is what is held.
 */

/** Bytes counted for an object, before its properties. */
const OBJECT_BYTES = 72;
/** Bytes counted per property of an object: the slot, the dictionary entry and the key's string. */
const PROPERTY_BYTES = 96;
/** Bytes counted for an array, before its elements. */
const ARRAY_BYTES = 48;
/** Bytes counted per element slot of an array (the value is counted on its own). */
const SLOT_BYTES = 8;
/** Bytes counted for a number (a heap number; small integers are counted the same). */
const NUMBER_BYTES = 16;
/** Bytes counted for a string's header; its characters count two bytes each. */
const STRING_HEADER_BYTES = 24;

/** The bytes a string holds, counting every character as two (a two-byte string's worst case). */
export const stringBytes = (text: string): number => STRING_HEADER_BYTES + 2 * text.length;

/**
 * The bytes a parsed JSON value holds, at least as many as V8 uses. Walks without recursion, so a
 * deep value cannot overflow the stack; stops counting past `stopAbove` (returns a value above it).
 */
export function retainedBytes(value: unknown, stopAbove = Number.POSITIVE_INFINITY): number {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && total <= stopAbove) {
    const next = stack.pop();
    if (typeof next === "string") {
      total += stringBytes(next);
    } else if (typeof next === "number") {
      total += NUMBER_BYTES;
    } else if (Array.isArray(next)) {
      total += ARRAY_BYTES + SLOT_BYTES * next.length;
      for (const item of next as unknown[]) {
        stack.push(item);
      }
    } else if (typeof next === "object" && next !== null) {
      const entries = Object.entries(next);
      total += OBJECT_BYTES + PROPERTY_BYTES * entries.length;
      for (const [key, item] of entries) {
        total += 2 * key.length;
        stack.push(item);
      }
    }
  }
  return total;
}

/** The bytes of a flat string record (headers and the like). */
export function stringsBytes(values: Readonly<Record<string, string | undefined>>): number {
  return Object.entries(values).reduce(
    (sum, [key, value]) => sum + PROPERTY_BYTES + stringBytes(key) + (value === undefined ? 0 : stringBytes(value)),
    OBJECT_BYTES,
  );
}

/** How much of a refused body is kept: its first 4 KiB of text (4096 characters). */
export const EXCERPT_CHARS = 4096;

/**
 * A copy of a string that shares no memory with it. V8 may represent `slice()` (and strings read
 * out of JSON.parse) as a view into the original, which would keep a whole 1 MB body alive. (A lone surrogate becomes U+FFFD.)
 */
export const detached = (text: string): string => Buffer.from(text, "utf8").toString("utf8");

/** The start of a text, at most `max` characters, detached from it; `truncated` when it was cut. */
export function excerptOf(text: string, max = EXCERPT_CHARS): { readonly text: string; readonly truncated: boolean } {
  return text.length <= max ? { text, truncated: false } : { text: detached(text.slice(0, max)), truncated: true };
}

/** The longest id (transaction_id, message_id, bpp_id …) a store keeps as a key: longer ones are cut. */
export const MAX_KEPT_ID_CHARS = 256;

/** An id as a store keeps it: at most 256 characters, detached from the body it came from. */
export const keptId = (id: string | undefined): string | undefined =>
  id === undefined ? undefined : detached(id.length > MAX_KEPT_ID_CHARS ? id.slice(0, MAX_KEPT_ID_CHARS) : id);

/**
 * Records kept oldest first, bounded in count and in bytes (each record's bytes counted when it is
 * added): past either bound the oldest go. `evicted` counts what went, so a reader can tell.
 */
export class BoundedLog<T> {
  readonly #items: { readonly item: T; readonly bytes: number }[] = [];
  readonly #maxItems: number;
  readonly #maxBytes: number;
  #bytes = 0;
  #evicted = 0;

  constructor(maxItems: number, maxBytes: number) {
    this.#maxItems = Math.max(1, maxItems);
    this.#maxBytes = Math.max(0, maxBytes);
  }

  /** Keeps `item`, counted as `bytes`, and drops the oldest past the bounds (the new one stays). */
  push(item: T, bytes: number): void {
    this.#items.push({ item, bytes });
    this.#bytes += bytes;
    let first = 0;
    while (this.#items.length - first > 1 && (this.#items.length - first > this.#maxItems || this.#bytes > this.#maxBytes)) {
      this.#bytes -= (this.#items[first] as { bytes: number }).bytes;
      first += 1;
    }
    if (first > 0) {
      this.#items.splice(0, first);
      this.#evicted += first;
    }
  }

  /** The records kept, oldest first. */
  items(): T[] {
    return this.#items.map((kept) => kept.item);
  }

  /** The records kept with the bytes each was counted as, oldest first. */
  entries(): readonly { readonly item: T; readonly bytes: number }[] {
    return this.#items;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get length(): number {
    return this.#items.length;
  }

  /** How many records were dropped to stay within the bounds. */
  get evicted(): number {
    return this.#evicted;
  }
}
