/**
 * `p2p-conformance observe`: the harness stands between real BAPs and BPPs (its registry, its
 * gateway, a recording forwarder in front of each participant), records every exchange until
 * Ctrl-C, SIGTERM or --max-time, then judges each participant by its role's checks, on what it sent
 * and received, and writes a report per participant, a summary and capture.har.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { HarnessError } from "../../protocol/errors.js";
import { writeReports, type ReporterName } from "../../reports/index.js";
import { buildSummary, writeSummary, type SummaryRow } from "../../reports/summary.js";
import type { ProfileName } from "../../schemas/index.js";
import { messagesOfHar } from "../../suites/core/capture/captured.js";
import { DEFAULT_RUN } from "../../suites/core/config.js";
import { startObservedNetwork, type ObservedNetwork, type ObservedParty } from "../../suites/core/observe/network.js";
import type { Observation, ObservedJudgeOptions } from "../../suites/core/observe/observation.js";
import { judgeObservedParty } from "../../suites/roles/index.js";
import { parseDurationFlag } from "../durations.js";
import { printable } from "../output.js";
import { captureHar } from "../observe/capture-har.js";
import { readObserveFile, type ObserveFile } from "../observe/config.js";
import { reportMetaOf } from "../report-meta.js";
import { portOf } from "../mock-standalone.js";
import { parseProfile } from "./validate.js";
import { couldNotJudgeRow, rowLine, summaryRowOf, verdictLines } from "../summary-row.js";

export const OBSERVE_HELP = `Usage: p2p-conformance observe --config observe.json [options]

Stands between real BAPs and BPPs and judges what they do to each other. The harness starts its
registry and gateway, and in front of each participant a recording forwarder that passes every
request and callback on unchanged (so signatures stay valid). It registers each participant under
its forwarder's URL and prints the URLs to configure: each participant's public URL (its bap_uri or
bpp_uri), the registry and the gateway. It records every exchange until Ctrl-C, SIGTERM or
--max-time, then judges each participant by its role's checks on what it sent and received. Checks
that need the harness's own triggers, forgeries or probes are listed as not reachable, never passed.
observe issues no certificate.

observe.json (schemas/observe.schema.json):
  { "participants": [
      { "name": "seller", "role": "bpp", "target": "http://127.0.0.1:8001",
        "sutId": "bpp.example.org", "sutKey": "<base64 ed25519 public key>", "observePort": 9001 },
      { "name": "buyer", "role": "bap", "target": "http://127.0.0.1:8002",
        "sutId": "bap.example.org", "sutKey": "<base64 ed25519 public key>", "observePort": 9002 } ] }
  A BAP's callbacks go to "sutCallbackUrl" (default its target). "sutKeyId" is the key id it signs
  under (default "default"). The file may also set out, host, publicHost, registryPort, gatewayPort,
  maxTime, profile, domain and closed; flags win over it.

Options:
  --config <file>         the participants (required)
  --registry-port <port>  where the registry listens (default 7300; 0 for any)
  --gateway-port <port>   where the gateway listens (default 7301; 0 for any)
  --max-time <duration>   stop recording after this long (default 10m), e.g. 90s, 10m
  --out <dir>             where the reports go (default reports/out/observe-<time>/)
  --host <addr>           bind address of every server (default 127.0.0.1; 0.0.0.0 for all)
  --public-host <name>    the host name participants reach the harness at, put in every URL it
                          prints and registers (default: --host), e.g. observe.sandbox.example
  --profile <name>        p2p-trade-guide-v1 (default), core-1.1.0 or p2p-trade-strict
  -h, --help              show this help

Writes <out>/<name>/report.json, report.html, junit.xml, evidence.har for each participant,
<out>/summary.json, <out>/summary.html and <out>/capture.har (every exchange, replayable with
\`validate --transactions\`).
Exit codes: 0 every participant passed; 1 some participant failed a check (one never seen fails
the RUN checks); 2 the harness could not judge (a bad config, a port in use).`;

const DEFAULT_MAX_TIME_MS = 10 * 60_000;
const REPORTERS: readonly ReporterName[] = ["json", "html", "junit", "har"];

interface ObserveSettings {
  readonly file: ObserveFile;
  readonly out: string;
  readonly host: string;
  readonly publicHost?: string;
  readonly registryPort: number;
  readonly gatewayPort: number;
  readonly maxTimeMs: number;
  readonly profile: ProfileName;
  readonly domain: string;
  readonly closed: boolean;
}

const OPTIONS = {
  config: { type: "string" },
  "registry-port": { type: "string" },
  "gateway-port": { type: "string" },
  "max-time": { type: "string" },
  out: { type: "string" },
  host: { type: "string" },
  "public-host": { type: "string" },
  profile: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>["values"];

/** `--public-host`: a bare host name or address, as it goes into `http://<host>:<port>`. */
function publicHostOf(value: string | undefined): { readonly publicHost?: string } {
  if (value === undefined) {
    return {};
  }
  if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+|[0-9a-fA-F:]+)$/.test(value)) {
    throw new HarnessError("P2PC_ERR_USAGE", `--public-host ${JSON.stringify(value)} is not a host name or address; give one such as observe.sandbox.example.`);
  }
  return { publicHost: value.replace(/^\[|\]$/g, "") };
}

function settingsOf(values: Values): ObserveSettings {
  if (values.config === undefined) {
    throw new HarnessError("P2PC_ERR_USAGE", "observe needs --config <file>: the participants to stand between (see `p2p-conformance observe --help`).");
  }
  const file = readObserveFile(values.config);
  const profile = parseProfile(values.profile ?? file.profile);
  const port = (flag: string, value: string | undefined, fromFile: number | undefined, fallback: number): number =>
    value !== undefined ? portOf(value, flag) : (fromFile ?? fallback);
  return {
    file,
    out: values.out ?? file.out ?? join("reports", "out", `observe-${new Date().toISOString().replace(/[:.]/g, "-")}`),
    host: values.host ?? file.host ?? DEFAULT_RUN.host,
    ...publicHostOf(values["public-host"] ?? file.publicHost),
    registryPort: port("registry-port", values["registry-port"], file.registryPort, DEFAULT_RUN.registryPort),
    gatewayPort: port("gateway-port", values["gateway-port"], file.gatewayPort, 7301),
    maxTimeMs: parseDurationFlag("max-time", values["max-time"] ?? file.maxTime, DEFAULT_MAX_TIME_MS),
    profile,
    domain: file.domain ?? DEFAULT_RUN.domain,
    closed: file.closed ?? false,
  };
}

/** The lines that tell a person what to configure. */
function banner(net: ObservedNetwork, maxTimeMs: number): string[] {
  return [
    `observe: the harness stands between ${net.parties.length} participants. Configure each with these URLs:`,
    `  registry  ${net.registryUrl}   (every participant looks keys up here)`,
    `  gateway   ${net.gatewayUrl}   (BAPs send their searches here)`,
    ...net.parties.map(
      (p) =>
        `  ${p.name} (${p.role}, ${p.subscriberId}): public URL, its ${p.role === "bap" ? "bap_uri" : "bpp_uri"} and registered subscriber_url: ${p.url}   (passed on to ${p.forwardsTo})`,
    ),
    `Recording until Ctrl-C, SIGTERM or --max-time (${Math.round(maxTimeMs / 1000)} s); then each participant is judged.`,
  ];
}

/** Resolves on the first Ctrl-C or SIGTERM, or after `ms`; leaves no listener behind. */
function untilStoppedOr(ms: number): Promise<string> {
  return new Promise((resolve) => {
    const done = (why: string): void => {
      clearTimeout(timer);
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      resolve(why);
    };
    const onInt = (): void => done("Ctrl-C");
    const onTerm = (): void => done("SIGTERM");
    const timer = setTimeout(() => done("--max-time"), ms);
    process.once("SIGINT", onInt);
    process.once("SIGTERM", onTerm);
  });
}

const PROGRESS_EVERY_MS = 5000;

/** Every few seconds, when the traffic grew: how many exchanges each forwarder has recorded. */
function reportCounts(net: ObservedNetwork, out: (line: string) => void): NodeJS.Timeout {
  let last = "";
  const timer = setInterval(() => {
    const counts = net
      .records()
      .map((r) => `${r.name} ${r.exchanges.length}`)
      .join(", ");
    if (counts !== last && /[1-9]/.test(counts)) {
      out(`recorded so far: ${counts}`);
    }
    last = counts;
  }, PROGRESS_EVERY_MS);
  timer.unref();
  return timer;
}

/** One participant's verdict, its reports and its summary row; never throws. */
async function judgeOne(observation: Observation, party: ObservedParty, s: ObserveSettings, out: (line: string) => void): Promise<SummaryRow> {
  const base = { name: party.name, role: party.role, target: party.forwardsTo, subscriberId: party.subscriberId };
  try {
    const options: ObservedJudgeOptions = { profile: s.profile, ...(s.closed ? { closed: true } : {}) };
    const result = await judgeObservedParty(observation, party, options);
    const paths = writeReports(result, join(s.out, party.name), reportMetaOf({ profile: s.profile, ...(s.closed ? { closed: true } : {}) }), REPORTERS);
    verdictLines(party.name, result).forEach((line) => out(line));
    return summaryRowOf(base, result, paths, s.out);
  } catch (error) {
    const message = error instanceof HarnessError ? `${error.message} [${error.code}]` : (error as Error).message;
    out(`${party.name}: COULD NOT JUDGE: ${printable(message)}`);
    return couldNotJudgeRow(base, message);
  }
}

/** Runs `observe`; resolves with the exit code. */
export async function runObserve(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: OPTIONS });
  if (values.help) {
    out(OBSERVE_HELP);
    return 0;
  }
  const s = settingsOf(values);
  const net = await startObservedNetwork(s.file.participants, {
    host: s.host,
    ...(s.publicHost ? { publicHost: s.publicHost } : {}),
    registryPort: s.registryPort,
    gatewayPort: s.gatewayPort,
    domain: s.domain,
    profile: s.profile,
    ackTimeoutMs: DEFAULT_RUN.ackTimeoutMs,
  });
  const startedAt = Date.now();
  // Listen for the signal before the banner says to press Ctrl-C: one pressed at once must stop the recording, not kill the process.
  const stopped = untilStoppedOr(s.maxTimeMs);
  banner(net, s.maxTimeMs).forEach((line) => out(line));
  const progress = reportCounts(net, out);
  const why = await stopped;
  clearInterval(progress);
  await net.close();
  const records = net.records();
  const endedAt = Date.now();
  out(`Stopped by ${why}: ${records.map((r) => `${r.name} ${r.exchanges.length}`).join(", ")} exchanges recorded. Judging…`);
  mkdirSync(s.out, { recursive: true });
  const har = captureHar(records);
  const harPath = join(s.out, "capture.har");
  writeFileSync(harPath, `${JSON.stringify(har, null, 2)}\n`);
  const observation: Observation = {
    messages: messagesOfHar(har, "capture.har"),
    parties: net.parties,
    gatewayUrl: net.gatewayUrl,
    startedAt,
    endedAt,
    dropped: Object.fromEntries(records.map((r) => [r.name, r.dropped])),
  };
  const rows: SummaryRow[] = [];
  for (const party of net.parties) {
    rows.push(await judgeOne(observation, party, s, out));
  }
  const summary = buildSummary(rows, { registryUrl: net.registryUrl, concurrency: 1 });
  const paths = writeSummary(s.out, summary);
  rows.map(rowLine).forEach((line) => out(line));
  out(`capture: ${harPath}`);
  paths.forEach((path) => out(`summary: ${path}`));
  return summary.exitCode;
}
