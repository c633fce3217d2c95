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

/** Every object held under `key` anywhere in the body (e.g. every `price`, every `range`). */
export function objectsUnderKey(root: unknown, key: string, maxDepth = 64): Visit[] {
  const found: Visit[] = [];
  const visit = (node: unknown, path: PathSegment[], depth: number): void => {
    if (depth > maxDepth || typeof node !== "object" || node === null) {
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((child, i) => visit(child, [...path, i], depth + 1));
      return;
    }
    for (const [k, child] of Object.entries(node)) {
      const value = asObject(child);
      if (k === key && value) {
        found.push({ value, path: [...path, k] });
      }
      visit(child, [...path, k], depth + 1);
    }
  };
  visit(root, [], 0);
  return found;
}
