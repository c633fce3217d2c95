/**
 * The self-test matrix of the BPP suite: each fault of the reference BPP, and exactly the checks
 * that must fail (`ID`) or warn (`ID~`) when the suite runs against it. `clean` must produce none.
 * Where a fault trips more than its own check, the extra ids are the defect's real consequences
 * and the note says why.
 */
export interface MatrixRow {
  readonly fault: string;
  readonly expected: readonly string[];
  readonly note?: string;
  /**
   * 2 for a fault that fails nothing but leaves MUST checks unexercised for want of something the
   * harness needed (a gap, docs/rules.md "Coverage"); the note says why.
   */
  readonly exitCode?: 2;
}

/** The exit code a row's run must end with: 1 on any failing check, else its gaps' 2, else 0. */
export function expectedExitCode(row: MatrixRow): 0 | 1 | 2 {
  return row.expected.some((id) => !id.endsWith("~")) ? 1 : (row.exitCode ?? 0);
}

export const BPP_MATRIX: readonly MatrixRow[] = [
  { fault: "clean", expected: [] },
  { fault: "sig.tampered-digest", expected: ["SIG-003"] },
  { fault: "sig.expired-signature", expected: ["SIG-004"] },
  { fault: "sig.other-key", expected: ["SIG-003"] },
  { fault: "sig.keyid-not-bpp", expected: ["SIG-003", "SIG-005"], note: "the keyId names a subscriber whose key the registry does not give for it" },
  { fault: "sig.no-signature", expected: ["SIG-001"] },
  { fault: "sig.malformed-header", expected: ["SIG-002"] },
  { fault: "sig.long-validity", expected: ["SIG-006~"] },
  { fault: "sig.wrong-algorithm", expected: ["SIG-007"], note: "the signing string does not cover the algorithm, so the ed25519 signature itself still verifies" },
  { fault: "aut.no-www-authenticate", expected: ["AUT-004~"] },
  { fault: "sch.callback-not-json", expected: ["SCH-004"] },
  { fault: "ctx.missing-transaction-id", expected: ["CTX-002", "FLW-004", "SCH-001"], note: "the profile requires transaction_id; the transfer's on_status cannot be tied to the order" },
  { fault: "ctx.new-message-id", expected: ["CTX-003"], note: "attribution rules 2 and 3 tie each reply to its request all the same (the status step's on_status at its deadline), so only the id is wrong" },
  {
    fault: "ctx.wrong-action", expected: ["CTX-001", "CTX-017", "SCH-001"],
    note: "an on_search renamed carries a catalog where no schema allows one; the transfer's unsolicited on_status, renamed on_update, still comes to /on_status, and for an unsolicited callback the body is what CTX-017 believes",
  },
  { fault: "ctx.missing-bpp-id", expected: ["CTX-009", "SCH-002~", "SIG-005"], note: "the keyId can no longer match the callback's bpp_id" },
  { fault: "ctx.wrong-bpp-uri", expected: ["CTX-010"] },
  { fault: "ctx.stale-timestamp", expected: ["CTX-012"] },
  { fault: "ctx.bad-ttl", expected: ["CTX-014", "SCH-001"], note: "the profile refuses a ttl that is not a duration" },
  { fault: "ctx.wrong-transaction-id", expected: ["CTX-002", "FLW-004"], note: "the transfer's on_status cannot be tied to the order" },
  { fault: "ctx.wrong-bap-id", expected: ["CTX-004"] },
  { fault: "ctx.wrong-bap-uri", expected: ["CTX-005"] },
  { fault: "ctx.wrong-domain", expected: ["CTX-006"] },
  { fault: "ctx.wrong-location", expected: ["CTX-007"] },
  { fault: "ctx.wrong-version", expected: ["CTX-008", "SCH-001"], note: "the profile refuses a version other than 1.1.0" },
  { fault: "ctx.bad-timestamp-format", expected: ["CTX-011", "SCH-001"], note: "the profile requires RFC 3339 timestamps" },
  { fault: "ctx.future-timestamp", expected: ["CTX-013"] },
  { fault: "ctx.no-ttl", expected: ["CTX-015~", "SCH-002~"], note: "the profile recommends a ttl too" },
  {
    fault: "ctx.unsolicited-reuses-message-id",
    expected: ["CTX-016"],
    note: "an on_status carrying the confirm's message_id is no reply to the confirm (attribution rule 1): it is unsolicited, and CTX-016 finds the reused id",
  },
  {
    fault: "ack.http-500", expected: ["ACK-001", "RUN-002", "RUN-003", "TIM-002"],
    note: "no valid request is ACKed, and no callback follows a 500; a 5xx NACK is the BPP failing, never a refusal, so the error steps are ACK-001's alone",
  },
  {
    fault: "ack.nack-everything", expected: ["ACK-001", "FLW-008", "RUN-002", "RUN-003", "TIM-002"],
    note: "no callback follows; the unknown order's status is refused by a NACK whose code (30000) is not 30010",
  },
  {
    fault: "ack.not-json",
    expected: ["ACK-001", "ACK-002", "FLW-004", "NEG-013~", "RUN-002", "SCH-003"],
    note: "an answer that is not JSON is no ACK, so no request counts as ACKed: the repeated confirm got neither ACK nor NACK, and without an ACKed confirm the transfer's on_status are not its progress (attribution rule 3)",
  },
  { fault: "ack.no-error-code", expected: ["NEG-009", "NEG-010~"], note: "the fault drops the whole error object" },
  {
    fault: "ack.hang",
    expected: ["ACK-003", "FLW-003", "FLW-004", "NEG-013~", "RUN-002", "TIM-001"],
    note: "no request is ever ACKed; each step waits for an answer until the harness stops reading (the ttl, at least 2 s past the ACK deadline), so the transfer completes before the update, which the BPP then rightly refuses; without an ACKed confirm the transfer's on_status are not its progress (attribution rule 3)",
  },
  {
    fault: "ack.late", expected: ["TIM-001", "TIM-002"],
    note: "the answer is read past the ACK deadline and reported late once (ACK-001 and SCH-003 still judge it, and pass); the callbacks follow the 3.5 s ACK, past the self-test's PT3S ttl",
  },
  { fault: "tim.late-callback", expected: ["TIM-002"] },
  { fault: "tim.no-callback", expected: ["RUN-003", "TIM-002"] },
  { fault: "tim.duplicate-callback", expected: ["TIM-006~"] },
  { fault: "tim.callback-before-ack", expected: ["TIM-003~"] },
  { fault: "tim.transfer-stalls", expected: ["FLW-004"] },
  { fault: "tim.unsolicited-on-search", expected: ["TIM-004"], note: "the second on_search comes before any confirm; TIM-004 allows unsolicited callbacks of any action only about a confirmed order" },
  { fault: "tim.flood-unsolicited", expected: ["TIM-005"] },
  { fault: "biz.wrong-quote", expected: ["BIZ-001"] },
  { fault: "biz.breakup-mismatch", expected: ["BIZ-002"] },
  { fault: "biz.over-quantity-accepted", expected: ["BIZ-004", "FLW-010"] },
  { fault: "biz.wrong-unit", expected: ["BIZ-005", "SCH-001"], note: "the energy layer of the profile refuses the unit too" },
  { fault: "biz.non-der-meter", expected: ["BIZ-006", "FLW-003", "SCH-001"], note: "the updated meter is not the der:// one asked for" },
  { fault: "biz.currency-mismatch", expected: ["BIZ-003"] },
  { fault: "biz.bad-source-type", expected: ["BIZ-008~", "SCH-002~"], note: "the energy layer of the profile recommends the taxonomy too" },
  { fault: "biz.bad-certification", expected: ["BIZ-009~", "SCH-002~"], note: "the energy layer of the profile recommends the taxonomy too" },
  { fault: "biz.window-outside-offer", expected: ["BIZ-007"] },
  { fault: "biz.items-not-echoed", expected: ["BIZ-010"] },
  { fault: "flw.order-id-changes", expected: ["FLW-002", "FLW-011"] },
  { fault: "flw.update-ignored", expected: ["FLW-003"] },
  { fault: "flw.out-of-order-accepted", expected: ["FLW-005~"], note: "core sets no precondition for init: refusing it is the P2P profile's SHOULD" },
  { fault: "flw.unknown-order-accepted", expected: ["FLW-008"] },
  { fault: "flw.duplicate-creates-order", expected: ["NEG-013~"], note: "core requires no idempotency: one order per repeat is the P2P profile's SHOULD" },
  {
    fault: "flw.no-order-id",
    expected: ["FLW-001", "FLW-004", "SCH-001", "TIM-004"],
    note: "the profile requires order.id on on_confirm; the transfer cannot be tied to an order, and its on_status are progress of an order never identified",
  },
  { fault: "flw.unknown-provider-accepted", expected: ["FLW-006"] },
  { fault: "flw.unknown-item-accepted", expected: ["FLW-007"] },
  { fault: "flw.invalid-target-accepted", expected: ["FLW-009"] },
  { fault: "neg.accept-bad-signature", expected: ["AUT-001", "AUT-002", "AUT-003", "AUT-005~", "AUT-006~"], note: "no signature is verified, so the SHOULD forgeries (keyid-not-sender, forged-proxy-header) are accepted too" },
  {
    fault: "neg.accept-invalid-body",
    expected: ["NEG-001", "NEG-002", "NEG-003", "NEG-004", "NEG-005", "NEG-012~", "SCH-001"],
    note: "the callbacks to the broken requests are broken too; the select without an order, the status without an order_id and the update without a target reach the business logic, which refuses them with error callbacks (30001, 30010): a legal refusal (core 1.1.0 Error), so NEG-006…008 pass; neg.invalid-body-* fail them",
  },
  { fault: "neg.accept-wrong-unit", expected: ["NEG-012~"] },
  // Issue 20 (answers).
  { fault: "biz.no-quote-on-select", expected: ["BIZ-011"] },
  { fault: "biz.no-quote-on-init", expected: ["BIZ-011"] },
  { fault: "biz.incomplete-offer", expected: ["BIZ-012~"], note: "the guide's \"Each offer has price, quantity, source type, and certification tags\" is the P2P profile's, a SHOULD" },
  { fault: "sch.text-content-type", expected: ["SCH-005~"], note: "core 1.1.0 gives every answer as application/json; the bytes are JSON all the same, so a SHOULD" },
  { fault: "ctx.wrong-endpoint", expected: ["CTX-017"], note: "each misposted reply is still its request's (by message_id and the body's action), so nothing is reported missing" },
  { fault: "flw.update-beyond-target-applied", expected: ["FLW-012"] },
  { fault: "aut.trusts-gateway-header", expected: ["AUT-001", "AUT-002", "AUT-003"], note: "the forged-bap-under-gateway search is ACKed and answered" },
  { fault: "aut.reads-proxy-only", expected: ["AUT-001", "AUT-002", "AUT-003"], note: "the forged-x-gateway-header search is ACKed and answered; the forged Proxy-Authorization is still refused" },
  { fault: "aut.trusts-proxy-header", expected: ["AUT-006~"], note: "advisory: core 1.1.0 knows no Proxy-Authorization" },
  {
    fault: "aut.reserialises-body", expected: ["ACK-001", "AUT-007"],
    note: "the indented search and the escaped status are refused with 401, so ACK-001 sees them not ACKed; the reordered status passes (re-serialising keeps member order)",
  },
  { fault: "neg.accept-stale-request", expected: ["NEG-014~"] },
  { fault: "neg.accept-other-bpp-id", expected: ["NEG-015~"] },
  // Issue 20 (refusals): an ACK refuses a broken body only if error callbacks follow it.
  {
    fault: "neg.invalid-body-acked-silently", expected: ["NEG-001", "NEG-002", "NEG-003", "NEG-004", "NEG-005", "NEG-006", "NEG-007", "NEG-008", "NEG-012~"],
    note: "every broken body is ACKed and no callback follows: an ACK owes a callback (core 1.1.0 Ack.status), in every profile",
  },
  {
    fault: "neg.invalid-body-echoed", expected: ["BIZ-005", "NEG-002", "NEG-006", "NEG-007", "NEG-008", "NEG-012~", "SCH-001"],
    note: "the broken bodies that name where to call back are ACKed and answered by an on_<action> echoing their message, not an error; the echoes are as broken as the requests (SCH-001, and BIZ-005 for wrong-unit's MWh)",
  },
];

/** Checks no fault of the reference BPP provokes, and why. Kept as short as the faults allow. */
export const UNPROVOKED: Readonly<Record<string, string>> = {
  "RUN-001": "no check running needs a SUT that never connects, which ends the run with exit 2 before judging (infrastructure error)",
};
