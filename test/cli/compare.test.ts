import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import type { Comparison } from "../../reports/comparison.js";
import { compareRuns, type RunResult } from "../../results/index.js";
import { ACK_DEADLINE_MS } from "../../suites/core/ack-deadline.js";
import { freePort, runCli, startCli, type RunningCli } from "../support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "p2pc-compare-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A reference BPP started as a process of its own, knowing only the registry: where it listens, its id and key. */
interface StartedBpp {
  readonly cli: RunningCli;
  readonly flags: { readonly url: string; readonly id: string; readonly key: string };
}

async function startBpp(registryPort: number, faults: readonly string[] = []): Promise<StartedBpp> {
  const args = ["mock", "bpp", "--registry-url", `http://127.0.0.1:${registryPort}`, "--port", "0", ...faults.flatMap((f) => ["--fault", f])];
  const cli = await startCli(args, /^bpp \S+ \S+ \S+$/m, 30_000);
  const [, url = "", id = "", key = ""] = /^bpp (\S+) (\S+) (\S+)$/m.exec(cli.stdout()) ?? [];
  return { cli, flags: { url, id, key } };
}

/** `run --role bpp` comparing two BPPs started alone against the registry the runs start on `registryPort`, one after the other. */
async function compare(
  faultsOfB: readonly string[],
  out: string,
  extra: readonly string[] = [],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const registryPort = await freePort();
  const [a, b] = await Promise.all([startBpp(registryPort), startBpp(registryPort, faultsOfB)]);
  try {
    return await runCli(
      [
        ...["run", "--role", "bpp", "--target", a.flags.url, "--sut-id", a.flags.id, "--sut-key", a.flags.key],
        ...["--compare-target", b.flags.url, "--compare-sut-id", b.flags.id, "--compare-sut-key", b.flags.key],
        ...["--registry-port", String(registryPort), "--ttl", "PT5S", "--quiet-window", "300ms", "--transfer-timeout", "8s"],
        ...["--reporter", "html", "--out", out, ...extra],
      ],
      150_000,
    );
  } finally {
    await Promise.all([a.cli.stop(), b.cli.stop()]);
  }
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

/** A run as its report.json keeps it: the parts of a RunResult the comparison reads. */
const runOfReport = (path: string): RunResult => readJson<RunResult>(path);

const QUOTE_PATHS = ["$.message.order.quote.breakup[*].price.value", "$.message.order.quote.price.value"];

describe("run --compare-target: two reference BPPs started as processes", () => {
  test("two clean ones differ in nothing, free values compared too: exit 0, each run's reports, no certificate", { timeout: 200_000 }, async () => {
    const out = join(dir, "clean");
    const run = await compare([], out, ["--compare-values"]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^a: CONFORMANT \(\d+ passed, 0 failed/m);
    expect(run.stdout).toMatch(/^b: CONFORMANT \(\d+ passed, 0 failed/m);
    expect(run.stdout).toMatch(/^differences: none: the two BPPs answered every scenario alike$/m);
    expect(run.stdout).toMatch(/^CONFORMANT: exit code 0, the worse of a's 0 and b's 0; no certificate: a comparison issues none/m);
    expect(run.status).toBe(0);
    const comparison = readJson<Comparison>(join(out, "comparison.json"));
    expect([comparison.exitCode, comparison.certificate, comparison.values, comparison.differences]).toEqual([0, null, true, []]);
    expect(readFileSync(join(out, "comparison.html"), "utf8")).toContain("None: the two BPPs answered every scenario alike.");
    for (const side of ["a", "b"]) {
      expect(existsSync(join(out, side, "report.json")), side).toBe(true);
      expect(existsSync(join(out, side, "report.html")), side).toBe(true);
      expect(existsSync(join(out, side, "certificate.json")), side).toBe(false);
    }
  });

  test(
    "a clean one and one with biz.wrong-quote differ in the BIZ-001 rows and, with --compare-values, the quote's prices alone: exit 1",
    { timeout: 200_000 },
    async () => {
      const out = join(dir, "wrong-quote");
      const run = await compare(["biz.wrong-quote"], out, ["--compare-values"]);
      expect(run.stderr).toBe("");
      expect(run.status).toBe(1);
      const { differences, a, b, exitCode } = readJson<Comparison>(join(out, "comparison.json"));
      expect([exitCode, a.exitCode, b.exitCode]).toEqual([1, 0, 1]);
      const failedInB = runOfReport(join(out, "b", "report.json")).results.filter((r) => r.status === "fail");
      expect(new Set(failedInB.map((r) => r.id))).toEqual(new Set(["BIZ-001"]));
      const statuses = differences.filter((d) => d.kind === "check-status");
      expect(statuses.map((d) => [d.check, d.a.value, d.b.value, d.b.exchange])).toEqual(failedInB.map((r) => ["BIZ-001", "pass", "fail", r.exchange]));
      const values = differences.filter((d) => d.kind === "value");
      expect(new Set(values.map((d) => d.path))).toEqual(new Set(QUOTE_PATHS));
      // The fault makes the total (and its breakup line) 1 more than unit price × kWh.
      expect(values.map((d) => (d.b.value as string[]).map(Number))).toEqual(values.map((d) => (d.a.value as string[]).map((v) => Number(v) + 1)));
      expect(differences.filter((d) => d.kind !== "check-status" && d.kind !== "value")).toEqual([]);
      expect(run.stdout).toMatch(new RegExp(`^differences: ${differences.length} \\(${statuses.length} check-status, ${values.length} value\\)$`, "m"));
      expect(run.stdout).toMatch(/^NOT-CONFORMANT: exit code 1, the worse of a's 0 and b's 1; no certificate/m);
      // Without --compare-values, the same two runs differ in the BIZ-001 rows alone.
      const [ra, rb] = [runOfReport(join(out, "a", "report.json")), runOfReport(join(out, "b", "report.json"))];
      expect(compareRuns(ra, rb, { values: false, ackDeadlineMs: ACK_DEADLINE_MS })).toEqual(statuses);
    },
  );
});

describe("run --compare-target refuses what cannot make a comparison (exit 2, P2PC_ERR_USAGE)", () => {
  const KEY = "awGPjRK6i/Vg/lWr+0xObclVxlwZXvTjWYtlu6NeOHk=";
  const A = ["--target", "http://127.0.0.1:3000", "--sut-id", "bpp.a.example", "--sut-key", KEY];
  const B = ["--compare-target", "http://127.0.0.1:3001", "--compare-sut-id", "bpp.b.example", "--compare-sut-key", KEY];
  const participants = join(dir, "participants.json");
  writeFileSync(participants, JSON.stringify({ participants: [{ name: "acme", target: "http://127.0.0.1:3000", sutId: "bpp.a.example", sutKey: KEY }] }));
  const compareOnly = join(dir, "compare-only.json");
  writeFileSync(compareOnly, JSON.stringify({ compareTarget: "http://127.0.0.1:3001", compareSutId: "bpp.b.example", compareSutKey: KEY }));

  test.for([
    { name: "without --target", args: ["--role", "bpp", ...B], says: "--compare-target needs --target" },
    { name: "with another role than bpp", args: ["--role", "gateway", ...A, ...B], says: "it needs --role bpp, not --role gateway" },
    { name: "with --role all", args: ["--role", "all", ...B], says: "it needs --role bpp, not --role all" },
    { name: "without --compare-sut-key", args: [...A, ...B.slice(0, 4)], says: "--compare-target needs --compare-sut-id and --compare-sut-key" },
    { name: "with participants", args: ["--config", participants, ...B], says: "it cannot be given with a config that lists participants" },
    { name: "from a config file, without a target", args: ["--config", compareOnly], says: "--compare-target needs --target" },
    { name: "with a one-SUT flag", args: [...A, ...B, "--sut-command", "./start.sh"], says: "--sut-command cannot be given with --compare-target" },
    { name: "a second BPP's flag without --compare-target", args: [...A, "--compare-values"], says: "--compare-values needs --compare-target" },
  ])("$name", { timeout: 60_000 }, async ({ args, says }) => {
    const run = await runCli(["run", ...args], 50_000);
    expect(run.stderr).toContain(says);
    expect(run.stderr).toContain("P2PC_ERR_USAGE");
    expect(run.status).toBe(2);
  });
});
