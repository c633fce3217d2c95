import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RunResult } from "../suites/engine/run-result.js";
import type { ResultStatus } from "../suites/engine/types.js";

export const REPORT_VERSION = "1.0.0";

export interface ReportMeta {
  readonly profile: string;
  readonly tool: string;
  /** `--closed` was on: unknown properties were warned (SCH-002). */
  readonly closed?: boolean;
}

/** report.json (schema: reports/report.schema.json). Holds public keys only: never a private key. */
export function buildReport(result: RunResult, meta: ReportMeta): Record<string, unknown> {
  const summary: Record<ResultStatus, number> = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
  for (const r of result.results) {
    summary[r.status] += 1;
  }
  const verdict = result.exitCode === 0 ? "conformant" : result.exitCode === 1 ? "not-conformant" : "error";
  return {
    version: REPORT_VERSION,
    run: {
      id: result.runId, role: result.role, profile: meta.profile, target: result.sut.url, startedAt: result.startedAt, durationMs: result.durationMs,
      verdict, exitCode: result.exitCode, tool: meta.tool, ...(result.requestShape ? { requestShape: result.requestShape } : {}), ...(meta.closed ? { closed: true } : {}),
      ...(result.infrastructureError ? { infrastructureError: result.infrastructureError } : {}),
      ...(result.evidenceDropped ? { evidenceDropped: result.evidenceDropped } : {}),
    },
    sut: { subscriberId: result.sut.subscriberId, publicKey: result.sut.publicKey, url: result.sut.url, ...(result.sut.publicUrl ? { publicUrl: result.sut.publicUrl } : {}), embedded: result.sut.embedded, ...(result.sut.uniqueKeyId ? { uniqueKeyId: result.sut.uniqueKeyId } : {}) },
    results: result.results,
    exchanges: result.exchanges,
    skipped: result.skipped,
    coverage: result.coverage,
    summary,
  };
}

/** Writes report.json into `dir` (created if needed); returns its path. */
export function writeJsonReport(dir: string, report: Record<string, unknown>): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "report.json");
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  return path;
}
