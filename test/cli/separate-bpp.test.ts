import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { CLI, freePort } from "../support/cli.js";

/** Reads the child's stdout until a line matches, or fails at the deadline. */
function firstLine(child: ReturnType<typeof spawn>, pattern: RegExp, deadlineMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let text = "";
    const timer = setTimeout(() => reject(new Error(`no ${String(pattern)} within ${deadlineMs} ms:\n${text}`)), deadlineMs);
    child.stdout?.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const match = pattern.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), "p2pc-separate-bpp-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a BPP started as a separate process, knowing only the registry URL", () => {
  test("passes run --role bpp --target with its id, key and key id (--sut-key-id binds: it is the BPP's own)", { timeout: 90_000 }, async () => {
    const registryPort = await freePort();
    const keyFile = join(dir, "bpp.keys.json");
    expect(spawnSync(process.execPath, [...CLI, "keys", "generate", "--out", keyFile]).status).toBe(0);
    const keyId = (JSON.parse(readFileSync(keyFile, "utf8")) as { unique_key_id: string }).unique_key_id;
    const bpp = spawn(process.execPath, [...CLI, "mock", "bpp", "--registry-url", `http://127.0.0.1:${registryPort}`, "--port", "0", "--key-file", keyFile], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const [, url, id, key] = await firstLine(bpp, /^bpp (\S+) (\S+) (\S+)$/m, 20_000);
      const run = spawnSync(
        process.execPath,
        [
          ...CLI,
          "run",
          "--role",
          "bpp",
          "--target",
          String(url),
          "--sut-id",
          String(id),
          "--sut-key",
          String(key),
          "--sut-key-id",
          keyId,
          "--registry-port",
          String(registryPort),
          "--ttl",
          "PT5S",
          "--quiet-window",
          "300ms",
          "--transfer-timeout",
          "8s",
          "--out",
          `reports/out/separate-bpp-${registryPort}`,
        ],
        { encoding: "utf8", timeout: 80_000 },
      );
      expect(run.stdout).toMatch(/^CONFORMANT: \d+ passed, 0 failed/m);
      expect(run.status).toBe(0);
    } finally {
      bpp.kill("SIGINT");
      await once(bpp, "exit");
    }
  });
});

describe("a run against the BPP of a running mock up, through its registry", () => {
  test("passes run --role bpp --target <its BPP> --registry-url <its registry>", { timeout: 90_000 }, async () => {
    const ports = ["registry", "gateway", "bap", "bpp", "grid"].flatMap((name) => [`--${name}-port`, "0"]);
    const up = spawn(process.execPath, [...CLI, "mock", "up", ...ports], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      const text = (await firstLine(up, /^grid .*$/m, 20_000)).input;
      const registry = /^registry\s+(\S+)/m.exec(text)?.[1];
      const bpp = /^bpp\s+(\S+)\s+(\S+)\s+(\S+)$/m.exec(text);
      const run = spawnSync(
        process.execPath,
        [
          ...CLI,
          "run",
          "--role",
          "bpp",
          "--target",
          String(bpp?.[1]),
          "--sut-id",
          String(bpp?.[2]),
          "--sut-key",
          String(bpp?.[3]),
          "--registry-url",
          String(registry),
          "--ttl",
          "PT5S",
          "--quiet-window",
          "300ms",
          "--transfer-timeout",
          "8s",
          "--out",
          `reports/out/mock-up-run-${process.pid}`,
        ],
        { encoding: "utf8", timeout: 80_000 },
      );
      expect(run.stderr).toBe("");
      expect(run.stdout).toMatch(/^CONFORMANT: \d+ passed, 0 failed/m);
      expect(run.status).toBe(0);
    } finally {
      up.kill("SIGINT");
      await once(up, "exit");
    }
  });
});
