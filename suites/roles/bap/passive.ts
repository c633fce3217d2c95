import type { DriveEnv, Driven } from "../../core/role-suite.js";
import { collectExchanges } from "./exchanges.js";
import { bapEvidenceDropped, bapSutOf, type BapNetwork } from "./network.js";

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

/** Where the BAP under test must send, for the banner (and a test's session). */
export function passiveEndpointsOf(net: BapNetwork): PassiveEndpoints {
  return {
    registryUrl: net.registryUrl,
    gatewayUrl: net.gatewayUrl,
    bppUrl: net.bpp.url,
    bppId: net.bpp.identity.subscriberId,
    bapUri: net.sut.callbackUrl,
    triggerUrl: net.sut.triggerUrl,
  };
}

/** A stop for a passive watch: `stop()`, or --max-time, whichever comes first. */
export function passiveStop(maxTimeMs: number): { readonly stopped: Promise<void>; stop(): void } {
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, maxTimeMs);
    stop = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  return { stopped, stop: () => stop() };
}

/**
 * Passive mode: records whatever the BAP sends and the callbacks the harness's BPP sends back until
 * `stopped`, then closes the network and hands over everything recorded. It never triggers.
 */
export async function recordPassively(net: BapNetwork, run: DriveEnv, stopped: Promise<void>): Promise<Driven> {
  await stopped;
  await net.close(); // the BPP finishes the callbacks it is sending before it closes
  let n = 0;
  const exchanges = collectExchanges(net.arrivals.all(), net.deliveries.all(), {
    scenario: () => PASSIVE,
    harnessBpp: { id: net.bpp.identity.subscriberId, uri: net.bpp.url },
    ttlMs: run.ttlMs,
    nextId: () => `bap-${++n}`,
    triggerOf: () => undefined,
  });
  return { exchanges, skipped: [], sut: bapSutOf(net), evidenceDropped: bapEvidenceDropped(net) };
}

/** `run --role bap --passive`: prints where to point the BAP, then records until SIGINT or --max-time. */
export async function watchUntilInterrupted(net: BapNetwork, run: DriveEnv): Promise<Driven> {
  const watch = passiveStop(run.config.maxTimeMs);
  const onSignal = (): void => watch.stop();
  // Listen before the banner says "Press Ctrl-C": a Ctrl-C that follows it at once must stop the watch, not kill the worker.
  process.once("SIGINT", onSignal);
  process.stderr.write(`${passiveBanner(passiveEndpointsOf(net))}\n`);
  try {
    return await recordPassively(net, run, watch.stopped);
  } finally {
    process.off("SIGINT", onSignal);
  }
}
