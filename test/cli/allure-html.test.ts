import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { allureCli, buildAllureHtml } from "../../cli/allure-html.js";
import { runCli } from "../support/cli.js";

interface Summary {
  readonly stats: { readonly total: number; readonly passed?: number; readonly failed?: number; readonly broken?: number };
}

/** One Allure result as allure-vitest writes it (the fields `allure generate` reads). */
function allureResult(name: string, status: "passed" | "failed"): Record<string, unknown> {
  const uuid = randomUUID();
  return {
    uuid,
    name,
    fullName: `suite#${name}`,
    historyId: uuid,
    testCaseId: uuid,
    status,
    stage: "finished",
    start: 1_700_000_000_000,
    stop: 1_700_000_000_010,
    labels: [{ name: "checkId", value: name.split(" ")[0] }],
    steps: [],
    attachments: [],
    parameters: [],
  };
}

const summaryOf = (outDir: string): Summary => JSON.parse(readFileSync(join(outDir, "allure-report", "summary.json"), "utf8")) as Summary;

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "p2pc-allure-html-"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("buildAllureHtml", () => {
  test("builds allure-report/index.html from the run's allure-results with the Allure 3 CLI", { timeout: 120_000 }, async () => {
    expect(allureCli()).toMatch(/node_modules\/allure\/cli\.js$/);
    const out = join(dir, "two");
    mkdirSync(join(out, "allure-results"), { recursive: true });
    for (const [name, status] of [
      ["SIG-001 The signature verifies", "passed"],
      ["BIZ-001 The quote adds up", "failed"],
    ] as const) {
      const result = allureResult(name, status);
      writeFileSync(join(out, "allure-results", `${String(result["uuid"])}-result.json`), JSON.stringify(result));
    }
    const built = await buildAllureHtml(out);
    expect(built).toEqual({ ok: true, path: join(out, "allure-report", "index.html") });
    expect(readFileSync(join(out, "allure-report", "index.html"), "utf8")).toMatch(/<html/i);
    expect(summaryOf(out).stats).toMatchObject({ total: 2, passed: 1, failed: 1 });
  });

  test("says why when there are no results, no CLI, or the CLI fails", async () => {
    const empty = join(dir, "empty");
    mkdirSync(empty, { recursive: true });
    expect(await buildAllureHtml(empty)).toEqual({ ok: false, reason: `there are no Allure results in ${join(empty, "allure-results")}` });
    expect(await buildAllureHtml(empty, { cli: undefined })).toEqual({
      ok: false,
      reason: "the Allure 3 command line is not installed (npm install --save-dev allure@3)",
    });

    const broken = join(dir, "broken");
    mkdirSync(join(broken, "allure-results"), { recursive: true });
    writeFileSync(join(broken, "allure-results", "x-result.json"), "{}");
    const failingCli = join(dir, "failing-cli.mjs");
    writeFileSync(failingCli, 'console.error("cannot write the report"); process.exit(3);\n');
    expect(await buildAllureHtml(broken, { cli: failingCli })).toEqual({ ok: false, reason: "allure generate exited with code 3: cannot write the report" });
    const hangingCli = join(dir, "hanging-cli.mjs");
    writeFileSync(hangingCli, "setInterval(() => {}, 1000);\n");
    expect(await buildAllureHtml(broken, { cli: hangingCli, timeoutMs: 500 })).toEqual({
      ok: false,
      reason: "allure generate did not finish: (stopped after 0.5 s)",
    });
  });
});

describe("run --allure-html", () => {
  test("prints the path of the Allure HTML report built from the run's own results", { timeout: 150_000 }, async () => {
    const out = join(dir, "run");
    const run = await runCli(
      [
        "run",
        "--role",
        "bpp",
        "--fault",
        "sig.tampered-digest",
        "--registry-port",
        "0",
        "--ttl",
        "PT5S",
        "--quiet-window",
        "300ms",
        "--transfer-timeout",
        "8s",
        "--out",
        out,
        "--allure-html",
      ],
      140_000,
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`allure report: ${join(out, "allure-report", "index.html")}`);
    expect(existsSync(join(out, "allure-report", "index.html"))).toBe(true);
    const results = readdirSync(join(out, "allure-results")).filter((f) => f.endsWith("-result.json")).length;
    const { stats } = summaryOf(out);
    expect(stats.total).toBe(results);
    expect((stats.failed ?? 0) + (stats.broken ?? 0)).toBeGreaterThan(0);
  });
});
