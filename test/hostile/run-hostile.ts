import { connect } from "node:net";
import { runSuite } from "../../suites/core/run-suite.js";
import { DEFAULT_RUN, type RunConfig } from "../../suites/core/config.js";
import { BPP_SUITE } from "../../suites/roles/bpp/suite.js";
import type { RunResult } from "../../suites/core/run-result.js";
import { startHostileSut, type Behaviour } from "./servers/hostile-sut.js";

/**
 * Runs the BPP suite against one hostile SUT with short deadlines, and measures what the hostile
 * suite asserts: wall time, the failing checks, the evidence kept, and whether the harness's
 * servers are gone afterwards.
 */
export const HOSTILE_RUN: RunConfig = {
  ...DEFAULT_RUN,
  registryPort: 0,
  ttl: "PT1S",
  quietWindowMs: 300,
  ackTimeoutMs: 1000,
  transferTimeoutMs: 1500,
  maxTimeMs: 20_000,
};

export interface HostileOutcome {
  readonly result: RunResult;
  readonly wallMs: number;
  /** Check ids that failed, and `<id>~` for warnings, sorted. */
  readonly flagged: readonly string[];
  /** The largest single body (request, answer or callback) kept as evidence, and their sum, in bytes. */
  readonly largestEvidence: number;
  readonly totalEvidence: number;
  /** The harness's own listeners seen in the exchanges (bap_uri, gateway), each checked closed after the run. */
  readonly harnessPorts: readonly number[];
  readonly openAfter: readonly number[];
  readonly sutConnections: number;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function harnessPorts(result: RunResult): number[] {
  const urls = new Set<string>();
  for (const exchange of result.exchanges) {
    const bapUri = (exchange.request.body as { context?: { bap_uri?: unknown } } | undefined)?.context?.bap_uri;
    if (typeof bapUri === "string") {
      urls.add(bapUri);
    }
    if (exchange.viaGateway) {
      urls.add(exchange.request.url);
    }
  }
  return [...new Set([...urls].map((url) => Number(new URL(url).port)))];
}

function evidenceSizes(result: RunResult): { largest: number; total: number } {
  const sizes = result.exchanges.flatMap((e) => [
    e.request.rawBody.length,
    e.response.kind === "response" ? e.response.rawBody.length : 0,
    ...e.callbacks.map((c) => c.rawBody.length),
  ]);
  return { largest: Math.max(0, ...sizes), total: sizes.reduce((a, b) => a + b, 0) };
}

export function flaggedIds(result: RunResult): string[] {
  const ids = result.results
    .filter((r) => r.status === "fail" || r.status === "warn" || r.status === "error")
    .map((r) => `${r.id}${r.status === "warn" ? "~" : r.status === "error" ? "!" : ""}`);
  return [...new Set(ids)].sort();
}

export async function runHostile(behaviour: Behaviour, overrides: Partial<RunConfig> = {}): Promise<HostileOutcome> {
  const sut = await startHostileSut(behaviour);
  const started = performance.now();
  let result: RunResult;
  try {
    result = await runSuite(BPP_SUITE, {
      ...HOSTILE_RUN,
      ...overrides,
      target: sut.url,
      sutId: sut.identity.subscriberId,
      sutKey: sut.identity.signingPublicKey,
      sutKeyId: sut.identity.uniqueKeyId,
    });
  } finally {
    await sut.close();
  }
  const wallMs = performance.now() - started;
  const ports = harnessPorts(result);
  const open = await Promise.all(ports.map(async (port) => ((await portOpen(port)) ? port : undefined)));
  const evidence = evidenceSizes(result);
  return {
    result,
    wallMs,
    flagged: flaggedIds(result),
    largestEvidence: evidence.largest,
    totalEvidence: evidence.total,
    harnessPorts: ports,
    openAfter: open.filter((p) => p !== undefined),
    sutConnections: sut.server.connections(),
  };
}
