import { describe, expect, test } from "vitest";
import { Decimal } from "../../fixtures/builders/index.js";
import { createGrid, MAX_TRANSFER_BYTES } from "./grid.js";
import type { GridTimer, TransferEvent, TransferRequest } from "./types.js";

/** A timer the test drives: it records what the grid schedules and fires it on demand. */
function manualTimer() {
  const pending = new Map<number, { run: () => void; ms: number }>();
  let next = 0;
  const timer: GridTimer = {
    setTimeout: (run, ms) => (pending.set(++next, { run, ms }), next),
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  const delays = () => [...pending.values()].map((p) => p.ms);
  const fireAll = () => {
    for (const [id, { run }] of [...pending.entries()].sort((a, b) => a[1].ms - b[1].ms)) {
      pending.delete(id);
      run();
    }
  };
  return { timer, pending, delays, fireAll };
}

const NOW = Date.parse("2025-05-09T09:00:00Z");
const request = (over: Partial<TransferRequest> = {}): TransferRequest => ({
  orderId: "ord-1",
  transactionId: "tx-1",
  sourceMeter: "der://pge.meter/100200300",
  destinationMeter: "der://ssf.meter/65432100",
  kwh: "10",
  window: { start: "2025-05-09T10:00:00Z", end: "2025-05-09T18:00:00Z" },
  ...over,
});

describe("grid: compressed clock", () => {
  test("a transfer is scheduled within the default 3 s: In-Progress halfway, Completed at the end", () => {
    const t = manualTimer();
    createGrid({ timer: t.timer, now: () => NOW }).startTransfer(request());
    expect(t.delays().sort((a, b) => a - b)).toEqual([1500, 3000]);
  });

  test.for([0, -1, 5001, Number.NaN])("compressedTransferMs %s is refused", (ms) => {
    expect(() => createGrid({ compressedTransferMs: ms })).toThrow(/at most 5000/);
  });

  test("states go Pending → In-Progress → Completed with delivered kWh as decimal strings", () => {
    const t = manualTimer();
    const grid = createGrid({ timer: t.timer, now: () => NOW });
    grid.startTransfer(request({ kwh: "2.5" }));
    t.fireAll();
    const log = grid.events("ord-1") ?? [];
    expect(log.map((e) => [e.seq, e.state, e.deliveredKwh])).toEqual([
      [1, "Pending", "0"],
      [2, "In-Progress", "1.25"],
      [3, "Completed", "2.5"],
    ]);
    expect(grid.transfer("ord-1")).toMatchObject({ state: "Completed", running: false });
  });

  test("each event reads both meters: the source's export and the destination's import grow by the energy delivered", () => {
    const t = manualTimer();
    const grid = createGrid({ timer: t.timer, now: () => NOW });
    grid.startTransfer(request({ kwh: "0.3" }));
    t.fireAll();
    const [first, , last] = grid.events("ord-1") ?? [];
    expect(first?.readings.map((r) => [r.side, r.direction])).toEqual([
      ["source", "export"],
      ["destination", "import"],
    ]);
    expect(new Decimal(last?.sourceReading ?? 0).minus(first?.sourceReading ?? 0).toFixed()).toBe("0.3");
    expect(new Decimal(last?.destinationReading ?? 0).minus(first?.destinationReading ?? 0).toFixed()).toBe("0.3");
    expect(last?.at).toBe("2025-05-09T09:00:00.000Z");
  });

  test("a meter's register carries over from one transfer to the next", () => {
    const t = manualTimer();
    const grid = createGrid({ timer: t.timer });
    grid.startTransfer(request({ orderId: "a", kwh: "4" }));
    t.fireAll();
    grid.startTransfer(request({ orderId: "b", kwh: "1" }));
    expect(grid.events("b")?.[0]?.sourceReading).toBe(grid.events("a")?.[2]?.sourceReading);
  });
});

describe("grid: real time, stalls, cancellation and stop", () => {
  test("in real time, In-Progress comes at the window's midpoint and Completed at its end", () => {
    const t = manualTimer();
    createGrid({ timer: t.timer, now: () => NOW, realTime: true }).startTransfer(request());
    expect(t.delays().sort((a, b) => a - b)).toEqual([5 * 3_600_000, 9 * 3_600_000]);
  });

  test("in real time, a window already over completes at once", () => {
    const t = manualTimer();
    createGrid({ timer: t.timer, now: () => NOW, realTime: true }).startTransfer(
      request({ window: { start: "2025-05-08T10:00:00Z", end: "2025-05-08T18:00:00Z" } }),
    );
    expect(t.delays()).toEqual([0, 0]);
  });

  test("a stalling grid stops at In-Progress with nothing scheduled", () => {
    const t = manualTimer();
    const grid = createGrid({ timer: t.timer, stall: true });
    grid.startTransfer(request());
    t.fireAll();
    expect(grid.transfer("ord-1")).toMatchObject({ state: "In-Progress", running: false });
    expect(t.pending.size).toBe(0);
  });

  test("cancelTransfer logs Cancelled and clears the transfer's timers; a finished or unknown one is refused", () => {
    const t = manualTimer();
    const grid = createGrid({ timer: t.timer });
    grid.startTransfer(request());
    expect(grid.cancelTransfer("ord-1")).toBe(true);
    expect(t.pending.size).toBe(0);
    expect(grid.events("ord-1")?.map((e) => e.state)).toEqual(["Pending", "Cancelled"]);
    expect(grid.cancelTransfer("ord-1")).toBe(false);
    expect(grid.cancelTransfer("nope")).toBe(false);
  });

  test("stop() clears every timer and keeps the logs", () => {
    const t = manualTimer();
    const grid = createGrid({ timer: t.timer });
    grid.startTransfer(request({ orderId: "a" }));
    grid.startTransfer(request({ orderId: "b" }));
    grid.stop();
    expect(t.pending.size).toBe(0);
    expect(grid.events("a")).toHaveLength(1);
  });

  test("starting the same order twice returns the running transfer and logs nothing new", () => {
    const grid = createGrid({ timer: manualTimer().timer });
    grid.startTransfer(request());
    expect(grid.startTransfer(request({ kwh: "99" })).request.kwh).toBe("10");
    expect(grid.events("ord-1")).toHaveLength(1);
    expect(grid.events("never")).toBeUndefined();
  });
});

describe("grid: state-change events on the real clock", () => {
  test("listeners get every state change until they unsubscribe, and the transfer completes", async () => {
    const grid = createGrid({ compressedTransferMs: 100 });
    const seen: TransferEvent[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error("no Completed within 2 s")), 2000);
      const off = grid.on("state-change", (event) => {
        seen.push(event);
        if (event.state === "Completed") {
          clearTimeout(deadline);
          off();
          resolve();
        }
      });
    });
    grid.startTransfer(request());
    await done;
    grid.stop();
    expect(seen.map((e) => e.state)).toEqual(["Pending", "In-Progress", "Completed"]);
  });
});

describe("grid: bounded memory", () => {
  test("past its byte budget the grid forgets the oldest ended transfer first, then the oldest", () => {
    const t = manualTimer();
    const grid = createGrid({ timer: t.timer, now: () => NOW });
    const meter = `der://big.meter/${"9".repeat(4 * 1024 * 1024)}`; // counted as 8 MiB
    grid.startTransfer(request({ orderId: "old-live", sourceMeter: meter }));
    const before = new Set(t.pending.keys());
    grid.startTransfer(request({ orderId: "ended", sourceMeter: meter }));
    for (const [id, { run }] of [...t.pending.entries()].filter(([id]) => !before.has(id))) {
      t.pending.delete(id);
      run();
    }
    // Each counts a little over 8 MiB, so one fewer than 64 / 8 fit in the budget.
    const fit = Math.floor(MAX_TRANSFER_BYTES / (8 * 1024 * 1024)) - 1;
    for (let i = 3; i <= fit; i += 1) {
      grid.startTransfer(request({ orderId: `live-${i}`, sourceMeter: meter }));
    }
    expect([grid.transfer("old-live")?.state, grid.transfer("ended")?.state]).toEqual(["Pending", "Completed"]);
    grid.startTransfer(request({ orderId: "one-more", sourceMeter: meter }));
    expect(grid.transfer("ended")).toBeUndefined(); // ended: forgotten first, though not the oldest
    expect(grid.transfer("old-live")?.state).toBe("Pending");
    grid.startTransfer(request({ orderId: "and-another", sourceMeter: meter }));
    expect(grid.transfer("old-live")).toBeUndefined(); // none ended: the oldest goes
    expect(grid.transfer("and-another")?.state).toBe("Pending");
  });
});
