import { asArray, asObject, endStops, selectedMeasure, stopAddress } from "../../../protocol/shapes.js";
import {
  buildOnCancel,
  buildOnConfirm,
  buildOnInit,
  buildOnSearch,
  buildOnSelect,
  buildOnStatus,
  buildOnUpdate,
  callbackContext,
  type Billing,
  type Context,
  type OrderTerms,
  type Provider,
} from "../../../fixtures/builders/index.js";

/** What the fake BPP sells and remembers: its catalogue, and each transaction's delivery meter. */
export interface FakeBppBook {
  readonly bppId: string;
  readonly bppUri: string;
  readonly provider: Provider;
  readonly meters: Map<string, string>;
}

const FALLBACK_METER = "der://ssf.meter/00000000";
const FALLBACK_BILLING: Billing = { name: "Unknown Buyer", address: "Unknown", phone: "+10000000000", email: "unknown@example.com" };
const text = (value: unknown, fallback: string): string => (typeof value === "string" && value !== "" ? value : fallback);

function endMeterOf(order: Record<string, unknown> | undefined): string | undefined {
  const stop = endStops(asArray(order?.["fulfillments"])[0])[0];
  const address = stop ? stopAddress(stop.value)?.value : undefined;
  return typeof address === "string" ? address : undefined;
}

/** The order's terms as the request states them, with the catalogue's values where it says nothing. */
function termsOf(book: FakeBppBook, order: Record<string, unknown> | undefined, transactionId: string): OrderTerms {
  const [offer] = book.provider.items;
  const item = asArray(order?.["items"])[0];
  const meter = endMeterOf(order) ?? book.meters.get(transactionId) ?? FALLBACK_METER;
  book.meters.set(transactionId, meter);
  return {
    providerId: text(asObject(order?.["provider"])?.["id"], book.provider.id),
    itemId: text(asObject(item)?.["id"], offer?.id ?? "item"),
    quantityKwh: text(selectedMeasure(item)?.value["value"], "1"),
    endMeter: meter,
  };
}

/** The callback a plain, obliging BPP sends for a request, built with the fixtures' builders. */
export function replyTo(book: FakeBppBook, request: Record<string, unknown>): Record<string, unknown> | undefined {
  const requestContext = asObject(request["context"]) as Context | undefined;
  if (!requestContext) {
    return undefined;
  }
  const context = callbackContext(requestContext, { bppId: book.bppId, bppUri: book.bppUri });
  const message = asObject(request["message"]);
  const order = asObject(message?.["order"]);
  const txn = requestContext.transaction_id;
  const price = book.provider.items[0]?.price ?? { value: "5", currency: "USD/kWH" };
  const billing = (asObject(order?.["billing"]) as Billing | undefined) ?? FALLBACK_BILLING;
  switch (requestContext.action) {
    case "search":
      return buildOnSearch({ context, providers: [book.provider] });
    case "select":
      return buildOnSelect({ context, ...termsOf(book, order, txn), price });
    case "init":
      return buildOnInit({ context, ...termsOf(book, order, txn), price, billing });
    case "confirm":
      return buildOnConfirm({ context, ...termsOf(book, order, txn), billing, orderId: `order-${txn}` });
    case "status":
      return buildOnStatus({ context, orderId: text(message?.["order_id"], `order-${txn}`), endMeter: book.meters.get(txn) ?? FALLBACK_METER });
    case "update":
      return buildOnUpdate({ context, orderId: text(order?.["id"], `order-${txn}`), endMeter: endMeterOf(order) ?? FALLBACK_METER });
    case "cancel":
      return buildOnCancel({ context, orderId: text(message?.["order_id"], `order-${txn}`) });
    default:
      return undefined;
  }
}
