import type { FaultSpec } from "../common/behaviour.js";
import { faultSet } from "../common/fault-set.js";

/**
 * The gateway's faults. Each changes exactly one behaviour; the self-test matrix
 * (test/self-test/gateway-matrix.ts) lists the checks that catch each, and
 * docs/faults-bap-gateway.md is generated from the two.
 */
export const GATEWAY_FAULTS = [
  { id: "gw.drop-matching-bpp", description: "A matching BPP left out", changes: "Leaves the first matching BPP out of the search multicast." },
  {
    id: "gw.forward-non-matching",
    description: "Domain ignored",
    changes: "Ignores the domain when choosing BPPs: a search also reaches BPPs of other domains.",
  },
  {
    id: "gw.alter-body",
    description: "Body re-serialised before forwarding",
    changes: "Re-serialises the body (indented) before forwarding it, so the bytes differ and the sender's Authorization no longer verifies.",
  },
  { id: "gw.no-gateway-header", description: "No gateway headers", changes: "Forwards without X-Gateway-Authorization and Proxy-Authorization." },
  {
    id: "gw.bad-gateway-signature",
    description: "Gateway signature over other bytes",
    changes: "Signs its gateway headers over other bytes than it forwards, so they do not verify.",
  },
  { id: "gw.strip-authorization", description: "Sender's Authorization removed", changes: "Removes the sender's Authorization header from what it forwards." },
  {
    id: "gw.accept-bad-signature",
    description: "Forged messages accepted",
    changes: "Skips verifying the sender's signature: forged searches and on_searches are ACKed and forwarded.",
  },
  { id: "gw.ignore-city", description: "City ignored", changes: "Ignores the city when choosing BPPs: a search also reaches BPPs of other cities." },
  { id: "gw.drop-on-search", description: "on_search not relayed", changes: "ACKs an on_search but never relays it to the BAP." },
  { id: "gw.empty-ack", description: "Empty answer to a valid search", changes: "Answers a valid search with HTTP 200 and an empty body instead of an ACK." },
  { id: "gw.no-authenticate-header", description: "401 without a challenge", changes: "Leaves WWW-Authenticate and Proxy-Authenticate out of its 401 NACKs." },
  { id: "gw.ignore-bpp-id", description: "bpp_id ignored", changes: "Ignores a search's bpp_id: a search naming one BPP reaches every matching BPP." },
  { id: "gw.slow-ack", description: "ACK after the deadline", changes: "Holds the ACK of a valid search for 3.5 s (the search is still multicast at once)." },
  {
    id: "gw.accept-stale",
    description: "Stale messages accepted",
    changes: "Does not check a message's timestamp + ttl: a validly signed search or on_search that expired before it arrived is ACKed and forwarded.",
  },
  {
    id: "gw.verify-reserialised",
    description: "Digest over the re-serialised body",
    changes:
      "Re-serialises each body it receives (compact JSON) before verifying and forwarding it, so a message signed over other bytes for the same JSON value fails its signature check.",
  },
  {
    id: "gw.text-content-type",
    description: "JSON declared text/plain",
    changes: "Declares its answers (ACKs and NACKs) and its forwards `Content-Type: text/plain`; the JSON bytes, and so the signatures, are unchanged.",
  },
] as const satisfies readonly FaultSpec[];

export type GatewayFaultId = (typeof GATEWAY_FAULTS)[number]["id"];

export function gatewayFaults(given?: Iterable<string>): ReadonlySet<GatewayFaultId> {
  return faultSet(GATEWAY_FAULTS, given, "gateway");
}
