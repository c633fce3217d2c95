import { HarnessError } from "../../../protocol/errors.js";
import type { RunConfig } from "../../core/config.js";
import type { RunResult } from "../../core/run-result.js";
import { collectExchanges } from "./exchanges.js";
import { FLOW, runFlow, runRecovery } from "./flow.js";
import { flowMessages } from "./messages.js";
import { startBapNetwork, type BapNetwork } from "./network.js";
import { runPassive } from "./passive.js";
import { duplicateOf, PROBES, sendProbes, sendUnsolicitedStatus, type ProbeEnv } from "./probes.js";
import type { TriggerEnv } from "./trigger.js";
import type { BapExchange } from "./types.js";
import { judgeBapRun, ttlMsOf } from "./judge-run.js";

/** The target refused (or did not resolve) the very first trigger: the harness cannot judge (exit 2). */
function refusedFirst(triggers: readonly BapExchange[], net: BapNetwork): string | undefined {
  const first = triggers[0]?.response;
  return first?.kind === "failure" && !first.connected ? `${net.sut.triggerUrl} refused the first trigger (${first.failure}): ${first.detail}` : undefined;
}

/**
 * The BAP suite, active mode: the harness plays the registry, the gateway and a BPP, drives the BAP
 * through its trigger API (search → select → init → confirm → status → update), sends it an
 * unsolicited on_status and the adversarial callbacks, then a new search, and judges it all.
 */
export async function runBap(config: RunConfig): Promise<RunResult> {
  if (config.registryUrl) {
    throw new HarnessError("P2PC_ERR_USAGE", "--registry-url is not supported with --role bap: the harness starts its own registry (--registry-port) and registers your BAP there.");
  }
  if (config.passive) {
    return runPassive(config);
  }
  const started = Date.now();
  const ttlMs = ttlMsOf(config);
  const net = await startBapNetwork(config);
  try {
    let n = 0;
    const nextId = (): string => `bap-${++n}`;
    const env: TriggerEnv = { net, ackTimeoutMs: config.ackTimeoutMs, ttlMs, graceMs: Math.min(config.quietWindowMs, ttlMs), claimed: new Set(), runDeadline: started + config.maxTimeMs, nextId };
    const probeEnv: ProbeEnv = { deliveries: net.deliveries, bpp: net.bpp.identity, gateway: net.gatewayIdentity, otherBpp: net.otherBpp, bapUrl: net.sut.callbackUrl, timeoutMs: config.ackTimeoutMs, profile: config.profile, runDeadline: started + config.maxTimeMs };
    const messages = flowMessages(config.seed, config.profile === "p2p-trade-guide-v1" ? "guide" : "core");
    const flow = await runFlow(env, messages, { afterOnInit: (d) => duplicateOf(probeEnv, d) });
    const refused = refusedFirst(flow.triggers, net);
    const skipped = [...flow.skipped];
    if (!refused) {
      await sendUnsolicitedStatus(probeEnv, flow);
      skipped.push(...(await sendProbes(probeEnv, flow)).map((reason) => ({ scenario: PROBES, step: "probes", reason })));
      await runRecovery(env, messages, flow);
    }
    const triggers = new Map(flow.triggers.flatMap((t) => (t.link?.arrivedMessageId ? [[t.link.arrivedMessageId, { id: t.id, namedBppUri: t.link.namedBppUri, givenTransactionId: t.link.givenTransactionId }] as const] : [])));
    const recorded = collectExchanges(net.arrivals.all(), net.deliveries.all(), {
      scenario: (what) => (what === "probe" ? PROBES : FLOW), harnessBpp: { id: net.bpp.identity.subscriberId, uri: net.bpp.url }, ttlMs, nextId, triggerOf: (id) => (id === undefined ? undefined : triggers.get(id)),
    });
    const exchanges = [...flow.triggers, ...recorded].sort((a, b) => a.request.sentAt - b.request.sentAt);
    return await judgeBapRun(config, net, started, exchanges, { skipped, ...(refused ? { infrastructureError: refused } : {}) });
  } finally {
    await net.close();
  }
}
