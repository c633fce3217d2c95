import type { RunConfig } from "../../core/config.js";
import { runSuite } from "../../core/run-suite.js";
import type { RunResult } from "../../../results/index.js";
import { passiveEndpointsOf, passiveStop, recordPassively, type PassiveEndpoints } from "./passive.js";
import { bapSuite } from "./suite.js";

export interface PassiveSession {
  readonly endpoints: PassiveEndpoints;
  /** Ends the watch: everything recorded so far is judged. */
  stop(): void;
  /** Settles with the run's result once stopped, or at --max-time. */
  readonly done: Promise<RunResult>;
}

/**
 * A passive BAP run driven by code rather than Ctrl-C (tests, embedders): it starts the registry,
 * gateway and BPP, hands back where the BAP must send, and judges what it recorded once stopped
 * (or at --max-time).
 */
export async function startPassive(config: RunConfig): Promise<PassiveSession> {
  const watch = passiveStop(config.maxTimeMs);
  let ready: (endpoints: PassiveEndpoints) => void = () => undefined;
  const started = new Promise<PassiveEndpoints>((resolve) => {
    ready = resolve;
  });
  const done = runSuite(
    bapSuite((net, run) => {
      ready(passiveEndpointsOf(net));
      return recordPassively(net, run, watch.stopped);
    }),
    { ...config, passive: true },
  );
  const endpoints = await Promise.race([started, done.then(() => Promise.reject(new Error("The passive run ended before it started watching.")))]);
  return { endpoints, stop: watch.stop, done };
}
