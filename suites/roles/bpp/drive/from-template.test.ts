import { describe, expect, test } from "vitest";
import { rebound } from "./from-template.js";

const CAPTURED_AT = "2026-01-01T10:00:00.000Z";
const capture = { capturedAt: CAPTURED_AT, bindings: { orderId: "order-captured", providerId: "p-captured", itemId: "i-captured" } };
const message = {
  order: {
    id: "order-captured",
    provider: { id: "p-captured" },
    items: [{ id: "i-captured", quantity: { selected: { measure: { value: "5", unit: "kWH" } } } }],
    fulfillments: [{ stops: [{ type: "end", time: { range: { start: "2026-01-01T11:00:00Z", end: "2026-01-01T12:00:00.000Z" } } }] }],
  },
};
const now = Date.parse(CAPTURED_AT) + 86_400_000; // a day later

describe("a captured message replayed", () => {
  test("the order id becomes the replay's, the ids its catalogue lacks the replayed offer's, and its times move by the time since the capture", () => {
    const out = rebound(
      message,
      capture,
      { orderId: "order-new", offer: { providerId: "p-new", itemId: "i-new" }, catalogueIds: new Set(["p-new", "i-new"]) },
      now,
    );
    expect(out).toEqual({
      ok: true,
      message: {
        order: {
          id: "order-new",
          provider: { id: "p-new" },
          items: [{ id: "i-new", quantity: { selected: { measure: { value: "5", unit: "kWH" } } } }],
          fulfillments: [{ stops: [{ type: "end", time: { range: { start: "2026-01-02T11:00:00Z", end: "2026-01-02T12:00:00.000Z" } } }] }],
        },
      },
    });
  });

  test("ids the replayed catalogue has are kept, whatever offer the replay picked", () => {
    const out = rebound(
      message,
      capture,
      { orderId: "o", offer: { providerId: "p-new", itemId: "i-new" }, catalogueIds: new Set(["p-captured", "i-captured", "p-new"]) },
      now,
    );
    expect(out.ok && out.message).toMatchObject({ order: { provider: { id: "p-captured" }, items: [{ id: "i-captured" }] } });
  });

  test("a template that names the captured order cannot be sent before the replay has an order, and says why", () => {
    expect(rebound({ order_id: "order-captured" }, capture, {}, now)).toEqual({
      ok: false,
      reason: "no order was confirmed in this scenario (its on_confirm gave no order id)",
    });
  });

  test("without a capture origin nothing is bound or moved", () => {
    expect(rebound(message, undefined, { orderId: "x" }, now)).toEqual({ ok: true, message });
  });
});
