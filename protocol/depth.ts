/**
 * How deep a JSON value nests, measured without recursion, so that no body can overflow the stack
 * of whatever walks it next (ajv, the rule walks, JSON.stringify of a stored record).
 */

/**
 * The deepest nesting any Beckn body may have. The deepest legitimate body in fixtures/ and the
 * guide's examples nests about 12 levels (an order's fulfillment stops' location's address), so 64
 * leaves room for any extension while staying far below what a recursive walk survives (thousands).
 */
export const MAX_JSON_DEPTH = 64;

/** True when `value` nests deeper than `max` (a scalar is depth 0, `{}` and `[]` depth 1). Stops at the first level past `max`. */
export function nestsDeeperThan(value: unknown, max: number = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node !== "object" || node === null) {
      continue;
    }
    if (depth + 1 > max) {
      return true;
    }
    for (const child of Array.isArray(node) ? node : Object.values(node as Record<string, unknown>)) {
      if (typeof child === "object" && child !== null) {
        stack.push([child, depth + 1]);
      }
    }
  }
  return false;
}

/** The refusal's wording, the same at every server. */
export const tooDeepMessage = (max: number = MAX_JSON_DEPTH): string => `The body nests deeper than ${max} levels of objects and arrays; no Beckn message needs that many.`;
