/**
 * `--sut-key-id` binds: an external BPP whose keyId names another unique_key_id than the one given
 * fails SIG-003, with a finding that names both ids; the same BPP under its own key id passes.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runSuite } from "../../suites/core/run-suite.js";
import { startBpp, type RunningBpp } from "../../mocks/bpp/index.js";
import { createIdentity } from "../../mocks/common/identity.js";
import { createRegistryClient } from "../../protocol/registry-client.js";
import { DEFAULT_RUN, type RunConfig } from "../../suites/core/config.js";
import { BPP_SUITE } from "../../suites/roles/bpp/suite.js";
import { freePort } from "../support/cli.js";

const identity = createIdentity("BPP", "bpp.key-id.example");
let registryPort = 0;
let bpp: RunningBpp;

beforeAll(async () => {
  registryPort = await freePort();
  const registry = createRegistryClient(`http://127.0.0.1:${registryPort}`);
  bpp = await startBpp({ identity, lookupPublicKey: (s, k) => registry.publicKeyFor(s, k) });
});

afterAll(() => bpp.close());

const run = (sutKeyId: string) =>
  runSuite(BPP_SUITE, {
    ...DEFAULT_RUN,
    ttl: "PT3S",
    quietWindowMs: 300,
    transferTimeoutMs: 8000,
    maxTimeMs: 60_000,
    registryPort,
    scenarios: ["happy-path"],
    target: bpp.url,
    sutId: identity.subscriberId,
    sutKey: identity.signingPublicKey,
    sutKeyId,
  } satisfies RunConfig);

describe("--sut-key-id for an external BPP", () => {
  test("a keyId under another unique_key_id fails SIG-003, naming both ids", { timeout: 60_000 }, async () => {
    const result = await run("not-the-bpps-key-id");
    const sig003 = result.results.filter((r) => r.id === "SIG-003");
    expect(sig003.map((r) => r.status)).toContain("fail");
    const finding = sig003.flatMap((r) => r.findings)[0];
    expect(finding?.message).toContain(`"${identity.uniqueKeyId}"`);
    expect(finding?.message).toContain('"not-the-bpps-key-id"');
    expect(result.exitCode).toBe(1);
  });

  test("its own key id passes SIG-003", { timeout: 60_000 }, async () => {
    const result = await run(identity.uniqueKeyId);
    expect([...new Set(result.results.filter((r) => r.id === "SIG-003").map((r) => r.status))]).toEqual(["pass"]);
  });
});
