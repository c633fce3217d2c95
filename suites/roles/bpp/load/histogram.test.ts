import { expect, test } from "vitest";
import { LatencyHistogram } from "./histogram.js";

test("percentiles are exact to 0.1 ms below 1 s and to 1 ms above", () => {
  const h = new LatencyHistogram();
  for (let i = 1; i <= 100; i += 1) {
    h.record(i);
  }
  expect(h.percentiles()).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
  h.record(2500.4);
  expect(h.quantile(1)).toBe(2500);
  h.record(90_000);
  expect(h.percentiles().max).toBe(60_000);
});

test("an empty histogram reports zeros", () => {
  expect(new LatencyHistogram().percentiles()).toEqual({ count: 0, p50: 0, p95: 0, p99: 0, max: 0 });
});
