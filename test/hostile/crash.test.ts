import { expect, test } from "vitest";
import { runSuite } from "../../suites/core/run-suite.js";
import { createIdentity } from "../../mocks/common/identity.js";
import { Correlator } from "../../suites/roles/bpp/drive/correlator.js";
import { BPP_SUITE } from "../../suites/roles/bpp/suite.js";
import type { RunResult } from "../../suites/core/run-result.js";
import { runScenario } from "../../suites/roles/bpp/drive/run-scenario.js";
import type { Scenario } from "../../suites/roles/bpp/drive/scenario.js";
import { SendGate, SutLiveness } from "../../suites/roles/bpp/drive/send-gate.js";
import { plain } from "./servers/behaviours-wire.js";
import { requestContext, startHostileSut, type HostileSut } from "./servers/hostile-sut.js";
import { HOSTILE_RUN } from "./run-hostile.js";

/**
 * protocol-server's BPP process dies on a signed body without `context` (peer run, issue 12). A SUT
 * that does so gets that crash reported once, on the no-context probe; the probes sent before it
 * are judged on their real answers, and what could not be sent after it is skipped, naming it.
 */
const NO_CONTEXT = "the no-context probe (schema-invalid/no-context-select)";

async function startCrashingSut(): Promise<HostileSut> {
  const sut: HostileSut = await startHostileSut({
    id: "dies-on-no-context",
    title: "a plain BPP whose process dies on a body without context",
    answer: async (request, kit) => {
      if (Object.keys(requestContext(request)).length === 0 && request.path.endsWith("/select")) {
        await sut.server.close(); // every connection dropped, the port closed: later connections are refused
        return;
      }
      await plain(request, kit);
    },
  });
  return sut;
}

async function runAgainstCrashingSut(): Promise<RunResult> {
  const sut = await startCrashingSut();
  try {
    return await runSuite(BPP_SUITE, {
      ...HOSTILE_RUN,
      target: sut.url,
      sutId: sut.identity.subscriberId,
      sutKey: sut.identity.signingPublicKey,
      sutKeyId: sut.identity.uniqueKeyId,
    });
  } finally {
    await sut.close();
  }
}

test("a SUT that dies on the no-context probe gets that failure once, naming the probe, not one per probe in flight", { timeout: 60_000 }, async () => {
  const result = await runAgainstCrashingSut();
  const broken = result.exchanges.filter((e) => e.response.kind === "failure");
  expect(broken.map((e) => `${e.scenario}/${e.step}`)).toEqual(["schema-invalid/no-context-select"]);
  const crash = broken[0];
  expect(crash?.response).toMatchObject({ kind: "failure", connected: true });

  // The probes of its scenario went out before it and were judged on real answers.
  const siblings = result.exchanges.filter((e) => e.scenario === "schema-invalid" && e.step !== "no-context-select");
  expect(siblings.length).toBe(12);
  expect(siblings.every((e) => e.response.kind === "response")).toBe(true);

  // Every failure about a broken connection is that probe's; NEG-001 names it.
  const failed = result.results.filter((r) => r.status === "fail");
  expect(failed.filter((r) => r.id === "ACK-003").map((r) => r.exchange)).toEqual([crash?.id]);
  expect(failed.find((r) => r.id === "NEG-001")).toMatchObject({
    exchange: crash?.id,
    findings: [expect.objectContaining({ actual: expect.objectContaining({ probe: "no-context" }) })],
  });
  expect(
    failed.filter((r) => r.exchange !== null && r.exchange !== crash?.id && r.findings.some((f) => JSON.stringify(f.actual ?? "").includes("failure"))),
  ).toEqual([]);

  // Anything skipped because the SUT was down names the probe it went down on (the next test sends some).
  expect(result.skipped.filter((s) => s.reason.includes("stopped accepting connections") && !s.reason.includes(NO_CONTEXT))).toEqual([]);
  expect(result.infrastructureError).toBeUndefined();
  expect(result.exitCode).toBe(1);
});

test("requests sent after the SUT went down are skipped, naming the probe it went down on, not judged as refused", { timeout: 30_000 }, async () => {
  const sut = await startCrashingSut();
  const liveness = new SutLiveness();
  const scenario: Scenario = {
    id: "crash",
    title: "the no-context probe, then two more",
    role: "bpp",
    phase: "probe",
    steps: [
      { id: "missing-order-select", action: "select", negative: "missing-order", expect: "nack" },
      { id: "no-context-select", action: "select", negative: "no-context", expect: "nack", alone: true },
      { id: "missing-message-id-select", action: "select", negative: "missing-message-id", expect: "nack" },
      { id: "wrong-unit-select", action: "select", negative: "wrong-unit", expect: "nack" },
    ],
  };
  const env = {
    identity: createIdentity("BAP", "bap.crash-test.example"),
    targetUrl: sut.url,
    gatewayUrl: "http://127.0.0.1:9",
    correlator: new Correlator(),
    ttlMs: 1000,
    ackTimeoutMs: 1000,
    quietWindowMs: 100,
    runDeadline: Date.now() + 20_000,
    onOutcome: (outcome: Parameters<SutLiveness["observe"]>[0], request: string) => liveness.observe(outcome, request),
    stopReason: () => liveness.down,
    sendGate: new SendGate(),
  };
  const ids = {
    bapId: "bap.crash-test.example",
    bapUri: "http://127.0.0.1:9",
    bppId: sut.identity.subscriberId,
    bppUri: sut.url,
    domain: "beckn.one:deg:p2p-trading:2.0.0",
    city: "NANP:628",
    country: "USA",
    ttl: "PT1S",
    shape: "guide" as const,
  };
  try {
    const outcome = await runScenario(scenario, env, ids, { transferTimeoutMs: 1000, seed: 1 });
    // The alone probe goes out once the first probe is answered, so it may be judged before the first's quiet window ends.
    expect(outcome.exchanges.map((e) => `${e.step} ${e.response.kind}`).sort()).toEqual(["missing-order-select response", "no-context-select failure"]);
    expect(outcome.skipped).toEqual([
      {
        scenario: "crash",
        step: "missing-message-id-select",
        reason: "the SUT stopped accepting connections after the no-context probe (crash/no-context-select); it was not judged after that",
      },
      {
        scenario: "crash",
        step: "wrong-unit-select",
        reason: "the SUT stopped accepting connections after the no-context probe (crash/no-context-select); it was not judged after that",
      },
    ]);
  } finally {
    await sut.close();
  }
});
