/**
 * The self-test matrix of the BAP suite: each fault of the reference BAP, and exactly the checks
 * that must fail (`ID`) or warn (`ID~`) when the suite drives it. `clean` must produce none.
 * Where a fault trips more than its own check, the extra ids are the defect's real consequences
 * and the note says why.
 */
import type { MatrixRow } from "./bpp-matrix.js";

export const BAP_MATRIX: readonly MatrixRow[] = [
  { fault: "clean", expected: [] },
  { fault: "bap.reuse-transaction-id", expected: ["CTX-102"] },
  { fault: "bap.reuse-message-id", expected: ["CTX-104"] },
  { fault: "bap.search-direct", expected: ["CTX-101"] },
  { fault: "bap.missing-bpp-id", expected: ["CTX-106"] },
  { fault: "bap.wrong-bap-uri", expected: ["ACK-101", "ACK-102", "CTX-105"], note: "the BPP calls back to the wrong bap_uri, so the flow's callbacks never reach the BAP (a 404)" },
  { fault: "bap.unsigned-request", expected: ["RUN-002", "RUN-003", "SIG-101"], note: "the gateway refuses the unsigned search, so no callback ever reaches the BAP" },
  { fault: "bap.expired-signature", expected: ["RUN-002", "RUN-003", "SIG-102"], note: "the gateway refuses the expired signature, so no callback ever reaches the BAP" },
  { fault: "bap.nack-valid-callback", expected: ["ACK-101", "ACK-102", "ACK-103", "RUN-002"], note: "the unsolicited on_status is a valid callback too, and so are the respelled ones" },
  { fault: "bap.accept-forged-callback", expected: ["AUT-101", "AUT-102", "AUT-104~", "AUT-105"], note: "the gateway header is a signature too, and it is not checked either; nor is the keyId of the callback another subscriber signed" },
  { fault: "bap.500-on-unknown-transaction", expected: ["NEG-103"] },
  { fault: "bap.no-ack-unsolicited", expected: ["ACK-102", "ACK-103"], note: "the respelled callbacks are unsolicited on_status too" },
  { fault: "bap.missing-billing", expected: ["BIZ-102"] },
  { fault: "bap.missing-end-meter", expected: ["BIZ-103"] },
  { fault: "bap.stale-timestamp", expected: ["CTX-107", "RUN-002", "RUN-003"], note: "the search had expired before it arrived, so the harness's gateway refuses it (GW-018's rule) and no callback follows" },
  { fault: "bap.transaction-id-changes", expected: ["CTX-103"] },
  { fault: "bap.bad-ttl", expected: ["CTX-108", "RUN-002", "RUN-003", "SCH-101"], note: "the profile refuses the ttl too, so the gateway NACKs the search and no callback follows" },
  { fault: "bap.missing-quantity", expected: ["BIZ-101"] },
  { fault: "bap.no-www-authenticate", expected: ["AUT-103~"] },
  { fault: "bap.skip-callback-validation", expected: ["NEG-101", "NEG-102~"], note: "the deep schema fault is the SHOULD half of the same behaviour" },
  { fault: "bap.500-on-late-callback", expected: ["NEG-104"] },
  { fault: "bap.500-on-duplicate-callback", expected: ["NEG-105"] },
  { fault: "bap.wedged-after-unknown-transaction", expected: ["ACK-101", "NEG-106"], note: "the next flow's on_search is a valid callback answered with a 500" },
  { fault: "bap.slow-ack-on-confirm", expected: ["ACK-101", "TIM-101"], note: "an on_confirm with no answer within the deadline got no ACK either" },
  { fault: "bap.drop-status", expected: ["FLW-101"] },
  { fault: "bap.select-to-gateway", expected: ["CTX-109"] },
  // How the BAP receives signed callbacks (issue 20).
  { fault: "bap.accept-stale-callback", expected: ["NEG-107~"] },
  { fault: "bap.accept-misaddressed-callback", expected: ["NEG-108~"] },
  { fault: "bap.accept-other-signer", expected: ["AUT-104~"] },
  { fault: "bap.trust-gateway-header", expected: ["AUT-105"] },
  { fault: "bap.verify-reserialised", expected: ["ACK-103"], note: "the whitespace and escapes spellings; key order survives a re-serialisation" },
  { fault: "bap.ack-text-plain", expected: ["ACK-104~"] },
];

/** Checks no fault of the reference BAP provokes, and why each is still proven. */
export const BAP_UNPROVOKED: Readonly<Record<string, string>> = {
  "RUN-001": "no check runs only when nothing at all reached the harness, which a BAP that refuses its first trigger turns into exit 2 before judging (infrastructure error)",
};
