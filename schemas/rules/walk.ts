import { asArray, asObject, type PathSegment } from "../../protocol/shapes.js";

export interface Visit {
  readonly value: Record<string, unknown>;
  readonly path: readonly PathSegment[];
}

/** The items a message carries: the intent's item, the order's items and the catalogue's items. */
export function messageItems(body: Readonly<Record<string, unknown>>): Visit[] {
  const message = asObject(body["message"]);
  const found: Visit[] = [];
  const intentItem = asObject(asObject(message?.["intent"])?.["item"]);
  if (intentItem) {
    found.push({ value: intentItem, path: ["message", "intent", "item"] });
  }
  asArray(asObject(message?.["order"])?.["items"]).forEach((item, i) => {
    const value = asObject(item);
    if (value) {
      found.push({ value, path: ["message", "order", "items", i] });
    }
  });
  asArray(asObject(message?.["catalog"])?.["providers"]).forEach((provider, p) => {
    asArray(asObject(provider)?.["items"]).forEach((item, i) => {
      const value = asObject(item);
      if (value) {
        found.push({ value, path: ["message", "catalog", "providers", p, "items", i] });
      }
    });
  });
  return found;
}

/** The fulfillments a message carries: the intent's one, the order's and the catalogue providers'. */
export function messageFulfillments(body: Readonly<Record<string, unknown>>): Visit[] {
  const message = asObject(body["message"]);
  const found: Visit[] = [];
  const intentFulfillment = asObject(asObject(message?.["intent"])?.["fulfillment"]);
  if (intentFulfillment) {
    found.push({ value: intentFulfillment, path: ["message", "intent", "fulfillment"] });
  }
  asArray(asObject(message?.["order"])?.["fulfillments"]).forEach((f, i) => {
    const value = asObject(f);
    if (value) {
      found.push({ value, path: ["message", "order", "fulfillments", i] });
    }
  });
  asArray(asObject(message?.["catalog"])?.["providers"]).forEach((provider, p) => {
    asArray(asObject(provider)?.["fulfillments"]).forEach((f, i) => {
      const value = asObject(f);
      if (value) {
        found.push({ value, path: ["message", "catalog", "providers", p, "fulfillments", i] });
      }
    });
  });
  return found;
}

/** The keys whose objects the named rules look for anywhere in a body. */
const INDEXED_KEYS = new Set(["range", "price"]);
let shared: { root: object; index: Map<string, Visit[]> } | undefined;

/** One walk of the body that collects every object held under an indexed key, with its path. */
function indexBody(root: object, maxDepth: number): Map<string, Visit[]> {
  const index = new Map<string, Visit[]>();
  const path: PathSegment[] = [];
  const visit = (node: unknown): void => {
    if (path.length > maxDepth || typeof node !== "object" || node === null) {
      return;
    }
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i += 1) {
        path.push(i);
        visit(node[i]);
        path.pop();
      }
      return;
    }
    for (const key in node) {
      if (!Object.hasOwn(node, key)) {
        continue;
      }
      const child = (node as Record<string, unknown>)[key];
      if (typeof child !== "object" || child === null) {
        continue;
      }
      path.push(key);
      const value = INDEXED_KEYS.has(key) ? asObject(child) : undefined;
      if (value) {
        const found = index.get(key);
        if (found) {
          found.push({ value, path: [...path] });
        } else {
          index.set(key, [{ value, path: [...path] }]);
        }
      }
      visit(child);
      path.pop();
    }
  };
  visit(root);
  return index;
}

/**
 * Runs `fn` with one shared walk of `root`: every rule that asks `objectsUnderKey` about this body
 * meanwhile reuses it. Synchronous, and cleared afterwards, so a body mutated later is walked anew.
 */
export function withSharedWalk<T>(root: object, fn: () => T): T {
  const previous = shared;
  shared = { root, index: indexBody(root, 64) };
  try {
    return fn();
  } finally {
    shared = previous;
  }
}

/** Every object held under `key` (`range` or `price`) anywhere in the body, with its path. */
export function objectsUnderKey(root: unknown, key: "range" | "price", maxDepth = 64): Visit[] {
  if (typeof root !== "object" || root === null) {
    return [];
  }
  const index = shared?.root === root ? shared.index : indexBody(root, maxDepth);
  return index.get(key) ?? [];
}
