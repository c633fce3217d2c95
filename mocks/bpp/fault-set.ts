import { FAULT_IDS, type FaultId } from "./faults.js";

/** The faults a BPP runs with. */
export interface FaultSet {
  has(id: FaultId): boolean;
  readonly ids: readonly FaultId[];
}

const KNOWN: ReadonlySet<string> = new Set(FAULT_IDS);

/** Checks every id against the fault table; an unknown one throws, listing the known ids. */
export function parseFaults(ids: Iterable<string> = []): FaultSet {
  const chosen = new Set<FaultId>();
  for (const id of ids) {
    if (!KNOWN.has(id)) {
      throw new Error(`Unknown BPP fault ${JSON.stringify(id)}. Known faults: ${FAULT_IDS.join(", ")}.`);
    }
    chosen.add(id as FaultId);
  }
  return { has: (id) => chosen.has(id), ids: [...chosen] };
}
