/** GW-001…GW-003 and GW-016: which BPPs a search reaches (DESIGN "Contracts": Routing; roster.ts). */
import { defineCheck } from "../../../core/define-check.js";
import type { Exchange, CheckFinding } from "../../../core/check.js";
import { mustReach, rosterEntry, ROSTER, type Placement } from "./roster.js";
import { isOtherBytes, recipientOf } from "./read.js";
import { finding } from "../../../core/finding.js";
import { contextOf, text } from "../../../core/read.js";

const isValidSearch = (exchange: Exchange): boolean => exchange.action === "search" && exchange.expectation === "callback" && exchange.probe === undefined;

/** The BPP a search names in `context.bpp_id`, if any. */
function namedBpp(exchange: Exchange): string | undefined {
  return text(contextOf(exchange.request.body)["bpp_id"]);
}

/** A search for every BPP of its domain and city (one naming a BPP is GW-016's). */
const isMulticast = (exchange: Exchange): boolean => isValidSearch(exchange) && namedBpp(exchange) === undefined;

/** The forwards that reached BPPs placed so, by recipient. */
function reachedWith(exchange: Exchange, placements: readonly Placement[]): string[] {
  const ids = exchange.callbacks.map(recipientOf).filter((id) => {
    const bpp = rosterEntry(id);
    return bpp !== undefined && placements.includes(bpp.placement);
  });
  return [...new Set(ids)];
}

function strays(exchange: Exchange, placement: Placement, fix: string): CheckFinding[] {
  return reachedWith(exchange, [placement]).map((id) =>
    finding(fix, { path: "callbacks[*].receivedBy", expected: "no search at this BPP", actual: { bpp: id, registered: rosterEntry(id)?.description } }),
  );
}

export const GW_001 = defineCheck({
  id: "GW-001",
  title: "A search reaches every subscribed BPP of its domain and city",
  severity: "MUST",
  ref: 'BECKN-003 search multicast; docs/rules.md "The registry and the gateway as systems under test" (The gateway)',
  fix: "Look up every BPP subscribed for the search's domain (and city) in the registry, and forward the search to each.",
  appliesTo: (exchange) => isMulticast(exchange) && !isOtherBytes(exchange),
  run: (exchange) => {
    const reached = new Set(reachedWith(exchange, ["same-city", "no-city"]));
    return ROSTER.filter((bpp) => mustReach(bpp.placement) && !reached.has(bpp.subscriberId)).map((bpp) =>
      finding(
        "A subscribed BPP of the search's domain and city (or of no city) got no search before the ttl ran out; look the registry up with type BPP and the context's domain, keep entries whose city matches or is empty, and POST the search to each (BECKN-003).",
        { path: "callbacks[*].receivedBy", expected: { bpp: bpp.subscriberId, registered: bpp.description }, actual: "no search arrived" },
      ),
    );
  },
});

export const GW_002 = defineCheck({
  id: "GW-002",
  title: "A search reaches no BPP of another domain",
  severity: "MUST",
  ref: 'BECKN-003 search multicast (by context.domain); docs/rules.md "The registry and the gateway as systems under test" (The gateway)',
  fix: "Filter the registry lookup by `context.domain`; forward a search only to BPPs of that domain.",
  appliesTo: isMulticast,
  run: (exchange) =>
    strays(
      exchange,
      "other-domain",
      "A BPP registered for another domain got the search; multicast only to BPPs whose registry entry has the context's domain (BECKN-003).",
    ),
});

export const GW_003 = defineCheck({
  id: "GW-003",
  title: "A search reaches no BPP of another city",
  severity: "SHOULD",
  ref: 'docs/rules.md "The registry and the gateway as systems under test" (The gateway: the city filter, a SHOULD since BECKN-003 names only the domain)',
  fix: "Leave out BPPs whose registry entry names another city than `context.location.city.code` when you multicast a search.",
  appliesTo: isMulticast,
  run: (exchange) =>
    strays(
      exchange,
      "other-city",
      "A BPP registered for another city got the search; leave out BPPs whose registry entry names a city other than context.location.city.code.",
    ),
});

export const GW_016 = defineCheck({
  id: "GW-016",
  title: "A search naming a bpp_id reaches no other BPP",
  severity: "SHOULD",
  ref: 'BECKN-003 (a search with bpp_id is for that BPP); docs/rules.md "Contracts" (Routing)',
  fix: "Forward a search that names `context.bpp_id` to that BPP alone, not to the whole domain.",
  appliesTo: (exchange) => isValidSearch(exchange) && namedBpp(exchange) !== undefined,
  run: (exchange) => {
    const named = namedBpp(exchange);
    const others = [...new Set(exchange.callbacks.map(recipientOf))].filter((id) => id !== named);
    return others.map((id) =>
      finding(
        "A search that names a BPP in context.bpp_id reached another BPP; when bpp_id is set, forward the search to that subscriber only (look it up with subscriber_id = bpp_id).",
        { path: "callbacks[*].receivedBy", expected: { only: named }, actual: { bpp: id, registered: rosterEntry(id)?.description } },
      ),
    );
  },
});
