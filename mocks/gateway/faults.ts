import { faultSet, type FaultSpec } from "../common/fault-set.js";

/**
 * The gateway's faults. Each changes exactly one behaviour; `caughtBy` names the check areas that
 * must catch it (GW, the checks that judge a gateway) and `check` which check.
 * docs/faults-bap-gateway.md prints this table, and a test keeps the two in step.
 */
export const GATEWAY_FAULTS = [
  { id: "gw.drop-matching-bpp", description: "Leaves the first matching BPP out of the search multicast.", caughtBy: ["GW"], check: "The multicast check finds a subscribed BPP of the search's domain and city that got no search." },
  { id: "gw.forward-non-matching", description: "Ignores the domain when choosing BPPs: a search also reaches BPPs of other domains.", caughtBy: ["GW"], check: "The multicast check finds a search at a BPP of another domain." },
  { id: "gw.alter-body", description: "Re-serialises the body (indented) before forwarding it, so the bytes differ and the sender's Authorization no longer verifies.", caughtBy: ["GW"], check: "The forwarding check finds forwarded bytes that differ from the bytes the sender signed." },
  { id: "gw.no-gateway-header", description: "Forwards without X-Gateway-Authorization and Proxy-Authorization.", caughtBy: ["GW"], check: "The gateway-header check finds no X-Gateway-Authorization." },
  { id: "gw.bad-gateway-signature", description: "Signs its gateway headers over other bytes than it forwards, so they do not verify.", caughtBy: ["GW"], check: "The gateway-header check finds a signature that does not verify with the gateway's key." },
  { id: "gw.strip-authorization", description: "Removes the sender's Authorization header from what it forwards.", caughtBy: ["GW"], check: "The forwarding check finds the sender's Authorization missing." },
  { id: "gw.accept-bad-signature", description: "Skips verifying the sender's signature: forged searches and on_searches are ACKed and forwarded.", caughtBy: ["GW"], check: "The gateway's forged-request check finds an ACK where a 401 NACK is needed." },
  { id: "gw.ignore-city", description: "Ignores the city when choosing BPPs: a search also reaches BPPs of other cities.", caughtBy: ["GW"], check: "The multicast check finds a search at a BPP of another city." },
] as const satisfies readonly FaultSpec[];

export type GatewayFaultId = (typeof GATEWAY_FAULTS)[number]["id"];

export function gatewayFaults(given?: Iterable<string>): ReadonlySet<GatewayFaultId> {
  return faultSet(GATEWAY_FAULTS, given, "gateway");
}
