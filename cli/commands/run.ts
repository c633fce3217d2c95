import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { HarnessError } from "../../protocol/errors.js";
import { parseIsoDuration } from "../../protocol/formats.js";
import { writeHar } from "../../reports/har.js";
import { writeHtmlReport } from "../../reports/html.js";
import { buildReport, writeJsonReport } from "../../reports/json.js";
import { writeJunit } from "../../reports/junit.js";
import { DEFAULT_BPP_RUN, type BppRunConfig } from "../../suites/engine/config.js";
import type { BppRunResult } from "../../suites/engine/run-bpp.js";
import { runBppInVitest } from "../vitest-run.js";
import { PROFILE_NAMES, type ProfileName } from "../../schemas/index.js";
import { parseDurationFlag } from "../durations.js";
import { printable } from "../output.js";

export const RUN_HELP = `Usage: p2p-conformance run --role bpp [options]

Runs the conformance suite against a system under test (SUT). The harness plays the BAP, the
gateway and the registry, fires the scenarios, judges every answer and writes report.json.

Options:
  --role <role>               bpp (bap, gateway and registry come later)
  --target <url>              the SUT's Beckn base URL; without it, the embedded reference BPP is tested
  --sut-id <id>               the SUT's subscriber id (needed with --target)
  --sut-key <base64>          the SUT's ed25519 public key, raw 32 bytes in base64 (needed with --target)
  --sut-key-id <ukid>         the key id to register the SUT under (any string)
  --profile <name>            ${PROFILE_NAMES.join(", ")} (default p2p-trade-guide-v1)
  --ttl <duration>            context.ttl of every request, ISO 8601 (default PT10S)
  --quiet-window <d>          how long to watch for a callback that must not come (default 2s)
  --max-time <d>              budget of the whole run (default 120s)
  --transfer-timeout <d>      time for the energy transfer to complete (default 60s)
  --max-unsolicited <n>       unsolicited callbacks allowed per transaction (default 100)
  --registry-port <port>      where the harness's registry listens (default 7300; 0 for any)
  --registry-url <url>        use this registry instead (a running mock up, a sandbox); the SUT must be
                              registered there; the harness subscribes its own BAP and gateway
  --host <addr>               bind address (default 127.0.0.1)
  --public-url <url>          base URL the harness puts in bap_uri (a tunnel or ingress)
  --domain <code> --city <code> --country <code>   the context's domain and location (default trade, NANP:628, USA)
  --bpp-fault <id>            switch a fault on in the embedded reference BPP (repeatable)
  --out <dir>                 where to write report.json (default reports/out/<run id>)
  -h, --help                  show this help

Exit codes: 0 conformant (warnings and skips allowed); 1 not conformant (a check failed);
2 the harness could not judge (a check error, a usage error, a port it could not bind, or a
target whose first connection was refused).

Examples:
  p2p-conformance run --role bpp
  p2p-conformance run --role bpp --target http://127.0.0.1:3000 --sut-id bpp.acme.energy --sut-key <base64>`;

const OPTIONS = {
  role: { type: "string" }, target: { type: "string" }, "sut-id": { type: "string" }, "sut-key": { type: "string" }, "sut-key-id": { type: "string" },
  profile: { type: "string" }, ttl: { type: "string" }, "quiet-window": { type: "string" }, "max-time": { type: "string" }, "transfer-timeout": { type: "string" },
  "max-unsolicited": { type: "string" }, "registry-port": { type: "string" }, "registry-url": { type: "string" }, host: { type: "string" }, "public-url": { type: "string" },
  domain: { type: "string" }, city: { type: "string" }, country: { type: "string" }, "bpp-fault": { type: "string", multiple: true }, out: { type: "string" }, seed: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>["values"];

function usage(message: string): never {
  throw new HarnessError("P2PC_ERR_USAGE", message);
}

function integer(flag: string, value: string | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) {
    return fallback;
  }
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 && n <= max ? n : usage(`--${flag} "${value}" must be a whole number from 0 to ${max}.`);
}

function targetUrl(value: string | undefined): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? value : usage(`--target "${value}" must be an http(s) URL.`);
  } catch {
    return usage(`--target "${value}" is not a URL.`);
  }
}

/** Refuses flags that cannot make a run, naming the flag. */
function checkFlags(values: Values): void {
  if (values.role !== undefined && values.role !== "bpp") {
    usage(`--role "${values.role}" is not supported yet; this version certifies BPPs (--role bpp).`);
  }
  if (values.profile !== undefined && !(PROFILE_NAMES as readonly string[]).includes(values.profile)) {
    usage(`--profile "${values.profile}" is not a profile; use one of ${PROFILE_NAMES.join(", ")}.`);
  }
  if (values.ttl !== undefined && parseIsoDuration(values.ttl) === undefined) {
    usage(`--ttl "${values.ttl}" is not an ISO 8601 duration such as PT10S.`);
  }
  if (values.target && (!values["sut-id"] || !values["sut-key"])) {
    usage("--target needs --sut-id and --sut-key: the harness registers the SUT's key so it can judge its signatures.");
  }
  if (values["registry-url"] && !values.target) {
    usage("--registry-url needs --target: the SUT must already be registered in that registry, and the embedded BPP is not.");
  }
  if (values["registry-url"] && !/^https?:\/\//.test(values["registry-url"])) {
    usage(`--registry-url "${values["registry-url"]}" must be an http(s) URL.`);
  }
}

/** Turns flags into a run config, refusing every bad value with a message that names the flag. */
export function runConfigFrom(values: Values): BppRunConfig {
  checkFlags(values);
  const profile = (values.profile ?? DEFAULT_BPP_RUN.profile) as ProfileName;
  const target = targetUrl(values.target);
  const optional = {
    ...(target ? { target } : {}), ...(values["sut-id"] ? { sutId: values["sut-id"] } : {}), ...(values["sut-key"] ? { sutKey: values["sut-key"] } : {}),
    ...(values["sut-key-id"] ? { sutKeyId: values["sut-key-id"] } : {}), ...(values["public-url"] ? { publicUrl: values["public-url"] } : {}),
    ...(values["bpp-fault"] ? { faults: values["bpp-fault"] } : {}), ...(values["registry-url"] ? { registryUrl: values["registry-url"] } : {}),
  };
  return {
    ...DEFAULT_BPP_RUN, ...optional, profile, ttl: values.ttl ?? DEFAULT_BPP_RUN.ttl,
    quietWindowMs: parseDurationFlag("quiet-window", values["quiet-window"], DEFAULT_BPP_RUN.quietWindowMs),
    maxTimeMs: parseDurationFlag("max-time", values["max-time"], DEFAULT_BPP_RUN.maxTimeMs),
    transferTimeoutMs: parseDurationFlag("transfer-timeout", values["transfer-timeout"], DEFAULT_BPP_RUN.transferTimeoutMs),
    maxUnsolicited: integer("max-unsolicited", values["max-unsolicited"], DEFAULT_BPP_RUN.maxUnsolicited),
    registryPort: integer("registry-port", values["registry-port"], DEFAULT_BPP_RUN.registryPort, 65535),
    seed: integer("seed", values.seed, DEFAULT_BPP_RUN.seed),
    host: values.host ?? DEFAULT_BPP_RUN.host, domain: values.domain ?? DEFAULT_BPP_RUN.domain, city: values.city ?? DEFAULT_BPP_RUN.city, country: values.country ?? DEFAULT_BPP_RUN.country,
  };
}

export function summaryLines(result: BppRunResult, reportPaths: readonly string[]): string[] {
  const count = (status: string) => result.results.filter((r) => r.status === status).length;
  const failing = result.results.filter((r) => r.status === "fail" || r.status === "error" || r.status === "warn");
  const lines = failing.slice(0, 50).flatMap((r) => [
    `${r.status.toUpperCase().padEnd(5)} ${r.id} ${r.title} [${r.scenario ?? "run"}${r.step ? `/${r.step}` : ""}] (${r.ref})`,
    ...r.findings.slice(0, 3).map((f) => `        ${printable(f.message).slice(0, 300)}`),
  ]);
  const verdict = result.exitCode === 0 ? "CONFORMANT" : result.exitCode === 1 ? "NOT CONFORMANT" : "COULD NOT JUDGE";
  return [
    ...lines,
    ...(result.infrastructureError ? [`error: ${printable(result.infrastructureError)}`] : []),
    `${verdict}: ${count("pass")} passed, ${count("fail")} failed, ${count("warn")} warnings, ${count("error")} errors, ${count("skip")} skipped — ${result.exchanges.length} exchanges in ${(result.durationMs / 1000).toFixed(1)} s`,
    ...reportPaths.map((path) => `report: ${path}`),
    `allure results: ${join(dirname(reportPaths[0] ?? "."), "allure-results")}`,
  ];
}

/** Runs `run`; resolves with the exit code. */
export async function runRun(argv: readonly string[], out: (l: string) => void): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: OPTIONS });
  if (values.help) {
    out(RUN_HELP);
    return 0;
  }
  const config = runConfigFrom(values);
  out(`Running the BPP suite against ${config.target ?? "the embedded reference BPP"} (profile ${config.profile})…`);
  const dir = values.out ?? join("reports", "out", new Date().toISOString().replace(/[:.]/g, "-"));
  let result: BppRunResult;
  try {
    result = await runBppInVitest(config, dir);
  } catch (error) {
    const message = (error as Error).message;
    const code = /EADDRINUSE/.test(message) ? "P2PC_ERR_PORT_IN_USE" : "P2PC_ERR_RUN_FAILED";
    throw new HarnessError(code, `Cannot run: ${message}`);
  }
  const report = buildReport(result, { role: "bpp", profile: config.profile, tool: "p2p-energy-conformance" });
  const paths = [writeJsonReport(dir, report), writeHtmlReport(dir, report), writeJunit(dir, result), writeHar(dir, result)];
  summaryLines(result, paths).forEach((line) => out(line));
  return result.exitCode;
}
