import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { runCli, freePort, validateReport } from "../support/cli.js";
import { startRegistry } from "../../mocks/registry/index.js";

const dir = mkdtempSync(join(tmpdir(), "p2pc-run-registry-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const QUICK = ["--role", "registry", "--registry-port", "0", "--ttl", "PT2S", "--quiet-window", "200ms"];

/** `run <args>` in a child process, without blocking this one (a SUT the test serves must keep answering). */
const run = (...args: string[]) => runCli(["run", ...args]);

interface Report {
  run: { verdict: string; role: string };
  sut: { subscriberId: string; embedded: boolean };
  results: { id: string; status: string }[];
  exchanges: { step: string; callbacks: unknown[] }[];
}

describe.concurrent("p2p-conformance run --role registry", () => {
  test("passes the embedded reference registry with exit 0 and writes a valid report.json with the evidence", { timeout: 120_000 }, async () => {
    const out = join(dir, "clean");
    const result = await run(...QUICK, "--out", out);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^CONFORMANT: \d+ passed, 0 failed/m);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as Report;
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    expect(report.run).toMatchObject({ verdict: "conformant", role: "registry" });
    expect(report.sut).toMatchObject({ subscriberId: "registry.mock", embedded: true });
    expect(new Set(report.results.filter((r) => r.id.startsWith("REG-")).map((r) => r.id)).size).toBe(25);
    expect(report.exchanges.find((e) => e.step === "subscribe:bpp-1")?.callbacks).toHaveLength(1);
    for (const file of ["report.json", "report.html", "junit.xml", "evidence.har"]) {
      expect(readFileSync(join(out, file), "utf8")).not.toMatch(/PrivateKey|BEGIN PRIVATE/);
    }
  });

  test("--reporter html writes report.json and report.html only; an unknown format is a usage error", { timeout: 120_000 }, async () => {
    const out = join(dir, "html-only");
    const result = await run(...QUICK, "--reporter", "html", "--out", out);
    expect(result.status).toBe(0);
    expect(
      readdirSync(out)
        .filter((f) => !f.startsWith("."))
        .sort(),
    ).toEqual(["certificate.json", "report.html", "report.json"]);
    expect(result.stdout).not.toMatch(/allure results/);
    const unknown = await run(...QUICK, "--reporter", "html,pdf", "--out", join(dir, "pdf"));
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/--reporter "pdf" is not a report format; choose from json, html, junit, har, allure\. \[P2PC_ERR_USAGE\]/);
  });

  test("exits 1 against a faulty registry and names the failing check", { timeout: 120_000 }, async () => {
    const result = await run(...QUICK, "--fault", "reg.accept-wrong-challenge", "--out", join(dir, "faulty"));
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^FAIL {2}REG-018 ×\d+ on [^:]+: A wrong challenge answer leaves the subscriber unsubscribed /m);
    expect(result.stdout).toMatch(/^NOT CONFORMANT: /m);
  });

  test("refuses an unknown registry fault with exit 2", { timeout: 120_000 }, async () => {
    const result = await run(...QUICK, "--fault", "reg.nope", "--out", join(dir, "unknown"));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Unknown registry fault "reg\.nope"/);
  });

  test("certifies a separately started registry with --target, --sut-id and --sut-key, twice in a row", { timeout: 120_000 }, async () => {
    const registry = await startRegistry();
    try {
      const out = join(dir, "target");
      const result = await run(
        ...QUICK,
        "--target",
        registry.url,
        "--sut-id",
        registry.info.subscriber_id,
        "--sut-key",
        registry.info.signing_public_key,
        "--out",
        out,
      );
      expect(result.status).toBe(0);
      const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as Report;
      expect(report.sut).toMatchObject({ subscriberId: registry.info.subscriber_id, embedded: false });
      expect(registry.registry.entries().filter((e) => e.status === "SUBSCRIBED").length).toBeGreaterThanOrEqual(4);
      // A registry shared between runs holds the earlier run's subscribers: they must not confuse the next run.
      const again = await run(
        ...QUICK,
        "--target",
        registry.url,
        "--sut-id",
        registry.info.subscriber_id,
        "--sut-key",
        registry.info.signing_public_key,
        "--out",
        join(dir, "target-again"),
      );
      expect(again.status).toBe(0);
    } finally {
      await registry.close();
    }
  });

  test("warns when the registry signs on_subscribe with another key than --sut-key (and publishes another at GET /)", { timeout: 120_000 }, async () => {
    const registry = await startRegistry();
    const other = await startRegistry();
    try {
      const result = await run(
        ...QUICK,
        "--target",
        registry.url,
        "--sut-id",
        registry.info.subscriber_id,
        "--sut-key",
        other.info.signing_public_key,
        "--out",
        join(dir, "other-key"),
      );
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^WARN {2}REG-019 /m);
      expect(result.stdout).toMatch(/^WARN {2}REG-015 /m);
    } finally {
      await Promise.all([registry.close(), other.close()]);
    }
  });

  test("exits 2 when the registry refuses its first connection", { timeout: 120_000 }, async () => {
    const port = await freePort();
    const result = await run(
      ...QUICK,
      "--target",
      `http://127.0.0.1:${port}`,
      "--sut-id",
      "registry.example",
      "--sut-key",
      "awGPjRK6i/Vg/lWr+0xObclVxlwZXvTjWYtlu6NeOHk=",
      "--out",
      join(dir, "refused"),
    );
    expect(result.status).toBe(2);
    expect(result.stdout).toContain(`http://127.0.0.1:${port} refused the first connection`);
  });
});
