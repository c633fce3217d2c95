import type { MatrixRow } from "./fault-matrix.js";

/**
 * The self-test matrix of the BPP suite: each fault of the reference BPP, and exactly the checks
 * that must fail (`ID`) or warn (`ID~`) when the suite runs against it. `clean` must produce none.
 * Each note says what the checks find; where a fault trips more than its own check, the extra ids
 * are the defect's real consequences and the note says why. docs/faults-*.md print these rows.
 */
export const BPP_MATRIX: readonly MatrixRow[] = [
  { fault: "clean", expected: [] },
  { fault: "sig.tampered-digest", expected: ["SIG-003"], note: "SIG-003 finds the digest does not match the received bytes." },
  { fault: "sig.expired-signature", expected: ["SIG-004"], note: "SIG-004 finds `expires` in the past." },
  { fault: "sig.other-key", expected: ["SIG-003"], note: "SIG-003 finds the signature does not verify with the registered key." },
  {
    fault: "sig.keyid-not-bpp",
    expected: ["SIG-003", "SIG-005"],
    note: "SIG-005 finds the keyId's subscriber is not the context's `bpp_id`; SIG-003 finds the signature does not verify for that subscriber. The keyId names a subscriber whose key the registry does not give for it.",
  },
  { fault: "sig.no-signature", expected: ["SIG-001"], note: "SIG-001 finds no signature." },
  { fault: "sig.malformed-header", expected: ["SIG-002"], note: "SIG-002 finds an Authorization header that does not parse as a Signature header." },
  { fault: "sig.long-validity", expected: ["SIG-006~"], note: "SIG-006 finds a signature that lasts more than an hour (SHOULD)." },
  {
    fault: "sig.wrong-algorithm",
    expected: ["SIG-007"],
    note: "SIG-007 finds an algorithm other than ed25519. The signing string does not cover the algorithm, so the ed25519 signature itself still verifies.",
  },
  { fault: "aut.no-www-authenticate", expected: ["AUT-004~"], note: "AUT-004 finds a 401 without an authentication challenge (SHOULD)." },
  {
    fault: "sch.callback-not-json",
    expected: ["SCH-004"],
    note: "SCH-004 finds a callback body that is not JSON: with no context to read, it is claimed at its request's deadline by the endpoint it came to (attribution rule 4).",
  },
  {
    fault: "ctx.missing-transaction-id",
    expected: ["CTX-002", "FLW-004", "SCH-001"],
    note: "CTX-002 finds no `transaction_id`, which the profile requires (SCH-001); the transfer's on_status cannot be tied to the order (FLW-004).",
  },
  {
    fault: "ctx.new-message-id",
    expected: ["CTX-003"],
    note: "CTX-003 finds the callback's `message_id` differs from its request's. Attribution rules 2 and 3 tie each reply to its request all the same (the status step's on_status at its deadline), so only the id is wrong.",
  },
  {
    fault: "ctx.wrong-action",
    expected: ["CTX-001", "CTX-017", "SCH-001"],
    note: "CTX-001 finds `context.action` is not `on_<request action>`; on on_search the schema fails too, as no other callback carries a catalog. An on_search renamed carries a catalog where no schema allows one; the transfer's unsolicited on_status, renamed on_update, still comes to /on_status, and for an unsolicited callback the body is what CTX-017 believes.",
  },
  {
    fault: "ctx.missing-bpp-id",
    expected: ["CTX-009", "SCH-002~", "SIG-005"],
    note: "CTX-009 finds no `bpp_id` on a callback (validate() only warns). The keyId can no longer match the callback's bpp_id.",
  },
  { fault: "ctx.wrong-bpp-uri", expected: ["CTX-010"], note: "CTX-010 finds `bpp_uri` is not the URL the request was sent to." },
  { fault: "ctx.stale-timestamp", expected: ["CTX-012"], note: "CTX-012 finds `context.timestamp` outside the 5 s skew." },
  {
    fault: "ctx.bad-ttl",
    expected: ["CTX-014", "SCH-001"],
    note: "CTX-014 finds a `ttl` that is not an ISO 8601 duration; the profile refuses it too (SCH-001).",
  },
  {
    fault: "ctx.wrong-transaction-id",
    expected: ["CTX-002", "FLW-004"],
    note: "CTX-002 finds the callback's `transaction_id` differs from its request's. The transfer's on_status cannot be tied to the order.",
  },
  { fault: "ctx.wrong-bap-id", expected: ["CTX-004"], note: "CTX-004 finds a `bap_id` that does not echo the request's." },
  { fault: "ctx.wrong-bap-uri", expected: ["CTX-005"], note: "CTX-005 finds a `bap_uri` that does not echo the request's." },
  { fault: "ctx.wrong-domain", expected: ["CTX-006"], note: "CTX-006 finds a `domain` that does not echo the request's." },
  { fault: "ctx.wrong-location", expected: ["CTX-007"], note: "CTX-007 finds country and city codes that do not echo the request's." },
  {
    fault: "ctx.wrong-version",
    expected: ["CTX-008", "SCH-001"],
    note: "CTX-008 finds a `version` that does not echo the request's; the profile refuses any version but 1.1.0 (SCH-001).",
  },
  {
    fault: "ctx.bad-timestamp-format",
    expected: ["CTX-011", "SCH-001"],
    note: "CTX-011 finds a `timestamp` that is not RFC 3339 with a zone; the profile requires one (SCH-001, the schema's date-time format).",
  },
  { fault: "ctx.future-timestamp", expected: ["CTX-013"], note: "CTX-013 finds a `timestamp` later than the arrival beyond the 5 s skew." },
  {
    fault: "ctx.no-ttl",
    expected: ["CTX-015~", "SCH-002~"],
    note: "CTX-015 finds a callback without `ttl` (SHOULD); the profile recommends a ttl too (SCH-002).",
  },
  {
    fault: "ctx.unsolicited-reuses-message-id",
    expected: ["CTX-016"],
    note: "An on_status carrying the confirm's message_id is no reply to the confirm (attribution rule 1): it is unsolicited, and CTX-016 finds the reused id.",
  },
  {
    fault: "ack.http-500",
    expected: ["ACK-001", "RUN-002", "RUN-003", "TIM-002"],
    note: "ACK-001 finds a 5xx where a valid request needs a 2xx ACK. No valid request is ACKed, and no callback follows a 500; a 5xx NACK is the BPP failing, never a refusal, so the error steps are ACK-001's alone.",
  },
  {
    fault: "ack.nack-everything",
    expected: ["ACK-001", "FLW-008", "RUN-002", "RUN-003", "TIM-002"],
    note: "ACK-001 finds a NACK for a valid request. No callback follows; the unknown order's status is refused by a NACK whose code (30000) is not 30010.",
  },
  {
    fault: "ack.not-json",
    expected: ["ACK-001", "ACK-002", "FLW-004", "NEG-013~", "RUN-002", "SCH-003"],
    note: "ACK-001 and ACK-002 find a body that does not parse as an ACK. An answer that is not JSON is no ACK, so no request counts as ACKed: the repeated confirm got neither ACK nor NACK, and without an ACKed confirm the transfer's on_status are not its progress (attribution rule 3).",
  },
  {
    fault: "ack.no-error-code",
    expected: ["NEG-009", "NEG-010~"],
    note: "NEG-009 finds a 400 NACK without `error.code` (NEG-010 without `error.paths`). The fault drops the whole error object.",
  },
  {
    fault: "ack.hang",
    expected: ["ACK-003", "FLW-004", "NEG-013~", "RUN-002", "TIM-001"],
    note: "ACK-003 finds no complete answer on an accepted connection, and TIM-001 no answer within 3 s. No request is ever ACKed; each step waits for an answer until the harness stops reading (the ttl, at least 2 s past the ACK deadline), so the transfer completes before the update, which the BPP then rightly refuses with 50002 (update not possible: FLW-003 does not judge it); without an ACKed confirm the transfer's on_status are not its progress (attribution rule 3).",
  },
  {
    fault: "ack.late",
    expected: ["TIM-001", "TIM-002"],
    note: "TIM-001 finds the answer late, once: it is read past the ACK deadline and still judged (ACK-001 and SCH-003 pass); the callbacks follow the 3.5 s ACK, past the self-test's PT3S ttl (TIM-002).",
  },
  { fault: "tim.late-callback", expected: ["TIM-002"], note: "TIM-002 finds the callback after `timestamp + ttl`." },
  { fault: "tim.no-callback", expected: ["RUN-003", "TIM-002"], note: "TIM-002 finds no callback by the deadline." },
  { fault: "tim.duplicate-callback", expected: ["TIM-006~"], note: "TIM-006 finds two callbacks for one request." },
  { fault: "tim.callback-before-ack", expected: ["TIM-003~"], note: "TIM-003 finds the callback arrived before the ACK's headers (SHOULD)." },
  { fault: "tim.transfer-stalls", expected: ["FLW-004"], note: "FLW-004 finds no completed state by `--transfer-timeout`." },
  {
    fault: "tim.unsolicited-on-search",
    expected: ["TIM-004"],
    note: "The extra on_search answers no open request (attribution rule 4), so it is unsolicited in its transaction, and TIM-004 finds it came before any order was confirmed there: TIM-004 allows unsolicited callbacks of any action only about a confirmed order.",
  },
  { fault: "tim.flood-unsolicited", expected: ["TIM-005"], note: "TIM-005 finds more unsolicited callbacks than `--max-unsolicited` (100)." },
  { fault: "biz.wrong-quote", expected: ["BIZ-001"], note: "BIZ-001 finds the total differs from price × quantity by more than 0.01." },
  { fault: "biz.breakup-mismatch", expected: ["BIZ-002"], note: "BIZ-002 finds the breakup does not sum to the total." },
  {
    fault: "biz.over-quantity-accepted",
    expected: ["BIZ-004", "FLW-010"],
    note: "BIZ-004 and FLW-010 find no 40002 error for a quantity over what is available.",
  },
  {
    fault: "biz.wrong-unit",
    expected: ["BIZ-005", "SCH-001"],
    note: "BIZ-005 finds a unit other than kWH; the energy layer of the profile refuses it too (SCH-001).",
  },
  {
    fault: "biz.non-der-meter",
    expected: ["BIZ-006", "FLW-003", "SCH-001"],
    note: "BIZ-006 (and the energy layer of the schema) finds a meter that is not a DER URI. The updated meter is not the der:// one asked for.",
  },
  { fault: "biz.currency-mismatch", expected: ["BIZ-003"], note: "BIZ-003 finds the quote's currency is not the item price's." },
  {
    fault: "biz.bad-source-type",
    expected: ["BIZ-008~", "SCH-002~"],
    note: "BIZ-008 finds a Source_Type outside the guide's taxonomy (SHOULD); the energy layer of the profile recommends the taxonomy too (SCH-002).",
  },
  {
    fault: "biz.bad-certification",
    expected: ["BIZ-009~", "SCH-002~"],
    note: "BIZ-009 finds a certification code outside the guide's taxonomy (SHOULD); the energy layer of the profile recommends the taxonomy too (SCH-002).",
  },
  { fault: "biz.window-outside-offer", expected: ["BIZ-007"], note: "BIZ-007 finds a delivery window that does not lie inside the offer's." },
  { fault: "biz.items-not-echoed", expected: ["BIZ-010"], note: "BIZ-010 finds a quantity that does not echo the request's." },
  { fault: "flw.order-id-changes", expected: ["FLW-002", "FLW-011"], note: "FLW-002 and FLW-011 find the order id differs from the one on_confirm assigned." },
  { fault: "flw.update-ignored", expected: ["FLW-003"], note: "FLW-003 finds on_update still names the old meter." },
  {
    fault: "flw.out-of-order-accepted",
    expected: ["FLW-005~"],
    note: "FLW-005 finds no error callback for a step out of order. Core sets no precondition for init: refusing it is the P2P profile's SHOULD.",
  },
  { fault: "flw.unknown-order-accepted", expected: ["FLW-008"], note: "FLW-008 finds no 30010 error for an unknown order." },
  {
    fault: "flw.duplicate-creates-order",
    expected: ["NEG-013~"],
    note: "NEG-013 finds a second order (or state change) for a repeated message_id. Core requires no idempotency: one order per repeat is the P2P profile's SHOULD.",
  },
  {
    fault: "flw.no-order-id",
    expected: ["FLW-001", "FLW-004", "SCH-001", "TIM-004"],
    note: "FLW-001 finds an on_confirm without an order id, which the profile requires (SCH-001); the transfer cannot be tied to an order (FLW-004), and its on_status are progress of an order never identified (TIM-004).",
  },
  { fault: "flw.unknown-provider-accepted", expected: ["FLW-006"], note: "FLW-006 finds no 30001 error for an unknown provider." },
  { fault: "flw.unknown-item-accepted", expected: ["FLW-007"], note: "FLW-007 finds no 30004 error for an unknown item." },
  { fault: "flw.invalid-target-accepted", expected: ["FLW-009"], note: "FLW-009 finds no 30012 error for an invalid update target." },
  {
    fault: "neg.accept-bad-signature",
    expected: ["AUT-001", "AUT-002", "AUT-003", "AUT-005~", "AUT-006~"],
    note: "AUT-001…003 find an ACK (not a 401) for a forged signature. No signature is verified, so the SHOULD forgeries (keyid-not-sender, forged-proxy-header) are accepted too.",
  },
  {
    fault: "neg.accept-invalid-body",
    expected: ["NEG-001", "NEG-002", "NEG-003", "NEG-004", "NEG-005", "NEG-012~", "SCH-001"],
    note: "NEG-001…005 find an ACK (not a 400 NACK) for a schema-invalid body. The callbacks to the broken requests are broken too; the select without an order, the status without an order_id and the update without a target reach the business logic, which refuses them with error callbacks (30001, 30010): a legal refusal (core 1.1.0 Error), so NEG-006…008 pass; neg.invalid-body-* fail them.",
  },
  { fault: "neg.accept-wrong-unit", expected: ["NEG-012~"], note: "NEG-012 finds the wrong unit accepted (SHOULD)." },
  // Issue 20 (answers).
  { fault: "biz.no-quote-on-select", expected: ["BIZ-011"], note: "BIZ-011 finds an on_select that does not quote the order." },
  { fault: "biz.no-quote-on-init", expected: ["BIZ-011"], note: "BIZ-011 finds an on_init that does not quote the order." },
  {
    fault: "biz.incomplete-offer",
    expected: ["BIZ-012~"],
    note: "BIZ-012 finds offers without a source type or certification tags (SHOULD). The guide's \"Each offer has price, quantity, source type, and certification tags\" is the P2P profile's, a SHOULD.",
  },
  {
    fault: "sch.text-content-type",
    expected: ["SCH-005~"],
    note: "SCH-005 finds an ACK and callbacks that are JSON but not declared application/json (SHOULD). Core 1.1.0 gives every answer as application/json; the bytes are JSON all the same, so a SHOULD.",
  },
  {
    fault: "ctx.wrong-endpoint",
    expected: ["CTX-017"],
    note: "CTX-017 finds an on_select (say) body posted to /on_search; each misposted reply is still its request's (by message_id and the body's action), so TIM-002 does not call it missing.",
  },
  {
    fault: "flw.update-beyond-target-applied",
    expected: ["FLW-012"],
    note: "FLW-012 finds an on_update showing the quantity changed by an update whose target was fulfillments.",
  },
  {
    fault: "aut.trusts-gateway-header",
    expected: ["AUT-001", "AUT-002", "AUT-003"],
    note: "AUT-001, AUT-002 and AUT-003 find the forged-bap-under-gateway search (a forged Authorization under the registered gateway's valid headers) ACKed and answered.",
  },
  {
    fault: "aut.reads-proxy-only",
    expected: ["AUT-001", "AUT-002", "AUT-003"],
    note: "AUT-001, AUT-002 and AUT-003 find the forged-x-gateway-header search (a forged X-Gateway-Authorization beside a valid Proxy-Authorization) ACKed and answered; the forged Proxy-Authorization is still refused.",
  },
  {
    fault: "aut.trusts-proxy-header",
    expected: ["AUT-006~"],
    note: "AUT-006 finds the forged-proxy-header search ACKed and answered: advisory (SHOULD), as core 1.1.0 knows no Proxy-Authorization.",
  },
  {
    fault: "aut.reserialises-body",
    expected: ["ACK-001", "AUT-007"],
    note: "AUT-007 finds the valid requests written as indented and as escaped JSON refused with 401; ACK-001 sees the same requests not ACKed (the reordered one passes: re-serialising keeps member order).",
  },
  { fault: "neg.accept-stale-request", expected: ["NEG-014~"], note: "NEG-014 finds the stale-request select answered with an order (SHOULD)." },
  { fault: "neg.accept-other-bpp-id", expected: ["NEG-015~"], note: "NEG-015 finds the other-bpp-id select answered with an order (SHOULD)." },
  // Issue 20 (refusals): an ACK refuses a broken body only if error callbacks follow it.
  {
    fault: "neg.invalid-body-acked-silently",
    expected: ["NEG-001", "NEG-002", "NEG-003", "NEG-004", "NEG-005", "NEG-006", "NEG-007", "NEG-008", "NEG-012~"],
    note: "NEG-001…008 find the broken bodies ACKed with no callback after them (an ACK owes a callback: core 1.1.0 Ack.status, in every profile); NEG-012 the same of the deep ones (SHOULD).",
  },
  {
    fault: "neg.invalid-body-echoed",
    expected: ["BIZ-005", "NEG-002", "NEG-006", "NEG-007", "NEG-008", "NEG-012~", "SCH-001"],
    note: "NEG-002 and NEG-006…008 find the broken bodies ACKed and answered by a callback that is not an error; NEG-012 the same of the deep ones (SHOULD). The broken bodies that name where to call back are ACKed and answered by an on_<action> echoing their message, not an error; the echoes are as broken as the requests (SCH-001, and BIZ-005 for wrong-unit's MWh).",
  },
];

/** Checks no fault of the reference BPP provokes, and why. Kept as short as the faults allow. */
export const BPP_UNPROVOKED: Readonly<Record<string, string>> = {
  "RUN-001": "no check running needs a SUT that never connects, which ends the run with exit 2 before judging (infrastructure error)",
  "SCN-001":
    "judged only on a scenario file made from a capture (no built-in scenario states values to expect): test/cli/scenario-from-har.test.ts replays a capture against a BPP with biz.wrong-unit and sees it fail",
};
