import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { freePort } from "../../cli/sut-process.js";
import { CLI, runCli as cli } from "../support/cli.js";

function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** `KEY=value` lines, as `env` prints them. */
function envFile(path: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(path, "utf8")
      .split("\n")
      .filter((l) => l.startsWith("P2PC_"))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
}

const quick = ["--ttl", "PT5S", "--quiet-window", "300ms", "--transfer-timeout", "8s"];
let dir: string;
let key: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "p2pc-sut-command-"));
  const keys = await cli(["keys", "generate", "--out", join(dir, "bpp.keys.json"), "--json"]);
  key = (JSON.parse(keys.stdout) as { signing_public_key: string }).signing_public_key;
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("run --sut-command", () => {
  test("certifies the reference BPP that it starts, tells it the harness's URLs, and stops it", { timeout: 120_000 }, async () => {
    const [port, registryPort] = [await freePort("127.0.0.1"), await freePort("127.0.0.1")];
    const out = join(dir, "pass");
    // `mock bpp` without --registry-url: it finds the harness's registry through P2PC_REGISTRY_URL.
    const command = `env > ${join(dir, "pass.env")}; exec node ${CLI[0]} mock bpp --port ${port} --key-file ${join(dir, "bpp.keys.json")}`;
    const run = await cli([
      "run",
      "--role",
      "bpp",
      "--target",
      `http://127.0.0.1:${port}`,
      "--sut-id",
      "bpp.reference.p2p-conformance.local",
      "--sut-key",
      key,
      "--registry-port",
      String(registryPort),
      ...quick,
      "--out",
      out,
      "--sut-command",
      command,
    ]);
    expect(run.stdout).toMatch(/^CONFORMANT: \d+ passed, 0 failed/m);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`SUT stopped; its output: ${join(out, "sut.log")}`);
    expect(readFileSync(join(out, "sut.log"), "utf8")).toMatch(
      new RegExp(`^bpp http://127\\.0\\.0\\.1:${port} bpp\\.reference\\.p2p-conformance\\.local ${key.replace(/[+/]/g, "\\$&")}$`, "m"),
    );
    expect(await refuses(port)).toBe(true);

    const env = envFile(join(dir, "pass.env"));
    expect(env["P2PC_REGISTRY_URL"]).toBe(`http://127.0.0.1:${registryPort}`);
    expect(env["P2PC_SUT_PORT"]).toBe(String(port));
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as {
      exchanges: { viaGateway: boolean; request: { url: string; body: { context?: { bap_uri?: string } } } }[];
    };
    const bapUris = new Set(report.exchanges.map((e) => e.request.body.context?.bap_uri).filter(Boolean));
    expect([...bapUris]).toEqual([env["P2PC_BAP_URI"]]);
    const viaGateway = report.exchanges.filter((e) => e.viaGateway);
    expect(viaGateway.length).toBeGreaterThan(0);
    expect(viaGateway.every((e) => e.request.url.startsWith(`${env["P2PC_GATEWAY_URL"]}/`))).toBe(true);
  });

  test("exits 2 naming the command and the port when the SUT exits before it listens", { timeout: 60_000 }, async () => {
    const port = await freePort("127.0.0.1");
    const run = await cli([
      "run",
      "--role",
      "bpp",
      "--target",
      `http://127.0.0.1:${port}`,
      "--sut-id",
      "bpp.x",
      "--sut-key",
      key,
      "--registry-port",
      "0",
      "--out",
      join(dir, "exits"),
      "--sut-command",
      "echo starting; exit 3",
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      `The SUT command \`echo starting; exit 3\` exited with code 3 before port ${port} on 127.0.0.1 accepted a connection. Its output: ${join(dir, "exits", "sut.log")}`,
    );
    expect(run.stderr).toContain("[P2PC_ERR_SUT_START]");
    expect(readFileSync(join(dir, "exits", "sut.log"), "utf8")).toBe("starting\n");
  });

  test("exits 2 when the SUT never listens, and kills it (SIGKILL after it ignores SIGTERM)", { timeout: 60_000 }, async () => {
    const port = await freePort("127.0.0.1");
    const pidFile = join(dir, "stubborn.pid");
    const script = `require('fs').writeFileSync('${pidFile}', String(process.pid)); process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)`;
    const run = await cli([
      "run",
      "--role",
      "bpp",
      "--target",
      `http://127.0.0.1:${port}`,
      "--sut-id",
      "bpp.x",
      "--sut-key",
      key,
      "--registry-port",
      "0",
      "--out",
      join(dir, "never"),
      "--sut-timeout",
      "2s",
      "--sut-command",
      `node -e "${script}"`,
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(`The SUT command \`node -e .*\` did not listen on port ${port} on 127\\.0\\.0\\.1 within 2 s \\(--sut-timeout\\)\\.`),
    );
    expect(existsSync(pidFile)).toBe(true);
    const pid = Number(readFileSync(pidFile, "utf8"));
    await expect.poll(() => alive(pid), { timeout: 10_000, interval: 100 }).toBe(false);
  });

  test("refuses --sut-command without --target, and with --sut-image", { timeout: 30_000 }, async () => {
    const alone = await cli(["run", "--role", "bpp", "--sut-command", "true"]);
    expect(alone.status).toBe(2);
    expect(alone.stderr).toContain("--sut-command needs --target");
    const both = await cli([
      "run",
      "--role",
      "bpp",
      "--target",
      "http://127.0.0.1:9",
      "--sut-id",
      "b",
      "--sut-key",
      key,
      "--sut-command",
      "true",
      "--sut-image",
      "x",
    ]);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain("--sut-command and --sut-image exclude each other");
  });
});
