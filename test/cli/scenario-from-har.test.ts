/**
 * A capture becomes a regression test: the reference BPP's happy path, captured in its evidence.har,
 * made a scenario by `scenario from-har`, passes when replayed against the reference BPP, passes
 * against a BPP whose catalogue ids are not the captured ones, and fails against a faulty one.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { main } from "../../cli/program.js";
import { writeHar } from "../../reports/har.js";
import type { CheckResult, RunResult } from "../../results/index.js";
import { DEFAULT_RUN, type RunConfig } from "../../suites/core/config.js";
import { runRole } from "../../suites/roles/index.js";
import { runCli } from "../support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "p2pc-scenario-from-har-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FAST = { ttl: "PT3S", quietWindowMs: 1000, registryPort: 0 } as const;

async function cli(...argv: string[]): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const code = await main(argv, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  return { code, text: lines.join("\n") };
}

const replay = (scenarioFile: string, options: Partial<RunConfig> = {}): Promise<RunResult> =>
  runRole({ ...DEFAULT_RUN, ...FAST, role: "bpp", scenarioFiles: [scenarioFile], scenarioOnly: true, ...options });

const statuses = (rows: readonly CheckResult[], id: string): string[] => [...new Set(rows.filter((r) => r.id === id).map((r) => r.status))];
const failing = (result: RunResult): string[] => [...new Set(result.results.filter((r) => r.status === "fail").map((r) => r.id))].sort();

describe("scenario from-har, then run --scenario", () => {
  let scenarioFile = "";
  let transactionId = "";
  beforeAll(async () => {
    const captured = await runRole({ ...DEFAULT_RUN, ...FAST, role: "bpp", scenarios: ["happy-path"] });
    const har = writeHar(captured, join(dir, "capture"));
    const happy = captured.exchanges.find((e) => e.action === "confirm");
    transactionId = String((happy?.request.body as { context: { transaction_id: string } }).context.transaction_id);
    scenarioFile = join(dir, "captured.json");
    const made = await cli("scenario", "from-har", har, "--transaction", transactionId, "--out", scenarioFile);
    expect(made.code, made.text).toBe(0);
  }, 120_000);

  test("the scenario holds the BAP's requests as templates, with what does not depend on the data as expectations", () => {
    const scenario = JSON.parse(readFileSync(scenarioFile, "utf8")) as {
      id: string;
      capture: { transactionId: string; bindings: Record<string, string> };
      steps: { id: string; action: string; expect: string; template: unknown; expectValues?: Record<string, unknown> }[];
    };
    expect(scenario.capture.transactionId).toBe(transactionId);
    expect(Object.keys(scenario.capture.bindings).sort()).toEqual(["itemId", "orderId", "providerId"]);
    expect(scenario.steps.map((s) => [s.action, s.expect])).toEqual(["search", "select", "init", "confirm", "status", "update"].map((a) => [a, "callback"]));
    expect(scenario.steps.every((s) => s.template !== undefined)).toBe(true);
    expect(scenario.steps.find((s) => s.action === "confirm")?.expectValues).toMatchObject({
      callbacks: ["on_confirm"],
      orderState: "ACTIVE",
      units: ["kWH"],
      currencies: ["USD"],
    });
  });

  test("replayed against the reference BPP it passes: fresh ids, the order id of the replayed on_confirm", async () => {
    const result = await replay(scenarioFile);
    expect(failing(result)).toEqual([]);
    expect(statuses(result.results, "SCN-001")).toEqual(["pass"]);
    expect(result.results.filter((r) => r.id === "SCN-001" && r.status === "pass").length).toBe(6);
    const sent = result.exchanges.map((e) => (e.request.body as { context: { transaction_id: string } }).context.transaction_id);
    expect(new Set(sent).size).toBe(1);
    expect(sent[0]).not.toBe(transactionId);
    // --scenario-only reaches only what the capture's steps provoke: the rest is listed, no certificate.
    expect(result.coverage.gaps).toEqual([]);
    expect(result.coverage.notReachable.map((e) => e.checkId)).toEqual(expect.arrayContaining(["AUT-001", "NEG-001", "FLW-005"]));
  });

  test("it passes against a BPP whose catalogue ids are not the captured ones: they are bound to the replayed on_search's", async () => {
    const elsewhere = readFileSync(scenarioFile, "utf8").replaceAll('"p1072"', '"p-captured-elsewhere"').replaceAll('"uid_xyz"', '"item-captured-elsewhere"');
    expect(elsewhere).toContain("p-captured-elsewhere");
    const file = join(dir, "captured-elsewhere.json");
    writeFileSync(file, elsewhere);
    const result = await replay(file);
    expect(failing(result)).toEqual([]);
    const select = result.exchanges.find((e) => e.action === "select");
    expect(JSON.stringify(select?.request.body)).toContain('"p1072"');
  });

  test("it fails against a faulty BPP (wrong units): SCN-001 names the units that differ", async () => {
    const result = await replay(scenarioFile, { faults: ["biz.wrong-unit"] });
    expect(result.exitCode).toBe(1);
    const scn = result.results.filter((r) => r.id === "SCN-001" && r.status === "fail");
    expect(scn.length).toBeGreaterThan(0);
    expect(scn[0]?.findings[0]).toMatchObject({ message: "The replayed callback's quantity units differ from the captured one's.", expected: ["kWH"] });
  });

  test("through the CLI: --scenario with --scenario-only exits 0 against the reference and lists what it could not reach", { timeout: 120_000 }, async () => {
    const out = join(dir, "cli-run");
    const run = await runCli([
      "run",
      "--role",
      "bpp",
      "--scenario",
      scenarioFile,
      "--scenario-only",
      "--ttl",
      "PT3S",
      "--quiet-window",
      "1s",
      "--registry-port",
      "0",
      "--out",
      out,
    ]);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/not reachable in this mode: \d+ checks/);
    expect(run.stdout).toMatch(/no certificate: this mode cannot reach/);
  });
});

describe("scenario from-har and --scenario refuse what they cannot use (exit 2)", () => {
  test("a capture of several transactions without --transaction lists them", async () => {
    const captured = await runRole({ ...DEFAULT_RUN, ...FAST, role: "bpp", scenarios: ["happy-path", "unknown-order"] });
    const har = writeHar(captured, join(dir, "two"));
    const made = await cli("scenario", "from-har", har, "--out", join(dir, "x.json"));
    expect(made.code).toBe(2);
    expect(made.text).toMatch(/holds \d+ transactions; name one with --transaction: .*\(search, select, init, confirm, status, update\)/);
  }, 120_000);

  test("--scenario-only without --scenario, --scenario for another role, and a file that is no scenario", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({ id: "bad", title: "bad one", role: "bpp", phase: "functional", steps: [{ id: "s", action: "fly", expect: "callback" }] }),
    );
    const cases: [string[], RegExp][] = [
      [["--scenario-only"], /--scenario-only needs at least one --scenario <file>/],
      [["--role", "bap", "--scenario", bad], /--scenario and --scenario-only are for --role bpp only/],
      [["--scenario", bad], /--scenario .*bad\.json: \/steps\/0\/action must be equal to one of the allowed values/],
      [["--scenario", join(dir, "missing.json")], /--scenario: cannot read .*missing\.json \(ENOENT\)/],
    ];
    for (const [args, message] of cases) {
      const run = await cli("run", ...args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.text).toMatch(message);
    }
  });
});
