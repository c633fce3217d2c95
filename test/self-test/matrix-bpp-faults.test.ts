/**
 * The BPP's fault matrix (test/self-test/bpp-matrix.ts): the BPP suite against its embedded reference with
 * each fault on must flag exactly the checks of the fault's row. 78 runs of a few seconds each, three at a
 * time: about a minute on two cores; the rows are split from the other matrices' so that vitest runs
 * them in parallel workers. One row takes about 45 s: `ack.hang` answers no request, so each of its
 * steps waits out its ttl (PT3S) one after the other, as a run against such a SUT must.
 */
import { describe, test } from "vitest";
import { ROW_TIMEOUT_MS, expectFaultRow, faultRowsOf } from "./matrix-rows.js";

describe.concurrent("the self-test matrix", () => {
  test.for(faultRowsOf(["bpp"]))("$role fault $fault → $expected", { timeout: ROW_TIMEOUT_MS }, expectFaultRow);
});
