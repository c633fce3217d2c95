/**
 * The report formats: one writer each, all taking a run's `RunResult` (results/). A new format is
 * one writer file plus one line in WRITERS.
 */
import { HarnessError } from "../protocol/errors.js";
import type { RunResult } from "../results/index.js";
import { writeHar } from "./har.js";
import { writeHtmlReport } from "./html.js";
import { writeJsonReport, type ReportMeta } from "./json.js";
import { writeJunit } from "./junit.js";

/** Writes one format of a run's report into `dir` (created if needed); returns the file's path. */
export type ReportWriter = (result: RunResult, dir: string, meta: ReportMeta) => string;

export const WRITERS = {
  json: writeJsonReport,
  html: writeHtmlReport,
  junit: writeJunit,
  har: writeHar,
} as const satisfies Record<string, ReportWriter>;

export type WriterName = keyof typeof WRITERS;

/**
 * What `--reporter` (config `reporters`) may name: the writers, and `allure`, whose results
 * allure-vitest writes while the suite runs. report.json is written whatever is named: certificates
 * and bulk summaries hash and point at it.
 */
export type ReporterName = WriterName | "allure";
export const REPORTER_NAMES: readonly ReporterName[] = [...(Object.keys(WRITERS) as WriterName[]), "allure"];

/** The reporters of `--reporter` values (repeatable, comma lists); every one when none is given. An unknown name is a usage error. */
export function reportersOf(values: readonly string[] | undefined): ReporterName[] {
  if (values === undefined) {
    return [...REPORTER_NAMES];
  }
  const names = [
    ...new Set(
      values
        .flatMap((v) => v.split(","))
        .map((n) => n.trim())
        .filter((n) => n !== ""),
    ),
  ];
  const unknown = names.filter((n) => !(REPORTER_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new HarnessError("P2PC_ERR_USAGE", `--reporter "${unknown.join(",")}" is not a report format; choose from ${REPORTER_NAMES.join(", ")}.`);
  }
  return names as ReporterName[];
}

/** Writes report.json and every other format named; returns their paths, report.json's first. */
export function writeReports(result: RunResult, dir: string, meta: ReportMeta, reporters: readonly ReporterName[]): string[] {
  const others = (Object.keys(WRITERS) as WriterName[]).filter((name) => name !== "json" && reporters.includes(name));
  return ["json" as const, ...others].map((name) => WRITERS[name](result, dir, meta));
}
