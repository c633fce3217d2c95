import { afterEach, describe, expect, test, vi } from "vitest";
import type { Grid } from "../grid/index.js";
import type { Deal, DealBook } from "./deals.js";
import { parseFaults } from "./fault-set.js";
import type { Planner } from "./plan.js";
import { linkTransfers } from "./transfer-link.js";
import { bppVariants } from "./variants.js";

const WINDOW_START = Date.parse("2026-12-04T12:00:00Z");

/** A grid that records what it is asked to do, and a deal whose window starts a minute after "now". */
function setUp(variants: string[]) {
  const started: string[] = [];
  const cancelled: string[] = [];
  const grid = {
    on: () => undefined,
    startTransfer: (r: { orderId: string }) => void started.push(r.orderId),
    cancelTransfer: (id: string) => (cancelled.push(id), true),
  } as unknown as Grid;
  const link = linkTransfers({
    grid,
    book: {} as DealBook,
    faults: parseFaults([]),
    variants: bppVariants(variants),
    planner: {} as Planner,
    dispatch: () => undefined,
    replyEnv: { bppId: "bpp", bppUri: () => "http://bpp", ttl: "PT10S", now: () => WINDOW_START - 60_000, domain: "trade", country: "USA", city: "NANP:628" },
  });
  const deal = {
    orderId: "order-1",
    transactionId: "t",
    terms: {
      offer: { sourceMeter: "der://a" },
      endMeter: "der://b",
      quantityKwh: "1",
      window: { start: new Date(WINDOW_START).toISOString(), end: new Date(WINDOW_START + 3_600_000).toISOString() },
    },
  } as unknown as Deal;
  return { link, deal, started, cancelled };
}

afterEach(() => vi.useRealTimers());

describe("the transfer link under bpp.future-window", () => {
  test("starts the transfer when the order's window starts, on the BPP's clock", () => {
    vi.useFakeTimers();
    const { link, deal, started } = setUp(["bpp.future-window"]);
    link.start(deal);
    expect(started).toEqual([]);
    vi.advanceTimersByTime(60_000);
    expect(started).toEqual(["order-1"]);
  });

  test("a cancel before the window starts means the transfer never starts", () => {
    vi.useFakeTimers();
    const { link, deal, started, cancelled } = setUp(["bpp.future-window"]);
    link.start(deal);
    link.cancel(deal);
    vi.advanceTimersByTime(120_000);
    expect(started).toEqual([]);
    expect(cancelled).toEqual(["order-1"]);
  });

  test("close drops the transfers still waiting", () => {
    vi.useFakeTimers();
    const { link, deal, started } = setUp(["bpp.future-window"]);
    link.start(deal);
    link.close();
    vi.advanceTimersByTime(120_000);
    expect(started).toEqual([]);
  });

  test("without the variant the transfer starts at confirm", () => {
    const { link, deal, started } = setUp([]);
    link.start(deal);
    expect(started).toEqual(["order-1"]);
  });
});
