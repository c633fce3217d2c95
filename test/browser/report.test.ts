/**
 * report.html in a real browser (Debian's Chromium, driven by playwright-core): a real `run --role bpp`
 * against a SUT that answers every request with a hostile string, then the report it wrote is opened
 * from file://. It must show the verdict, the checks to fix first and one block per failing check with
 * its findings folded but the first, make no request, and show the SUT's `<script>` as text that never
 * runs. It saves a screenshot of the page as report.png in the run's folder, which CI keeps (under
 * reports/out/); elsewhere the folder is temporary.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
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
  let report: { run: { verdict: string }; exchanges: { scenario: string }[]; results: { id: string; status: string; findings: unknown[] }[] };

  beforeAll(async () => {
    out = process.env["CI"] ? join("reports", "out", `browser-report-${Date.now()}`) : mkdtempSync(join(tmpdir(), "p2pc-browser-"));
    mkdirSync(out, { recursive: true });
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
    if (!process.env["CI"]) {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test(
    "shows the verdict, the checks to fix first and one block per failing check, makes no request, and never runs the SUT's <script>",
    { timeout: 60_000 },
    async () => {
      const failing = [...new Set(report.results.filter((r) => r.status === "fail").map((r) => r.id))];
      expect(report.run.verdict).toBe("not-conformant");
      // The SUT's string reached the findings of failing checks, not only the recorded exchanges.
      expect(report.results.filter((r) => r.status === "fail" && JSON.stringify(r.findings).includes("window.__p2pcPwned=true")).length).toBeGreaterThan(0);

      const { chromium } = await import("playwright-core");
      const browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox"] });
      try {
        const page = await browser.newPage({ viewport: { width: 1200, height: 1800 } });
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
        // One .check block per check that went wrong, headed by its status and id, holding every row of that check.
        const blocks = await page.locator(".check").evaluateAll((divs) =>
          divs.map((div) => ({
            anchor: div.id,
            status: div.querySelector("h3 > span")?.textContent,
            id: div.querySelector("h3 > code")?.textContent ?? "",
            spread: div.querySelector(".spread")?.textContent ?? "",
            rows: div.querySelectorAll("details.finding").length,
            open: div.querySelectorAll("details.finding[open]").length,
          })),
        );
        const shownFailing = blocks.filter((b) => b.status === "fail").map((b) => b.id);
        expect(shownFailing).toHaveLength(failing.length);
        expect(new Set(shownFailing)).toEqual(new Set(failing));
        for (const b of blocks) {
          const rows = report.results.filter((r) => r.id === b.id && ["fail", "error", "warn"].includes(r.status));
          expect([b.anchor, b.rows, b.open]).toEqual([`check-${b.id.toLowerCase()}`, rows.length, 1]);
          expect(b.spread).toMatch(/^(Failed|Warned|Could not be judged) on /);
        }
        // Folded findings are there but hidden until opened; each check's first one is shown.
        const biggest = blocks.reduce((a, b) => (b.rows > a.rows ? b : a));
        expect(biggest.rows).toBeGreaterThan(1);
        const block = page.locator(`#${biggest.anchor}`);
        const folded = block.locator("details.more details.finding > :not(summary)").first();
        expect(await block.locator("details.finding[open] > :not(summary)").first().isVisible()).toBe(true);
        expect(await folded.isVisible()).toBe(false);
        // Opened by their disclosure triangles (a click elsewhere on a summary may land on its exchange link).
        await block.locator("details.more > summary").click({ position: { x: 4, y: 6 } });
        await block
          .locator("details.more details.finding > summary")
          .first()
          .click({ position: { x: 4, y: 6 } });
        await expect.poll(() => folded.isVisible()).toBe(true);

        // The checks to fix first: at most five, each a link to its block.
        const fixFirst = await page.locator("ol.fix-first > li > a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
        expect(fixFirst.length).toBeGreaterThan(0);
        expect(fixFirst.length).toBeLessThanOrEqual(5);
        for (const href of fixFirst) {
          expect(blocks.map((b) => `#${b.anchor}`)).toContain(href);
        }
        await page.locator("ol.fix-first > li > a").first().click();
        expect(new URL(page.url()).hash).toBe(fixFirst[0]);

        // The sequence view: one diagram per scenario, open where a check flagged an exchange; an arrow leads to its evidence.
        const scenarios = new Set(report.exchanges.map((e) => e.scenario));
        expect(await page.locator("details.seq").count()).toBe(scenarios.size);
        const openDiagram = page.locator("details.seq[open] svg.sequence").first();
        expect(await openDiagram.isVisible()).toBe(true);
        const lanes = await openDiagram.locator("text[font-weight='600']").allTextContents();
        expect(lanes).toEqual(expect.arrayContaining(["Harness BAP", "SUT (BPP)"]));
        const arrow = openDiagram.locator("a").first();
        const target = await arrow.getAttribute("href");
        expect(target).toMatch(/^#ex-\d+$/);
        await arrow.click();
        expect(new URL(page.url()).hash).toBe(target);
        expect(await page.locator(target ?? "").count()).toBe(1);
        await openDiagram.screenshot({ path: join(out, "sequence.png") });

        // The top of the page: the verdict, the checks to fix first and the first blocks.
        await page.evaluate("window.scrollTo(0, 0)");
        const screenshot = join(out, "report.png");
        await page.screenshot({ path: screenshot });
        expect(readFileSync(screenshot).subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");

        expect(requests).toEqual([url]);
        expect(dialogs).toEqual([]);
        expect(await page.evaluate(() => (globalThis as { __p2pcPwned?: unknown }).__p2pcPwned)).toBeUndefined();
        expect(await page.locator("script").count()).toBe(0);
        const hostileAsText = page.locator("pre, p, li, code").filter({ hasText: HOSTILE, visible: true });
        expect(await hostileAsText.count()).toBeGreaterThan(0);
        await expect.poll(() => hostileAsText.first().isVisible()).toBe(true);
      } finally {
        await browser.close();
      }
    },
  );
});
