import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { HarnessError } from "../protocol/errors.js";
import type { RunResult } from "../results/index.js";
import { REPORTER_NAMES, reportersOf, WRITERS, writeReports } from "./index.js";

const RUN: RunResult = {
  role: "registry",
  runId: "run-1",
  startedAt: "2026-12-05T00:00:00.000Z",
  durationMs: 10,
  exitCode: 0,
  sut: { url: "http://registry.example", subscriberId: "registry.example", publicKey: "AAAA", embedded: false },
  results: [{ id: "REG-001", status: "pass", severity: "MUST", title: "t", ref: "r", scenario: "s", step: "lookup", exchange: null, findings: [] }],
  exchanges: [],
  skipped: [],
  coverage: { gaps: [], accepted: [], notReachable: [], notApplicable: [] },
};

describe("reportersOf", () => {
  test("every format when none is named; the named ones, deduplicated, from repeated comma lists", () => {
    expect(reportersOf(undefined)).toEqual(["json", "html", "junit", "har", "allure"]);
    expect(reportersOf(["html, junit", "html"])).toEqual(["html", "junit"]);
  });

  test("an unknown name is a usage error that lists the known ones", () => {
    expect(() => reportersOf(["xml"])).toThrow(HarnessError);
    expect(() => reportersOf(["xml"])).toThrow(`--reporter "xml" is not a report format; choose from ${REPORTER_NAMES.join(", ")}.`);
  });
});

describe("writeReports", () => {
  test("writes report.json whatever is named, then each named writer's file; returns report.json's path first", () => {
    const dir = mkdtempSync(join(tmpdir(), "p2pc-writers-"));
    try {
      const paths = writeReports(RUN, dir, { profile: "p2p-trade-guide-v1", tool: "t" }, ["har"]);
      expect(paths).toEqual([join(dir, "report.json"), join(dir, "evidence.har")]);
      expect(readdirSync(dir).sort()).toEqual(["evidence.har", "report.json"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("every writer writes one file of its own", () => {
    const dir = mkdtempSync(join(tmpdir(), "p2pc-writers-"));
    try {
      const paths = writeReports(RUN, dir, { profile: "p2p-trade-guide-v1", tool: "t" }, REPORTER_NAMES);
      expect(paths).toHaveLength(Object.keys(WRITERS).length);
      expect(new Set(paths).size).toBe(paths.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
