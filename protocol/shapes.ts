/**
 * The one place that reads the fields where the P2P guide and Beckn core 1.1.0 disagree.
 * Every rule that looks at a quantity, a fulfillment's end meter or an order's state goes
 * through these accessors, so each rule works on both forms:
 *
 * | concept        | guide form                | core 1.1.0 form                                   |
 * |----------------|---------------------------|---------------------------------------------------|
 * | quantity       | `quantity.measure`        | `quantity.selected.measure`                       |
 * | end meter      | `fulfillments[].end`      | `fulfillments[].stops[]` with `type` end (any case) |
 * | order state    | `order.state`             | `order.status`                                    |
 */

export type ShapeForm = "guide" | "core";
export type PathSegment = string | number;

export interface Located<T> {
  readonly value: T;
  /** Path of the value, relative to the object the accessor was given. */
  readonly path: readonly PathSegment[];
  readonly form: ShapeForm;
}

type Json = Record<string, unknown>;

export function asObject(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The measure an order item asks for: `quantity.selected.measure` (core) or `quantity.measure` (guide). */
export function selectedMeasure(item: unknown): Located<Json> | undefined {
  const quantity = asObject(asObject(item)?.["quantity"]);
  const core = asObject(asObject(quantity?.["selected"])?.["measure"]);
  if (core) {
    return { value: core, path: ["quantity", "selected", "measure"], form: "core" };
  }
  const guide = asObject(quantity?.["measure"]);
  return guide ? { value: guide, path: ["quantity", "measure"], form: "guide" } : undefined;
}

const QUANTITY_SLOTS = ["selected", "available", "allocated", "maximum", "minimum"] as const;

/** Every measure on an item's quantity, in either form, e.g. to check units. */
export function allMeasures(item: unknown): Located<Json>[] {
  const quantity = asObject(asObject(item)?.["quantity"]);
  const found: Located<Json>[] = [];
  const guide = asObject(quantity?.["measure"]);
  if (guide) {
    found.push({ value: guide, path: ["quantity", "measure"], form: "guide" });
  }
  for (const slot of QUANTITY_SLOTS) {
    const measure = asObject(asObject(quantity?.[slot])?.["measure"]);
    if (measure) {
      found.push({ value: measure, path: ["quantity", slot, "measure"], form: "core" });
    }
  }
  return found;
}

/** The available quantity an offer states (`quantity.available.measure`). */
export function availableMeasure(item: unknown): Located<Json> | undefined {
  const measure = asObject(asObject(asObject(asObject(item)?.["quantity"])?.["available"])?.["measure"]);
  return measure ? { value: measure, path: ["quantity", "available", "measure"], form: "core" } : undefined;
}

function stopsOfType(fulfillment: unknown, type: "start" | "end"): Located<Json>[] {
  const f = asObject(fulfillment);
  const found: Located<Json>[] = [];
  const guide = asObject(f?.[type]);
  if (guide) {
    found.push({ value: guide, path: [type], form: "guide" });
  }
  asArray(f?.["stops"]).forEach((stop, index) => {
    const s = asObject(stop);
    if (s && typeof s["type"] === "string" && s["type"].toLowerCase() === type) {
      found.push({ value: s, path: ["stops", index], form: "core" });
    }
  });
  return found;
}

/** A fulfillment's end stops: `end` (guide) or `stops[]` whose `type` is end in any case (core). */
export function endStops(fulfillment: unknown): Located<Json>[] {
  return stopsOfType(fulfillment, "end");
}

/** A fulfillment's start stops: `start` (guide) or `stops[]` whose `type` is start in any case (core). */
export function startStops(fulfillment: unknown): Located<Json>[] {
  return stopsOfType(fulfillment, "start");
}

/** The address of a stop's location, where DER meters are written (`der://…`). */
export function stopAddress(stop: unknown): Located<unknown> | undefined {
  const location = asObject(asObject(stop)?.["location"]);
  return location && "address" in location ? { value: location["address"], path: ["location", "address"], form: "core" } : undefined;
}

/** The order's state: `order.status` (core) or `order.state` (guide). */
export function orderState(order: unknown): Located<unknown> | undefined {
  const o = asObject(order);
  if (o && "status" in o) {
    return { value: o["status"], path: ["status"], form: "core" };
  }
  if (o && "state" in o) {
    return { value: o["state"], path: ["state"], form: "guide" };
  }
  return undefined;
}

/**
 * How an order's `status` is read: core 1.1.0's enum alone (ACTIVE, COMPLETE, CANCELLED), or with
 * the P2P layer-2's values too (COMPLETED, SOFT_CANCEL; spec trade_1.1.0 on_status), as the default
 * profile accepts them.
 */
export interface OrderReading {
  readonly layer2: boolean;
}

const COMPLETED_STATUS: Readonly<Record<"core" | "layer2", readonly string[]>> = { core: ["COMPLETE"], layer2: ["COMPLETE", "COMPLETED"] };
/** The guide's `order.state` is a free string: COMPLETE or COMPLETED, in any case. */
const COMPLETED_STATE = /^completed?$/i;
/** A fulfillment's state is a free string in core: Completed (guide), ORDER_FULFILLED (layer-2). */
const FULFILLMENT_COMPLETED = /^(completed?|order_fulfilled|fulfilled)$/i;
/** Under way: In-Progress (guide), ORDER_PROCESSING, ORDER_PARTIALLY_FULFILLED (layer-2). */
const UNDER_WAY = /progress|ongoing|started|processing|partial/i;

/**
 * The states of an order's fulfillments: `state.descriptor.code` (guide, core, layer-2) and
 * `state.descriptor.status` (the refined guide's form), where they are strings.
 */
export function fulfillmentStates(order: unknown): string[] {
  return asArray(asObject(order)?.["fulfillments"]).flatMap((f) => {
    const descriptor = asObject(asObject(asObject(f)?.["state"])?.["descriptor"]);
    return [descriptor?.["code"], descriptor?.["status"]].filter((v): v is string => typeof v === "string" && v.trim() !== "");
  });
}

/**
 * Completed, as DESIGN "Timing" defines it: `order.status` is a completed value of the reading
 * (COMPLETE; COMPLETED with the layer-2), or the guide's `order.state` is COMPLETE or COMPLETED,
 * or a fulfillment's state is Completed or ORDER_FULFILLED, in any case.
 */
export function isOrderCompleted(order: unknown, reading: OrderReading = { layer2: true }): boolean {
  const state = orderState(order);
  const value = state?.value;
  if (
    typeof value === "string" &&
    (state?.form === "core" ? COMPLETED_STATUS[reading.layer2 ? "layer2" : "core"].includes(value) : COMPLETED_STATE.test(value))
  ) {
    return true;
  }
  return fulfillmentStates(order).some((s) => FULFILLMENT_COMPLETED.test(s));
}

/** How far the energy transfer has got: 2 completed, 1 under way, 0 anything else (placed, pending, unknown). */
export function orderProgress(order: unknown, reading: OrderReading = { layer2: true }): 0 | 1 | 2 {
  if (isOrderCompleted(order, reading)) {
    return 2;
  }
  return [orderState(order)?.value, ...fulfillmentStates(order)].some((v) => typeof v === "string" && UNDER_WAY.test(v)) ? 1 : 0;
}

/** Every meter address in a message: the search intent's stops and each order fulfillment's stops. */
export function meterAddresses(body: unknown): Located<unknown>[] {
  const message = asObject(asObject(body)?.["message"]);
  const found: Located<unknown>[] = [];
  const collect = (fulfillment: unknown, base: readonly PathSegment[]): void => {
    for (const stop of [...startStops(fulfillment), ...endStops(fulfillment)]) {
      const address = stopAddress(stop.value);
      if (address) {
        found.push({ value: address.value, path: [...base, ...stop.path, ...address.path], form: stop.form });
      }
    }
  };
  const intentFulfillment = asObject(message?.["intent"])?.["fulfillment"];
  if (intentFulfillment !== undefined) {
    collect(intentFulfillment, ["message", "intent", "fulfillment"]);
  }
  asArray(asObject(message?.["order"])?.["fulfillments"]).forEach((f, i) => {
    collect(f, ["message", "order", "fulfillments", i]);
  });
  return found;
}
