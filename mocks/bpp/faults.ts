import type { FaultSpec } from "../common/behaviour.js";

/**
 * The reference BPP's named faults. Each changes exactly one behaviour; the self-test matrix
 * (test/self-test/bpp-matrix.ts) lists the checks that catch each, and docs/faults-bpp.md is
 * generated from the two.
 */
export const FAULTS = [
  {
    id: "sig.tampered-digest",
    description: "Body changed after signing",
    changes: "Every callback's body gets a trailing space after it was signed, so its digest no longer matches.",
  },
  { id: "sig.expired-signature", description: "Expired signature", changes: "Callbacks are signed with `created` 600 s and `expires` 300 s in the past." },
  { id: "sig.other-key", description: "Signed with an unregistered key", changes: "Callbacks are signed by a fresh key under the BPP's own keyId." },
  {
    id: "sig.keyid-not-bpp",
    description: "keyId names another subscriber",
    changes: "The keyId of every callback names `other-bpp.example` instead of the BPP.",
  },
  { id: "sig.no-signature", description: "No Authorization header", changes: "Callbacks go out without an `Authorization` header." },
  { id: "sig.malformed-header", description: "Authorization is not a Signature header", changes: "Callbacks carry `Authorization: Signature keyId=broken`." },
  { id: "sig.long-validity", description: "Signature valid for 2 hours", changes: "Callbacks are signed with `expires` = `created` + 7200 s (valid now)." },
  {
    id: "sig.wrong-algorithm",
    description: "Header names rsa-sha256",
    changes: "The callback's header says `algorithm=\"rsa-sha256\"` and names rsa-sha256 as the keyId's algorithm; the signature is still ed25519.",
  },
  {
    id: "aut.no-www-authenticate",
    description: "401 without a challenge",
    changes: "A 401 NACK for a bad signature goes out without `WWW-Authenticate` or `Proxy-Authenticate`.",
  },
  {
    id: "sch.callback-not-json",
    description: "Callback body is not JSON",
    changes: "Solicited callbacks carry the text `<action> ok` (e.g. `on_select ok`) instead of the JSON body, signed over those bytes.",
  },
  { id: "ctx.missing-transaction-id", description: "No transaction_id", changes: "Callbacks leave `context.transaction_id` out." },
  {
    id: "ctx.new-message-id",
    description: "Callback mints a new message_id",
    changes: "Solicited callbacks carry a fresh `message_id` instead of echoing the request's.",
  },
  {
    id: "ctx.wrong-action",
    description: "Wrong callback action",
    changes: "Callbacks name another `on_*` action than the request's: on_select ↔ on_init, on_status → on_update, any other → on_status.",
  },
  { id: "ctx.missing-bpp-id", description: "No bpp_id", changes: "Callbacks leave `context.bpp_id` out." },
  { id: "ctx.wrong-bpp-uri", description: "Wrong bpp_uri", changes: "Callbacks name `http://127.0.0.1:9/not-this-bpp` as `bpp_uri`." },
  { id: "ctx.stale-timestamp", description: "Stale timestamp", changes: "Callbacks are stamped one hour in the past." },
  { id: "ctx.bad-ttl", description: "ttl is not a duration", changes: 'Callbacks carry `ttl: "10 seconds"`.' },
  { id: "ctx.wrong-transaction-id", description: "Another transaction_id", changes: "Callbacks carry a fresh `transaction_id`." },
  { id: "ctx.wrong-bap-id", description: "Wrong bap_id", changes: "Solicited callbacks name `other-bap.example` as `bap_id`." },
  {
    id: "ctx.wrong-bap-uri",
    description: "Wrong bap_uri",
    changes: "Solicited callbacks name `http://127.0.0.1:9/not-this-bap` as `bap_uri` (they still go to the request's `bap_uri`).",
  },
  { id: "ctx.wrong-domain", description: "Wrong domain", changes: 'Solicited callbacks carry `domain: "mobility"`.' },
  { id: "ctx.wrong-location", description: "Wrong country and city", changes: "Solicited callbacks carry country `IND` and city `std:080`." },
  { id: "ctx.wrong-version", description: "Wrong version", changes: 'Solicited callbacks carry `version: "1.0.0"`.' },
  {
    id: "ctx.bad-timestamp-format",
    description: "Timestamp without T or zone",
    changes: "Callbacks are stamped like `2025-05-09 10:00:00` (UTC, no `T`, no zone).",
  },
  { id: "ctx.future-timestamp", description: "Timestamp in the future", changes: "Callbacks are stamped 60 s in the future." },
  { id: "ctx.no-ttl", description: "No ttl", changes: "Callbacks leave `context.ttl` out." },
  {
    id: "ctx.unsolicited-reuses-message-id",
    description: "Unsolicited on_status reuses the confirm's message_id",
    changes: "The transfer's unsolicited on_status carry the confirm's `message_id` instead of a new one.",
  },
  {
    id: "ack.http-500",
    description: "HTTP 500 for valid requests",
    changes: "Valid requests are answered HTTP 500 with a NACK (code 50000); no callback follows.",
  },
  { id: "ack.nack-everything", description: "NACK for valid requests", changes: "Valid requests get a 400 NACK (code 30000); no callback follows." },
  { id: "ack.not-json", description: "ACK body is not JSON", changes: "Valid requests are answered 200 with `text/plain` `OK`; callbacks still follow." },
  {
    id: "ack.no-error-code",
    description: "400 NACK without error.code",
    changes: "A 400 NACK for bad input (broken JSON, a schema error, another bpp_id) has no `error.code`.",
  },
  {
    id: "ack.hang",
    description: "Valid requests never answered",
    changes: "Valid requests get no HTTP answer: the connection is held until the client gives up (or the BPP closes); callbacks still follow.",
  },
  {
    id: "ack.late",
    description: "ACK after the deadline",
    changes: "Valid requests are ACKed 3.5 s after they arrive (past the 3 s ACK deadline); callbacks follow the ACK.",
  },
  { id: "tim.late-callback", description: "Callback after the ttl", changes: "Solicited callbacks are sent at the request's timestamp + ttl + 250 ms." },
  { id: "tim.no-callback", description: "No callback", changes: "Requests are ACKed but no solicited callback is sent." },
  { id: "tim.duplicate-callback", description: "Callback sent twice", changes: "Every solicited callback is sent twice." },
  { id: "tim.callback-before-ack", description: "Callback before the ACK", changes: "Solicited callbacks are sent (and answered) before the ACK goes out." },
  { id: "tim.transfer-stalls", description: "Transfer never completes", changes: "The grid transfer reaches In-Progress and stops there." },
  {
    id: "tim.unsolicited-on-search",
    description: "Unsolicited on_search",
    changes: "After each on_search the BPP sends a second on_search with a new `message_id` in the same transaction.",
  },
  {
    id: "tim.flood-unsolicited",
    description: "150 unsolicited on_status",
    changes: "On a transfer's first state change the BPP sends 150 copies of its on_status, each with a new `message_id`; the transfer still completes.",
  },
  { id: "biz.wrong-quote", description: "Quote is not price × quantity", changes: "The quote total (and its breakup) is 1 more than unit price × kWh." },
  {
    id: "biz.breakup-mismatch",
    description: "Breakup does not sum to the total",
    changes: 'The breakup carries a 1.00 "Service fee" line beside the (correct) energy line that the (correct) total leaves out.',
  },
  {
    id: "biz.over-quantity-accepted",
    description: "Over-quantity select accepted",
    changes: "A select over the available kWh gets an on_select with a quote instead of error 40002.",
  },
  { id: "biz.wrong-unit", description: "Quantities not in kWH", changes: "Every quantity in callbacks says `Wh` (value unchanged)." },
  { id: "biz.non-der-meter", description: "Meter is not a der:// address", changes: "End meters in callbacks lose their `der://` prefix." },
  { id: "biz.currency-mismatch", description: "Quote in another currency", changes: "Quotes are in EUR while the item is priced in USD/kWH." },
  { id: "biz.bad-source-type", description: "Source_Type outside the taxonomy", changes: "Every `Source_Type` tag in callbacks says `Coal`." },
  { id: "biz.bad-certification", description: "Certification outside the taxonomy", changes: "Every certification code in callbacks is `XYZ`." },
  {
    id: "biz.window-outside-offer",
    description: "Delivery window outside the offer",
    changes: "The end stop's `time.range` in on_select, on_init and on_confirm is a day after the offer's window.",
  },
  {
    id: "biz.items-not-echoed",
    description: "Quantity not echoed",
    changes: "on_select, on_init and on_confirm show half the kWh asked for, with a quote for that half.",
  },
  {
    id: "flw.order-id-changes",
    description: "Order id changes",
    changes: "Callbacks after on_confirm (on_status, on_update, on_cancel) carry a fresh order id.",
  },
  { id: "flw.update-ignored", description: "Update ignored", changes: "An update of `fulfillments` is ACKed but on_update echoes the old end meter." },
  {
    id: "flw.out-of-order-accepted",
    description: "Out-of-order steps accepted",
    changes: "init without select, and confirm without init, are answered as if in order.",
  },
  {
    id: "flw.unknown-order-accepted",
    description: "Unknown order accepted",
    changes: "status, update and cancel on an unknown order id answer with a made-up ACTIVE order instead of 30010.",
  },
  {
    id: "flw.duplicate-creates-order",
    description: "Repeated message_id acted on again",
    changes: "A repeated `message_id` is processed again: a repeated confirm creates a second order and a second on_confirm.",
  },
  {
    id: "flw.no-order-id",
    description: "on_confirm without order id",
    changes: "on_confirm leaves `message.order.id` out (the order still gets one internally).",
  },
  {
    id: "flw.unknown-provider-accepted",
    description: "Unknown provider accepted",
    changes:
      "A select, init or confirm naming an unknown provider is priced as the catalogue's first offer instead of error 30001; the callback echoes the ids asked for.",
  },
  {
    id: "flw.unknown-item-accepted",
    description: "Unknown item accepted",
    changes:
      "A select, init or confirm naming an item its provider does not offer is priced as that provider's first item instead of error 30004; the callback echoes the item id asked for.",
  },
  {
    id: "flw.invalid-target-accepted",
    description: "Invalid update target accepted",
    changes: "An update whose `update_target` does not name `fulfillments` is acted on as a fulfillments update instead of error 30012.",
  },
  { id: "neg.accept-bad-signature", description: "Bad signatures accepted", changes: "Incoming signatures are not verified: a forged request gets an ACK." },
  {
    id: "neg.accept-invalid-body",
    description: "Invalid bodies accepted",
    changes: "Incoming bodies are not validated: a schema-invalid request gets an ACK.",
  },
  {
    id: "neg.accept-wrong-unit",
    description: "Select in another unit accepted",
    changes: "A select whose only fault is a quantity unit other than kWH passes the receiving checks (ACK) and is processed as kWh.",
  },
  // Issue 20 (answers): answers without their substance.
  {
    id: "biz.no-quote-on-select",
    description: "on_select without a quote",
    changes: "on_select carries the order (items, price per kWh, fulfillments) but no `quote`.",
  },
  { id: "biz.no-quote-on-init", description: "on_init without a quote", changes: "on_init carries the order (items, billing, fulfillments) but no `quote`." },
  {
    id: "biz.incomplete-offer",
    description: "Offers without tags",
    changes: "The catalogue's offers (on_search) lose their `tags`: no `Source_Type`, no certification tag; price and quantity stay.",
  },
  {
    id: "sch.text-content-type",
    description: "JSON declared text/plain",
    changes: "ACKs and callbacks keep their JSON bytes (and signatures) but declare `Content-Type: text/plain`; NACKs stay application/json.",
  },
  {
    id: "ctx.wrong-endpoint",
    description: "Callback posted to another endpoint",
    changes: "Solicited callbacks keep their body but are posted to `<bap_uri>/on_search` (an on_search to `/on_select`).",
  },
  {
    id: "flw.update-beyond-target-applied",
    description: "Update beyond its target applied",
    changes:
      "An update of `fulfillments` that also changes the item's quantity is applied whole: the new meter and the new quantity, which its on_update shows, instead of error 30013.",
  },
  {
    id: "aut.trusts-gateway-header",
    description: "BAP signature skipped under a gateway header",
    changes: "A request whose gateway header verifies is taken without verifying its `Authorization`.",
  },
  {
    id: "aut.reads-proxy-only",
    description: "Only Proxy-Authorization verified",
    changes: "Of the gateway headers only `Proxy-Authorization` is read (as protocol-server does); `X-Gateway-Authorization` is ignored.",
  },
  {
    id: "aut.trusts-proxy-header",
    description: "Proxy-Authorization not verified",
    changes: "Of the gateway headers only `X-Gateway-Authorization` is read; a forged `Proxy-Authorization` goes unnoticed.",
  },
  {
    id: "aut.reserialises-body",
    description: "Digest over the re-serialised body",
    changes: "Signatures are verified over `JSON.stringify` of the parsed body instead of the bytes received.",
  },
  { id: "neg.accept-stale-request", description: "Stale requests accepted", changes: "A request whose `timestamp` + `ttl` has passed is acted on." },
  { id: "neg.accept-other-bpp-id", description: "Requests for another BPP accepted", changes: "A request whose `bpp_id` names another BPP is acted on." },
  // Issue 20 (refusals): a body that fails validation answered by an ACK, but not refused by an error callback.
  {
    id: "neg.invalid-body-acked-silently",
    description: "Invalid bodies ACKed, then silence",
    changes: "A request whose body fails validation (the 400 NACK it is owed) gets an ACK instead, and no callback ever follows.",
  },
  {
    id: "neg.invalid-body-echoed",
    description: "Invalid bodies answered as if valid",
    changes:
      "A request whose body fails validation but whose context names a bap_uri, transaction_id and message_id gets an ACK and an on_<action> echoing its message, with no error, instead of a NACK.",
  },
] as const satisfies readonly FaultSpec[];

export type FaultId = (typeof FAULTS)[number]["id"];
export const FAULT_IDS: readonly FaultId[] = FAULTS.map((fault) => fault.id);
