/**
 * The coverage guard end to end (docs/rules.md "Coverage"): a run whose budget runs out before the
 * transfer ends exits 2 and names its gaps; the same run accepting them exits 0 and its certificate
 * names them; a clean --passive BAP run exits 0, lists what it could not reach, and earns no certificate.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { verifyCertificate } from "../../reports/certificate.js";
import { CLI, runCli, validateReport } from "../support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "p2pc-coverage-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Entry {
  readonly checkId: string;
  readonly reason: string;
}
interface Report {
  readonly run: { readonly verdict: string };
  readonly skipped: readonly { readonly scenario: string; readonly step: string; readonly reason: string }[];
  readonly coverage: { readonly gaps: readonly Entry[]; readonly accepted: readonly Entry[]; readonly notReachable: readonly Entry[] };
}
const reportOf = (out: string): Report => JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as Report;

/**
 * bpp.future-window opens the offer's window 3 s after the BPP starts, so its transfer cannot
 * complete before ~4.5 s: a 3 s budget runs out while the harness watches it, before the transfer
 * scenario's status step (the probes ran meanwhile: docs/rules.md "The probe phase"). The gap of a
 * step that never ran ("Steps that did not run") is suites/core/coverage.test.ts's.
 */
const OUT_OF_BUDGET = ["run", "--role", "bpp", "--registry-port", "0", "--variant", "bpp.future-window", "--max-time", "3s"];

describe("a BPP run whose --max-time runs out before the transfer ends", () => {
  let gaps: string[] = [];

  test("exits 2 and names every gap, with its reason, in the output, report.json and report.html; no certificate", { timeout: 90_000 }, async () => {
    const out = join(dir, "budget");
    const result = await runCli([...OUT_OF_BUDGET, "--out", out]);
    expect(result.status, result.stdout + result.stderr).toBe(2);
    const report = reportOf(out);
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    gaps = report.coverage.gaps.map((e) => e.checkId);
    expect(gaps).toEqual(expect.arrayContaining(["FLW-004", "TIM-004"]));
    for (const id of ["FLW-004", "TIM-004"]) {
      expect(report.coverage.gaps.find((e) => e.checkId === id)?.reason).toMatch(/reached --max-time before the transfer completed/);
    }
    expect(report.skipped).toContainEqual({ scenario: "transfer", step: "status", reason: "the run reached --max-time" });
    for (const id of gaps) {
      expect(result.stdout).toMatch(new RegExp(`^GAP +${id} `, "m"));
    }
    expect(result.stdout).toContain(`accept them with --allow-unexercised ${gaps.join(",")}`);
    expect(result.stdout).toMatch(/^COULD NOT JUDGE: \d+ passed, 0 failed/m);
    expect(report.run.verdict).toBe("error");
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain("Gaps: not exercised, not accepted");
    expect(existsSync(join(out, "certificate.json"))).toBe(false);
  });

  test("with --allow-unexercised for them (repeated, comma lists) exits 0, and its certificate names each accepted gap", { timeout: 90_000 }, async () => {
    expect(gaps.length).toBeGreaterThan(1);
    const out = join(dir, "accepted");
    const half = Math.ceil(gaps.length / 2);
    const result = await runCli([
      ...OUT_OF_BUDGET,
      "--out",
      out,
      "--allow-unexercised",
      gaps.slice(0, half).join(","),
      "--allow-unexercised",
      gaps.slice(half).join(","),
    ]);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    const report = reportOf(out);
    expect(report.coverage.gaps).toEqual([]);
    expect(report.coverage.accepted.map((e) => e.checkId)).toEqual(gaps);
    expect(result.stdout).toMatch(new RegExp(`^CONFORMANT \\(with ${gaps.length} accepted gaps\\): `, "m"));
    expect(result.stdout).toMatch(/^certificate: .*naming \d+ accepted gaps\)$/m);
    const certificate = JSON.parse(readFileSync(join(out, "certificate.json"), "utf8")) as { acceptedGaps?: Entry[] };
    expect(verifyCertificate(certificate, { reportBytes: readFileSync(join(out, "report.json")) }).ok).toBe(true);
    expect(certificate.acceptedGaps?.map((e) => e.checkId)).toEqual(gaps);
    expect(certificate.acceptedGaps?.every((e) => e.reason.length > 10)).toBe(true);
  });

  test("refuses an --allow-unexercised id that names no check (exit 2, usage)", { timeout: 30_000 }, async () => {
    const result = await runCli(["run", "--role", "bpp", "--allow-unexercised", "FLW-004,NOPE-999", "--out", join(dir, "unknown")]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--allow-unexercised "NOPE-999" names no check');
  });
});

test("a clean --passive BAP run exits 0, lists the checks it could not reach, and earns no certificate", { timeout: 90_000 }, async () => {
  const out = join(dir, "passive");
  // detached: its own process group, which Ctrl-C signals as a whole (test/cli/passive-interrupt.test.ts)
  const child = spawn(
    process.execPath,
    [...CLI, "run", "--role", "bap", "--passive", "--registry-port", "0", "--gateway-port", "0", "--ttl", "PT3S", "--max-time", "60s", "--out", out],
    { detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  let driven = false;
  const drive = async (triggerUrl: string): Promise<void> => {
    // The person drives the guide's whole flow through the reference BAP's trigger API, then presses Ctrl-C.
    const flow = await fetch(`${triggerUrl}/trigger/flow`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(flow.status).toBe(200);
    process.kill(-(child.pid ?? 0), "SIGINT");
  };
  let driving: Promise<void> | undefined;
  const onData = (chunk: Buffer): void => {
    output += chunk.toString("utf8");
    const trigger = /trigger API: POST (\S+)\/trigger\//.exec(output)?.[1];
    if (!driven && trigger && output.includes("Press Ctrl-C")) {
      driven = true;
      driving = drive(trigger);
    }
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
  await driving;
  expect(status, output).toBe(0);
  const report = reportOf(out);
  expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
  expect(report.coverage.gaps).toEqual([]);
  expect(report.coverage.notReachable.map((e) => e.checkId)).toEqual(expect.arrayContaining(["AUT-101", "NEG-101", "FLW-101"]));
  expect(report.coverage.notReachable.every((e) => e.reason.startsWith("a --passive run triggers nothing"))).toBe(true);
  expect(output).toMatch(/^CONFORMANT: /m);
  expect(output).toMatch(/^not reachable in this mode: \d+ checks/m);
  expect(output).toMatch(/^no certificate: this mode cannot reach \d+ MUST checks \(.*AUT-101/m);
  expect(existsSync(join(out, "certificate.json"))).toBe(false);
});
