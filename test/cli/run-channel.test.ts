/**
 * How a run's data leaves vitest (ARCHITECTURE): the suite's worker puts the run's outcome and its progress on
 * the suite module's task meta, and the CLI reads them in its reporter. These tests prove the two things the
 * other CLI tests do not: a harness error raised in the worker reaches the CLI with its code, and progress
 * reaches it while the engine runs, not in one batch at the end.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { runCli } from "../support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "p2pc-run-channel-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function occupiedPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as { port: number }).port, server };
}

/** The seconds and counts of the plain progress lines (stdout is not a terminal here). */
function progressLines(stdout: string): { seconds: number; phase: string; done: number; total: number }[] {
  return [...stdout.matchAll(/^bpp \[(\d+\.\d) s\] (steps|checks) (\d+)\/(\d+)/gm)].map((m) => ({
    seconds: Number(m[1]),
    phase: m[2] as string,
    done: Number(m[3]),
    total: Number(m[4]),
  }));
}

describe.concurrent("a run's data from vitest's worker to the CLI", () => {
  test(
    "a harness error raised in the suite's worker keeps its code: the registry's port in use exits 2 with P2PC_ERR_PORT_IN_USE",
    { timeout: 60_000 },
    async () => {
      const { port, server } = await occupiedPort();
      try {
        const result = await runCli([
          "run",
          "--role",
          "registry",
          "--registry-port",
          String(port),
          "--ttl",
          "PT2S",
          "--quiet-window",
          "200ms",
          "--out",
          join(dir, "port"),
        ]);
        expect(result.status).toBe(2);
        expect(result.stderr).toMatch(/^p2p-conformance: Cannot start the reference registry: .*EADDRINUSE.* \[P2PC_ERR_PORT_IN_USE\]$/m);
        expect(result.stderr).not.toMatch(/did not finish/);
      } finally {
        server.close();
      }
    },
  );

  test("progress reaches the CLI while the engine runs: step lines at rising times, then every check judged", { timeout: 90_000 }, async () => {
    const result = await runCli([
      "run",
      "--role",
      "bpp",
      "--registry-port",
      "0",
      "--ttl",
      "PT2S",
      "--quiet-window",
      "300ms",
      "--transfer-timeout",
      "6s",
      "--reporter",
      "json",
      "--out",
      join(dir, "bpp"),
    ]);
    expect(result.status, result.stderr).toBe(0);
    const lines = progressLines(result.stdout);
    const steps = lines.filter((l) => l.phase === "steps");
    const checks = lines.filter((l) => l.phase === "checks");
    expect(steps.length).toBeGreaterThanOrEqual(5);
    expect(steps.at(-1)).toMatchObject({ done: steps[0]?.total });
    expect(checks.at(-1)?.done).toBe(checks.at(-1)?.total);
    // The transfer scenario waits for the grid's callbacks: the step lines cannot all arrive at one instant.
    expect((steps.at(-1)?.seconds ?? 0) - (steps[0]?.seconds ?? 0)).toBeGreaterThan(0.5);
    // Progress is drawn before the summary, which needs the run's result.
    expect(result.stdout.indexOf("checks ")).toBeLessThan(result.stdout.indexOf("CONFORMANT"));
  });
});
