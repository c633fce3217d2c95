import { parseArgs } from "node:util";
import { HarnessError } from "../../protocol/errors.js";
import { BPP_CHECKS } from "../../suites/roles/bpp/checks/index.js";
import { runLoad, type LoadProgress, type LoadReport } from "../../suites/roles/bpp/load/run-load.js";
import { isInteractive } from "../progress.js";
import { runConfigFrom } from "../run-config.js";
import { SHARED_RUN_OPTIONS } from "../run-flags.js";

export const LOAD_HELP = `Usage: p2p-conformance load [--target <url> --sut-id <id> --sut-key <base64>] [options]

Runs whole transactions (search → select → init → confirm → status) against a BPP, many at a
time, and judges each with every check, as \`run\` does. Without --target it loads the embedded
reference BPP. Transactions stop at status: the energy transfer (about 3 s on the reference's
compressed clock) is judged by \`run\`, not timed here; its on_status are counted as late.

Options:
  --target <url> --sut-id <id> --sut-key <base64> --sut-key-id <ukid>   the BPP under load, as for run
  --concurrency <n>        transactions in flight at once (default 8)
  --transactions <n>       how many transactions in all (default 100)
  --ttl <duration>         context.ttl of every request, and how long a callback is awaited (default PT10S)
  --max-time <d>           stop starting transactions after this long (default: no limit)
  --registry-port <port>   where the harness's registry listens (default 7300; 0 for any)
  --registry-url <url>     use this registry instead (the SUT must be registered there)
  --profile <name> --host <addr> --seed <n> --domain --city --country   as for run
  --json                   print the report as JSON
  -h, --help               show this help

Prints p50, p95 and p99 per action of the ACK and of the callback latency, throughput, lost
callbacks, failed checks and peak memory (RSS and heap).

Exit codes: 0 every callback arrived and every check passed; 1 a callback was lost or a check
failed; 2 the harness could not judge (a usage error, a refused first connection, a check error).

Examples:
  p2p-conformance load --transactions 1000 --concurrency 16
  p2p-conformance load --target http://127.0.0.1:3000 --sut-id bpp.acme.energy --sut-key <base64> --transactions 500`;

const LOAD_OPTIONS = { ...SHARED_RUN_OPTIONS, concurrency: { type: "string" }, transactions: { type: "string" }, json: { type: "boolean" } } as const;
const NO_LIMIT_MS = 10 * 365 * 24 * 3600 * 1000;

function count(flag: string, value: string | undefined, fallback: number): number {
  const n = Number(value ?? fallback);
  if (!Number.isInteger(n) || n < 1 || n > 10_000_000) {
    throw new HarnessError("P2PC_ERR_USAGE", `--${flag} "${value ?? ""}" must be a whole number from 1 to 10000000.`);
  }
  return n;
}

/** One line of progress: redrawn on a terminal, printed at each tenth otherwise. */
export function progressPrinter(write: (text: string) => void, interactive: boolean): { show: (p: LoadProgress) => void; end: () => void } {
  let tenth = 0;
  const text = (p: LoadProgress) =>
    `load [${(p.elapsedMs / 1000).toFixed(1)} s] ${p.done}/${p.total} transactions · ${(p.done / Math.max(p.elapsedMs / 1000, 0.001)).toFixed(1)} tx/s · lost ${p.lostCallbacks} · failed ${p.failedTransactions}`;
  return {
    show(p) {
      if (interactive) {
        write(`\r\u001b[2K${text(p)}`);
      } else if (Math.floor((p.done * 10) / p.total) > tenth) {
        tenth = Math.floor((p.done * 10) / p.total);
        write(`${text(p)}\n`);
      }
    },
    end: () => (interactive ? write("\r\u001b[2K") : undefined),
  };
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

export function loadSummary(report: LoadReport): string[] {
  const cell = (n: number) => n.toFixed(1).padStart(8);
  const failed =
    Object.entries(report.failedChecks)
      .map(([id, n]) => `${id} ×${n}`)
      .join(", ") || "none";
  return [
    `${report.transactions} transactions, concurrency ${report.concurrency}, against ${report.sut.url}: ${(report.durationMs / 1000).toFixed(1)} s, ${report.throughput.toFixed(1)} tx/s`,
    `${"action".padEnd(9)}${"ACK p50".padStart(8)}${"p95".padStart(8)}${"p99".padStart(8)}   ${"callback p50".padStart(12)}${"p95".padStart(8)}${"p99".padStart(8)}  (ms)`,
    ...report.actions.map(
      (a) =>
        `${a.action.padEnd(9)}${cell(a.ack.p50)}${cell(a.ack.p95)}${cell(a.ack.p99)}   ${cell(a.callback.p50).padStart(12)}${cell(a.callback.p95)}${cell(a.callback.p99)}`,
    ),
    `lost callbacks: ${report.lostCallbacks}; failed transactions: ${report.failedTransactions}; skipped steps: ${report.skippedSteps}; failed checks: ${failed}`,
    `late callbacks (after their transaction was judged, e.g. the transfer's on_status): ${report.lateCallbacks}; dropped past the evidence caps: ${report.droppedCallbacks}`,
    `peak memory: RSS ${mb(report.peakRssBytes)}, heap ${mb(report.peakHeapBytes)}`,
    ...(report.infrastructureError ? [`error: ${report.infrastructureError}`] : []),
    report.exitCode === 0
      ? "PASS: every callback arrived and every check passed"
      : report.exitCode === 1
        ? "FAIL: a callback was lost or a check failed"
        : "COULD NOT JUDGE",
  ];
}

/** Runs `load`; resolves with the exit code. */
export async function runLoadCommand(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: LOAD_OPTIONS });
  if (values.help) {
    out(LOAD_HELP);
    return 0;
  }
  const { concurrency, transactions, json, ...runValues } = values;
  if (runValues.role !== undefined && runValues.role !== "bpp") {
    throw new HarnessError("P2PC_ERR_USAGE", `load runs against a BPP; --role "${runValues.role}" is not supported.`);
  }
  const config = runConfigFrom(runValues);
  const options = { concurrency: count("concurrency", concurrency, 8), transactions: count("transactions", transactions, 100) };
  const progress = progressPrinter((text) => void process.stdout.write(text), isInteractive());
  const report = await runLoad({ ...config, maxTimeMs: runValues["max-time"] ? config.maxTimeMs : NO_LIMIT_MS }, BPP_CHECKS, {
    ...options,
    ...(json ? {} : { onTransaction: progress.show }),
  }).finally(progress.end);
  if (json) {
    out(JSON.stringify(report, null, 2));
  } else {
    loadSummary(report).forEach((line) => out(line));
  }
  return report.exitCode;
}
