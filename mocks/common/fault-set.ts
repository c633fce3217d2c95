/** The check areas of DESIGN "Check ids" (the prefixes of the check ids). */
export type CheckArea = "SCH" | "SIG" | "AUT" | "CTX" | "ACK" | "TIM" | "BIZ" | "FLW" | "NEG" | "GW" | "REG";

/**
 * One named change to a mock's behaviour (DESIGN "Faults"): what changes, the check areas that
 * must catch it, and which check, in a sentence. Areas rather than numbered ids until
 * suites/roles/bpp/checks/ publishes its catalogue (the same choice as mocks/bpp/faults.ts).
 */
export interface FaultSpec {
  readonly id: string;
  /** The one behaviour that changes. */
  readonly description: string;
  readonly caughtBy: readonly CheckArea[];
  /** Which check should catch it. */
  readonly check: string;
}

/**
 * The named behaviours a mock was asked for (faults or variants), checked against its table: an
 * unknown id is a usage error, never silently ignored (a typo would otherwise make a fault run, or
 * a variant row, test the mock's default).
 */
export function namedSet<Id extends string>(table: readonly { readonly id: Id }[], given: Iterable<string> | undefined, what: string): ReadonlySet<Id> {
  const known = new Set<string>(table.map((entry) => entry.id));
  const chosen = new Set<Id>();
  for (const id of given ?? []) {
    if (!known.has(id)) {
      throw new Error(`Unknown ${what} ${JSON.stringify(id)}; expected one of: ${[...known].join(", ") || "(none)"}.`);
    }
    chosen.add(id as Id);
  }
  return chosen;
}

/** The faults a mock was asked for, checked against its table. */
export function faultSet<Id extends string>(table: readonly { readonly id: Id }[], given: Iterable<string> | undefined, mock: string): ReadonlySet<Id> {
  return namedSet(table, given, `${mock} fault`);
}
