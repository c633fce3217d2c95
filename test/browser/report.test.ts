/**
 * report.html in a real browser (Debian's Chromium, driven by playwright-core): a real `run --role bpp`
 * against a SUT that answers every request with a hostile string, then the report it wrote is opened
 * from file://. It must show the verdict and the failing checks, make no request, and show the SUT's
 * `<script>` as text that never runs.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { runCli } from "../support/cli.js";
import { describeWithTool, findChromium } from "../support/system-tools.js";

/** What the SUT puts in its answers: it would set a global and open a dialog if it ever ran. */
const HOSTILE = "<script>window.__p2pcPwned=true;alert('p2pc')</script>";

/** A "BPP" that ACKs everything with the hostile string as its ACK status and in a header. */
function hostileSut(): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json", "x-sut-note": HOSTILE });
      res.end(JSON.stringify({ message: { ack: { status: HOSTILE } } }));
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

describeWithTool(findChromium(), "report.html in headless Chromium", (executablePath) => {
  let out: string;
  let report: { run: { verdict: string }; results: { id: string; status: string; findings: unknown[] }[] };

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "p2pc-browser-"));
    const sut = await hostileSut();
    try {
      const { port } = sut.address() as AddressInfo;
      // Not spawnSync: the SUT answers from this process, whose event loop must keep running.
      const exit = await runCli([
        "run",
        "--role",
        "bpp",
        "--target",
        `http://127.0.0.1:${port}`,
        "--sut-id",
        "bpp.hostile.example",
        "--sut-key",
        randomBytes(32).toString("base64"),
        "--registry-port",
        "0",
        "--ttl",
        "PT1S",
        "--quiet-window",
        "200ms",
        "--transfer-timeout",
        "2s",
        "--max-time",
        "60s",
        "--out",
        out,
      ]);
      expect(exit.status, exit.stderr).toBe(1);
    } finally {
      await new Promise<void>((resolve) => sut.close(() => resolve()));
    }
    report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as typeof report;
  }, 120_000);

  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
  });

  test("shows the verdict and the failing checks, makes no request, and never runs the SUT's <script>", { timeout: 60_000 }, async () => {
    const failing = [...new Set(report.results.filter((r) => r.status === "fail").map((r) => r.id))];
    expect(report.run.verdict).toBe("not-conformant");
    // The SUT's string reached the findings of failing checks, not only the recorded exchanges.
    expect(report.results.filter((r) => r.status === "fail" && JSON.stringify(r.findings).includes("window.__p2pcPwned=true")).length).toBeGreaterThan(0);

    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox"] });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      const dialogs: string[] = [];
      page.on("request", (request) => requests.push(request.url()));
      page.on("dialog", (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      const url = pathToFileURL(join(out, "report.html")).href;
      await page.goto(url, { waitUntil: "load" });

      await expect.poll(() => page.locator(".verdict").innerText()).toBe("Not conformant");
      // Each failing, erroring or warning check is a .check block headed by its status and id.
      const shown = await page
        .locator(".check h3")
        .evaluateAll((heads) => heads.map((h) => [h.querySelector("span")?.textContent, h.querySelector("code")?.textContent]));
      const shownFailing = shown.filter(([status]) => status === "fail").map(([, id]) => id);
      expect(shownFailing).toHaveLength(report.results.filter((r) => r.status === "fail").length);
      expect(new Set(shownFailing)).toEqual(new Set(failing));

      expect(requests).toEqual([url]);
      expect(dialogs).toEqual([]);
      expect(await page.evaluate(() => (globalThis as { __p2pcPwned?: unknown }).__p2pcPwned)).toBeUndefined();
      expect(await page.locator("script").count()).toBe(0);
      const hostileAsText = page.locator("pre, p, li, code").filter({ hasText: HOSTILE });
      expect(await hostileAsText.count()).toBeGreaterThan(0);
      await expect.poll(() => hostileAsText.first().isVisible()).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
