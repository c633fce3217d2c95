/**
 * The BPPs the harness plays for a gateway under test, and where each operates relative to the
 * run's search (DESIGN "Contracts": Routing). A gateway multicasts a search to every subscribed BPP
 * of the search's domain whose city matches or is unset, and to no other.
 */
export type Placement = "same-city" | "no-city" | "other-city" | "other-domain";

export interface RosterBpp {
  readonly subscriberId: string;
  readonly placement: Placement;
  /** What the registry entry says, for the report's reader. */
  readonly description: string;
}

const SUFFIX = "gateway-harness.p2p-conformance.local";

export const ROSTER: readonly RosterBpp[] = [
  { subscriberId: `bpp-same-city.${SUFFIX}`, placement: "same-city", description: "the search's domain and city" },
  { subscriberId: `bpp-no-city.${SUFFIX}`, placement: "no-city", description: "the search's domain, no city (serves every city)" },
  { subscriberId: `bpp-other-city.${SUFFIX}`, placement: "other-city", description: "the search's domain, another city" },
  { subscriberId: `bpp-other-domain.${SUFFIX}`, placement: "other-domain", description: "another domain, the search's city" },
];

/** The BPP that answers the search with an on_search through the gateway. */
export const ANSWERING_BPP = ROSTER[0] as RosterBpp;

/** The BPP a targeted search names in `context.bpp_id`: of the search's domain, with no city. */
export const TARGETED_BPP = ROSTER[1] as RosterBpp;

/** Whether a search must reach a BPP so placed (domain and city match, or the BPP names no city). */
export const mustReach = (placement: Placement): boolean => placement === "same-city" || placement === "no-city";

export function rosterEntry(subscriberId: string | undefined): RosterBpp | undefined {
  return ROSTER.find((bpp) => bpp.subscriberId === subscriberId);
}

const other = (value: string, candidates: readonly string[]): string => candidates.find((c) => c !== value) ?? `${value}-other`;

/** The registry entry's domain and city for a placement, given the run's domain and city. */
export function whereOf(placement: Placement, run: { readonly domain: string; readonly city: string }): { domain: string; city?: string } {
  switch (placement) {
    case "same-city":
      return { domain: run.domain, city: run.city };
    case "no-city":
      return { domain: run.domain };
    case "other-city":
      return { domain: run.domain, city: other(run.city, ["std:080", "std:011"]) };
    case "other-domain":
      return { domain: other(run.domain, ["mobility", "retail"]), city: run.city };
  }
}
