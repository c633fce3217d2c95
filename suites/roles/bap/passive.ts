import type { RunConfig } from "../../core/config.js";
import type { RunResult } from "../../core/run-result.js";
import { collectExchanges } from "./exchanges.js";
import { startBapNetwork } from "./network.js";
import { judgeBapRun, ttlMsOf } from "./judge-run.js";

export const PASSIVE = "passive";

/** Where the BAP under test must send its requests, and who the harness is, in passive mode. */
export interface PassiveEndpoints {
  readonly registryUrl: string;
  readonly gatewayUrl: string;
  readonly bppUrl: string;
  readonly bppId: string;
  /** The BAP's registered callback URL (its bap_uri). */
  readonly bapUri: string;
  /** Where the BAP's trigger API is (the embedded reference BAP's, without --target). */
  readonly triggerUrl: string;
}

export interface PassiveSession {
  readonly endpoints: PassiveEndpoints;
  /** Ends the watch: everything recorded so far is judged. */
  stop(): void;
  /** Settles with the run's result once stopped, or at --max-time. */
  readonly done: Promise<RunResult>;
}

/** The lines passive mode prints so that a person can point the BAP at the harness. */
export function passiveBanner(e: PassiveEndpoints): string {
  return [
    "Passive BAP run: drive your BAP by hand; the harness records and judges what it sends.",
    `  registry  ${e.registryUrl}   (configure your BAP with it)`,
    `  gateway   ${e.gatewayUrl}   (send searches here)`,
    `  BPP       ${e.bppUrl}   (${e.bppId}; answers select, init, confirm, status, update)`,
    `  callbacks go to ${e.bapUri}; the BAP's trigger API: POST ${e.triggerUrl}/trigger/<action> (or /trigger/flow on the reference BAP)`,
    "Press Ctrl-C when you are done (or wait for --max-time): the harness then judges what it recorded and writes the report.",
  ].join("\n");
}

/**
 * Passive mode: starts the registry, gateway and BPP, records whatever the BAP sends and the
 * callbacks the BPP sends back, and judges it all when stopped or at --max-time. It never triggers.
 */
export async function startPassive(config: RunConfig): Promise<PassiveSession> {
  const started = Date.now();
  const ttlMs = ttlMsOf(config);
  const net = await startBapNetwork(config);
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, config.maxTimeMs);
    stop = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  const done = (async () => {
    await stopped;
    await net.close(); // the BPP finishes the callbacks it is sending before it closes
    let n = 0;
    const exchanges = collectExchanges(net.arrivals.all(), net.deliveries.all(), {
      scenario: () => PASSIVE, harnessBpp: { id: net.bpp.identity.subscriberId, uri: net.bpp.url }, ttlMs, nextId: () => `bap-${++n}`, triggerOf: () => undefined,
    });
    return judgeBapRun(config, net, started, exchanges, { skipped: [] });
  })();
  const endpoints = { registryUrl: net.registryUrl, gatewayUrl: net.gatewayUrl, bppUrl: net.bpp.url, bppId: net.bpp.identity.subscriberId, bapUri: net.sut.callbackUrl, triggerUrl: net.sut.triggerUrl };
  return { endpoints, stop: () => stop(), done };
}

/** `run --role bap --passive`: prints where to point the BAP, then watches until SIGINT or --max-time. */
export async function runPassive(config: RunConfig): Promise<RunResult> {
  const session = await startPassive(config);
  const onSignal = (): void => session.stop();
  // Listen before the banner says "Press Ctrl-C": a Ctrl-C that follows it at once must stop the watch, not kill the worker.
  process.once("SIGINT", onSignal);
  process.stderr.write(`${passiveBanner(session.endpoints)}\n`);
  try {
    return await session.done;
  } finally {
    process.off("SIGINT", onSignal);
  }
}
