/**
 * Certifying many participants (`run --config` with `participants`): one registry shared by all
 * runs (DESIGN "Ports"), each participant preloaded in it; the runs go through vitest in parallel,
 * up to `--concurrency`, each into its own folder `<out>/<name>/`; then summary.json and
 * summary.html. Exit code: 1 if any participant failed, else 2 if any could not be judged, else 0.
 */
import { join } from "node:path";
import { ROLE_SETUP } from "../suites/roles/catalogue.js";
import { HarnessError } from "../protocol/errors.js";
import { enrol, startRegistry, type RunningRegistry } from "../mocks/registry/index.js";
import { reportersOf, writeReports, type ReporterName } from "../reports/index.js";
import { buildSummary, writeSummary, type SummaryRow } from "../reports/summary.js";
import type { RunConfig } from "../suites/core/config.js";
import { certify, loadIssuer, type Issuer } from "./certify.js";
import { withFlags, type FlagValues, type LoadedConfig } from "./config-file.js";
import { printable } from "./output.js";
import { reportMetaOf } from "./report-meta.js";
import { runConfigFrom, type RunValues } from "./run-config.js";
import { couldNotJudgeRow, rowLine, summaryRowOf, verdictLines } from "./summary-row.js";
import { parseShard, shareOf, summaryShard } from "./shard.js";
import { runInVitest } from "./vitest-run.js";

export const DEFAULT_CONCURRENCY = 2;

interface Plan {
  readonly name: string;
  readonly config: RunConfig;
  /** The report formats to write besides report.json (`--reporter`, `reporters`). */
  readonly reporters: readonly ReporterName[];
}

function concurrencyOf(value: string | undefined): number {
  const n = Number(value ?? DEFAULT_CONCURRENCY);
  if (!Number.isInteger(n) || n < 1 || n > 32) {
    throw new HarnessError("P2PC_ERR_USAGE", `--concurrency "${value ?? ""}" must be a whole number from 1 to 32.`);
  }
  return n;
}

/** Every participant's run config, built before any run starts, so a bad value stops all of them. */
function plansOf(file: LoadedConfig, flags: RunValues): Plan[] {
  for (const flag of ["target", "sut-id", "sut-key", "sut-key-id", "sut-command", "sut-image", "sut-encr-key"] as const) {
    if ((flags as FlagValues)[flag] !== undefined) {
      throw new HarnessError("P2PC_ERR_USAGE", `--${flag} cannot be given with a config that lists participants: each participant has its own.`);
    }
  }
  return (file.participants ?? []).map((p, i) => {
    try {
      const values = withFlags(p.values, flags);
      return { name: p.name, config: runConfigFrom(values), reporters: reportersOf(values.reporter) };
    } catch (error) {
      throw error instanceof HarnessError ? new HarnessError("P2PC_ERR_CONFIG", `${file.path}: /participants/${i} (${p.name}): ${error.message}`) : error;
    }
  });
}

/** Whether a participant's run uses the bulk run's shared registry: its role shares one (the BPP's) and it has a target. */
const sharesRegistry = (p: Plan): boolean => ROLE_SETUP[p.config.role].sharesRegistry === true && p.config.target !== undefined;

/**
 * The registry the BPP participants share, each preloaded as SUBSCRIBED. The other roles' runs
 * start their own (the BAP and gateway suites preload their counterparts there), on their own port.
 */
async function sharedRegistry(plans: readonly Plan[], file: LoadedConfig): Promise<RunningRegistry | undefined> {
  const bpps = plans.filter(sharesRegistry);
  const first = bpps[0];
  if (!first) {
    return undefined;
  }
  const { host, registryPort } = first.config;
  plans.forEach((p, i) => {
    if (!ROLE_SETUP[p.config.role].sharesRegistry && registryPort !== 0 && p.config.registryPort === registryPort) {
      throw new HarnessError(
        "P2PC_ERR_CONFIG",
        `${file.path}: /participants/${i}/registryPort: a ${p.config.role} run starts its own registry, and ${registryPort} is the BPP participants' shared one; give it another port.`,
      );
    }
  });
  const registry = await startRegistry({ host, port: registryPort }).catch((error: Error) => {
    throw new HarnessError(
      /EADDRINUSE/.test(error.message) ? "P2PC_ERR_PORT_IN_USE" : "P2PC_ERR_RUN_FAILED",
      `Cannot start the shared registry: ${error.message}`,
    );
  });
  for (const { config } of bpps) {
    if (config.sutId && config.sutKey && config.target) {
      enrol(
        registry.registry,
        { subscriberId: config.sutId, type: "BPP", uniqueKeyId: config.sutKeyId ?? "default", signingPublicKey: config.sutKey },
        config.target.replace(/\/+$/, ""),
        config.domain,
      );
    }
  }
  return registry;
}

/** Runs up to `limit` tasks at once, keeping the order of the results. */
async function pool<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** One participant: its run, its reports and (on a pass) its certificate; never throws. */
async function certifyOne(plan: Plan, outDir: string, issuer: Issuer, out: (line: string) => void): Promise<SummaryRow> {
  const dir = join(outDir, plan.name);
  const { config } = plan;
  const base = { name: plan.name, role: config.role, target: config.target ?? "(embedded)", subscriberId: config.sutId ?? "(not given)" };
  try {
    const result = await runInVitest(config, dir, { allure: plan.reporters.includes("allure") });
    const paths = writeReports(result, dir, reportMetaOf(config), plan.reporters);
    const issued = certify(result, paths[0] ?? "", { profile: config.profile, issuer });
    verdictLines(plan.name, result).forEach((line) => out(line));
    return summaryRowOf(base, result, paths, outDir, issued?.path ?? null);
  } catch (error) {
    const message = error instanceof HarnessError ? `${error.message} [${error.code}]` : (error as Error).message;
    out(`${plan.name}: COULD NOT JUDGE: ${printable(message)}`);
    return couldNotJudgeRow(base, message);
  }
}

/** Runs every participant of `file`; resolves with the exit code. */
export async function runBulk(file: LoadedConfig, flags: RunValues, out: (line: string) => void): Promise<number> {
  const top = withFlags(file.values, flags);
  const concurrency = concurrencyOf(top.concurrency);
  const all = plansOf(file, flags);
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  const share = shard
    ? shareOf(
        all.map((p) => p.name),
        shard,
      )
    : undefined;
  const plans = share ? all.filter((p) => share.has(p.name)) : all;
  const issuer = loadIssuer(top["issuer-key"]);
  const outDir = top.out ?? join("reports", "out", `participants-${new Date().toISOString().replace(/[:.]/g, "-")}`);
  const registry = top["registry-url"] ? undefined : await sharedRegistry(plans, file);
  const registryUrl = top["registry-url"] ?? registry?.url ?? null;
  const which = shard ? `${plans.length} of ${all.length} participants (shard ${shard.index}/${shard.count})` : `${plans.length} participants`;
  out(`Certifying ${which}, ${concurrency} at once${registryUrl ? `, BPPs through the registry at ${registryUrl}` : ""}…`);
  let rows: SummaryRow[];
  try {
    // An embedded reference BPP is not in the shared registry: its run keeps a registry of its own.
    const withRegistry = plans.map((p) => (registry && sharesRegistry(p) ? { ...p, config: { ...p.config, registryUrl: registry.url } } : p));
    rows = await pool(withRegistry, concurrency, (plan) => certifyOne(plan, outDir, issuer, out));
  } finally {
    await registry?.close();
  }
  const shardMeta = shard
    ? {
        shard: summaryShard(
          shard,
          file.path,
          all.map((p) => p.name),
        ),
      }
    : {};
  const summary = buildSummary(rows, { registryUrl, concurrency, ...shardMeta });
  const paths = writeSummary(outDir, summary);
  rows.map(rowLine).forEach((line) => out(line));
  paths.forEach((path) => out(`summary: ${path}`));
  return summary.exitCode;
}
