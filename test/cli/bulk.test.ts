import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { CLI, freePort } from "../support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "p2pc-bulk-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `mock bpp` and resolves with its URL, id and key once it prints them, or fails at the deadline. */
function startBpp(
  registryUrl: string,
  id: string,
  faults: readonly string[],
  started: ChildProcess[],
  keyFile?: string,
): Promise<{ url: string; id: string; key: string }> {
  const keys = keyFile ? ["--key-file", keyFile] : [];
  const child = spawn(
    process.execPath,
    [...CLI, "mock", "bpp", "--registry-url", registryUrl, "--port", "0", "--id", id, ...keys, ...faults.flatMap((f) => ["--fault", f])],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  started.push(child);
  return new Promise((resolve, reject) => {
    let text = "";
    const timer = setTimeout(() => reject(new Error(`mock bpp ${id} printed nothing within 30 s:\n${text}`)), 30_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const match = /^bpp (\S+) (\S+) (\S+)$/m.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve({ url: String(match[1]), id: String(match[2]), key: String(match[3]) });
      }
    });
  });
}

interface Row {
  name: string;
  role: string;
  subscriberId: string;
  verdict: string;
  exitCode: number;
  counts: { pass: number; fail: number; warn: number };
  report: string | null;
  certificate: string | null;
}

describe("run --config with participants", () => {
  test.for([
    [
      "a BAP participant on the BPPs' shared registry port",
      {
        participants: [
          { name: "b", target: "http://127.0.0.1:3000", sutId: "bpp.b", sutKey: "awGPjRK6i/Vg/lWr+0xObclVxlwZXvTjWYtlu6NeOHk=" },
          { name: "a", role: "bap", target: "http://127.0.0.1:4000", sutId: "bap.a", sutKey: "awGPjRK6i/Vg/lWr+0xObclVxlwZXvTjWYtlu6NeOHk=" },
        ],
      },
      [],
      /\/participants\/1\/registryPort: a bap run starts its own registry, and 7300 is the BPP participants' shared one; give it another port\. \[P2PC_ERR_CONFIG\]/,
    ],
    [
      "--target beside participants",
      { participants: [{ name: "b", role: "registry", target: "http://127.0.0.1:3000" }] },
      ["--target", "http://127.0.0.1:1"],
      /--target cannot be given with a config that lists participants/,
    ],
    [
      "a concurrency of 0",
      { participants: [{ name: "b", role: "registry", target: "http://127.0.0.1:3000" }] },
      ["--concurrency", "0"],
      /--concurrency "0" must be a whole number from 1 to 32/,
    ],
  ] as const)("refuses %s with exit 2 before any run starts", { timeout: 30_000 }, ([, config, flags, message]) => {
    const path = join(dir, "refused.json");
    writeFileSync(path, JSON.stringify(config));
    const result = spawnSync(process.execPath, [...CLI, "run", "--config", path, ...flags], { encoding: "utf8", timeout: 30_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  test("certifies two separately started BPPs in parallel through one registry, each into its own folder, with a summary", { timeout: 150_000 }, async () => {
    const registryPort = await freePort();
    const registryUrl = `http://127.0.0.1:${registryPort}`;
    const started: ChildProcess[] = [];
    try {
      // The clean BPP signs with a key file's key, so its key id is known to give as sutKeyId (which binds).
      const cleanKeys = join(dir, "clean.keys.json");
      expect(spawnSync(process.execPath, [...CLI, "keys", "generate", "--out", cleanKeys]).status).toBe(0);
      const cleanKeyId = (JSON.parse(readFileSync(cleanKeys, "utf8")) as { unique_key_id: string }).unique_key_id;
      const [clean, faulty] = await Promise.all([
        startBpp(registryUrl, "bpp.clean.example", [], started, cleanKeys),
        startBpp(registryUrl, "bpp.faulty.example", ["biz.wrong-quote"], started),
      ]);
      const issuerKey = join(dir, "issuer.keys.json");
      expect(spawnSync(process.execPath, [...CLI, "keys", "generate", "--out", issuerKey]).status).toBe(0);
      const out = join(dir, "out");
      const config = join(dir, "participants.json");
      writeFileSync(
        config,
        JSON.stringify({
          registryPort,
          ttl: "PT5S",
          quietWindow: "300ms",
          transferTimeout: "10s",
          issuerKey: "issuer.keys.json",
          out: "out",
          participants: [
            { name: "clean", role: "bpp", target: clean.url, sutId: clean.id, sutKey: clean.key, sutKeyId: cleanKeyId },
            { name: "faulty", target: faulty.url, sutId: faulty.id, sutKey: faulty.key },
          ],
        }),
      );
      const run = spawnSync(process.execPath, [...CLI, "run", "--config", config, "--concurrency", "2"], {
        encoding: "utf8",
        timeout: 140_000,
      });
      expect(run.status, run.stdout + run.stderr).toBe(1);
      expect(run.stdout).toContain(`Certifying 2 participants, 2 at once, BPPs through the registry at ${registryUrl}`);
      expect(run.stdout).toContain(`summary: ${join(out, "summary.json")}`);

      for (const [name, id] of [
        ["clean", clean.id],
        ["faulty", faulty.id],
      ] as const) {
        const files = readdirSync(join(out, name));
        expect(files).toEqual(expect.arrayContaining(["report.json", "report.html", "junit.xml", "evidence.har", "allure-results"]));
        expect(readdirSync(join(out, name, "allure-results")).length).toBeGreaterThan(0);
        const report = JSON.parse(readFileSync(join(out, name, "report.json"), "utf8")) as {
          sut: { subscriberId: string };
          results: { id: string; status: string; scenario: string | null; step: string | null }[];
        };
        expect(report.sut.subscriberId).toBe(id);
        const failing = report.results.filter((r) => r.status === "fail").map((r) => `${r.id} ${r.scenario ?? ""}/${r.step ?? ""}`);
        expect(new Set(failing.map((f) => f.split(" ")[0])), `${name} failed: ${failing.join(", ")}`).toEqual(new Set(name === "clean" ? [] : ["BIZ-001"]));
      }
      const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as {
        exitCode: number;
        registryUrl: string;
        concurrency: number;
        participants: Row[];
      };
      expect(summary).toMatchObject({ exitCode: 1, registryUrl, concurrency: 2 });
      const [cleanRow, faultyRow] = summary.participants;
      expect(cleanRow).toMatchObject({
        name: "clean",
        role: "bpp",
        subscriberId: clean.id,
        verdict: "conformant",
        exitCode: 0,
        report: join("clean", "report.json"),
        certificate: join("clean", "certificate.json"),
      });
      expect(cleanRow?.counts.fail).toBe(0);
      expect(faultyRow).toMatchObject({
        name: "faulty",
        role: "bpp",
        subscriberId: faulty.id,
        verdict: "not-conformant",
        exitCode: 1,
        report: join("faulty", "report.json"),
        certificate: null,
      });
      expect(faultyRow?.counts.fail).toBeGreaterThan(0);

      expect(readdirSync(join(out, "faulty"))).not.toContain("certificate.json");

      const issuer = JSON.parse(readFileSync(issuerKey, "utf8")) as { fingerprint: string };
      const verify = spawnSync(
        process.execPath,
        [...CLI, "certificate", "verify", join(out, "clean", "certificate.json"), "--trust", issuer.fingerprint, "--report", join(out, "clean", "report.json")],
        { encoding: "utf8" },
      );
      expect(verify.status, verify.stdout).toBe(0);
      expect(verify.stdout).toContain(`VALID  ${join(out, "clean", "certificate.json")}: ${clean.id} (bpp)`);

      const html = readFileSync(join(out, "summary.html"), "utf8");
      expect(html).toMatch(/<td>clean<\/td><td>bpp<\/td>/);
      expect(html).toContain(`<a href="${join("clean", "certificate.json")}">`);
    } finally {
      for (const child of started) {
        child.kill("SIGINT");
        await once(child, "exit");
      }
    }
  });
});
