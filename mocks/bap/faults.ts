import { faultSet, type FaultSpec } from "../common/fault-set.js";

/**
 * The reference BAP's faults. Each changes exactly one behaviour; `caughtBy` names the check areas
 * that must catch it and `check` which check. docs/faults-bap-gateway.md prints this table, and a
 * test keeps the two in step.
 */
export const BAP_FAULTS = [
  { id: "bap.reuse-transaction-id", description: "A new search keeps the transaction_id of the last request instead of starting a new one.", caughtBy: ["CTX"], check: "CTX-102: a search reusing an earlier transaction_id." },
  { id: "bap.reuse-message-id", description: "Every request after the first repeats the message_id of the last request sent.", caughtBy: ["CTX"], check: "CTX-104: a message_id already used by an earlier request." },
  { id: "bap.search-direct", description: "A search without bpp_uri bypasses the gateway and goes straight to the last BPP the BAP knew.", caughtBy: ["CTX"], check: "CTX-101: a search without bpp_uri that went straight to a BPP." },
  { id: "bap.missing-bpp-id", description: "Requests after search leave bpp_id out of the context.", caughtBy: ["CTX"], check: "CTX-106: a request after search without the bpp_id it is sent to." },
  { id: "bap.wrong-bap-uri", description: "The context's bap_uri is not the BAP's registered URL (a /wrong-bap-uri path under it).", caughtBy: ["CTX"], check: "CTX-105: a bap_uri that is not the BAP's registered URL (and ACK-101, ACK-102: callbacks sent there never reach the BAP)." },
  { id: "bap.unsigned-request", description: "Requests go out without an Authorization header.", caughtBy: ["SIG"], check: "SIG-101: a request without a signature." },
  { id: "bap.expired-signature", description: "Requests are signed with created 600 s and expires 300 s in the past.", caughtBy: ["SIG"], check: "SIG-102: a signature that does not verify (expired)." },
  { id: "bap.nack-valid-callback", description: "Valid, correctly signed callbacks get a 400 NACK.", caughtBy: ["ACK"], check: "ACK-101: a NACK for a valid callback (and ACK-102 for an unsolicited on_status)." },
  { id: "bap.accept-forged-callback", description: "Callback signatures are not verified: a forged callback gets an ACK.", caughtBy: ["AUT"], check: "AUT-101 and AUT-102: an ACK where a 401 NACK is needed." },
  { id: "bap.500-on-unknown-transaction", description: "A callback for a transaction the BAP never started gets HTTP 500.", caughtBy: ["NEG"], check: "NEG-103: a 5xx for a callback the BAP cannot place." },
  { id: "bap.no-ack-unsolicited", description: "An unsolicited on_status (a message_id the BAP never sent) gets a 400 NACK.", caughtBy: ["ACK"], check: "ACK-102: a NACK for an unsolicited on_status of a confirmed order." },
  { id: "bap.missing-billing", description: "init goes out without message.order.billing.", caughtBy: ["BIZ"], check: "BIZ-102: an init without the buyer's billing details." },
  { id: "bap.missing-end-meter", description: "select, init and confirm go out without the fulfillment's end meter.", caughtBy: ["BIZ"], check: "BIZ-103: an order without the buyer's end meter." },
  { id: "bap.stale-timestamp", description: "context.timestamp is stamped 300 s in the past.", caughtBy: ["CTX"], check: "CTX-107: context.timestamp outside the 5 s skew." },
  { id: "bap.transaction-id-changes", description: "Requests after search start a new transaction_id instead of keeping the search's (the one the trigger gives).", caughtBy: ["CTX"], check: "CTX-103: a request whose transaction_id no search started." },
  { id: "bap.bad-ttl", description: "context.ttl is \"10 seconds\" instead of an ISO 8601 duration.", caughtBy: ["CTX", "SCH"], check: "CTX-108: a ttl that is not an ISO 8601 duration (and SCH-101: the profile refuses it too)." },
  { id: "bap.missing-quantity", description: "select, init and confirm go out without the items' quantity.", caughtBy: ["BIZ"], check: "BIZ-101: an order item without the quantity bought." },
  { id: "bap.no-www-authenticate", description: "401 NACKs for bad callback signatures carry no WWW-Authenticate or Proxy-Authenticate header.", caughtBy: ["AUT"], check: "AUT-103 (SHOULD): a 401 NACK without the header naming the scheme." },
  { id: "bap.skip-callback-validation", description: "Callbacks are not validated against the profile: a broken body is ACKed if its signature verifies.", caughtBy: ["NEG"], check: "NEG-101: a callback without context (or naming another action) is ACKed; NEG-102 (SHOULD) for a schema fault deep inside." },
  { id: "bap.500-on-late-callback", description: "A callback for a request whose ttl has passed gets HTTP 500.", caughtBy: ["NEG"], check: "NEG-104: a 5xx for a late callback." },
  { id: "bap.500-on-duplicate-callback", description: "A callback whose bytes repeat one already ACKed gets HTTP 500.", caughtBy: ["NEG"], check: "NEG-105: a 5xx for a repeated callback." },
  { id: "bap.wedged-after-unknown-transaction", description: "Once a callback for a transaction it never started has arrived, every later on_search gets HTTP 500.", caughtBy: ["NEG"], check: "NEG-106: the next flow's on_search is no longer ACKed (and ACK-101 for that on_search)." },
  { id: "bap.slow-ack-on-confirm", description: "on_confirm is answered only after 4 s, past the 3 s ACK deadline.", caughtBy: ["TIM"], check: "TIM-101: no answer within the ACK deadline." },
  { id: "bap.drop-status", description: "The status trigger answers 200 with an ACK but sends nothing.", caughtBy: ["FLW"], check: "FLW-101: a trigger answered 2xx whose request never arrived." },
  { id: "bap.select-to-gateway", description: "select goes to the gateway (`<gateway>/select`) instead of the bpp_uri of the BPP it names.", caughtBy: ["CTX"], check: "CTX-109: a request after search sent to the gateway, not to its bpp_uri." },
  // How the BAP receives signed callbacks (issue 20).
  { id: "bap.accept-stale-callback", description: "A callback whose context.timestamp + ttl has passed is ACKed like a fresh one.", caughtBy: ["NEG"], check: "NEG-107 (SHOULD): an ACK for a stale callback." },
  { id: "bap.accept-misaddressed-callback", description: "A callback whose context.bap_id names another BAP is ACKed.", caughtBy: ["NEG"], check: "NEG-108 (SHOULD): an ACK for a callback addressed to another BAP." },
  { id: "bap.accept-other-signer", description: "The keyId's subscriber is not compared with the callback's bpp_id: a callback signed by another registered subscriber is ACKed.", caughtBy: ["AUT"], check: "AUT-104 (SHOULD): an ACK for a callback signed by another subscriber than its bpp_id." },
  { id: "bap.trust-gateway-header", description: "A callback with a gateway header that verifies is accepted without verifying its Authorization.", caughtBy: ["AUT"], check: "AUT-105: an ACK for a relayed on_search whose BPP signature is forged." },
  { id: "bap.verify-reserialised", description: "Callback signatures are verified over the parsed body serialised again as compact JSON, not over the bytes received.", caughtBy: ["ACK"], check: "ACK-103: a 401 for a valid callback spelled with other whitespace or escapes." },
  { id: "bap.ack-text-plain", description: "ACKs and NACKs to callbacks are sent with Content-Type text/plain.", caughtBy: ["ACK"], check: "ACK-104 (SHOULD): an answer that does not declare JSON." },
] as const satisfies readonly FaultSpec[];

export type BapFaultId = (typeof BAP_FAULTS)[number]["id"];

export function bapFaults(given?: Iterable<string>): ReadonlySet<BapFaultId> {
  return faultSet(BAP_FAULTS, given, "BAP");
}
