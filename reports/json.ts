import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  countByStatus,
  verdictFor,
  type CheckResult,
  type Coverage,
  type Exchange,
  type ExitCode,
  type Role,
  type RunResult,
  type SkippedStep,
  type StatusCounts,
  type CheckNotes,
  type Verdict,
} from "../results/index.js";

export const REPORT_VERSION = "1.0.0";

/** What a report says of a run beyond its result: the settings it was judged under. */
export interface ReportMeta {
  readonly profile: string;
  readonly tool: string;
  /** `--closed` was on: unknown properties were warned (SCH-002). */
  readonly closed?: boolean;
  /**
   * What report.html says beside a failing check, by check id: how to fix it (the catalogue's `fix`).
   * Presentation only: report.json does not carry it.
   */
  readonly checks?: Readonly<Record<string, CheckNotes>>;
  /** The package's public repository (package.json `repository`), where report.html links each check's entry in docs/checks.md. */
  readonly repositoryUrl?: string;
}

/** report.json (schema: reports/report.schema.json). Holds public keys only: never a private key. */
export interface JsonReport {
  readonly version: string;
  readonly run: {
    readonly id: string;
    readonly role: Role;
    readonly profile: string;
    readonly target: string;
    readonly startedAt: string;
    readonly durationMs: number;
    readonly verdict: Verdict;
    readonly exitCode: ExitCode;
    readonly tool: string;
    readonly requestShape?: "guide" | "core";
    readonly closed?: true;
    readonly infrastructureError?: string;
    readonly evidenceDropped?: string;
  };
  readonly sut: RunResult["sut"];
  readonly results: readonly CheckResult[];
  readonly exchanges: readonly Exchange[];
  readonly skipped: readonly SkippedStep[];
  readonly coverage: Coverage;
  readonly summary: StatusCounts;
}

export function buildReport(result: RunResult, meta: ReportMeta): JsonReport {
  const { sut } = result;
  return {
    version: REPORT_VERSION,
    run: {
      id: result.runId,
      role: result.role,
      profile: meta.profile,
      target: sut.url,
      startedAt: result.startedAt,
      durationMs: result.durationMs,
      verdict: verdictFor(result.exitCode),
      exitCode: result.exitCode,
      tool: meta.tool,
      ...(result.requestShape ? { requestShape: result.requestShape } : {}),
      ...(meta.closed ? { closed: true as const } : {}),
      ...(result.infrastructureError ? { infrastructureError: result.infrastructureError } : {}),
      ...(result.evidenceDropped ? { evidenceDropped: result.evidenceDropped } : {}),
    },
    sut: {
      subscriberId: sut.subscriberId,
      publicKey: sut.publicKey,
      url: sut.url,
      ...(sut.publicUrl ? { publicUrl: sut.publicUrl } : {}),
      embedded: sut.embedded,
      ...(sut.uniqueKeyId ? { uniqueKeyId: sut.uniqueKeyId } : {}),
    },
    results: result.results,
    exchanges: result.exchanges,
    skipped: result.skipped,
    coverage: result.coverage,
    summary: countByStatus(result.results),
  };
}

/** Writes report.json into `dir` (created if needed); returns its path. */
export function writeJsonReport(result: RunResult, dir: string, meta: ReportMeta): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "report.json");
  writeFileSync(path, `${JSON.stringify(buildReport(result, meta), null, 2)}\n`);
  return path;
}
