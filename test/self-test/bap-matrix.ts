/**
 * The self-test matrix of the BAP suite: each fault of the reference BAP, and exactly the checks
 * that must fail (`ID`) or warn (`ID~`) when the suite drives it. `clean` must produce none.
 * Each note says what the checks find; where a fault trips more than its own check, the extra ids
 * are the defect's real consequences and the note says why. docs/faults-*.md print these rows.
 */
import type { MatrixRow } from "./fault-matrix.js";

export const BAP_MATRIX: readonly MatrixRow[] = [
  { fault: "clean", expected: [] },
  { fault: "bap.reuse-transaction-id", expected: ["CTX-102"], note: "CTX-102: a search reusing an earlier transaction_id." },
  { fault: "bap.reuse-message-id", expected: ["CTX-104"], note: "CTX-104: a message_id already used by an earlier request." },
  { fault: "bap.search-direct", expected: ["CTX-101"], note: "CTX-101: a search without bpp_uri that went straight to a BPP." },
  { fault: "bap.missing-bpp-id", expected: ["CTX-106"], note: "CTX-106: a request after search without the bpp_id it is sent to." },
  {
    fault: "bap.wrong-bap-uri",
    expected: ["ACK-101", "ACK-102", "CTX-105"],
    note: "CTX-105: a bap_uri that is not the BAP's registered URL. The BPP calls back to the wrong bap_uri, so the flow's callbacks never reach the BAP (a 404): ACK-101, ACK-102.",
  },
  {
    fault: "bap.unsigned-request",
    expected: ["RUN-002", "RUN-003", "SIG-101"],
    note: "SIG-101: a request without a signature. The gateway refuses the unsigned search, so no callback ever reaches the BAP.",
  },
  {
    fault: "bap.expired-signature",
    expected: ["RUN-002", "RUN-003", "SIG-102"],
    note: "SIG-102: a signature that does not verify (expired). The gateway refuses the expired signature, so no callback ever reaches the BAP.",
  },
  {
    fault: "bap.nack-valid-callback",
    expected: ["ACK-101", "ACK-102", "ACK-103", "RUN-002"],
    note: "ACK-101: a NACK for a valid callback (and ACK-102 for an unsolicited on_status). The unsolicited on_status is a valid callback too, and so are the respelled ones.",
  },
  {
    fault: "bap.accept-forged-callback",
    expected: ["AUT-101", "AUT-102", "AUT-104~", "AUT-105"],
    note: "AUT-101 and AUT-102: an ACK where a 401 NACK is needed. The gateway header is a signature too, and it is not checked either; nor is the keyId of the callback another subscriber signed.",
  },
  { fault: "bap.500-on-unknown-transaction", expected: ["NEG-103"], note: "NEG-103: a 5xx for a callback the BAP cannot place." },
  {
    fault: "bap.no-ack-unsolicited",
    expected: ["ACK-102", "ACK-103"],
    note: "ACK-102: a NACK for an unsolicited on_status of a confirmed order. The respelled callbacks are unsolicited on_status too.",
  },
  { fault: "bap.missing-billing", expected: ["BIZ-102"], note: "BIZ-102: an init without the buyer's billing details." },
  { fault: "bap.missing-end-meter", expected: ["BIZ-103"], note: "BIZ-103: an order without the buyer's end meter." },
  {
    fault: "bap.stale-timestamp",
    expected: ["CTX-107", "RUN-002", "RUN-003"],
    note: "CTX-107: context.timestamp outside the 5 s skew. The search had expired before it arrived, so the harness's gateway refuses it (GW-018's rule) and no callback follows.",
  },
  { fault: "bap.transaction-id-changes", expected: ["CTX-103"], note: "CTX-103: a request whose transaction_id no search started." },
  {
    fault: "bap.bad-ttl",
    expected: ["CTX-108", "RUN-002", "RUN-003", "SCH-101"],
    note: "CTX-108: a ttl that is not an ISO 8601 duration; SCH-101: the profile refuses it too, so the gateway NACKs the search and no callback follows.",
  },
  { fault: "bap.missing-quantity", expected: ["BIZ-101"], note: "BIZ-101: an order item without the quantity bought." },
  { fault: "bap.no-www-authenticate", expected: ["AUT-103~"], note: "AUT-103 (SHOULD): a 401 NACK without the header naming the scheme." },
  {
    fault: "bap.skip-callback-validation",
    expected: ["NEG-101", "NEG-102~"],
    note: "NEG-101: a callback without context (or naming another action) is ACKed; NEG-102 (SHOULD) for a schema fault deep inside. The deep schema fault is the SHOULD half of the same behaviour.",
  },
  { fault: "bap.500-on-late-callback", expected: ["NEG-104"], note: "NEG-104: a 5xx for a late callback." },
  { fault: "bap.500-on-duplicate-callback", expected: ["NEG-105"], note: "NEG-105: a 5xx for a repeated callback." },
  {
    fault: "bap.wedged-after-unknown-transaction",
    expected: ["ACK-101", "NEG-106"],
    note: "NEG-106: the next flow's on_search is no longer ACKed; it is a valid callback answered with a 500 (ACK-101).",
  },
  {
    fault: "bap.slow-ack-on-confirm",
    expected: ["ACK-101", "TIM-101"],
    note: "TIM-101: no answer within the ACK deadline. An on_confirm with no answer within the deadline got no ACK either.",
  },
  { fault: "bap.drop-status", expected: ["FLW-101"], note: "FLW-101: a trigger answered 2xx whose request never arrived." },
  { fault: "bap.select-to-gateway", expected: ["CTX-109"], note: "CTX-109: a request after search sent to the gateway, not to its bpp_uri." },
  // How the BAP receives signed callbacks (issue 20).
  { fault: "bap.accept-stale-callback", expected: ["NEG-107~"], note: "NEG-107 (SHOULD): an ACK for a stale callback." },
  { fault: "bap.accept-misaddressed-callback", expected: ["NEG-108~"], note: "NEG-108 (SHOULD): an ACK for a callback addressed to another BAP." },
  { fault: "bap.accept-other-signer", expected: ["AUT-104~"], note: "AUT-104 (SHOULD): an ACK for a callback signed by another subscriber than its bpp_id." },
  { fault: "bap.trust-gateway-header", expected: ["AUT-105"], note: "AUT-105: an ACK for a relayed on_search whose BPP signature is forged." },
  {
    fault: "bap.verify-reserialised",
    expected: ["ACK-103"],
    note: "ACK-103: a 401 for a valid callback spelled with other whitespace or escapes. The whitespace and escapes spellings; key order survives a re-serialisation.",
  },
  { fault: "bap.ack-text-plain", expected: ["ACK-104~"], note: "ACK-104 (SHOULD): an answer that does not declare JSON." },
];

/** Checks no fault of the reference BAP provokes, and why each is still proven. */
export const BAP_UNPROVOKED: Readonly<Record<string, string>> = {
  "RUN-001":
    "no check runs only when nothing at all reached the harness, which a BAP that refuses its first trigger turns into exit 2 before judging (infrastructure error)",
};
