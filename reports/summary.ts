/**
 * summary.json and summary.html of a run that certified many participants: one row per
 * participant, with its verdict, its counts and where its report and certificate are.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { worseExitCode, type ExitCode, type StatusCounts, type Verdict } from "../results/index.js";
import { summaryHtml } from "./summary-html.js";
import { summaryJunit } from "./summary-junit.js";

export const SUMMARY_VERSION = "1.0.0";

/** A participant's verdict in a summary: its run's, or `missing` in a merge that no shard judged it in. */
export type SummaryVerdict = Verdict | "missing";

export interface SummaryRow {
  readonly name: string;
  readonly role: string;
  readonly target: string;
  readonly subscriberId: string;
  readonly verdict: SummaryVerdict;
  readonly exitCode: ExitCode;
  readonly counts: Readonly<StatusCounts>;
  /** Paths relative to the summary's folder; null when the run wrote none. */
  readonly report: string | null;
  /** The run's report.html, relative to the summary's folder, when it wrote one (summary.html links it). */
  readonly reportHtml?: string;
  readonly certificate: string | null;
  /** Why the participant could not be judged, when it could not. */
  readonly error?: string;
  /**
   * The run's coverage (docs/rules.md "Coverage"): the ids of its gaps (a gap not accepted makes
   * it exit 2) and of its accepted gaps, and how many checks its mode could not reach.
   */
  readonly coverage?: { readonly gaps: readonly string[]; readonly accepted: readonly string[]; readonly notReachable: number };
}

/** Which share of a sharded certification a summary holds (`run --shard <i>/<n>`). */
export interface SummaryShard {
  readonly index: number;
  readonly count: number;
  /** The hash of the config file's settings: `merge` refuses shards of different configs. */
  readonly configHash: string;
  /** Every participant of the config, sorted: `merge` names those no shard holds. */
  readonly participants: readonly string[];
}

export interface Summary {
  readonly version: typeof SUMMARY_VERSION;
  readonly generatedAt: string;
  readonly registryUrl: string | null;
  readonly concurrency: number;
  /** 1 if any participant failed, else 2 if any could not be judged, else 0. */
  readonly exitCode: ExitCode;
  readonly participants: readonly SummaryRow[];
  /** Set on a shard's summary. */
  readonly shard?: SummaryShard;
}

/**
 * 1 if any participant failed, else 2 if any could not be judged, else 0 (results' worseExitCode,
 * participant by participant). A missing participant's row has exit code 2.
 */
export function summaryExitCode(rows: readonly SummaryRow[]): ExitCode {
  return rows.reduce<ExitCode>((worst, r) => worseExitCode(worst, r.exitCode), 0);
}

export function buildSummary(
  rows: readonly SummaryRow[],
  meta: { registryUrl: string | null; concurrency: number; now?: Date; shard?: SummaryShard },
): Summary {
  return {
    version: SUMMARY_VERSION,
    generatedAt: (meta.now ?? new Date()).toISOString(),
    registryUrl: meta.registryUrl,
    concurrency: meta.concurrency,
    exitCode: summaryExitCode(rows),
    participants: rows,
    ...(meta.shard ? { shard: meta.shard } : {}),
  };
}

/** Writes summary.json, summary.html and junit.xml (one test case per participant) into `dir`; returns their paths. */
export function writeSummary(dir: string, summary: Summary): [string, string, string] {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, "summary.json");
  const html = join(dir, "summary.html");
  const junit = join(dir, "junit.xml");
  writeFileSync(json, `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(html, summaryHtml(summary));
  writeFileSync(junit, summaryJunit(summary));
  return [json, html, junit];
}
