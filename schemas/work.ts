/**
 * How much work the validator may do on one body (docs/limits.md "Validation work"). ajv, asked for
 * every error (`allErrors`), merges a failing `$ref`'s errors into its caller's list by copying the
 * list (`vErrors.concat`), so collecting E errors costs O(E²): 40,000 failing array elements blocked
 * the process for seconds. The validator therefore collects every error only of a body small enough
 * that even the worst case stays far below the 100 ms a request may block the event loop; of a
 * larger body it reports the first error of each schema layer (ajv without `allErrors` stops there,
 * in time linear in the body) and one finding that says the rest were not collected.
 */

/**
 * The most values (objects, arrays, strings, numbers, booleans, nulls) a body may hold for the
 * validator to collect all its errors. The guide's examples hold at most 55; the worst body of this
 * size (every value an error in every layer) is validated in a few milliseconds.
 */
export const MAX_VALUES_FOR_ALL_ERRORS = 5000;

/** The keyword of the finding that says further errors of a large body were not collected. */
export const NOT_COLLECTED_KEYWORD = "errors-not-collected";

/** True when `root` holds more than `limit` values; stops counting past `limit` (no recursion). */
export function valuesExceed(root: unknown, limit: number): boolean {
  const pending: unknown[] = [root];
  let count = 0;
  while (pending.length > 0) {
    const node = pending.pop();
    count += 1;
    if (count > limit) {
      return true;
    }
    if (typeof node !== "object" || node === null) {
      continue;
    }
    // Every value pending will be counted, so stop as soon as they are too many.
    if (Array.isArray(node)) {
      for (const child of node as unknown[]) {
        if (count + pending.push(child) > limit) {
          return true;
        }
      }
      continue;
    }
    for (const key in node) {
      if (Object.hasOwn(node, key) && count + pending.push((node as Record<string, unknown>)[key]) > limit) {
        return true;
      }
    }
  }
  return false;
}

/** The message of the finding that stands for the errors of a large body that were not collected. */
export const notCollectedMessage = (what: string): string =>
  `Further ${what} of this body were not collected: it holds more than ${MAX_VALUES_FOR_ALL_ERRORS} values, so only the first of each schema layer is reported (docs/limits.md "Validation work").`;
