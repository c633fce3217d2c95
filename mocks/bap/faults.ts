import type { FaultSpec } from "../common/behaviour.js";
import { faultSet } from "../common/fault-set.js";

/**
 * The reference BAP's faults. Each changes exactly one behaviour; the self-test matrix
 * (test/self-test/bap-matrix.ts) lists the checks that catch each, and docs/faults-bap-gateway.md
 * is generated from the two.
 */
export const BAP_FAULTS = [
  {
    id: "bap.reuse-transaction-id",
    description: "New search in an old transaction",
    changes: "A new search keeps the transaction_id of the last request instead of starting a new one.",
  },
  { id: "bap.reuse-message-id", description: "message_id repeated", changes: "Every request after the first repeats the message_id of the last request sent." },
  {
    id: "bap.search-direct",
    description: "Search bypasses the gateway",
    changes: "A search without bpp_uri bypasses the gateway and goes straight to the last BPP the BAP knew.",
  },
  { id: "bap.missing-bpp-id", description: "No bpp_id after search", changes: "Requests after search leave bpp_id out of the context." },
  {
    id: "bap.wrong-bap-uri",
    description: "bap_uri not the registered URL",
    changes: "The context's bap_uri is not the BAP's registered URL (a /wrong-bap-uri path under it).",
  },
  { id: "bap.unsigned-request", description: "Unsigned requests", changes: "Requests go out without an Authorization header." },
  { id: "bap.expired-signature", description: "Expired signature", changes: "Requests are signed with created 600 s and expires 300 s in the past." },
  { id: "bap.nack-valid-callback", description: "Valid callbacks NACKed", changes: "Valid, correctly signed callbacks get a 400 NACK." },
  {
    id: "bap.accept-forged-callback",
    description: "Forged callbacks accepted",
    changes: "Callback signatures are not verified: a forged callback gets an ACK.",
  },
  {
    id: "bap.500-on-unknown-transaction",
    description: "HTTP 500 for an unknown transaction",
    changes: "A callback for a transaction the BAP never started gets HTTP 500.",
  },
  {
    id: "bap.no-ack-unsolicited",
    description: "Unsolicited on_status NACKed",
    changes: "An unsolicited on_status (a message_id the BAP never sent) gets a 400 NACK.",
  },
  { id: "bap.missing-billing", description: "init without billing", changes: "init goes out without message.order.billing." },
  { id: "bap.missing-end-meter", description: "Order without the end meter", changes: "select, init and confirm go out without the fulfillment's end meter." },
  { id: "bap.stale-timestamp", description: "Stale timestamp", changes: "context.timestamp is stamped 300 s in the past." },
  {
    id: "bap.transaction-id-changes",
    description: "New transaction_id after search",
    changes: "Requests after search start a new transaction_id instead of keeping the search's (the one the trigger gives).",
  },
  { id: "bap.bad-ttl", description: "ttl is not a duration", changes: 'context.ttl is "10 seconds" instead of an ISO 8601 duration.' },
  { id: "bap.missing-quantity", description: "Order items without quantity", changes: "select, init and confirm go out without the items' quantity." },
  {
    id: "bap.no-www-authenticate",
    description: "401 without a challenge",
    changes: "401 NACKs for bad callback signatures carry no WWW-Authenticate or Proxy-Authenticate header.",
  },
  {
    id: "bap.skip-callback-validation",
    description: "Callbacks not validated",
    changes: "Callbacks are not validated against the profile: a broken body is ACKed if its signature verifies.",
  },
  { id: "bap.500-on-late-callback", description: "HTTP 500 for a late callback", changes: "A callback for a request whose ttl has passed gets HTTP 500." },
  {
    id: "bap.500-on-duplicate-callback",
    description: "HTTP 500 for a repeated callback",
    changes: "A callback whose bytes repeat one already ACKed gets HTTP 500.",
  },
  {
    id: "bap.wedged-after-unknown-transaction",
    description: "Wedged by an unknown transaction",
    changes: "Once a callback for a transaction it never started has arrived, every later on_search gets HTTP 500.",
  },
  { id: "bap.slow-ack-on-confirm", description: "on_confirm answered late", changes: "on_confirm is answered only after 4 s, past the 3 s ACK deadline." },
  { id: "bap.drop-status", description: "Status trigger sends nothing", changes: "The status trigger answers 200 with an ACK but sends nothing." },
  {
    id: "bap.select-to-gateway",
    description: "select sent to the gateway",
    changes: "select goes to the gateway (`<gateway>/select`) instead of the bpp_uri of the BPP it names.",
  },
  // How the BAP receives signed callbacks (issue 20).
  {
    id: "bap.accept-stale-callback",
    description: "Stale callbacks accepted",
    changes: "A callback whose context.timestamp + ttl has passed is ACKed like a fresh one.",
  },
  {
    id: "bap.accept-misaddressed-callback",
    description: "Callbacks for another BAP accepted",
    changes: "A callback whose context.bap_id names another BAP is ACKed.",
  },
  {
    id: "bap.accept-other-signer",
    description: "Callbacks signed by another subscriber accepted",
    changes: "The keyId's subscriber is not compared with the callback's bpp_id: a callback signed by another registered subscriber is ACKed.",
  },
  {
    id: "bap.trust-gateway-header",
    description: "BPP signature skipped under a gateway header",
    changes: "A callback with a gateway header that verifies is accepted without verifying its Authorization.",
  },
  {
    id: "bap.verify-reserialised",
    description: "Digest over the re-serialised body",
    changes: "Callback signatures are verified over the parsed body serialised again as compact JSON, not over the bytes received.",
  },
  { id: "bap.ack-text-plain", description: "Answers declared text/plain", changes: "ACKs and NACKs to callbacks are sent with Content-Type text/plain." },
] as const satisfies readonly FaultSpec[];

export type BapFaultId = (typeof BAP_FAULTS)[number]["id"];

export function bapFaults(given?: Iterable<string>): ReadonlySet<BapFaultId> {
  return faultSet(BAP_FAULTS, given, "BAP");
}
