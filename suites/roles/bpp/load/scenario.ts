import type { Scenario } from "../drive/scenario.js";

/**
 * One load transaction: search → select → init → confirm → status, straight to the SUT, each
 * step waiting for its callback. It stops at status and does not wait for the energy transfer:
 * the reference BPP's transfer takes about 3 s on its compressed clock and would dominate every
 * transaction, while measuring the exchanges is the point. The transfer's unsolicited on_status
 * that arrive after a transaction is judged are counted as late, never kept (the conformance run,
 * `run --role bpp`, is where the transfer is judged).
 */
export const LOAD_SCENARIO: Scenario = {
  id: "load",
  title: "A whole transaction under load, search to status",
  role: "bpp",
  phase: "functional",
  steps: [
    { id: "search", action: "search", via: "direct", expect: "callback" },
    { id: "select", action: "select", item: "offer", quantity: "some", expect: "callback", needs: ["search"] },
    { id: "init", action: "init", item: "offer", expect: "callback", needs: ["select"] },
    { id: "confirm", action: "confirm", item: "offer", expect: "callback", needs: ["init"] },
    { id: "status", action: "status", order: "confirmed", expect: "callback", needs: ["confirm"] },
  ],
};

export const LOAD_ACTIONS = LOAD_SCENARIO.steps.map((step) => step.action);
