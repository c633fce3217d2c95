/**
 * The registry suite. The harness plays the subscribers and the lookup clients: it subscribes its
 * own test participants through `/subscribe`, answers the challenges at its own `/on_subscribe`,
 * looks them up by every filter and sends malformed lookups, then judges every exchange.
 *
 * The registry under test is `--target` (or `--registry-url`); without either, the mock registry
 * is started on `registryPort` (with `--fault`s) and tested over HTTP the same way. `--sut-id` and
 * `--sut-key` (and `--sut-key-id`) are the registry's own subscriber id and ed25519 key, the ones
 * it signs its on_subscribe calls with and publishes at `GET /` (docs/registry.md).
 */
import { randomUUID } from "node:crypto";
import { parseIsoDuration } from "../../../protocol/formats.js";
import { HarnessError } from "../../../protocol/errors.js";
import { referenceRegistryIdentity, startRegistry } from "../../../mocks/registry/index.js";
import type { RunConfig } from "../../core/config.js";
import type { Sut } from "../../../results/index.js";
import { judge, markNotApplicable } from "../../core/judge.js";
import { evidenceDroppedNote } from "../../core/evidence-budget.js";
import { verdictOf, type RunResult } from "../../core/run-result.js";
import type { CheckResult, Exchange } from "../../core/check.js";
import { REGISTRY_CHECKS } from "./checks/index.js";
import { RegistryScenario } from "./scenario.js";
import { registryVacuityResults } from "./vacuity.js";
import { REGISTRY_SCENARIO } from "./exchanges.js";
import { whyNoSubscriber, withoutSubscriber } from "./no-subscriber.js";

interface Target {
  readonly sut: Sut;
  close(): Promise<void>;
}

/** The registry under test: the one named, or the mock registry started here. */
async function targetOf(config: RunConfig): Promise<Target> {
  const url = config.target ?? config.registryUrl;
  if (url) {
    const sut = { url, subscriberId: config.sutId ?? "", publicKey: config.sutKey ?? "", embedded: false, ...(config.sutKeyId ? { uniqueKeyId: config.sutKeyId } : {}) };
    return { sut, close: () => Promise.resolve() };
  }
  const running = await startRegistry({ host: config.host, port: config.registryPort, identity: referenceRegistryIdentity(), ...(config.faults ? { faults: config.faults } : {}), ...(config.variants ? { variants: config.variants } : {}) }).catch((error: Error) => {
    throw new HarnessError(/EADDRINUSE/.test(error.message) ? "P2PC_ERR_PORT_IN_USE" : "P2PC_ERR_USAGE", `Cannot start the reference registry: ${error.message}`);
  });
  const { info } = running;
  return { sut: { url: running.url, subscriberId: info.subscriber_id, publicKey: info.signing_public_key, uniqueKeyId: info.unique_key_id, embedded: true }, close: () => running.close() };
}

/** Whether the harness had the registry's encryption key: given with --sut-encr-key, or published at GET /. */
function encryptionKeyKnown(config: RunConfig, exchanges: readonly Exchange[]): boolean {
  const keys = exchanges.find((e) => e.action === "registry-keys");
  const body = keys?.response.kind === "response" ? (keys.response.body as { encr_public_key?: unknown } | undefined) : undefined;
  return config.sutEncrKey !== undefined || typeof body?.encr_public_key === "string";
}

/** Without --sut-id/--sut-key, the registry is judged against the identity it publishes at GET /. */
function withPublishedIdentity(sut: Sut, exchanges: readonly Exchange[]): Sut {
  const keys = exchanges.find((e) => e.action === "registry-keys");
  const body = keys?.response.kind === "response" ? (keys.response.body as { subscriber_id?: unknown; signing_public_key?: unknown } | undefined) : undefined;
  const text = (v: unknown): string => (typeof v === "string" ? v : "");
  return { ...sut, subscriberId: sut.subscriberId || text(body?.subscriber_id), publicKey: sut.publicKey || text(body?.signing_public_key) };
}

/** REG-015 is not applicable when the operator gave the key: the harness did not rely on GET /, which core 1.1.0 does not define. */
function withKeyGiven(results: readonly CheckResult[], config: RunConfig): CheckResult[] {
  const reason = "The registry's encryption key was given with --sut-encr-key, so the harness did not rely on GET / (core 1.1.0 defines no GET /).";
  return config.sutEncrKey ? markNotApplicable(results, new Set(["REG-015"]), reason) : [...results];
}

export async function runRegistry(config: RunConfig): Promise<RunResult> {
  const started = Date.now();
  const ttlMs = parseIsoDuration(config.ttl);
  if (ttlMs === undefined) {
    throw new HarnessError("P2PC_ERR_USAGE", `--ttl "${config.ttl}" is not an ISO 8601 duration such as PT10S.`);
  }
  const target = await targetOf(config);
  try {
    const scenario = new RegistryScenario({
      registryUrl: target.sut.url, host: config.host, region: { domain: config.domain, city: config.city, country: config.country },
      ttlMs, quietWindowMs: Math.min(config.quietWindowMs, ttlMs), answerTimeoutMs: config.ackTimeoutMs, ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
      ...(config.sutEncrKey ? { encryptionKey: config.sutEncrKey } : {}),
    });
    const { exchanges, unreachable, evidenceDropped } = await scenario.run();
    const sut = withPublishedIdentity(target.sut, exchanges);
    const context = {
      profile: config.profile, sut: { subscriberId: sut.subscriberId, publicKey: sut.publicKey, url: sut.url, ...(sut.uniqueKeyId ? { uniqueKeyId: sut.uniqueKeyId } : {}) },
      harness: { bapId: "", bapUri: "", domain: config.domain }, skewSeconds: 5, maxUnsolicited: config.maxUnsolicited,
    };
    const judged = unreachable ? [] : await judge(REGISTRY_CHECKS, exchanges, { strict: config.profile === "p2p-trade-strict", context });
    const keyKnown = encryptionKeyKnown(config, exchanges);
    const noSubscriber = whyNoSubscriber(exchanges, keyKnown);
    const keyed = withKeyGiven(judged, config);
    const results = noSubscriber === undefined ? keyed : withoutSubscriber(keyed, noSubscriber, keyKnown);
    const all = unreachable ? [] : [...results, ...registryVacuityResults(results, exchanges)];
    const skipped = noSubscriber ? [{ scenario: REGISTRY_SCENARIO, step: "subscribe", reason: noSubscriber }] : [];
    return {
      role: "registry", runId: randomUUID(), startedAt: new Date(started).toISOString(), durationMs: Date.now() - started, sut,
      results: all, exchanges, skipped, ...(unreachable ? { infrastructureError: unreachable } : {}), ...verdictOf(all, skipped, config, unreachable, evidenceDroppedNote(evidenceDropped ?? 0, "the harness's subscribers (on_subscribe)")),
    };
  } finally {
    await target.close();
  }
}
