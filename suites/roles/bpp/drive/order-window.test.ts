import { describe, expect, test } from "vitest";
import { OrderBudget, pickOffer, type SutOffer } from "./offer.js";
import { incompleteWatch, orderWindow, transferUnwatchable } from "./order-window.js";

const NOW = Date.parse("2026-01-01T10:00:00.400Z");
const offer = (availableKwh?: number): SutOffer => ({ providerId: "p", itemId: "i", ...(availableKwh === undefined ? {} : { availableKwh }) });

describe("the window an order asks for", () => {
  test("starts now (to the next second) inside an offer that contains the present, half of --transfer-timeout long", () => {
    expect(orderWindow({ start: "2026-01-01T09:00:00Z", end: "2026-01-01T17:00:00Z" }, NOW, 60_000)).toEqual({
      start: "2026-01-01T10:00:01Z",
      end: "2026-01-01T10:00:31Z",
    });
  });

  test("starts when a future offer starts, and is cut at the offer's end", () => {
    expect(orderWindow({ start: "2026-01-01T10:00:05Z", end: "2026-01-01T10:00:20Z" }, NOW, 60_000)).toEqual({
      start: "2026-01-01T10:00:05Z",
      end: "2026-01-01T10:00:20Z",
    });
  });

  test("cannot be asked of an offer whose window has ended", () => {
    expect(orderWindow({ start: "2026-01-01T08:00:00Z", end: "2026-01-01T09:00:00Z" }, NOW, 60_000)).toBeUndefined();
  });

  test("with no offer window, starts now; with no transfer watched (load mode), lasts a minute", () => {
    expect(orderWindow(undefined, NOW, 0)).toEqual({ start: "2026-01-01T10:00:01Z", end: "2026-01-01T10:01:01Z" });
  });

  test("its transfer is watched only when the window can end within --transfer-timeout of the confirm", () => {
    const window = { start: "2026-01-01T10:00:05Z", end: "2026-01-01T10:00:09Z" };
    expect(transferUnwatchable(window, NOW, 10_000)).toBeUndefined();
    expect(transferUnwatchable(window, NOW, 8_000)).toMatch(/ends at 2026-01-01T10:00:09Z, after --transfer-timeout \(8 s\)/);
    expect(transferUnwatchable(undefined, NOW, 8_000)).toMatch(/no delivery window/);
  });
});

describe("what the run's orders take of the offer", () => {
  test("six orders of the guide's 30 kWh take 5 kWh each, 30 in all", () => {
    const budget = new OrderBudget(6);
    expect(Array.from({ length: 6 }, () => budget.take(offer(30)))).toEqual([5, 5, 5, 5, 5, 5]);
  });

  test("at most 10 kWh an order; the share is fixed by the first quantity seen", () => {
    const budget = new OrderBudget(2);
    expect([budget.take(offer(100)), budget.take(offer(7))]).toEqual([10, 10]);
  });

  test("under 1 kWh a share, 1 kWh each while it lasts, then none", () => {
    const budget = new OrderBudget(4);
    expect(Array.from({ length: 4 }, () => budget.take(offer(2)))).toEqual([1, 1, undefined, undefined]);
  });

  test("an offer that states no quantity gets 1 kWh an order", () => {
    expect(new OrderBudget(4).take(offer())).toBe(1);
  });

  test("the offer's window is the item's time.range, else its provider's start stop's", () => {
    const range = { start: "2026-01-01T09:00:00Z", end: "2026-01-01T17:00:00Z" };
    const body = (item: Record<string, unknown>) => ({
      message: { catalog: { providers: [{ id: "p", fulfillments: [{ stops: [{ type: "start", time: { range } }] }], items: [{ id: "i", ...item }] }] } },
    });
    expect(pickOffer(body({}))?.window).toEqual(range);
    expect(pickOffer(body({ time: { range: { start: "a", end: "b" } } }))?.window).toEqual({ start: "a", end: "b" });
  });
});

describe("a watch that ended before the transfer completed", () => {
  const window = { start: "2026-01-01T10:00:01Z", end: "2026-01-01T10:00:31Z" };
  const watchedUntil = NOW + 60_000;

  test("stands when it ran to --transfer-timeout and the SUT broke no connection: the transfer checks judge the stalled transfer", () => {
    expect(incompleteWatch({ window }, { broken: undefined, runDeadline: watchedUntil + 1, watchedUntil })).toEqual({ window });
  });

  test("is not exercised, naming the request, when the SUT broke a connection meanwhile (a probe it died of): the crash is reported once", () => {
    const watch = incompleteWatch(
      { window },
      { broken: "the no-context probe (schema-invalid/no-context-select)", runDeadline: watchedUntil + 1, watchedUntil },
    );
    expect(watch.notExercised).toContain(
      "the SUT broke the connection of the no-context probe (schema-invalid/no-context-select) while this transfer was watched",
    );
  });

  test("is not exercised when --max-time cut it short", () => {
    expect(incompleteWatch({ window }, { broken: undefined, runDeadline: watchedUntil - 1, watchedUntil }).notExercised).toContain("--max-time");
  });
});
