import { describe, expect, test } from "vitest";
import { endStops, isOrderCompleted, meterAddresses, orderProgress, orderState, selectedMeasure, startStops } from "../../protocol/shapes.js";

const fixtures = {
  guideItem: { id: "i", quantity: { measure: { value: "10", unit: "kWH" } } },
  coreItem: { id: "i", quantity: { selected: { measure: { value: "10", unit: "kWH" } } } },
  guideFulfillment: { end: { location: { address: "der://a/1" } }, start: { location: { address: "der://a/0" } } },
  coreFulfillment: {
    stops: [
      { type: "START", location: { address: "der://a/0" } },
      { type: "End", location: { address: "der://a/1" } },
    ],
  },
};

describe("shape accessors", () => {
  test("selectedMeasure reads both quantity forms", () => {
    expect(selectedMeasure(fixtures.guideItem)).toEqual({ value: { value: "10", unit: "kWH" }, path: ["quantity", "measure"], form: "guide" });
    expect(selectedMeasure(fixtures.coreItem)?.path).toEqual(["quantity", "selected", "measure"]);
    expect(selectedMeasure({ id: "x" })).toBeUndefined();
  });

  test("endStops and startStops read `end`/`start` and typed stops in any case", () => {
    expect(endStops(fixtures.guideFulfillment).map((s) => s.path)).toEqual([["end"]]);
    expect(endStops(fixtures.coreFulfillment).map((s) => s.path)).toEqual([["stops", 1]]);
    expect(startStops(fixtures.coreFulfillment).map((s) => s.form)).toEqual(["core"]);
  });

  test("orderState prefers core's status and falls back to the guide's state", () => {
    expect(orderState({ status: "ACTIVE" })).toEqual({ value: "ACTIVE", path: ["status"], form: "core" });
    expect(orderState({ state: "ACTIVE" })?.form).toBe("guide");
    expect(orderState("x")).toBeUndefined();
  });

  test.for([
    [{ status: "COMPLETE" }, true],
    [{ state: "completed" }, true],
    [{ fulfillments: [{ state: { descriptor: { code: "Completed" } } }] }, true],
    [{ state: "ACTIVE", fulfillments: [{ state: { descriptor: { code: "In-Progress" } } }] }, false],
    [{ status: "COMPLETED" }, true],
    [{ fulfillments: [{ state: { descriptor: { code: "ORDER_FULFILLED" } } }] }, true],
    [{ fulfillments: [{ state: { descriptor: { status: "ORDER_FULFILLED" } } }] }, true],
    [{ fulfillments: [{ state: { descriptor: { code: "ORDER_PARTIALLY_FULFILLED" } } }] }, false],
    [{ status: "SOFT_CANCEL" }, false],
  ] as const)("isOrderCompleted(%j) is %s", ([order, expected]) => {
    expect(isOrderCompleted(order)).toBe(expected);
  });

  test("core's order.status enum alone counts only COMPLETE; the layer-2 adds COMPLETED", () => {
    expect(isOrderCompleted({ status: "COMPLETED" }, { layer2: false })).toBe(false);
    expect(isOrderCompleted({ status: "COMPLETE" }, { layer2: false })).toBe(true);
    expect(isOrderCompleted({ status: "complete" }, { layer2: true })).toBe(false);
  });

  test.for([
    [{ fulfillments: [{ state: { descriptor: { code: "ORDER_PLACED" } } }] }, 0],
    [{ fulfillments: [{ state: { descriptor: { code: "ORDER_PROCESSING" } } }] }, 1],
    [{ fulfillments: [{ state: { descriptor: { status: "ORDER_PARTIALLY_FULFILLED" } } }] }, 1],
    [{ fulfillments: [{ state: { descriptor: { code: "ORDER_FULFILLED" } } }] }, 2],
    [{ state: "ACTIVE", fulfillments: [{ state: { descriptor: { code: "In-Progress" } } }] }, 1],
  ] as const)("orderProgress(%j) is %s", ([order, expected]) => {
    expect(orderProgress(order)).toBe(expected);
  });

  test("meterAddresses finds the intent's and the order's meters with their paths", () => {
    const body = {
      message: {
        intent: { fulfillment: { stops: [{ type: "end", location: { address: "der://x/1" } }] } },
        order: { fulfillments: [fixtures.guideFulfillment] },
      },
    };
    expect(meterAddresses(body).map((m) => [m.value, m.path.join(".")])).toEqual([
      ["der://x/1", "message.intent.fulfillment.stops.0.location.address"],
      ["der://a/0", "message.order.fulfillments.0.start.location.address"],
      ["der://a/1", "message.order.fulfillments.0.end.location.address"],
    ]);
  });
});
