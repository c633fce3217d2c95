import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { HarnessError } from "../../protocol/errors.js";
import { reportersOf, writeReports } from "../../reports/index.js";
import { countByStatus, verdictFor, type Coverage, type CoverageEntry, type RunResult, type Verdict } from "../../results/index.js";
import { PASSIVE_SIGINT_KEEP, runInVitest } from "../vitest-run.js";
import { createProgress, isInteractive } from "../progress.js";
import { PROFILE_NAMES } from "../../schemas/index.js";
import { requestShapeOf, type RunConfig } from "../../suites/engine/config.js";
import { RUN_OPTIONS, runConfigFrom } from "../run-config.js";
import { printable } from "../output.js";
import { certify, loadIssuer, noCertificateReason, TOOL_NAME } from "../certify.js";
import { findConfigFile, withFlags } from "../config-file.js";
import { SUT_OPTIONS, startSut } from "../sut-process.js";
import { ALLURE_OPTIONS, printAllureHtml } from "../allure-html.js";

export const RUN_HELP = `Usage: p2p-conformance run --role bpp|bap|gateway|registry|all [options]

Runs the conformance suite against a system under test (SUT). The harness plays every other
participant (for a BPP: the BAP, the gateway and the registry), fires the scenarios, judges every
answer and writes report.json, report.html, junit.xml, evidence.har and allure-results/.

Options:
  --role <role>               bpp (default), bap, gateway or registry; all runs every role against its
                              embedded reference (what npm start does) and writes summary.json/html
  --target <url>              the SUT's base URL (a BAP: where /trigger/<action> is); without it, the
                              embedded reference implementation of the role is tested
  --sut-id <id>               the SUT's subscriber id (needed with --target)
  --sut-key <base64>          the SUT's ed25519 public key, raw 32 bytes in base64 (needed with --target)
  --sut-key-id <ukid>         the SUT's unique_key_id: registered with its key, and every keyId it signs
                              with must name it (BPP: SIG-003); when absent, any key id is accepted
  --sut-encr-key <base64>     a registry's X25519 encryption public key, for a registry that publishes
                              none at GET / (the harness decrypts its challenges with it)
  --profile <name>            ${PROFILE_NAMES.join(", ")} (default p2p-trade-guide-v1)
  --request-shape <shape>     guide or core: the forms the harness sends where the guide and core differ
                              (quantity.measure and fulfillments[].end, or quantity.selected.measure and
                              stops[]); default core under core-1.1.0, else guide; never both in one message
  --closed                    also warn (SCH-002) every property core 1.1.0 does not define in a callback
  --sut-url <url>             BPP: the SUT's public URL, registered as its subscriber_url and expected in
                              bpp_uri (default: --target), for a SUT behind a tunnel or an ingress
  --ttl <duration>            context.ttl of every request, ISO 8601 (default PT10S)
  --quiet-window <d>          how long to watch for a callback that must not come (default 2s)
  --max-time <d>              budget of the whole run (default 120s)
  --transfer-timeout <d>      time for the energy transfer to complete (default 60s)
  --max-unsolicited <n>       unsolicited callbacks allowed per transaction (default 100)
  --registry-port <port>      where the harness's registry listens (default 7300; 0 for any)
  --registry-url <url>        use this registry instead (a running mock up, a sandbox); the SUT must be
                              registered there; the harness subscribes its own BAP and gateway
  --host <addr>               bind address (default 127.0.0.1)
  --public-url <url>          base URL the harness puts in bap_uri and its registry entry, when the SUT
                              reaches the harness through a tunnel or an ingress
  --callback-port <port>      where the harness's callback receiver (bap_uri) listens (default: any free
                              port; fix it so a tunnel can point at it)
  --domain <code> --city <code> --country <code>   the context's domain and location (default trade, NANP:628, USA)
  --fault <id>                switch a fault on in the embedded reference of the role (repeatable)
  --bpp-fault <id>            the same, for --role bpp
  --variant <id>              switch a legitimate variant on in the embedded reference (repeatable; with
                              --role all each goes to its role); \`p2p-conformance variants\` lists them
  --sut-callback-url <url>    BAP: its registered callback base URL (default: --target)
  --gateway-port <port>       BAP: where the harness's gateway listens (default 7301)
  --bpp-port <port>           BAP: where the harness's BPP listens (default: any free port)
  --passive                   BAP: do not trigger; check what a person drives through the app
  --out <dir>                 where to write report.json (default reports/out/<run id>)
  --reporter <names>          the formats to write besides report.json (repeatable, comma lists; default
                              all): html, junit, har, allure
  --sut-command <cmd>         start the SUT with this shell command, wait for the port of --target, run, then
                              stop it; it gets the harness's URLs in P2PC_REGISTRY_URL, P2PC_GATEWAY_URL,
                              P2PC_BAP_URI and P2PC_SUT_PORT; its output goes to <out>/sut.log
  --sut-image <image>         the same with a local container image (testcontainers, host network, dockerd)
  --sut-timeout <d>           how long to wait for the SUT's port (default 60s)
  --allure-html               also build the Allure HTML report into <out>/allure-report (the allure 3 CLI)
  --config <file>             read the settings from this file (default ./p2p-conformance.config.json when
                              present; every flag in camelCase; flags override it); with "participants",
                              certify each of them into <out>/<name>/ and write summary.json and summary.html
  --concurrency <n>           participants run at once (default 2)
  --issuer-key <file>         sign certificate.json with this key (from \`keys generate\`, or PKCS#8 PEM
                              ed25519); without it a pass gets a self-issued certificate
  --allow-unexercised <ids>   accept these checks as gaps (repeatable, comma lists: FLW-004,NEG-001): a
                              check no step exercised, for a reason that is not the SUT's fault (the
                              budget ran out), then does not make the run exit 2; the certificate names it
  -h, --help                  show this help

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
  p2p-conformance run --role bap --target http://127.0.0.1:4000 --sut-id bap.acme.energy --sut-key <base64>
  p2p-conformance run --role gateway --target http://127.0.0.1:5000 --sut-id gw.acme.energy --sut-key <base64>
  p2p-conformance run --role registry --target https://registry.sandbox.example
  p2p-conformance run --config participants.json --issuer-key issuer.keys.json`;

/** How the console names each verdict. */
const VERDICT_LINE: Readonly<Record<Verdict, string>> = { conformant: "CONFORMANT", "not-conformant": "NOT CONFORMANT", error: "COULD NOT JUDGE" };

export function summaryLines(result: RunResult, reportPaths: readonly string[], allure = true): string[] {
  const counts = countByStatus(result.results);
  const failing = result.results.filter((r) => r.status === "fail" || r.status === "error" || r.status === "warn");
  const lines = failing.slice(0, 50).flatMap((r) => [
    `${r.status.toUpperCase().padEnd(5)} ${r.id} ${r.title} [${r.scenario ?? "run"}${r.step ? `/${r.step}` : ""}] (${r.ref})`,
    ...r.findings.slice(0, 3).map((f) => `        ${printable(f.message).slice(0, 300)}`),
  ]);
  const accepted = result.coverage.accepted.length;
  const verdict = `${VERDICT_LINE[verdictFor(result.exitCode)]}${result.exitCode === 0 && accepted > 0 ? ` (with ${accepted} accepted gaps)` : ""}`;
  return [
    ...lines,
    ...coverageLines(result.coverage),
    ...(result.infrastructureError ? [`error: ${printable(result.infrastructureError)}`] : []),
    `${verdict}: ${counts.pass} passed, ${counts.fail} failed, ${counts.warn} warnings, ${counts.error} errors, ${counts.skip} skipped — ${result.exchanges.length} exchanges in ${(result.durationMs / 1000).toFixed(1)} s`,
    ...reportPaths.map((path) => `report: ${path}`),
    ...(allure ? [`allure results: ${join(dirname(reportPaths[0] ?? "."), "allure-results")}`] : []),
  ];
}

/** The checks the run did not exercise (docs/rules.md "Coverage"): gaps and accepted gaps one by one, the rest counted. */
export function coverageLines(coverage: Coverage): string[] {
  const entry = (label: string) => (e: CoverageEntry) => `${label.padEnd(8)} ${e.checkId} ${printable(e.reason).slice(0, 300)}`;
  return [
    ...coverage.gaps.slice(0, 50).map(entry("GAP")),
    ...(coverage.gaps.length > 0 ? [`${coverage.gaps.length} gaps: run them (a longer --max-time, the missing prerequisite), or accept them with --allow-unexercised ${coverage.gaps.map((e) => e.checkId).join(",")}`] : []),
    ...coverage.accepted.map(entry("ACCEPTED")),
    ...(coverage.notReachable.length > 0 ? [`not reachable in this mode: ${coverage.notReachable.length} checks (report.json coverage.notReachable)`] : []),
    ...(coverage.notApplicable.length > 0 ? [`not applicable: ${coverage.notApplicable.map((e) => e.checkId).join(", ")} (the SUT took an option the spec allows)`] : []),
  ];
}

/** The first line of a run: what is tested, and under which settings. */
function runningLine(config: RunConfig): string {
  const settings = [
    `profile ${config.profile}`,
    ...(config.role === "bpp" ? [`${requestShapeOf(config)} request shapes`] : []),
    ...(config.closed ? ["closed"] : []),
    ...(config.faults?.length ? [`faults ${config.faults.join(" ")}`] : []),
    ...(config.variants?.length ? [`variants ${config.variants.join(" ")}`] : []),
  ];
  return `Running the ${config.role.toUpperCase()} suite against ${config.target ?? `the embedded reference ${config.role}`} (${settings.join(", ")})…`;
}

/** Runs `run`; resolves with the exit code. */
export async function runRun(argv: readonly string[], out: (l: string) => void): Promise<number> {
  const { values: flags } = parseArgs({ args: [...argv], options: { ...RUN_OPTIONS, ...SUT_OPTIONS, ...ALLURE_OPTIONS } });
  if (flags.help) {
    out(RUN_HELP);
    return 0;
  }
  if (flags.role === "all") {
    return (await import("../all-roles.js")).runAllRoles(flags, out);
  }
  const file = findConfigFile(flags.config);
  if (file?.participants) {
    return (await import("../bulk-run.js")).runBulk(file, flags, out);
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
    if (error instanceof HarnessError) {
      throw error;
    }
    const message = (error as Error).message;
    const code = /EADDRINUSE/.test(message) ? "P2PC_ERR_PORT_IN_USE" : "P2PC_ERR_RUN_FAILED";
    throw new HarnessError(code, `Cannot run: ${message}`);
  }
  const paths = writeReports(result, dir, { profile: config.profile, ...(config.closed ? { closed: true } : {}), tool: TOOL_NAME }, reporters);
  const issued = certify(result, paths[0] as string, { profile: config.profile, issuer });
  summaryLines(result, paths, reporters.includes("allure")).forEach((line) => out(line));
  if (issued) {
    out(`certificate: ${issued.path} (issuer ${issued.fingerprint}${issued.selfIssued ? ", self-issued" : ""}${result.coverage.accepted.length > 0 ? `, naming ${result.coverage.accepted.length} accepted gaps` : ""})`);
  } else if (result.exitCode === 0) {
    out(`no certificate: ${noCertificateReason(result) ?? ""}`);
  }
  if (values["allure-html"]) {
    await printAllureHtml(dir, out);
  }
  return result.exitCode;
}
