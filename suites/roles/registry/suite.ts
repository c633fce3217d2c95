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
import { HarnessError } from "../../../protocol/errors.js";
import { referenceRegistryIdentity, startRegistry } from "../../../mocks/registry/index.js";
import type { RunConfig } from "../../core/config.js";
import type { Sut } from "../../../results/index.js";
import { markNotApplicable } from "../../core/judge.js";
import { evidenceDroppedNote } from "../../core/evidence-budget.js";
import type { DriveEnv, Driven, RoleSuite, Settled } from "../../core/role-suite.js";
import type { CheckResult, Exchange } from "../../core/check.js";
import { REGISTRY_CHECKS } from "./checks/index.js";
import { RegistryDriver } from "./run-scenario.js";
import { readRegistryScenarios, type RegistryScenario } from "./scenario.js";
import { REGISTRY_RUN_CHECKS } from "./run-checks.js";
import { REGISTRY_SCENARIO } from "./exchanges.js";
import { whyNoSubscriber, withoutSubscriber } from "./no-subscriber.js";

interface RegistryTarget {
  readonly sut: Sut;
  close(): Promise<void>;
}

/** The registry under test: the one named, or the mock registry started here. */
async function targetOf(config: RunConfig): Promise<RegistryTarget> {
  const url = config.target ?? config.registryUrl;
  if (url) {
    const sut = {
      url,
      subscriberId: config.sutId ?? "",
      publicKey: config.sutKey ?? "",
      embedded: false,
      ...(config.sutKeyId ? { uniqueKeyId: config.sutKeyId } : {}),
    };
    return { sut, close: () => Promise.resolve() };
  }
  const running = await startRegistry({
    host: config.host,
    port: config.registryPort,
    identity: referenceRegistryIdentity(),
    ...(config.faults ? { faults: config.faults } : {}),
    ...(config.variants ? { variants: config.variants } : {}),
  }).catch((error: Error) => {
    throw new HarnessError(
      /EADDRINUSE/.test(error.message) ? "P2PC_ERR_PORT_IN_USE" : "P2PC_ERR_USAGE",
      `Cannot start the reference registry: ${error.message}`,
    );
  });
  const { info } = running;
  return {
    sut: { url: running.url, subscriberId: info.subscriber_id, publicKey: info.signing_public_key, uniqueKeyId: info.unique_key_id, embedded: true },
    close: () => running.close(),
  };
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

/** The registry's one scenario (scenarios/registry.json): every exchange of a registry run is in it. */
function registryScenario(): RegistryScenario {
  const found = readRegistryScenarios().find((s) => s.id === REGISTRY_SCENARIO);
  if (!found) {
    throw new Error(`No registry scenario "${REGISTRY_SCENARIO}" in suites/roles/registry/scenarios/.`);
  }
  return found;
}

/** Subscribes the harness's participants, looks them up by every filter, sends malformed lookups, and records it all. */
async function driveRegistry(target: RegistryTarget, run: DriveEnv): Promise<Driven> {
  const { config } = run;
  const scenario = new RegistryDriver(
    {
      registryUrl: target.sut.url,
      host: config.host,
      region: { domain: config.domain, city: config.city, country: config.country },
      ttlMs: run.ttlMs,
      quietWindowMs: run.quietWindowMs,
      answerTimeoutMs: config.ackTimeoutMs,
      ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
      ...(config.sutEncrKey ? { encryptionKey: config.sutEncrKey } : {}),
    },
    registryScenario(),
  );
  const { exchanges, unreachable, evidenceDropped } = await scenario.run();
  return {
    exchanges,
    skipped: [],
    sut: withPublishedIdentity(target.sut, exchanges),
    ...(unreachable ? { unreachable } : {}),
    evidenceDropped: evidenceDroppedNote(evidenceDropped ?? 0, "the harness's subscribers (on_subscribe)"),
  };
}

/** Marks what the run could not exercise for a reason the spec allows: the key given by hand, no subscriber the harness could confirm. */
function settleRegistry(judged: readonly CheckResult[], driven: Driven, { config }: DriveEnv): Settled {
  const keyKnown = encryptionKeyKnown(config, driven.exchanges);
  const noSubscriber = whyNoSubscriber(driven.exchanges, keyKnown);
  const keyed = withKeyGiven(judged, config);
  return noSubscriber === undefined
    ? { results: keyed, skipped: [] }
    : { results: withoutSubscriber(keyed, noSubscriber, keyKnown), skipped: [{ scenario: REGISTRY_SCENARIO, step: "subscribe", reason: noSubscriber }] };
}

/** The registry suite: the harness plays the subscribers and the lookup clients. */
export const REGISTRY_SUITE: RoleSuite<RegistryTarget> = {
  role: "registry",
  checks: REGISTRY_CHECKS,
  runChecks: REGISTRY_RUN_CHECKS,
  start: targetOf,
  drive: driveRegistry,
  context: (_target, { config }, { sut }) => ({
    sut: { subscriberId: sut.subscriberId, publicKey: sut.publicKey, url: sut.url, ...(sut.uniqueKeyId ? { uniqueKeyId: sut.uniqueKeyId } : {}) },
    harness: { bapId: "", bapUri: "", domain: config.domain },
  }),
  settle: settleRegistry,
};
