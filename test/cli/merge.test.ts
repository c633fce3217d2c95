/** `merge` of shard outputs: what it refuses before writing anything, a missing participant, and the merged summary. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { main } from "../../cli/program.js";
import { buildSummary, type Summary, type SummaryRow } from "../../reports/summary.js";

const dir = mkdtempSync(join(tmpdir(), "p2pc-merge-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ALL = ["alpha", "bravo", "charlie", "delta"];

function row(name: string, verdict: "conformant" | "not-conformant"): SummaryRow {
  return {
    name,
    role: "bpp",
    target: `http://127.0.0.1/${name}`,
    subscriberId: `${name}.example`,
    verdict,
    exitCode: verdict === "conformant" ? 0 : 1,
    counts: { pass: 10, fail: verdict === "conformant" ? 0 : 1, warn: 0, error: 0, skip: 0 },
    report: `${name}/report.json`,
    certificate: null,
  };
}

/** A shard's output folder: its participants' folders and its summary.json. */
function shardOutput(name: string, index: number, rows: readonly SummaryRow[], shard: Partial<Summary["shard"]> = {}): string {
  const out = join(dir, name);
  for (const r of rows) {
    mkdirSync(join(out, r.name), { recursive: true });
    writeFileSync(join(out, r.name, "report.json"), `{"participant":"${r.name}"}`);
  }
  const summary = buildSummary(rows, { registryUrl: null, concurrency: 2, shard: { index, count: 2, configHash: "sha256:one", participants: ALL, ...shard } });
  writeFileSync(join(out, "summary.json"), JSON.stringify(summary));
  return out;
}

async function merge(...argv: string[]): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const code = await main(["merge", ...argv], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  return { code, text: lines.join("\n") };
}

describe("merge", () => {
  test("two shards of one config: every participant's folder copied, one summary.json, summary.html and junit.xml; the bulk exit code", async () => {
    const one = shardOutput("ok-1", 1, [row("alpha", "conformant"), row("charlie", "not-conformant")]);
    const two = shardOutput("ok-2", 2, [row("bravo", "conformant"), row("delta", "conformant")]);
    const out = join(dir, "ok-merged");
    const { code, text } = await merge(one, two, "--out", out);
    expect(code, text).toBe(1);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as Summary;
    expect(summary.participants.map((r) => [r.name, r.verdict])).toEqual([
      ["alpha", "conformant"],
      ["bravo", "conformant"],
      ["charlie", "not-conformant"],
      ["delta", "conformant"],
    ]);
    expect(summary.exitCode).toBe(1);
    expect(summary.shard).toBeUndefined();
    expect(readFileSync(join(out, "charlie", "report.json"), "utf8")).toBe('{"participant":"charlie"}');
    expect(readFileSync(join(out, "junit.xml"), "utf8")).toMatch(
      /<testcase name="charlie" classname="participants.bpp"><failure message="not conformant: 10 passed, 1 failed/,
    );
    expect(existsSync(join(out, "summary.html"))).toBe(true);
  });

  test("a participant no shard holds is a missing row, and the merge exits 2 whatever the others' verdicts", async () => {
    const one = shardOutput("gap-1", 1, [row("alpha", "conformant"), row("charlie", "not-conformant")]);
    const out = join(dir, "gap-merged");
    const { code, text } = await merge(one, "--out", out);
    expect(code).toBe(2);
    expect(text).toContain("MISSING: bravo, delta");
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as Summary;
    expect(summary.exitCode).toBe(2);
    expect(summary.participants.filter((r) => r.verdict === "missing").map((r) => r.name)).toEqual(["bravo", "delta"]);
    expect(readFileSync(join(out, "junit.xml"), "utf8")).toContain(
      '<testcase name="bravo" classname="participants.(unknown)"><error message="no shard judged this participant" type="missing">',
    );
  });

  test.for([
    ["another config", { configHash: "sha256:two" }, /is shard 2\/2 of config sha256:two/],
    ["another count", { count: 3 }, /is shard 2\/3 of config/],
    ["the same shard twice", { index: 1 }, /are both shard 1\/2/],
  ] as const)("refuses %s, and writes nothing (exit 2)", async ([name, shard, message]) => {
    const one = shardOutput(`bad-${name}-1`, 1, [row("alpha", "conformant")]);
    const two = shardOutput(`bad-${name}-2`, 2, [row("bravo", "conformant")], shard);
    const out = join(dir, `bad-${name}-merged`);
    const { code, text } = await merge(one, two, "--out", out);
    expect(code).toBe(2);
    expect(text).toMatch(message);
    expect(text).toContain("nothing was written");
    expect(existsSync(out)).toBe(false);
  });

  test("refuses a participant held by two shards, and a folder that is no shard's output", async () => {
    const one = shardOutput("dup-1", 1, [row("alpha", "conformant")]);
    const two = shardOutput("dup-2", 2, [row("alpha", "conformant")]);
    const twice = await merge(one, two, "--out", join(dir, "dup-merged"));
    expect([twice.code, twice.text]).toEqual([2, expect.stringContaining(`participant "alpha" is in ${one} and in ${two}`)]);
    const plain = join(dir, "plain");
    mkdirSync(plain);
    writeFileSync(join(plain, "summary.json"), JSON.stringify(buildSummary([], { registryUrl: null, concurrency: 1 })));
    const notShard = await merge(plain, "--out", join(dir, "plain-merged"));
    expect([notShard.code, notShard.text]).toEqual([2, expect.stringContaining("is not a shard's summary")]);
    expect(existsSync(join(dir, "dup-merged"))).toBe(false);
  });
});
