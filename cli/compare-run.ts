/**
 * Two BPPs side by side (`run --role bpp --target <A> … --compare-target <B> --compare-sut-id <id>
 * --compare-sut-key <key>`): the same scenarios, with the same seed and flags, run against A and then
 * B, one after the other, each as `run` runs one BPP and into its own folder (`<out>/a/`, `<out>/b/`);
 * then comparison.json and comparison.html (results/comparison.ts says what differs). The exit code is
 * a bulk run's rule over the two runs (1 if either failed, else 2 if either could not be judged, else
 * 0). A comparison issues no certificate.
 */
import { basename, join } from "node:path";
import { HarnessError } from "../protocol/errors.js";
import { buildComparison, comparedRun, differenceLine, writeComparison, type Comparison } from "../reports/comparison.js";
import { reportersOf, writeReports, type ReporterName } from "../reports/index.js";
import { compareRuns, DIFFERENCE_KINDS, verdictFor, type RunResult } from "../results/index.js";
import { ACK_DEADLINE_MS } from "../suites/core/ack-deadline.js";
import type { RunConfig } from "../suites/core/config.js";
import { printAllureHtml } from "./allure-html.js";
import { withFlags, type LoadedConfig } from "./config-file.js";
import { printable } from "./output.js";
import { createProgress, isInteractive } from "./progress.js";
import { reportMetaOf } from "./report-meta.js";
import { runConfigFrom, type RunValues } from "./run-config.js";
import { verdictLines } from "./summary-row.js";
import { runFailure, runInVitest } from "./vitest-run.js";

/** How many differences the terminal lists; comparison.json and comparison.html have them all. */
export const DIFFERENCES_PRINTED = 10;

/** Flags that start or name one SUT: a comparison runs against two BPPs already running. */
const ONE_SUT_FLAGS = ["sut-command", "sut-image", "sut-url"] as const;

function usage(message: string): never {
  throw new HarnessError("P2PC_ERR_USAGE", message);
}

/** The two runs' configs: A from --target, B from --compare-target and its id and key; every other setting the same. */
export function compareConfigs(values: RunValues): [RunConfig, RunConfig] {
  const target = values["compare-target"] ?? "";
  if ((values.role ?? "bpp") !== "bpp") {
    usage(`--compare-target compares two BPPs: it needs --role bpp, not --role ${values.role ?? ""}.`);
  }
  if (!values.target) {
    usage("--compare-target needs --target: the first BPP of the comparison.");
  }
  if (!values["compare-sut-id"] || !values["compare-sut-key"]) {
    usage("--compare-target needs --compare-sut-id and --compare-sut-key: the harness registers the second BPP's key so it can judge its signatures.");
  }
  if (!/^https?:\/\/[^\s/]+/.test(target)) {
    usage(`--compare-target "${target}" must be an http(s) URL.`);
  }
  const oneSut = ONE_SUT_FLAGS.find((flag) => values[flag] !== undefined);
  if (oneSut) {
    usage(`--${oneSut} cannot be given with --compare-target: it names one SUT; start both BPPs, then compare them.`);
  }
  const { "sut-key-id": _ownKeyId, ...shared } = values;
  const keyId = values["compare-sut-key-id"];
  const b: RunValues = {
    ...shared,
    target,
    "sut-id": values["compare-sut-id"],
    "sut-key": values["compare-sut-key"],
    ...(keyId ? { "sut-key-id": keyId } : {}),
  };
  return [runConfigFrom(values), runConfigFrom(b)];
}

interface SideRun {
  readonly result: RunResult;
  readonly paths: readonly string[];
}

/** One BPP's run into `dir`, with its reports and its verdict lines (no certificate). */
async function runSide(name: "a" | "b", config: RunConfig, dir: string, reporters: readonly ReporterName[], out: (line: string) => void): Promise<SideRun> {
  out(`${name}: the BPP suite against ${printable(config.target ?? "")} (${printable(config.sutId ?? "")})…`);
  const progress = createProgress(`${name} `, { interactive: isInteractive(), write: (text) => void process.stdout.write(text) });
  const result = await runInVitest(config, dir, { onProgress: progress.show, allure: reporters.includes("allure") })
    .catch((error: unknown) => {
      throw runFailure(error, name);
    })
    .finally(() => progress.end());
  const paths = writeReports(result, dir, reportMetaOf(config), reporters);
  verdictLines(name, result).forEach((line) => out(line));
  return { result, paths };
}

/** What the terminal says of a comparison: the differences by kind and the first few, the files, the verdict. */
export function comparisonLines(comparison: Comparison, paths: readonly string[]): string[] {
  const { differences, counts } = comparison;
  const byKind = DIFFERENCE_KINDS.filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${k}`);
  const more = differences.length - DIFFERENCES_PRINTED;
  return [
    differences.length === 0 ? "differences: none: the two BPPs answered every scenario alike" : `differences: ${differences.length} (${byKind.join(", ")})`,
    ...differences.slice(0, DIFFERENCES_PRINTED).map((d) => `  ${printable(differenceLine(d))}`),
    ...(more > 0 ? [`  … and ${more} more in comparison.json`] : []),
    ...paths.map((path) => `comparison: ${path}`),
    `${verdictFor(comparison.exitCode).toUpperCase()}: exit code ${comparison.exitCode}, the worse of a's ${comparison.a.exitCode} and b's ${comparison.b.exitCode}; no certificate: a comparison issues none (certify each BPP with a run of its own)`,
  ];
}

/** Runs a comparison; resolves with the exit code. `file` is the config file, if any. */
export async function runCompare(file: LoadedConfig | undefined, flags: RunValues, out: (line: string) => void): Promise<number> {
  if (file?.participants) {
    usage("--compare-target compares two BPPs: it cannot be given with a config that lists participants.");
  }
  const values = file ? withFlags(file.values, flags) : flags;
  const [configA, configB] = compareConfigs(values);
  const reporters = reportersOf(values.reporter);
  if (values["allure-html"] && !reporters.includes("allure")) {
    usage("--allure-html builds the Allure report from the allure results: add allure to --reporter.");
  }
  const dir = values.out ?? join("reports", "out", `compare-${new Date().toISOString().replace(/[:.]/g, "-")}`);
  out(
    `Comparing two BPPs on the same scenarios (seed ${configA.seed}, profile ${configA.profile}), one after the other: a ${printable(configA.target ?? "")}, b ${printable(configB.target ?? "")}`,
  );
  const a = await runSide("a", configA, join(dir, "a"), reporters, out);
  const b = await runSide("b", configB, join(dir, "b"), reporters, out);
  const options = { values: values["compare-values"] === true, ackDeadlineMs: ACK_DEADLINE_MS };
  const written = (side: SideRun) => ({ json: side.paths.length > 0, html: side.paths.some((p) => basename(p) === "report.html") });
  const comparison = buildComparison(
    comparedRun("a", a.result, written(a)),
    comparedRun("b", b.result, written(b)),
    compareRuns(a.result, b.result, options),
    options,
  );
  comparisonLines(comparison, writeComparison(dir, comparison)).forEach((line) => out(line));
  if (values["allure-html"]) {
    await printAllureHtml(join(dir, "a"), out);
    await printAllureHtml(join(dir, "b"), out);
  }
  return comparison.exitCode;
}
