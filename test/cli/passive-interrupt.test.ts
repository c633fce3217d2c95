/**
 * `run --role bap --passive` ends when the person presses Ctrl-C: the terminal sends SIGINT to the
 * whole process group (the CLI and vitest's worker), and the run judges what it recorded and
 * writes its reports instead of dying.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { CLI } from "../support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "p2pc-passive-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("Ctrl-C ends a passive BAP run with its report written, long before --max-time", { timeout: 90_000 }, async () => {
  const out = join(dir, "run");
  // detached: its own process group, as a terminal's foreground job is
  const child = spawn(process.execPath, [...CLI, "run", "--role", "bap", "--passive", "--registry-port", "0", "--max-time", "120s", "--out", out], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let interrupted = false;
  const started = Date.now();
  const onData = (chunk: Buffer): void => {
    output += chunk.toString("utf8");
    if (!interrupted && output.includes("Press Ctrl-C") && child.pid !== undefined) {
      interrupted = true;
      process.kill(-child.pid, "SIGINT");
    }
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
  // Nothing reached the harness, so the run fails its vacuity checks: exit 1, with the reports.
  expect(status, JSON.stringify(output)).toBe(1);
  expect(output).toContain("Stopping: judging what the BAP sent");
  expect(output).toMatch(/FAIL {2}RUN-001/);
  expect(existsSync(join(out, "report.json"))).toBe(true);
  expect(Date.now() - started).toBeLessThan(60_000);
});
