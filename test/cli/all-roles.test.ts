/**
 * `npm start` is `run --role all`: every role against its embedded reference, each into its own
 * folder, with summary.json and summary.html; a fault in the embedded BPP makes it exit 1.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { runCli } from "../support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "p2pc-all-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const QUICK = ["--ttl", "PT3S", "--quiet-window", "300ms", "--transfer-timeout", "8s"];
const ROLES = ["bpp", "bap", "gateway", "registry"];

interface Summary {
  exitCode: number;
  participants: { name: string; role: string; verdict: string; counts: { fail: number } }[];
}

describe("run --role all (npm start)", () => {
  test("runs every role against its embedded reference, writes every report and exits 0", { timeout: 180_000 }, async () => {
    const out = join(dir, "clean");
    const result = await runCli(["run", "--role", "all", ...QUICK, "--out", out]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as Summary;
    expect(summary.exitCode).toBe(0);
    expect(summary.participants.map((p) => [p.role, p.verdict])).toEqual(ROLES.map((role) => [role, "conformant"]));
    for (const role of ROLES) {
      for (const file of ["report.json", "report.html", "junit.xml", "evidence.har", "certificate.json"]) {
        expect(existsSync(join(out, role, file)), `${role}/${file}`).toBe(true);
      }
      expect(result.stdout).toContain(`reports of ${role}: `);
    }
    expect(result.stdout).toContain(`summary: ${join(out, "summary.html")}`);
  });

  test("exits 1 with a fault in the embedded BPP, and only the BPP fails", { timeout: 180_000 }, async () => {
    const out = join(dir, "faulty");
    const result = await runCli(["run", "--role", "all", ...QUICK, "--bpp-fault", "biz.wrong-quote", "--out", out]);
    expect(result.status).toBe(1);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as Summary;
    expect(summary.participants.filter((p) => p.verdict !== "conformant").map((p) => p.role)).toEqual(["bpp"]);
    expect(existsSync(join(out, "bpp", "certificate.json"))).toBe(false);
    // The BPP's check to fix first, and summary.html linking each participant's report.html with its report.json.
    expect(result.stdout).toMatch(/^bpp: fix first: BIZ-001 ×\d+ on \d+ exchanges? in \d+ scenarios?$/m);
    const html = readFileSync(join(out, "summary.html"), "utf8");
    for (const role of ROLES) {
      expect(html).toContain(
        `<a href="${join(role, "report.html")}">${join(role, "report.html")}</a><br><span class="note"><a href="${join(role, "report.json")}">`,
      );
    }
  });

  test("refuses flags that name one SUT, with exit 2", { timeout: 60_000 }, async () => {
    const result = await runCli(["run", "--role", "all", "--target", "http://127.0.0.1:3000"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--target cannot be given with --role all/);
  });
});
