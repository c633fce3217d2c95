import type { ProfileName } from "../../schemas/index.js";
import type { Role, RunConfig } from "../../suites/engine/config.js";
import type { RunResult } from "../../suites/engine/run-result.js";

/**
 * The variant matrix: each legitimate variant of a reference mock, and what the suite of its role
 * must say of it: exit 0, no failure, no error, and no warning but those the row lists, each with
 * its reason. A row names any run option it needs and any other profile it must also pass. Per
 * role, one more row switches on every variant at once except those `INCOMPATIBLE` names.
 */
export interface VariantRow {
  readonly role: Role;
  readonly variant: string;
  /** Run options the row needs (for example the request shape). */
  readonly options?: Partial<RunConfig>;
  /** Other profiles the variant must pass as well (the default profile always runs). */
  readonly alsoProfiles?: readonly ProfileName[];
  /** Warnings the variant earns, check id → why a SHOULD still holds against this behaviour. */
  readonly warns?: Readonly<Record<string, string>>;
  /**
   * Proof that the variant really ran: what the run's evidence shows of it. A variant that changed
   * nothing would pass vacuously; this makes the row fail instead.
   */
  readonly seen: (result: RunResult) => boolean;
}

const responses = (result: RunResult) => result.exchanges.flatMap((e) => (e.response.kind === "response" ? [e.response] : []));

type Json = Record<string, unknown>;
type Callback = RunResult["exchanges"][number]["callbacks"][number];
const obj = (value: unknown): Json | undefined => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const callbacks = (result: RunResult): Callback[] => result.exchanges.flatMap((e) => [...e.callbacks]);
const orderOf = (c: Callback): Json | undefined => obj(obj(obj(c.body)?.["message"])?.["order"]);
const descriptors = (c: Callback): Json[] => list(orderOf(c)?.["fulfillments"]).flatMap((f): Json[] => {
  const descriptor = obj(obj(obj(f)?.["state"])?.["descriptor"]);
  return descriptor ? [descriptor] : [];
});
const unsolicited = (result: RunResult): Callback[] => callbacks(result).filter((c) => c.matchedBy === "unsolicited");
const messageOf = (body: unknown): Json | undefined => obj(obj(body)?.["message"]);
const startOf = (holder: Json | undefined): unknown => obj(obj(holder?.["time"])?.["range"])?.["start"];
/** The first offer of each on_search: its available kWh, its window's start, and the start of the window searched for. */
const offers = (result: RunResult): { available: number; start: unknown; searchStart: unknown }[] =>
  result.exchanges.filter((e) => e.action === "search").flatMap((e) => {
    const stop = obj(list(obj(obj(messageOf(e.request.body)?.["intent"])?.["fulfillment"])?.["stops"])[0]);
    return e.callbacks.flatMap((c) => {
      const provider = obj(list(obj(messageOf(c.body)?.["catalog"])?.["providers"])[0]);
      const item = obj(list(provider?.["items"])[0]);
      const available = Number(obj(obj(obj(item?.["quantity"])?.["available"])?.["measure"])?.["value"]);
      return item ? [{ available, start: startOf(item), searchStart: startOf(stop) }] : [];
    });
  });
/** A confirm whose transfer's first unsolicited on_status arrived before its on_confirm. */
const overtaken = (result: RunResult): boolean =>
  result.exchanges.filter((e) => e.action === "confirm").some((e) => {
    const onConfirm = e.callbacks.find((c) => c.action === "on_confirm" && c.matchedBy === "message_id");
    return onConfirm !== undefined && e.callbacks.some((c) => c.matchedBy === "unsolicited" && c.action === "on_status" && c.receivedAt < onConfirm.receivedAt);
  });
/** The watched transfer started when the order's future window started, and FLW-004 judged it. */
const startedAtWindow = (result: RunResult): boolean =>
  result.exchanges.some((e) => {
    const start = Date.parse(String(e.transfer?.window?.start));
    const first = Math.min(...e.callbacks.filter((c) => c.matchedBy === "unsolicited").map((c) => c.receivedAt));
    return start > e.request.sentAt && first >= start && result.results.some((r) => r.id === "FLW-004" && r.exchange === e.id && r.status === "pass");
  });

export const VARIANT_MATRIX: readonly VariantRow[] = [
  {
    role: "bpp", variant: "bpp.ack-202-with-context",
    seen: (r) => responses(r).some((a) => a.status === 202 && typeof (a.body as { context?: unknown } | undefined)?.context === "object"),
  },
  {
    // The probe phase's searches come after the functional confirms: they show the stock gone down.
    role: "bpp", variant: "bpp.finite-stock",
    seen: (r) => new Set(offers(r).map((o) => o.available)).size > 1,
  },
  {
    role: "bpp", variant: "bpp.order-status-layer2",
    seen: (r) => unsolicited(r).some((c) => orderOf(c)?.["status"] === "COMPLETED"),
  },
  {
    role: "bpp", variant: "bpp.unsolicited-on-update",
    seen: (r) => unsolicited(r).some((c) => c.action === "on_update" && JSON.stringify(orderOf(c) ?? {}).includes("Delivered_kWh")),
  },
  {
    role: "bpp", variant: "bpp.on-status-before-on-confirm",
    seen: overtaken,
  },
  {
    role: "bpp", variant: "bpp.future-window",
    seen: startedAtWindow,
  },
  {
    // The offer is listed narrowed to the search's window: it starts no earlier than the search's
    // window, where the reference's own offer started at the present hour.
    role: "bpp", variant: "bpp.filtered-catalogue",
    seen: (r) => offers(r).some((o) => Date.parse(String(o.start)) >= Date.parse(String(o.searchStart))),
  },
  {
    role: "bpp", variant: "grid.layer2-states",
    seen: (r) => ["ORDER_PROCESSING", "ORDER_PARTIALLY_FULFILLED", "ORDER_FULFILLED"].every((code) => unsolicited(r).some((c) => descriptors(c).some((d) => (d["code"] ?? d["status"]) === code))),
  },
  {
    role: "bpp", variant: "grid.state-in-descriptor-status",
    seen: (r) => unsolicited(r).some((c) => descriptors(c).some((d) => typeof d["status"] === "string" && d["code"] === undefined)),
  },
];

/** Variants left out of their role's all-at-once row, each with the reason it cannot combine. */
export const INCOMPATIBLE: Readonly<Record<string, string>> = {
  "bpp.on-status-before-on-confirm": "with bpp.future-window the transfer waits for the order's window, so its first on_status can no longer come before the on_confirm",
};
