import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { ALL_CHECKS_BY_ID } from "../../suites/roles/catalogue.js";
import { CLI, freePort, runCli, validateReport } from "../support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "p2pc-run-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const QUICK = ["--registry-port", "0", "--ttl", "PT2S", "--quiet-window", "300ms", "--transfer-timeout", "6s"];

const run = (...args: string[]) => runCli(["run", ...args]);

describe("p2p-conformance run --role bpp", () => {
  test("passes the embedded reference BPP with exit 0 and writes a valid report.json and Allure results", { timeout: 90_000 }, async () => {
    const out = join(dir, "clean");
    const result = await run("--role", "bpp", ...QUICK, "--out", out);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^CONFORMANT: \d+ passed, 0 failed/m);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as {
      run: { verdict: string; requestShape?: string };
      results: { id: string }[];
      coverage: unknown;
    };
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    expect(report.run.verdict).toBe("conformant");
    // SCN-001 judges only scenario files made from a capture (docs/rules.md "Scenarios from captures"): not applicable in a default run.
    expect(report.coverage, "a default run exercises every check").toEqual({
      gaps: [],
      accepted: [],
      notReachable: [],
      notApplicable: [{ checkId: "SCN-001", severity: "MUST", reason: expect.stringMatching(/^Not applicable: no step of this run states values to expect/) }],
    });
    expect(report.run.requestShape).toBe("guide");
    expect(result.stdout).toMatch(/profile p2p-trade-guide-v1, guide request shapes/);
    expect(new Set(report.results.map((r) => r.id)).size).toBeGreaterThanOrEqual(60);
    for (const file of ["report.json", "report.html", "junit.xml", "evidence.har"]) {
      expect(result.stdout).toContain(`report: ${join(out, file)}`);
      expect(readFileSync(join(out, file), "utf8")).not.toMatch(/signingPrivateKey|privateKey|encryptionPrivateKey/);
    }
    expect(readFileSync(join(out, "junit.xml"), "utf8")).toMatch(/^<\?xml/);
  });

  test("exits 1 against a faulty BPP and names the failing check", { timeout: 90_000 }, async () => {
    const result = await run("--role", "bpp", ...QUICK, "--bpp-fault", "biz.wrong-quote", "--out", join(dir, "faulty"));
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^FAIL {2}BIZ-001 /m);
    expect(result.stdout).toMatch(/^NOT CONFORMANT: /m);
  });

  test("groups a systematic mistake into one block per failing check, with its count, in the terminal and in report.html", { timeout: 90_000 }, async () => {
    const out = join(dir, "systematic");
    // The BPP names a wrong bpp_uri in every callback: CTX-010 fails on every exchange that got one.
    const result = await run("--role", "bpp", ...QUICK, "--bpp-fault", "ctx.wrong-bpp-uri", "--reporter", "json,html", "--out", out);
    expect(result.status).toBe(1);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as {
      results: { id: string; status: string; scenario: string | null; exchange: string | null }[];
    };
    const failed = report.results.filter((r) => r.status === "fail");
    expect(new Set(failed.map((r) => r.id))).toEqual(new Set(["CTX-010"]));
    expect(failed.length, "a systematic mistake fails on many exchanges").toBeGreaterThan(10);
    const count = `${failed.length} exchanges in ${new Set(failed.map((r) => r.scenario)).size} scenarios`;
    expect(new Set(failed.map((r) => r.exchange)).size).toBe(failed.length);

    // The terminal: the check to fix first, then one block with its count, its first finding and (when the catalogue has one) its fix.
    const lines = result.stdout.split("\n");
    expect(lines.filter((l) => /^(FAIL|ERROR|WARN) /.test(l))).toEqual([
      `FAIL  CTX-010 ×${failed.length} on ${count}: Callbacks carry the SUT's bpp_uri (core 1.1.0 Context.bpp_uri)`,
    ]);
    expect(result.stdout).toContain(`Fix first:\n  1. CTX-010 ×${failed.length} on ${count}: Callbacks carry the SUT's bpp_uri\n`);
    const block = lines.indexOf(lines.find((l) => l.startsWith("FAIL  CTX-010")) ?? "");
    expect(lines[block + 1]).toMatch(/^ {8}\[[a-z-]+\/[a-z-]+\] `context\.bpp_uri` must be the SUT's URL as registered/);
    expect(result.stdout.match(/`context\.bpp_uri` must be/g)).toHaveLength(1);
    const check = ALL_CHECKS_BY_ID.get("CTX-010");
    const fix = check && "fix" in check && typeof check.fix === "string" ? check.fix : undefined;
    // The block ends with its fix line where the catalogue gives one; the verdict comes next either way.
    const next = lines[block + 2] ?? "";
    expect(fix === undefined ? next.replace(/:.*/, "") : next).toBe(fix === undefined ? "NOT CONFORMANT" : `        fix: ${fix}`);
    expect(result.stdout).toMatch(/^NOT CONFORMANT: \d+ passed, \d+ failed/m);

    // report.html: one block, its count, the first finding open and the rest folded.
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html.match(/<div class="check [a-z]+" id="check-[a-z0-9-]+">/g)).toEqual(['<div class="check fail" id="check-ctx-010">']);
    expect(html).toContain(`<p class="spread">Failed on ${count}</p>`);
    expect(html.match(/<details class="finding" open>/g)).toHaveLength(1);
    expect(html.match(/<details class="finding">/g)).toHaveLength(failed.length - 1);
    expect(html).toMatch(/<h2>Fix first<\/h2><ol class="fix-first"><li><a href="#check-ctx-010">/);
  });

  test("exits 2 when the target refuses its first connection", { timeout: 90_000 }, async () => {
    const port = await freePort();
    const result = await run(
      "--role",
      "bpp",
      ...QUICK,
      "--target",
      `http://127.0.0.1:${port}`,
      "--sut-id",
      "bpp.example",
      "--sut-key",
      "awGPjRK6i/Vg/lWr+0xObclVxlwZXvTjWYtlu6NeOHk=",
      "--out",
      join(dir, "refused"),
    );
    expect(result.status).toBe(2);
    expect(result.stdout).toContain(`http://127.0.0.1:${port} refused the first connection`);
  });

  test.for([
    [["--role", "seller"], /--role "seller" is not a role; use one of bpp, bap, gateway, registry/],
    [["--role", "bpp", "--passive"], /--passive is for --role bap only/],
    [["--profile", "nope"], /--profile "nope" is not a profile/],
    [["--ttl", "10s"], /--ttl "10s" is not an ISO 8601 duration/],
    [["--target", "http://127.0.0.1:3000"], /--target needs --sut-id and --sut-key/],
    [["--quiet-window", "soon"], /--quiet-window "soon" is not a duration/],
  ] as const)("refuses %j with exit 2 and a clear message", { timeout: 60_000 }, async ([args, message]) => {
    const result = await run(...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

describe("p2p-conformance checks", () => {
  test("lists the catalogue as a table and as JSON", () => {
    const table = spawnSync(process.execPath, [...CLI, "checks"], { encoding: "utf8" });
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^SIG-003 {2}bpp {7}MUST {3}.*\n {9}how to fix: Sign /m);
    const json = spawnSync(process.execPath, [...CLI, "checks", "--json"], { encoding: "utf8" });
    const rows = JSON.parse(json.stdout) as { id: string; ref: string; fix: string }[];
    expect(rows.map((r) => r.id)).toContain("RUN-003");
    expect(rows.every((r) => r.fix.trim() !== "" && !r.ref.includes("DESIGN"))).toBe(true);
  });
});
