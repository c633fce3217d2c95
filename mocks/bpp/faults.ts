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
  f("ctx.missing-transaction-id", "No transaction_id", "Callbacks leave `context.transaction_id` out.", ["CTX", "SCH"], "The context check finds no `transaction_id` (and the schema requires it)."),
  f("ctx.new-message-id", "Callback mints a new message_id", "Solicited callbacks carry a fresh `message_id` instead of echoing the request's.", ["CTX"], "The context check finds the callback's `message_id` differs from its request's."),
  f("ctx.wrong-action", "Wrong callback action", "Callbacks name another `on_*` action than the request's: on_select ↔ on_init, on_status → on_update, any other → on_status.", ["CTX", "SCH"], "The context check finds `context.action` is not `on_<request action>`; on on_search the schema fails too, as no other callback carries a catalog."),
  f("ctx.missing-bpp-id", "No bpp_id", "Callbacks leave `context.bpp_id` out.", ["CTX"], "The context check finds no `bpp_id` on a callback (validate() only warns)."),
  f("ctx.wrong-bpp-uri", "Wrong bpp_uri", "Callbacks name `http://127.0.0.1:9/not-this-bpp` as `bpp_uri`.", ["CTX"], "The context check finds `bpp_uri` is not the URL the request was sent to."),
  f("ctx.stale-timestamp", "Stale timestamp", "Callbacks are stamped one hour in the past.", ["CTX"], "The context check finds `context.timestamp` outside the 5 s skew."),
  f("ctx.bad-ttl", "ttl is not a duration", "Callbacks carry `ttl: \"10 seconds\"`.", ["CTX", "SCH"], "The context check finds a `ttl` that is not an ISO 8601 duration."),
  f("ctx.wrong-transaction-id", "Another transaction_id", "Callbacks carry a fresh `transaction_id`.", ["CTX"], "The context check finds the callback's `transaction_id` differs from its request's."),
  f("ack.http-500", "HTTP 500 for valid requests", "Valid requests are answered HTTP 500 with a NACK (code 50000); no callback follows.", ["ACK"], "The ACK check finds a 5xx where a valid request needs a 2xx ACK."),
  f("ack.nack-everything", "NACK for valid requests", "Valid requests get a 400 NACK (code 30000); no callback follows.", ["ACK"], "The ACK check finds a NACK for a valid request."),
  f("ack.not-json", "ACK body is not JSON", "Valid requests are answered 200 with `text/plain` `OK`; callbacks still follow.", ["ACK"], "The ACK check finds a body that does not parse as an ACK."),
  f("ack.no-error-code", "400 NACK without error.code", "A 400 NACK for bad input (broken JSON, a schema error, another bpp_id) has no `error.code`.", ["NEG", "ACK"], "The negative checks find a 400 NACK without `error.code`."),
  f("tim.late-callback", "Callback after the ttl", "Solicited callbacks are sent at the request's timestamp + ttl + 250 ms.", ["TIM"], "The timing check finds the callback after `timestamp + ttl`."),
  f("tim.no-callback", "No callback", "Requests are ACKed but no solicited callback is sent.", ["TIM"], "The timing check finds no callback by the deadline."),
  f("tim.duplicate-callback", "Callback sent twice", "Every solicited callback is sent twice.", ["TIM"], "The timing check finds two callbacks for one request."),
  f("tim.callback-before-ack", "Callback before the ACK", "Solicited callbacks are sent (and answered) before the ACK goes out.", ["TIM"], "The timing check finds the callback arrived before the ACK's headers (SHOULD)."),
  f("tim.transfer-stalls", "Transfer never completes", "The grid transfer reaches In-Progress and stops there.", ["TIM"], "The transfer check finds no completed state by `--transfer-timeout`."),
  f("biz.wrong-quote", "Quote is not price × quantity", "The quote total (and its breakup) is 1 more than unit price × kWh.", ["BIZ"], "The quote check finds the total differs from price × quantity by more than 0.01."),
  f("biz.breakup-mismatch", "Breakup does not sum to the total", "The \"Energy Cost\" breakup line is 1 more than the (correct) total.", ["BIZ"], "The quote check finds the breakup does not sum to the total."),
  f("biz.over-quantity-accepted", "Over-quantity select accepted", "A select over the available kWh gets an on_select with a quote instead of error 40002.", ["BIZ"], "The quantity check finds no 40002 error for a quantity over what is available."),
  f("biz.wrong-unit", "Quantities not in kWH", "Every quantity in callbacks says `Wh` (value unchanged).", ["BIZ", "SCH"], "The unit check (and the energy layer of the schema) finds a unit other than kWH."),
  f("biz.non-der-meter", "Meter is not a der:// address", "End meters in callbacks lose their `der://` prefix.", ["BIZ", "SCH"], "The meter check (and the energy layer of the schema) finds a meter that is not a DER URI."),
  f("biz.currency-mismatch", "Quote in another currency", "Quotes are in EUR while the item is priced in USD/kWH.", ["BIZ"], "The quote check finds the quote's currency is not the item price's."),
  f("flw.order-id-changes", "Order id changes", "Callbacks after on_confirm (on_status, on_update, on_cancel) carry a fresh order id.", ["FLW"], "The flow check finds the order id differs from the one on_confirm assigned."),
  f("flw.update-ignored", "Update ignored", "An update of `fulfillments` is ACKed but on_update echoes the old end meter.", ["FLW"], "The update check finds on_update still names the old meter."),
  f("flw.out-of-order-accepted", "Out-of-order steps accepted", "init without select, and confirm without init, are answered as if in order.", ["FLW"], "The flow check finds no error callback for a step out of order."),
  f("flw.unknown-order-accepted", "Unknown order accepted", "status, update and cancel on an unknown order id answer with a made-up ACTIVE order instead of 30010.", ["FLW"], "The flow check finds no 30010 error for an unknown order."),
  f("flw.duplicate-creates-order", "Repeated message_id acted on again", "A repeated `message_id` is processed again: a repeated confirm creates a second order and a second on_confirm.", ["FLW"], "The idempotency check finds a second order (or state change) for a repeated message_id."),
  f("neg.accept-bad-signature", "Bad signatures accepted", "Incoming signatures are not verified: a forged request gets an ACK.", ["AUT"], "The authentication checks find an ACK (not a 401) for a forged signature."),
  f("neg.accept-invalid-body", "Invalid bodies accepted", "Incoming bodies are not validated: a schema-invalid request gets an ACK.", ["NEG"], "The negative checks find an ACK (not a 400 NACK) for a schema-invalid body."),
] as const satisfies readonly FaultSpec[];

export type FaultId = (typeof FAULTS)[number]["id"];
export const FAULT_IDS: readonly FaultId[] = FAULTS.map((fault) => fault.id);
