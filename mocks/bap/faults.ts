import { faultSet, type FaultSpec } from "../common/fault-set.js";

/**
 * The reference BAP's faults. Each changes exactly one behaviour; `caughtBy` names the check areas
 * that must catch it and `check` which check. docs/faults-bap-gateway.md prints this table, and a
 * test keeps the two in step.
 */
export const BAP_FAULTS = [
  { id: "bap.reuse-transaction-id", description: "A new search keeps the transaction_id of the last request instead of starting a new one.", caughtBy: ["CTX"], check: "The context check finds a search reusing an earlier transaction_id." },
  { id: "bap.reuse-message-id", description: "Every request after the first repeats the message_id of the last request sent.", caughtBy: ["CTX"], check: "The context check finds a message_id already used in the transaction." },
  { id: "bap.search-direct", description: "A search without bpp_uri bypasses the gateway and goes straight to the last BPP the BAP knew.", caughtBy: ["CTX"], check: "The routing check finds a search without bpp_uri that never reached the gateway." },
  { id: "bap.missing-bpp-id", description: "Requests after search leave bpp_id out of the context.", caughtBy: ["CTX"], check: "The context check finds a request after search without the bpp_id it is sent to." },
  { id: "bap.wrong-bap-uri", description: "The context's bap_uri is not the BAP's registered URL (a /wrong-bap-uri path under it).", caughtBy: ["CTX"], check: "The context check finds a bap_uri that is not the BAP's URL in the registry." },
  { id: "bap.unsigned-request", description: "Requests go out without an Authorization header.", caughtBy: ["SIG"], check: "The request signature check finds no signature." },
  { id: "bap.expired-signature", description: "Requests are signed with created 600 s and expires 300 s in the past.", caughtBy: ["SIG"], check: "The request signature check finds expires in the past." },
  { id: "bap.nack-valid-callback", description: "Valid, correctly signed callbacks get a 400 NACK.", caughtBy: ["ACK"], check: "The ACK check finds a NACK for a valid callback." },
  { id: "bap.accept-forged-callback", description: "Callback signatures are not verified: a forged callback gets an ACK.", caughtBy: ["AUT"], check: "The forged-callback checks find an ACK where a 401 NACK is needed." },
  { id: "bap.500-on-unknown-transaction", description: "A callback for a transaction the BAP never started gets HTTP 500.", caughtBy: ["NEG"], check: "The negative check finds a 5xx for a callback the BAP cannot place." },
  { id: "bap.no-ack-unsolicited", description: "An unsolicited on_status (a message_id the BAP never sent) gets a 400 NACK.", caughtBy: ["ACK"], check: "The ACK check finds a NACK for an unsolicited on_status of a confirmed order." },
  { id: "bap.missing-billing", description: "init goes out without message.order.billing.", caughtBy: ["BIZ"], check: "The business check finds an init without the buyer's billing details." },
  { id: "bap.missing-end-meter", description: "select, init and confirm go out without the fulfillment's end meter.", caughtBy: ["BIZ"], check: "The business check finds an order without the buyer's end meter." },
  { id: "bap.stale-timestamp", description: "context.timestamp is stamped 300 s in the past.", caughtBy: ["CTX"], check: "The context check finds context.timestamp outside the 5 s skew." },
] as const satisfies readonly FaultSpec[];

export type BapFaultId = (typeof BAP_FAULTS)[number]["id"];

export function bapFaults(given?: Iterable<string>): ReadonlySet<BapFaultId> {
  return faultSet(BAP_FAULTS, given, "BAP");
}
