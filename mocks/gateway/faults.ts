import { faultSet, type FaultSpec } from "../common/fault-set.js";

/**
 * The gateway's faults. Each changes exactly one behaviour; `caughtBy` names the check areas that
 * must catch it (GW, the checks that judge a gateway, suites/roles/gateway/checks/) and `check` which check.
 * docs/faults-bap-gateway.md prints this table, and a test keeps the two in step.
 */
export const GATEWAY_FAULTS = [
  { id: "gw.drop-matching-bpp", description: "Leaves the first matching BPP out of the search multicast.", caughtBy: ["GW"], check: "GW-001 finds a subscribed BPP of the search's domain and city that got no search." },
  { id: "gw.forward-non-matching", description: "Ignores the domain when choosing BPPs: a search also reaches BPPs of other domains.", caughtBy: ["GW"], check: "GW-002 finds a search at a BPP of another domain." },
  { id: "gw.alter-body", description: "Re-serialises the body (indented) before forwarding it, so the bytes differ and the sender's Authorization no longer verifies.", caughtBy: ["GW"], check: "GW-004 finds forwarded bytes that differ from the bytes the sender signed." },
  { id: "gw.no-gateway-header", description: "Forwards without X-Gateway-Authorization and Proxy-Authorization.", caughtBy: ["GW"], check: "GW-005 finds a forward with no X-Gateway-Authorization." },
  { id: "gw.bad-gateway-signature", description: "Signs its gateway headers over other bytes than it forwards, so they do not verify.", caughtBy: ["GW"], check: "GW-006 finds a gateway signature that does not verify with the gateway's registered key." },
  { id: "gw.strip-authorization", description: "Removes the sender's Authorization header from what it forwards.", caughtBy: ["GW"], check: "GW-007 finds the sender's Authorization missing from a forward." },
  { id: "gw.accept-bad-signature", description: "Skips verifying the sender's signature: forged searches and on_searches are ACKed and forwarded.", caughtBy: ["GW"], check: "GW-009 and GW-012 find an ACK where a 401 NACK is needed; GW-010 and GW-013 find the forged message forwarded." },
  { id: "gw.ignore-city", description: "Ignores the city when choosing BPPs: a search also reaches BPPs of other cities.", caughtBy: ["GW"], check: "GW-003 finds a search at a BPP of another city." },
  { id: "gw.drop-on-search", description: "ACKs an on_search but never relays it to the BAP.", caughtBy: ["GW"], check: "GW-011 finds no on_search at the BAP it answers." },
  { id: "gw.empty-ack", description: "Answers a valid search with HTTP 200 and an empty body instead of an ACK.", caughtBy: ["GW"], check: "GW-008 finds no ACK body in the answer to a valid search." },
  { id: "gw.no-authenticate-header", description: "Leaves WWW-Authenticate and Proxy-Authenticate out of its 401 NACKs.", caughtBy: ["GW"], check: "GW-014 finds a 401 NACK that names no signature scheme." },
  { id: "gw.ignore-bpp-id", description: "Ignores a search's bpp_id: a search naming one BPP reaches every matching BPP.", caughtBy: ["GW"], check: "GW-016 finds a search naming a bpp_id at another BPP." },
  { id: "gw.slow-ack", description: "Holds the ACK of a valid search for 3.5 s (the search is still multicast at once).", caughtBy: ["GW"], check: "GW-015 finds an answer later than the 3 s ACK deadline." },
  { id: "gw.accept-stale", description: "Does not check a message's timestamp + ttl: a validly signed search or on_search that expired before it arrived is ACKed and forwarded.", caughtBy: ["GW"], check: "GW-018 (SHOULD) finds a stale message accepted instead of refused." },
  { id: "gw.verify-reserialised", description: "Re-serialises each body it receives (compact JSON) before verifying and forwarding it, so a message signed over other bytes for the same JSON value fails its signature check.", caughtBy: ["GW"], check: "GW-017 finds a validly signed message sent as other JSON bytes refused." },
  { id: "gw.text-content-type", description: "Declares its answers (ACKs and NACKs) and its forwards `Content-Type: text/plain`; the JSON bytes, and so the signatures, are unchanged.", caughtBy: ["GW"], check: "GW-019 (SHOULD) finds ACKs, NACKs and forwards that are JSON but not declared application/json." },
] as const satisfies readonly FaultSpec[];

export type GatewayFaultId = (typeof GATEWAY_FAULTS)[number]["id"];

export function gatewayFaults(given?: Iterable<string>): ReadonlySet<GatewayFaultId> {
  return faultSet(GATEWAY_FAULTS, given, "gateway");
}
