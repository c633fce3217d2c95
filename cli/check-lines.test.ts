import { describe, expect, test } from "vitest";
import type { CheckResult } from "../results/index.js";
import { checkLines, fixFirstInline, MAX_CHECK_BLOCKS } from "./check-lines.js";

const row = (id: string, exchange: string, extra: Partial<CheckResult> = {}): CheckResult => ({
  id,
  status: "fail",
  severity: "MUST",
  title: `title of ${id}`,
  ref: `ref of ${id}`,
  scenario: `scenario-${exchange}`,
  step: "search",
  exchange,
  findings: [{ checkId: id, message: `${id} on ${exchange}` }],
  ...extra,
});

describe("checkLines", () => {
  test("prints one block per check with its count, its first finding and its fix, after the checks to fix first", () => {
    const results = [
      row("SIG-003", "e1"),
      ...["e1", "e2", "e3"].map((x) => row("CTX-003", x)),
      row("BIZ-001", "e9"),
      row("SCH-002", "e1", { status: "warn", severity: "SHOULD" }),
    ];
    expect(checkLines(results, { "CTX-003": { fix: "Echo the request's message_id." } })).toEqual([
      "Fix first:",
      "  1. CTX-003 ×3 on 3 exchanges in 3 scenarios: title of CTX-003",
      "  2. SIG-003 ×1 on 1 exchange in 1 scenario: title of SIG-003; may explain SCH-002",
      "  3. BIZ-001 ×1 on 1 exchange in 1 scenario: title of BIZ-001",
      "FAIL  CTX-003 ×3 on 3 exchanges in 3 scenarios: title of CTX-003 (ref of CTX-003)",
      "        [scenario-e1/search] CTX-003 on e1",
      "        fix: Echo the request's message_id.",
      "FAIL  SIG-003 ×1 on 1 exchange in 1 scenario: title of SIG-003 (ref of SIG-003)",
      "        [scenario-e1/search] SIG-003 on e1",
      "FAIL  BIZ-001 ×1 on 1 exchange in 1 scenario: title of BIZ-001 (ref of BIZ-001)",
      "        [scenario-e9/search] BIZ-001 on e9",
      "WARN  SCH-002 ×1 on 1 exchange in 1 scenario: title of SCH-002 (ref of SCH-002)",
      "        [scenario-e1/search] SCH-002 on e1",
    ]);
  });

  test("names what a root cause may explain, run-level rows included", () => {
    const lines = checkLines([row("RUN-002", "", { scenario: null, step: null, exchange: null }), row("ACK-001", "e1"), row("ACK-001", "e2")]);
    expect(lines.slice(0, 2)).toEqual(["Fix first:", "  1. RUN-002 ×1 on the run as a whole: title of RUN-002; may explain ACK-001"]);
    expect(lines).toContain("        [run] RUN-002 on ");
    expect(fixFirstInline([row("RUN-002", "", { scenario: null, step: null, exchange: null }), row("ACK-001", "e1")])).toBe(
      "fix first: RUN-002 ×1 on the run as a whole; ACK-001 ×1 on 1 exchange in 1 scenario",
    );
  });

  test("names at most six checks a root cause may explain", () => {
    const hidden = ["BIZ-001", "BIZ-002", "BIZ-003", "BIZ-004", "BIZ-005", "BIZ-006", "BIZ-007", "BIZ-008"].map((id) => row(id, "e1"));
    const lines = checkLines([row("SIG-003", "e1"), ...hidden]);
    expect(lines[1]).toBe(
      "  1. SIG-003 ×1 on 1 exchange in 1 scenario: title of SIG-003; may explain BIZ-001, BIZ-002, BIZ-003, BIZ-004, BIZ-005, BIZ-006 and 2 more",
    );
  });

  test("is bounded, and never prints a SUT's control characters", () => {
    const many = Array.from({ length: MAX_CHECK_BLOCKS + 7 }, (_, i) =>
      row(`BIZ-${String(i).padStart(3, "0")}`, `e${i}`, { findings: [{ checkId: "x", message: `\u001b[31mred\u0007${"y".repeat(1000)}` }] }),
    );
    const lines = checkLines(many);
    expect(lines.filter((l) => l.startsWith("FAIL  "))).toHaveLength(MAX_CHECK_BLOCKS);
    expect(lines.at(-1)).toBe("… and 7 more checks that went wrong: see report.html or report.json");
    // The fix-first list (a title and 5), two lines per block, and the line that counts the rest.
    expect(lines).toHaveLength(1 + 5 + 2 * MAX_CHECK_BLOCKS + 1);
    // eslint-disable-next-line no-control-regex
    expect(lines.join("\n")).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    // The message escaped, then cut at 300 characters, the last an ellipsis.
    expect(lines[7]).toBe(`        [scenario-e0/search] \\u001b[31mred\\u0007${"y".repeat(299 - 19)}…`);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(400);
  });

  test("says nothing for a run where nothing went wrong", () => {
    expect(checkLines([row("BIZ-001", "e1", { status: "pass", findings: [] })])).toEqual([]);
    expect(fixFirstInline([])).toBe("");
  });
});
