import type { Exchange } from "../../../results/index.js";
import { someCheckRan, type RunChecks } from "../../core/run-checks.js";
import { isAck } from "../../core/read.js";
import { validCallback } from "./checks/read.js";

const validCallbacks = (exchanges: readonly Exchange[]): Exchange[] => exchanges.filter((e) => validCallback(e) !== undefined);

/**
 * What the run-level checks mean for a BAP: RUN-001 a check ran, RUN-002 not every answer was a
 * NACK (here: the BAP's answers to valid callbacks), RUN-003 a callback arrived (here: at the BAP,
 * which answered it).
 */
export const BAP_RUN_CHECKS: RunChecks = {
  "RUN-001": {
    holds: someCheckRan,
    message:
      "No check ran: nothing the BAP sent reached the harness. Check that --target is where its /trigger/<action> is, and that it sends to the harness's gateway.",
  },
  "RUN-002": {
    holds: (_results, exchanges) => validCallbacks(exchanges).some((e) => isAck(e.response)),
    message: "The BAP ACKed none of the valid callbacks, so no flow could be judged. Check that it finds the harness's BPP key in the harness's registry.",
  },
  "RUN-003": {
    holds: (_results, exchanges) => validCallbacks(exchanges).some((e) => e.response.kind === "response"),
    message: "No callback reached the BAP. Check that it sends requests to the harness's gateway and BPP, and that its bap_uri reaches it.",
  },
};
