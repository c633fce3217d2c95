import { dirname, join } from "node:path";
import { ROLE_SETUP } from "../../suites/roles/catalogue.js";
import { parseArgs } from "node:util";
import { HarnessError } from "../../protocol/errors.js";
import { reportersOf, writeReports } from "../../reports/index.js";
import { checkLines } from "../check-lines.js";
import { countByStatus, verdictFor, type CheckNotes, type Coverage, type CoverageEntry, type RunResult, type Verdict } from "../../results/index.js";
import { PASSIVE_SIGINT_KEEP, runFailure, runInVitest } from "../vitest-run.js";
import { createProgress, isInteractive } from "../progress.js";
import { requestShapeOf, type RunConfig } from "../../suites/core/config.js";
import { runConfigFrom } from "../run-config.js";
import { printable } from "../output.js";
import { certify, loadIssuer, noCertificateReason } from "../certify.js";
import { reportMetaOf } from "../report-meta.js";
import { findConfigFile, withFlags } from "../config-file.js";
import { startSut } from "../sut-process.js";
import { printAllureHtml } from "../allure-html.js";
import { RUN_OPTIONS, runFlagsHelp } from "../run-flags.js";

export const RUN_HELP = `Usage: p2p-conformance run --role bpp|bap|gateway|registry|all [options]

Runs the conformance suite against a system under test (SUT). The harness plays every other
participant (for a BPP: the BAP, the gateway and the registry), fires the scenarios, judges every
answer and writes report.json, report.html, junit.xml, evidence.har and allure-results/.

Options:
${runFlagsHelp()}

Exit codes: 1 not conformant (a check failed); otherwise 2 the harness could not judge (a check
error, a gap: a check never exercised for a reason that is not the SUT's fault and not accepted
with --allow-unexercised, a usage error, a port it could not bind, or a target whose first
connection was refused); otherwise 0 conformant (warnings, skips and accepted gaps allowed). A
--passive BAP run can exit 0 but earns no certificate: it cannot reach every MUST check.

Examples:
  p2p-conformance run --role all
  p2p-conformance run --role all --bpp-fault biz.wrong-quote      # see a failing run (exit 1)
  p2p-conformance run --role bpp
  p2p-conformance run --role bpp --target http://127.0.0.1:3000 --sut-id bpp.acme.energy --sut-key <base64>
  p2p-conformance run --role bpp --target http://127.0.0.1:3000 --sut-id bpp.acme.energy --sut-key <base64> \\
      --compare-target http://127.0.0.1:3001 --compare-sut-id bpp.next.acme.energy --compare-sut-key <base64>
  p2p-conformance run --role bap --target http://127.0.0.1:4000 --sut-id bap.acme.energy --sut-key <base64>
  p2p-conformance run --role gateway --target http://127.0.0.1:5000 --sut-id gw.acme.energy --sut-key <base64>
  p2p-conformance run --role registry --target https://registry.sandbox.example
  p2p-conformance run --config participants.json --issuer-key issuer.keys.json`;

/** How the console names each verdict. */
const VERDICT_LINE: Readonly<Record<Verdict, string>> = { conformant: "CONFORMANT", "not-conformant": "NOT CONFORMANT", error: "COULD NOT JUDGE" };

/** What the terminal says after a run: what went wrong grouped by check, the coverage, the verdict line and the report paths. */
export function summaryLines(
  result: RunResult,
  reportPaths: readonly string[],
  options: { readonly allure?: boolean; readonly checks?: Readonly<Record<string, CheckNotes>> } = {},
): string[] {
  const counts = countByStatus(result.results);
  const lines = checkLines(result.results, options.checks);
  const accepted = result.coverage.accepted.length;
  const verdict = `${VERDICT_LINE[verdictFor(result.exitCode)]}${result.exitCode === 0 && accepted > 0 ? ` (with ${accepted} accepted gaps)` : ""}`;
  return [
    ...lines,
    ...coverageLines(result.coverage),
    ...(result.infrastructureError ? [`error: ${printable(result.infrastructureError)}`] : []),
    ...(result.evidenceDropped ? [`error: ${printable(result.evidenceDropped)}`] : []),
    `${verdict}: ${counts.pass} passed, ${counts.fail} failed, ${counts.warn} warnings, ${counts.error} errors, ${counts.skip} skipped — ${result.exchanges.length} exchanges in ${(result.durationMs / 1000).toFixed(1)} s`,
    ...reportPaths.map((path) => `report: ${path}`),
    ...(options.allure !== false ? [`allure results: ${join(dirname(reportPaths[0] ?? "."), "allure-results")}`] : []),
  ];
}

/** The checks the run did not exercise (docs/rules.md "Coverage"): gaps and accepted gaps one by one, the rest counted. */
export function coverageLines(coverage: Coverage): string[] {
  const entry = (label: string) => (e: CoverageEntry) => `${label.padEnd(8)} ${e.checkId} ${printable(e.reason).slice(0, 300)}`;
  return [
    ...coverage.gaps.slice(0, 50).map(entry("GAP")),
    ...(coverage.gaps.length > 0
      ? [
          `${coverage.gaps.length} gaps: run them (a longer --max-time, the missing prerequisite), or accept them with --allow-unexercised ${coverage.gaps.map((e) => e.checkId).join(",")}`,
        ]
      : []),
    ...coverage.accepted.map(entry("ACCEPTED")),
    ...(coverage.notReachable.length > 0 ? [`not reachable in this mode: ${coverage.notReachable.length} checks (report.json coverage.notReachable)`] : []),
    ...(coverage.notApplicable.length > 0
      ? [`not applicable: ${coverage.notApplicable.map((e) => e.checkId).join(", ")} (the SUT took an option the spec allows)`]
      : []),
  ];
}

/** The first line of a run: what is tested, and under which settings. */
function runningLine(config: RunConfig): string {
  const settings = [
    `profile ${config.profile}`,
    ...(ROLE_SETUP[config.role].requestShapes ? [`${requestShapeOf(config)} request shapes`] : []),
    ...(config.closed ? ["closed"] : []),
    ...(config.faults?.length ? [`faults ${config.faults.join(" ")}`] : []),
    ...(config.variants?.length ? [`variants ${config.variants.join(" ")}`] : []),
  ];
  return `Running the ${config.role.toUpperCase()} suite against ${config.target ?? `the embedded reference ${config.role}`} (${settings.join(", ")})…`;
}

/** The certificate a run earned, or why a passing run earned none. */
function certificateLines(issued: ReturnType<typeof certify>, result: RunResult): string[] {
  if (issued) {
    const accepted = result.coverage.accepted.length;
    return [
      `certificate: ${issued.path} (issuer ${issued.fingerprint}${issued.selfIssued ? ", self-issued" : ""}${accepted > 0 ? `, naming ${accepted} accepted gaps` : ""})`,
    ];
  }
  return result.exitCode === 0 ? [`no certificate: ${noCertificateReason(result) ?? ""}`] : [];
}

/** Runs `run`; resolves with the exit code. */
export async function runRun(argv: readonly string[], out: (l: string) => void): Promise<number> {
  const { values: flags } = parseArgs({ args: [...argv], options: RUN_OPTIONS });
  if (flags.help) {
    out(RUN_HELP);
    return 0;
  }
  if (flags.role === "all" && flags["compare-target"] === undefined) {
    return (await import("../all-roles.js")).runAllRoles(flags, out);
  }
  const file = findConfigFile(flags.config);
  if ((file ? withFlags(file.values, flags) : flags)["compare-target"] !== undefined) {
    return (await import("../compare-run.js")).runCompare(file, flags, out);
  }
  if (file?.participants) {
    return (await import("../bulk-run.js")).runBulk(file, flags, out);
  }
  if (flags.shard !== undefined) {
    throw new HarnessError("P2PC_ERR_USAGE", "--shard splits a config that lists participants (--config <file> with participants); this run has none.");
  }
  const values = file ? withFlags(file.values, flags) : flags;
  const config = runConfigFrom(values);
  const issuer = loadIssuer(values["issuer-key"]);
  const reporters = reportersOf(values.reporter);
  if (values["allure-html"] && !reporters.includes("allure")) {
    throw new HarnessError("P2PC_ERR_USAGE", "--allure-html builds the Allure report from the allure results: add allure to --reporter.");
  }
  out(runningLine(config));
  const dir = values.out ?? join("reports", "out", new Date().toISOString().replace(/[:.]/g, "-"));
  let result: RunResult;
  try {
    const sut = await startSut(config, values, dir, out);
    const progress = createProgress(`${config.role} `, { interactive: isInteractive(), write: (text) => void process.stdout.write(text) });
    // --passive ends when the person presses Ctrl-C: the suite's worker gets the signal and judges
    // what it recorded; this process must outlive it to write the reports.
    const onInterrupt = (): void => out("Stopping: judging what the BAP sent…");
    if (config.passive) {
      process.on("SIGINT", onInterrupt);
      PASSIVE_SIGINT_KEEP.push(onInterrupt);
    }
    result = await runInVitest(sut.config, dir, { onProgress: progress.show, allure: reporters.includes("allure") }).finally(async () => {
      process.off("SIGINT", onInterrupt);
      PASSIVE_SIGINT_KEEP.splice(0);
      progress.end();
      await sut.stop();
    });
  } catch (error) {
    throw runFailure(error, "");
  }
  const meta = reportMetaOf(config);
  const paths = writeReports(result, dir, meta, reporters);
  const issued = certify(result, paths[0] as string, { profile: config.profile, issuer });
  summaryLines(result, paths, { allure: reporters.includes("allure"), ...(meta.checks ? { checks: meta.checks } : {}) }).forEach((line) => out(line));
  certificateLines(issued, result).forEach((line) => out(line));
  if (values["allure-html"]) {
    await printAllureHtml(dir, out);
  }
  return result.exitCode;
}
