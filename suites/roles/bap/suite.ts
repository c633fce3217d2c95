import { HarnessError } from "../../../protocol/errors.js";
import type { RunConfig } from "../../core/config.js";
import type { DriveEnv, Driven, RoleSuite, SuiteContext } from "../../core/role-suite.js";
import { BAP_CHECKS } from "./checks/index.js";
import { collectExchanges } from "./exchanges.js";
import { runFlow, runRecovery, type Duplicate } from "./flow.js";
import { flowMessages } from "./messages.js";
import { bapEvidenceDropped, bapSutOf, startBapNetwork, type BapNetwork } from "./network.js";
import { watchUntilInterrupted } from "./passive.js";
import { duplicateOf, PROBES, sendProbes, sendUnsolicitedStatus, type ProbeEnv } from "./probes.js";
import { BAP_RUN_CHECKS } from "./run-checks.js";
import { FLOW, flowScenario } from "./scenario.js";
import type { TriggerEnv } from "./trigger.js";
import type { BapExchange } from "./checks/recorded.js";
import { participantKey } from "../../core/signature-diagnosis.js";

/** The target refused (or did not resolve) the very first trigger: the harness cannot judge (exit 2). */
function refusedFirst(triggers: readonly BapExchange[], net: BapNetwork): string | undefined {
  const first = triggers[0]?.response;
  return first?.kind === "failure" && !first.connected ? `${net.sut.triggerUrl} refused the first trigger (${first.failure}): ${first.detail}` : undefined;
}

/**
 * Active mode: drives the BAP through its trigger API as scenarios/flow.json says (search → select →
 * init → confirm → status → update), sends it an unsolicited on_status and the adversarial callbacks,
 * then the flow's recovery (a new search).
 */
async function driveBap(net: BapNetwork, run: DriveEnv): Promise<Driven> {
  const { config, ttlMs } = run;
  let n = 0;
  const nextId = (): string => `bap-${++n}`;
  const env: TriggerEnv = {
    net,
    ackTimeoutMs: config.ackTimeoutMs,
    ttlMs,
    graceMs: run.quietWindowMs,
    claimed: new Set(),
    runDeadline: run.runDeadline,
    nextId,
  };
  const probeEnv: ProbeEnv = {
    deliveries: net.deliveries,
    bpp: net.bpp.identity,
    gateway: net.gatewayIdentity,
    otherBpp: net.otherBpp,
    bapUrl: net.sut.callbackUrl,
    timeoutMs: config.ackTimeoutMs,
    profile: config.profile,
    runDeadline: run.runDeadline,
  };
  const messages = flowMessages(config.seed, config.profile === "p2p-trade-guide-v1" ? "guide" : "core");
  const scenario = flowScenario();
  const duplicate: Duplicate = (d) => duplicateOf(probeEnv, d);
  const flow = await runFlow(env, messages, scenario, duplicate);
  const unreachable = refusedFirst(flow.triggers, net);
  const skipped = [...flow.skipped];
  if (!unreachable) {
    await sendUnsolicitedStatus(probeEnv, flow);
    skipped.push(...(await sendProbes(probeEnv, flow)).map((reason) => ({ scenario: PROBES, step: "probes", reason })));
    await runRecovery(env, messages, scenario, flow, duplicate);
  }
  const triggers = new Map(
    flow.triggers.flatMap((t) =>
      t.link?.arrivedMessageId
        ? [[t.link.arrivedMessageId, { id: t.id, namedBppUri: t.link.namedBppUri, givenTransactionId: t.link.givenTransactionId }] as const]
        : [],
    ),
  );
  const recorded = collectExchanges(net.arrivals.all(), net.deliveries.all(), {
    scenario: (what) => (what === "probe" ? PROBES : FLOW),
    harnessBpp: { id: net.bpp.identity.subscriberId, uri: net.bpp.url },
    ttlMs,
    nextId,
    triggerOf: (id) => (id === undefined ? undefined : triggers.get(id)),
  });
  const exchanges = [...flow.triggers, ...recorded].sort((a, b) => a.request.sentAt - b.request.sentAt);
  return { exchanges, skipped, sut: bapSutOf(net), ...(unreachable ? { unreachable } : {}), evidenceDropped: bapEvidenceDropped(net) };
}

/** The BAP's registered identity, as its checks read it: it is both the sender they judge and the `bap_id` its messages carry. */
function bapContext(net: BapNetwork, { config }: DriveEnv): SuiteContext {
  return {
    sut: {
      subscriberId: net.sut.subscriberId,
      publicKey: net.sut.publicKey,
      url: net.sut.callbackUrl,
      ...(net.sut.uniqueKeyId ? { uniqueKeyId: net.sut.uniqueKeyId } : {}),
    },
    harness: { bapId: net.sut.subscriberId, bapUri: net.sut.callbackUrl, domain: config.domain },
    participantKeys: [
      participantKey(net.bpp.identity, "the harness's BPP"),
      participantKey(net.gatewayIdentity, "the harness's gateway"),
      participantKey(net.otherBpp, "another BPP the harness registered"),
    ],
  };
}

/** The harness starts its own registry for a BAP run: it registers the BAP there. */
function startNetwork(config: RunConfig): Promise<BapNetwork> {
  if (config.registryUrl) {
    throw new HarnessError(
      "P2PC_ERR_USAGE",
      "--registry-url is not supported with --role bap: the harness starts its own registry (--registry-port) and registers your BAP there.",
    );
  }
  return startBapNetwork(config);
}

/** The BAP suite with a given way to drive it: the harness plays the registry, the gateway and a BPP. */
export function bapSuite(drive: RoleSuite<BapNetwork>["drive"]): RoleSuite<BapNetwork> {
  return { role: "bap", checks: BAP_CHECKS, runChecks: BAP_RUN_CHECKS, start: startNetwork, drive, context: bapContext };
}

/** The BAP suite: active, or passive (`--passive`: it records what a person drives until Ctrl-C or --max-time). */
export const BAP_SUITE = bapSuite((net, run) => (run.config.passive ? watchUntilInterrupted(net, run) : driveBap(net, run)));
