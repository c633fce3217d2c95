/**
 * The reference BPP's named faults. Each changes exactly one behaviour; `caughtBy` names the
 * check areas that must catch it and `check` says which check. docs/faults-bpp.md prints this
 * table, and a test keeps the two in step.
 */
export type CheckArea = "SCH" | "SIG" | "AUT" | "CTX" | "ACK" | "TIM" | "BIZ" | "FLW" | "NEG";

export interface FaultSpec {
  readonly id: string;
  readonly description: string;
  /** The one behaviour that changes. */
  readonly changes: string;
  readonly caughtBy: readonly CheckArea[];
  /** Which check should catch it, in a sentence. */
  readonly check: string;
}

function f<const I extends string>(id: I, description: string, changes: string, caughtBy: readonly CheckArea[], check: string): FaultSpec & { readonly id: I } {
  return { id, description, changes, caughtBy, check };
}

export const FAULTS = [
  f("sig.tampered-digest", "Body changed after signing", "Every callback's body gets a trailing space after it was signed, so its digest no longer matches.", ["SIG"], "The callback signature check finds the digest does not match the received bytes."),
  f("sig.expired-signature", "Expired signature", "Callbacks are signed with `created` 600 s and `expires` 300 s in the past.", ["SIG"], "The callback signature check finds `expires` in the past."),
  f("sig.other-key", "Signed with an unregistered key", "Callbacks are signed by a fresh key under the BPP's own keyId.", ["SIG"], "The callback signature check finds the signature does not verify with the registered key."),
  f("sig.keyid-not-bpp", "keyId names another subscriber", "The keyId of every callback names `other-bpp.example` instead of the BPP.", ["SIG"], "The callback signature check finds the keyId's subscriber is not the context's `bpp_id`."),
  f("sig.no-signature", "No Authorization header", "Callbacks go out without an `Authorization` header.", ["SIG"], "The callback signature check finds no signature."),
  f("sig.malformed-header", "Authorization is not a Signature header", "Callbacks carry `Authorization: Signature keyId=broken`.", ["SIG"], "SIG-002 finds an Authorization header that does not parse as a Signature header."),
  f("sig.long-validity", "Signature valid for 2 hours", "Callbacks are signed with `expires` = `created` + 7200 s (valid now).", ["SIG"], "SIG-006 finds a signature that lasts more than an hour (SHOULD)."),
  f("sig.wrong-algorithm", "Header names rsa-sha256", "The callback's header says `algorithm=\"rsa-sha256\"` and names rsa-sha256 as the keyId's algorithm; the signature is still ed25519.", ["SIG"], "SIG-007 finds an algorithm other than ed25519."),
  f("aut.no-www-authenticate", "401 without a challenge", "A 401 NACK for a bad signature goes out without `WWW-Authenticate` or `Proxy-Authenticate`.", ["AUT"], "AUT-004 finds a 401 without an authentication challenge (SHOULD)."),
  f("sch.callback-not-json", "Callback body is not JSON", "Solicited callbacks carry the text `<action> ok` (e.g. `on_select ok`) instead of the JSON body, signed over those bytes.", ["SCH"], "SCH-004 finds a callback body that is not JSON: with no context to read, it is claimed at its request's deadline by the endpoint it came to (attribution rule 4)."),
  f("ctx.missing-transaction-id", "No transaction_id", "Callbacks leave `context.transaction_id` out.", ["CTX", "SCH"], "The context check finds no `transaction_id` (and the schema requires it)."),
  f("ctx.new-message-id", "Callback mints a new message_id", "Solicited callbacks carry a fresh `message_id` instead of echoing the request's.", ["CTX"], "The context check finds the callback's `message_id` differs from its request's."),
  f("ctx.wrong-action", "Wrong callback action", "Callbacks name another `on_*` action than the request's: on_select ↔ on_init, on_status → on_update, any other → on_status.", ["CTX", "SCH"], "The context check finds `context.action` is not `on_<request action>`; on on_search the schema fails too, as no other callback carries a catalog."),
  f("ctx.missing-bpp-id", "No bpp_id", "Callbacks leave `context.bpp_id` out.", ["CTX"], "The context check finds no `bpp_id` on a callback (validate() only warns)."),
  f("ctx.wrong-bpp-uri", "Wrong bpp_uri", "Callbacks name `http://127.0.0.1:9/not-this-bpp` as `bpp_uri`.", ["CTX"], "The context check finds `bpp_uri` is not the URL the request was sent to."),
  f("ctx.stale-timestamp", "Stale timestamp", "Callbacks are stamped one hour in the past.", ["CTX"], "The context check finds `context.timestamp` outside the 5 s skew."),
  f("ctx.bad-ttl", "ttl is not a duration", "Callbacks carry `ttl: \"10 seconds\"`.", ["CTX", "SCH"], "The context check finds a `ttl` that is not an ISO 8601 duration."),
  f("ctx.wrong-transaction-id", "Another transaction_id", "Callbacks carry a fresh `transaction_id`.", ["CTX"], "The context check finds the callback's `transaction_id` differs from its request's."),
  f("ctx.wrong-bap-id", "Wrong bap_id", "Solicited callbacks name `other-bap.example` as `bap_id`.", ["CTX"], "CTX-004 finds a `bap_id` that does not echo the request's."),
  f("ctx.wrong-bap-uri", "Wrong bap_uri", "Solicited callbacks name `http://127.0.0.1:9/not-this-bap` as `bap_uri` (they still go to the request's `bap_uri`).", ["CTX"], "CTX-005 finds a `bap_uri` that does not echo the request's."),
  f("ctx.wrong-domain", "Wrong domain", "Solicited callbacks carry `domain: \"mobility\"`.", ["CTX"], "CTX-006 finds a `domain` that does not echo the request's."),
  f("ctx.wrong-location", "Wrong country and city", "Solicited callbacks carry country `IND` and city `std:080`.", ["CTX"], "CTX-007 finds country and city codes that do not echo the request's."),
  f("ctx.wrong-version", "Wrong version", "Solicited callbacks carry `version: \"1.0.0\"`.", ["CTX", "SCH"], "CTX-008 finds a `version` that does not echo the request's (and the profile refuses any version but 1.1.0)."),
  f("ctx.bad-timestamp-format", "Timestamp without T or zone", "Callbacks are stamped like `2025-05-09 10:00:00` (UTC, no `T`, no zone).", ["CTX", "SCH"], "CTX-011 finds a `timestamp` that is not RFC 3339 with a zone (and the schema's date-time format fails)."),
  f("ctx.future-timestamp", "Timestamp in the future", "Callbacks are stamped 60 s in the future.", ["CTX"], "CTX-013 finds a `timestamp` later than the arrival beyond the 5 s skew."),
  f("ctx.no-ttl", "No ttl", "Callbacks leave `context.ttl` out.", ["CTX", "SCH"], "CTX-015 finds a callback without `ttl` (SHOULD; the profile warns too)."),
  f("ctx.unsolicited-reuses-message-id", "Unsolicited on_status reuses the confirm's message_id", "The transfer's unsolicited on_status carry the confirm's `message_id` instead of a new one.", ["CTX"], "A callback with a request's `message_id` is its reply only if it is that request's on_<action> (attribution rule 1), so the on_status is unsolicited, and CTX-016 finds it reuses the confirm's `message_id`."),
  f("ack.http-500", "HTTP 500 for valid requests", "Valid requests are answered HTTP 500 with a NACK (code 50000); no callback follows.", ["ACK"], "The ACK check finds a 5xx where a valid request needs a 2xx ACK."),
  f("ack.nack-everything", "NACK for valid requests", "Valid requests get a 400 NACK (code 30000); no callback follows.", ["ACK"], "The ACK check finds a NACK for a valid request."),
  f("ack.not-json", "ACK body is not JSON", "Valid requests are answered 200 with `text/plain` `OK`; callbacks still follow.", ["ACK"], "The ACK check finds a body that does not parse as an ACK."),
  f("ack.no-error-code", "400 NACK without error.code", "A 400 NACK for bad input (broken JSON, a schema error, another bpp_id) has no `error.code`.", ["NEG", "ACK"], "The negative checks find a 400 NACK without `error.code`."),
  f("ack.hang", "Valid requests never answered", "Valid requests get no HTTP answer: the connection is held until the client gives up (or the BPP closes); callbacks still follow.", ["ACK", "TIM"], "ACK-003 finds no complete answer on an accepted connection, and TIM-001 no answer within 3 s."),
  f("ack.late", "ACK after the deadline", "Valid requests are ACKed 3.5 s after they arrive (past the 3 s ACK deadline); callbacks follow the ACK.", ["TIM"], "TIM-001 finds the answer late, once; the answer is still read and judged (ACK-001, SCH-003)."),
  f("tim.late-callback", "Callback after the ttl", "Solicited callbacks are sent at the request's timestamp + ttl + 250 ms.", ["TIM"], "The timing check finds the callback after `timestamp + ttl`."),
  f("tim.no-callback", "No callback", "Requests are ACKed but no solicited callback is sent.", ["TIM"], "The timing check finds no callback by the deadline."),
  f("tim.duplicate-callback", "Callback sent twice", "Every solicited callback is sent twice.", ["TIM"], "The timing check finds two callbacks for one request."),
  f("tim.callback-before-ack", "Callback before the ACK", "Solicited callbacks are sent (and answered) before the ACK goes out.", ["TIM"], "The timing check finds the callback arrived before the ACK's headers (SHOULD)."),
  f("tim.transfer-stalls", "Transfer never completes", "The grid transfer reaches In-Progress and stops there.", ["TIM"], "The transfer check finds no completed state by `--transfer-timeout`."),
  f("tim.unsolicited-on-search", "Unsolicited on_search", "After each on_search the BPP sends a second on_search with a new `message_id` in the same transaction.", ["TIM"], "The extra on_search answers no open request (attribution rule 4), so it is unsolicited in its transaction, and TIM-004 finds it came before any order was confirmed there."),
  f("tim.flood-unsolicited", "150 unsolicited on_status", "On a transfer's first state change the BPP sends 150 copies of its on_status, each with a new `message_id`; the transfer still completes.", ["TIM"], "TIM-005 finds more unsolicited callbacks than `--max-unsolicited` (100)."),
  f("biz.wrong-quote", "Quote is not price × quantity", "The quote total (and its breakup) is 1 more than unit price × kWh.", ["BIZ"], "The quote check finds the total differs from price × quantity by more than 0.01."),
  f("biz.breakup-mismatch", "Breakup does not sum to the total", "The breakup carries a 1.00 \"Service fee\" line beside the (correct) energy line that the (correct) total leaves out.", ["BIZ"], "The quote check finds the breakup does not sum to the total."),
  f("biz.over-quantity-accepted", "Over-quantity select accepted", "A select over the available kWh gets an on_select with a quote instead of error 40002.", ["BIZ"], "The quantity check finds no 40002 error for a quantity over what is available."),
  f("biz.wrong-unit", "Quantities not in kWH", "Every quantity in callbacks says `Wh` (value unchanged).", ["BIZ", "SCH"], "The unit check (and the energy layer of the schema) finds a unit other than kWH."),
  f("biz.non-der-meter", "Meter is not a der:// address", "End meters in callbacks lose their `der://` prefix.", ["BIZ", "SCH"], "The meter check (and the energy layer of the schema) finds a meter that is not a DER URI."),
  f("biz.currency-mismatch", "Quote in another currency", "Quotes are in EUR while the item is priced in USD/kWH.", ["BIZ"], "The quote check finds the quote's currency is not the item price's."),
  f("biz.bad-source-type", "Source_Type outside the taxonomy", "Every `Source_Type` tag in callbacks says `Coal`.", ["BIZ", "SCH"], "BIZ-008 finds a Source_Type outside the guide's taxonomy (SHOULD; the energy layer of the profile warns too)."),
  f("biz.bad-certification", "Certification outside the taxonomy", "Every certification code in callbacks is `XYZ`.", ["BIZ", "SCH"], "BIZ-009 finds a certification code outside the guide's taxonomy (SHOULD; the energy layer of the profile warns too)."),
  f("biz.window-outside-offer", "Delivery window outside the offer", "The end stop's `time.range` in on_select, on_init and on_confirm is a day after the offer's window.", ["BIZ"], "BIZ-007 finds a delivery window that does not lie inside the offer's."),
  f("biz.items-not-echoed", "Quantity not echoed", "on_select, on_init and on_confirm show half the kWh asked for, with a quote for that half.", ["BIZ"], "BIZ-010 finds a quantity that does not echo the request's."),
  f("flw.order-id-changes", "Order id changes", "Callbacks after on_confirm (on_status, on_update, on_cancel) carry a fresh order id.", ["FLW"], "The flow check finds the order id differs from the one on_confirm assigned."),
  f("flw.update-ignored", "Update ignored", "An update of `fulfillments` is ACKed but on_update echoes the old end meter.", ["FLW"], "The update check finds on_update still names the old meter."),
  f("flw.out-of-order-accepted", "Out-of-order steps accepted", "init without select, and confirm without init, are answered as if in order.", ["FLW"], "The flow check finds no error callback for a step out of order."),
  f("flw.unknown-order-accepted", "Unknown order accepted", "status, update and cancel on an unknown order id answer with a made-up ACTIVE order instead of 30010.", ["FLW"], "The flow check finds no 30010 error for an unknown order."),
  f("flw.duplicate-creates-order", "Repeated message_id acted on again", "A repeated `message_id` is processed again: a repeated confirm creates a second order and a second on_confirm.", ["FLW"], "The idempotency check finds a second order (or state change) for a repeated message_id."),
  f("flw.no-order-id", "on_confirm without order id", "on_confirm leaves `message.order.id` out (the order still gets one internally).", ["FLW", "SCH"], "FLW-001 finds an on_confirm without an order id (and the profile requires one)."),
  f("flw.unknown-provider-accepted", "Unknown provider accepted", "A select, init or confirm naming an unknown provider is priced as the catalogue's first offer instead of error 30001; the callback echoes the ids asked for.", ["FLW"], "FLW-006 finds no 30001 error for an unknown provider."),
  f("flw.unknown-item-accepted", "Unknown item accepted", "A select, init or confirm naming an item its provider does not offer is priced as that provider's first item instead of error 30004; the callback echoes the item id asked for.", ["FLW"], "FLW-007 finds no 30004 error for an unknown item."),
  f("flw.invalid-target-accepted", "Invalid update target accepted", "An update whose `update_target` does not name `fulfillments` is acted on as a fulfillments update instead of error 30012.", ["FLW"], "FLW-009 finds no 30012 error for an invalid update target."),
  f("neg.accept-bad-signature", "Bad signatures accepted", "Incoming signatures are not verified: a forged request gets an ACK.", ["AUT"], "The authentication checks find an ACK (not a 401) for a forged signature."),
  f("neg.accept-invalid-body", "Invalid bodies accepted", "Incoming bodies are not validated: a schema-invalid request gets an ACK.", ["NEG"], "The negative checks find an ACK (not a 400 NACK) for a schema-invalid body."),
  f("neg.accept-wrong-unit", "Select in another unit accepted", "A select whose only fault is a quantity unit other than kWH passes the receiving checks (ACK) and is processed as kWh.", ["NEG"], "NEG-012 finds the wrong unit accepted (SHOULD)."),
  // Issue 20 (answers): answers without their substance.
  f("biz.no-quote-on-select", "on_select without a quote", "on_select carries the order (items, price per kWh, fulfillments) but no `quote`.", ["BIZ"], "BIZ-011 finds an on_select that does not quote the order."),
  f("biz.no-quote-on-init", "on_init without a quote", "on_init carries the order (items, billing, fulfillments) but no `quote`.", ["BIZ"], "BIZ-011 finds an on_init that does not quote the order."),
  f("biz.incomplete-offer", "Offers without tags", "The catalogue's offers (on_search) lose their `tags`: no `Source_Type`, no certification tag; price and quantity stay.", ["BIZ"], "BIZ-012 finds offers without a source type or certification tags (SHOULD)."),
  f("sch.text-content-type", "JSON declared text/plain", "ACKs and callbacks keep their JSON bytes (and signatures) but declare `Content-Type: text/plain`; NACKs stay application/json.", ["SCH"], "SCH-005 finds an ACK and callbacks that are JSON but not declared application/json (SHOULD)."),
  f("ctx.wrong-endpoint", "Callback posted to another endpoint", "Solicited callbacks keep their body but are posted to `<bap_uri>/on_search` (an on_search to `/on_select`).", ["CTX"], "CTX-017 finds an on_select (say) body posted to /on_search; the correlator still attributes it to its request by message_id and the body's action, so TIM-002 does not call it missing."),
  f("flw.update-beyond-target-applied", "Update beyond its target applied", "An update of `fulfillments` that also changes the item's quantity is applied whole: the new meter and the new quantity, which its on_update shows, instead of error 30013.", ["FLW"], "FLW-012 finds an on_update showing the quantity changed by an update whose target was fulfillments."),
  f("aut.trusts-gateway-header", "BAP signature skipped under a gateway header", "A request whose gateway header verifies is taken without verifying its `Authorization`.", ["AUT"], "AUT-001, AUT-002 and AUT-003 find the forged-bap-under-gateway search (a forged Authorization under the registered gateway's valid headers) ACKed and answered."),
  f("aut.reads-proxy-only", "Only Proxy-Authorization verified", "Of the gateway headers only `Proxy-Authorization` is read (as protocol-server does); `X-Gateway-Authorization` is ignored.", ["AUT"], "AUT-001, AUT-002 and AUT-003 find the forged-x-gateway-header search (a forged X-Gateway-Authorization beside a valid Proxy-Authorization) ACKed and answered."),
  f("aut.trusts-proxy-header", "Proxy-Authorization not verified", "Of the gateway headers only `X-Gateway-Authorization` is read; a forged `Proxy-Authorization` goes unnoticed.", ["AUT"], "AUT-006 finds the forged-proxy-header search ACKed and answered (SHOULD, advisory)."),
  f("aut.reserialises-body", "Digest over the re-serialised body", "Signatures are verified over `JSON.stringify` of the parsed body instead of the bytes received.", ["AUT", "ACK"], "AUT-007 finds the valid requests written as indented and as escaped JSON refused with 401; ACK-001 sees the same requests not ACKed (the reordered one passes: re-serialising keeps member order)."),
  f("neg.accept-stale-request", "Stale requests accepted", "A request whose `timestamp` + `ttl` has passed is acted on.", ["NEG"], "NEG-014 finds the stale-request select answered with an order (SHOULD)."),
  f("neg.accept-other-bpp-id", "Requests for another BPP accepted", "A request whose `bpp_id` names another BPP is acted on.", ["NEG"], "NEG-015 finds the other-bpp-id select answered with an order (SHOULD)."),
  // Issue 20 (refusals): a body that fails validation answered by an ACK, but not refused by an error callback.
  f("neg.invalid-body-acked-silently", "Invalid bodies ACKed, then silence", "A request whose body fails validation (the 400 NACK it is owed) gets an ACK instead, and no callback ever follows.", ["NEG"], "NEG-001…008 find the broken bodies ACKed with no callback after them (an ACK owes a callback: core 1.1.0 Ack.status); NEG-012 the same of the deep ones (SHOULD)."),
  f("neg.invalid-body-echoed", "Invalid bodies answered as if valid", "A request whose body fails validation but whose context names a bap_uri, transaction_id and message_id gets an ACK and an on_<action> echoing its message, with no error, instead of a NACK.", ["NEG"], "NEG-002 and NEG-006…008 find the broken bodies ACKed and answered by a callback that is not an error; NEG-012 the same of the deep ones (SHOULD)."),
] as const satisfies readonly FaultSpec[];

export type FaultId = (typeof FAULTS)[number]["id"];
export const FAULT_IDS: readonly FaultId[] = FAULTS.map((fault) => fault.id);
