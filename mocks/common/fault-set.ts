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
