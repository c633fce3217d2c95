import { expect, test } from "vitest";
import { progressPrinter } from "./load.js";

const at = (done: number) => ({ done, total: 20, elapsedMs: done * 100, lostCallbacks: 0, failedTransactions: done > 10 ? 1 : 0 });

test("on a terminal the load progress is one line, redrawn in place and cleared at the end", () => {
  const written: string[] = [];
  const progress = progressPrinter((text) => written.push(text), true);
  [1, 2, 3].forEach((n) => progress.show(at(n)));
  progress.end();
  expect(written).toEqual([
    "\r\u001b[2Kload [0.1 s] 1/20 transactions · 10.0 tx/s · lost 0 · failed 0",
    "\r\u001b[2Kload [0.2 s] 2/20 transactions · 10.0 tx/s · lost 0 · failed 0",
    "\r\u001b[2Kload [0.3 s] 3/20 transactions · 10.0 tx/s · lost 0 · failed 0",
    "\r\u001b[2K",
  ]);
});

test("elsewhere it prints a plain line at each tenth of the transactions", () => {
  const written: string[] = [];
  const progress = progressPrinter((text) => written.push(text), false);
  for (let n = 1; n <= 20; n += 1) {
    progress.show(at(n));
  }
  progress.end();
  expect(written).toHaveLength(10);
  expect(written[0]).toBe("load [0.2 s] 2/20 transactions · 10.0 tx/s · lost 0 · failed 0\n");
  expect(written[9]).toBe("load [2.0 s] 20/20 transactions · 10.0 tx/s · lost 0 · failed 1\n");
  expect(written.every((line) => !line.includes("\u001b"))).toBe(true);
});
