import type { RunResult } from "../../../suites/core/run-result.js";
import type { VariantRow } from "./row.js";
import { callbacks, list, messageOf, object, orderOfBody, type Callback, type Json } from "./evidence.js";

/** The BPP's and grid's variants of the order flow: stock, states, unsolicited callbacks, windows, the catalogue. */

const orderOf = (c: Callback): Json | undefined => orderOfBody(c.body);
const descriptors = (c: Callback): Json[] =>
  list(orderOf(c)?.["fulfillments"]).flatMap((f): Json[] => {
    const descriptor = object(object(object(f)?.["state"])?.["descriptor"]);
    return descriptor ? [descriptor] : [];
  });
const unsolicited = (result: RunResult): Callback[] => callbacks(result).filter((c) => c.matchedBy === "unsolicited");
const startOf = (holder: Json | undefined): unknown => object(object(holder?.["time"])?.["range"])?.["start"];
/** The first offer of each on_search: its available kWh, its window's start, and the start of the window searched for. */
const offers = (result: RunResult): { available: number; start: unknown; searchStart: unknown }[] =>
  result.exchanges
    .filter((e) => e.action === "search")
    .flatMap((e) => {
      const stop = object(list(object(object(messageOf(e.request.body)?.["intent"])?.["fulfillment"])?.["stops"])[0]);
      return e.callbacks.flatMap((c) => {
        const provider = object(list(object(messageOf(c.body)?.["catalog"])?.["providers"])[0]);
        const item = object(list(provider?.["items"])[0]);
        const available = Number(object(object(object(item?.["quantity"])?.["available"])?.["measure"])?.["value"]);
        return item ? [{ available, start: startOf(item), searchStart: startOf(stop) }] : [];
      });
    });
/** A confirm whose transfer's first unsolicited on_status arrived before its on_confirm. */
const overtaken = (result: RunResult): boolean =>
  result.exchanges
    .filter((e) => e.action === "confirm")
    .some((e) => {
      const onConfirm = e.callbacks.find((c) => c.action === "on_confirm" && c.matchedBy === "message_id");
      return (
        onConfirm !== undefined && e.callbacks.some((c) => c.matchedBy === "unsolicited" && c.action === "on_status" && c.receivedAt < onConfirm.receivedAt)
      );
    });
/** The watched transfer started when the order's future window started, and FLW-004 judged it. */
const startedAtWindow = (result: RunResult): boolean =>
  result.exchanges.some((e) => {
    const start = Date.parse(String(e.transfer?.window?.start));
    const first = Math.min(...e.callbacks.filter((c) => c.matchedBy === "unsolicited").map((c) => c.receivedAt));
    return start > e.request.sentAt && first >= start && result.results.some((r) => r.id === "FLW-004" && r.exchange === e.id && r.status === "pass");
  });

export const BPP_FLOW_ROWS: readonly VariantRow[] = [
  {
    // The probe phase's searches come after the functional confirms: they show the stock gone down.
    role: "bpp",
    variant: "bpp.finite-stock",
    seen: (r) => new Set(offers(r).map((o) => o.available)).size > 1,
  },
  {
    role: "bpp",
    variant: "bpp.order-status-layer2",
    seen: (r) => unsolicited(r).some((c) => orderOf(c)?.["status"] === "COMPLETED"),
  },
  {
    role: "bpp",
    variant: "bpp.unsolicited-on-update",
    seen: (r) => unsolicited(r).some((c) => c.action === "on_update" && JSON.stringify(orderOf(c) ?? {}).includes("Delivered_kWh")),
  },
  {
    role: "bpp",
    variant: "bpp.on-status-before-on-confirm",
    seen: overtaken,
  },
  {
    role: "bpp",
    variant: "bpp.future-window",
    seen: startedAtWindow,
  },
  {
    // The offer is listed narrowed to the search's window: it starts no earlier than the search's
    // window, where the reference's own offer started at the present hour.
    role: "bpp",
    variant: "bpp.filtered-catalogue",
    seen: (r) => offers(r).some((o) => Date.parse(String(o.start)) >= Date.parse(String(o.searchStart))),
  },
  {
    role: "bpp",
    variant: "grid.layer2-states",
    seen: (r) =>
      ["ORDER_PROCESSING", "ORDER_PARTIALLY_FULFILLED", "ORDER_FULFILLED"].every((code) =>
        unsolicited(r).some((c) => descriptors(c).some((d) => (d["code"] ?? d["status"]) === code)),
      ),
  },
  {
    role: "bpp",
    variant: "grid.state-in-descriptor-status",
    seen: (r) => unsolicited(r).some((c) => descriptors(c).some((d) => typeof d["status"] === "string" && d["code"] === undefined)),
  },
  {
    // The update beyond its target got an on_update with the order (its items), not error 30013.
    role: "bpp",
    variant: "bpp.update-target-only",
    seen: (r) =>
      r.exchanges.some(
        (e) => e.step === "update-beyond-target" && e.callbacks.some((c) => c.matchedBy === "message_id" && list(orderOf(c)?.["items"]).length > 0),
      ),
  },
];
