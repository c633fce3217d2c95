import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { freePort, runCli, validateReport } from "../support/cli.js";

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
    expect(report.coverage, "a default run exercises every check").toEqual({ gaps: [], accepted: [], notReachable: [], notApplicable: [] });
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
    const table = spawnSync(process.execPath, ["--import", "tsx", "cli/main.ts", "checks"], { encoding: "utf8" });
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^SIG-003 {2}bpp {7}MUST {3}.*\n {9}how to fix: Sign /m);
    const json = spawnSync(process.execPath, ["--import", "tsx", "cli/main.ts", "checks", "--json"], { encoding: "utf8" });
    const rows = JSON.parse(json.stdout) as { id: string; ref: string; fix: string }[];
    expect(rows.map((r) => r.id)).toContain("RUN-003");
    expect(rows.every((r) => r.fix.trim() !== "" && !r.ref.includes("DESIGN"))).toBe(true);
  });
});
