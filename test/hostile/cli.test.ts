import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { CALLBACK_BEHAVIOURS } from "./servers/behaviours-callbacks.js";
import { WIRE_BEHAVIOURS } from "./servers/behaviours-wire.js";
import { startHostileSut } from "./servers/hostile-sut.js";
import { CLI } from "../support/cli.js";

/**
 * A few hostile SUTs through the whole command line, where the report writers and the vitest
 * boundary (the result crosses it as JSON) meet the hostile bytes too: exit 1, a report on disk,
 * nothing on stderr, within --max-time plus the command's own start-up.
 */
const dir = mkdtempSync(join(tmpdir(), "p2pc-hostile-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each run takes up to --max-time (12 s) plus the command's start-up: about 20 s a test, four at once.
const MAX_TIME_S = 12;
const behaviours = [...WIRE_BEHAVIOURS, ...CALLBACK_BEHAVIOURS].filter((b) =>
  ["never-answers", "deep-json-answer", "deep-json-callbacks", "gzip-bomb-answer"].includes(b.id),
);

function runCli(args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...CLI, "run", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (status) => resolve({ status, stdout, stderr, ms: Date.now() - started }));
  });
}

describe.concurrent("p2p-conformance run --role bpp against a hostile SUT", () => {
  test.for(behaviours.map((behaviour) => ({ behaviour })))("$behaviour.id: exit 1 with a report", { timeout: 90_000 }, async ({ behaviour }) => {
    const sut = await startHostileSut(behaviour);
    const out = join(dir, behaviour.id);
    try {
      const result = await runCli([
        "--role",
        "bpp",
        "--target",
        sut.url,
        "--sut-id",
        sut.identity.subscriberId,
        "--sut-key",
        sut.identity.signingPublicKey,
        "--registry-port",
        "0",
        "--ttl",
        "PT1S",
        "--quiet-window",
        "300ms",
        "--transfer-timeout",
        "2s",
        "--max-time",
        `${MAX_TIME_S}s`,
        "--out",
        out,
      ]);
      expect(result.stderr).toBe("");
      expect(result.status).toBe(1);
      expect(result.stdout).toMatch(/^NOT CONFORMANT: /m);
      const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as { run: { verdict: string; durationMs: number } };
      expect(report.run.verdict).toBe("not-conformant");
      expect(report.run.durationMs).toBeLessThan((MAX_TIME_S + 5) * 1000);
      expect(result.ms).toBeLessThan((MAX_TIME_S + 40) * 1000);
    } finally {
      await sut.close();
    }
  });
});
