import { expect, test } from "vitest";
import { buildReport } from "../reports/json.js";
import type { RunResult } from "../results/index.js";
import { RUN_CHECKS } from "../suites/core/run-checks.js";
import { ALL_CHECKS_BY_ID } from "../suites/roles/catalogue.js";
import { checkNotes, reportMetaOf } from "./report-meta.js";

test("takes each check's fix line where it has one, and skips those without", () => {
  expect(
    checkNotes([
      { id: "CTX-003", fix: "Echo the request's message_id." } as { id: string },
      { id: "CTX-004" },
      { id: "CTX-005", fix: "  " } as { id: string },
      { id: "CTX-006", fix: 3 } as { id: string },
    ]),
  ).toEqual({ "CTX-003": { fix: "Echo the request's message_id." } });
});

test("reads the catalogue's checks and the run-level checks", () => {
  const known = new Set([...ALL_CHECKS_BY_ID.keys(), ...RUN_CHECKS.map((c) => c.id)]);
  const notes = checkNotes();
  for (const [id, { fix }] of Object.entries(notes)) {
    expect(known.has(id), id).toBe(true);
    expect(fix.trim()).not.toBe("");
  }
  const fixed = [...ALL_CHECKS_BY_ID.values(), ...RUN_CHECKS].filter((c) => "fix" in c && typeof c.fix === "string" && c.fix.trim() !== "");
  expect(Object.keys(notes).sort()).toEqual(fixed.map((c) => c.id).sort());
});

test("gives the reports the run's settings, and leaves report.json as it was", () => {
  const meta = reportMetaOf({ profile: "core-1.1.0", closed: true });
  expect(meta).toMatchObject({ profile: "core-1.1.0", closed: true, tool: "p2p-energy-conformance" });
  expect(reportMetaOf({ profile: "core-1.1.0" })).not.toHaveProperty("closed");
  const run: RunResult = {
    role: "bpp",
    runId: "r",
    startedAt: "2026-01-01T00:00:00.000Z",
    durationMs: 1,
    sut: { url: "http://sut.example", subscriberId: "bpp.example", publicKey: "k", embedded: false },
    results: [
      {
        id: "CTX-003",
        status: "fail",
        severity: "MUST",
        title: "t",
        ref: "r",
        scenario: "s",
        step: "search",
        exchange: "e",
        findings: [{ checkId: "CTX-003", message: "m" }],
      },
    ],
    exchanges: [],
    skipped: [],
    coverage: { gaps: [], accepted: [], notReachable: [], notApplicable: [] },
    exitCode: 1,
  };
  const withFix = { ...meta, checks: { "CTX-003": { fix: "Echo it." } }, repositoryUrl: "https://github.com/acme/p2p" };
  expect(buildReport(run, withFix)).toEqual(buildReport(run, { profile: "core-1.1.0", closed: true, tool: "p2p-energy-conformance" }));
  expect(JSON.stringify(buildReport(run, withFix))).not.toMatch(/Echo it|github/);
});
