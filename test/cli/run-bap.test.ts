import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import * as addFormatsModule from "ajv-formats";
import { afterAll, describe, expect, onTestFinished, test } from "vitest";
import reportSchema from "../../reports/report.schema.json" with { type: "json" };
import { createRegistryClient } from "../../protocol/registry-client.js";
import { startBap } from "../../mocks/bap/index.js";
import { createIdentity } from "../../mocks/common/identity.js";
import { freePort } from "../../cli/sut-process.js";
import { CLI } from "../support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "p2pc-run-bap-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const QUICK = ["--registry-port", "0", "--ttl", "PT2S", "--quiet-window", "300ms"];
const RUN_BAP = [process.execPath, ...CLI, "run", "--role", "bap"];

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormatsModule.default.default(ajv);
const validateReport = ajv.compile(reportSchema);

interface Finished {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI without blocking this process, so a BAP started here keeps answering; `onStderr` sees stderr as it comes. */
function runAsync(args: readonly string[], onStderr?: (text: string) => void): Promise<Finished> {
  const [node = process.execPath, ...rest] = RUN_BAP;
  const child = spawn(node, [...rest, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    onStderr?.(stderr);
  });
  const killer = setTimeout(() => child.kill("SIGKILL"), 90_000);
  return new Promise((resolve) =>
    child.on("close", (status) => {
      clearTimeout(killer);
      resolve({ status, stdout, stderr });
    }),
  );
}

/** The reference BAP, started apart from the harness and configured with the registry and gateway ports it will use. */
async function separateBap(): Promise<{ args: string[]; url: string }> {
  const [registryPort, gatewayPort] = [await freePort("127.0.0.1"), await freePort("127.0.0.1")];
  const identity = createIdentity("BAP", "bap.separate.test");
  const registry = createRegistryClient(`http://127.0.0.1:${registryPort}`);
  const bap = await startBap({ identity, lookupPublicKey: (s, k) => registry.publicKeyFor(s, k), gatewayUrl: `http://127.0.0.1:${gatewayPort}`, ttl: "PT2S" });
  onTestFinished(() => bap.close());
  const args = [
    "--target",
    bap.url,
    "--sut-id",
    identity.subscriberId,
    "--sut-key",
    identity.signingPublicKey,
    "--registry-port",
    String(registryPort),
    "--gateway-port",
    String(gatewayPort),
  ];
  return { args, url: bap.url };
}

describe("p2p-conformance run --role bap", () => {
  test("passes the embedded reference BAP with exit 0 and writes a valid report.json", { timeout: 90_000 }, () => {
    const out = join(dir, "clean");
    const result = spawnSync(process.execPath, [...RUN_BAP.slice(1), ...QUICK, "--out", out], { encoding: "utf8", timeout: 90_000 });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^CONFORMANT: \d+ passed, 0 failed/m);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as {
      run: { role: string; verdict: string };
      results: { id: string }[];
      exchanges: { step: string }[];
    };
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    expect(report.run).toMatchObject({ role: "bap", verdict: "conformant" });
    expect(new Set(report.results.map((r) => r.id)).size).toBe(37);
    expect(report.exchanges.map((e) => e.step)).toEqual(
      expect.arrayContaining(["trigger search", "search", "on_search", "on_status tampered-body", "on_select late"]),
    );
    expect(readFileSync(join(out, "report.json"), "utf8")).not.toMatch(/signingPrivateKey|privateKey|encryptionPrivateKey/);
  });

  test("exits 1 against a faulty BAP and names the failing check", { timeout: 90_000 }, () => {
    const result = spawnSync(process.execPath, [...RUN_BAP.slice(1), ...QUICK, "--fault", "bap.missing-billing", "--out", join(dir, "faulty")], {
      encoding: "utf8",
      timeout: 90_000,
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      /^FAIL {2}BIZ-102 ×\d+ on \d+ exchanges? in \d+ scenarios?: init and confirm carry the buyer's billing details \(.*\)\n {8}\[flow\/init\] /m,
    );
    expect(result.stdout).toMatch(/^NOT CONFORMANT: /m);
  });

  test("certifies a BAP started apart from the harness, through --target", { timeout: 90_000 }, async () => {
    const { args } = await separateBap();
    const result = await runAsync([...args, "--ttl", "PT2S", "--quiet-window", "300ms", "--out", join(dir, "target")]);
    expect(result.stdout, result.stderr).toMatch(/^CONFORMANT: \d+ passed, 0 failed/m);
    expect(result.status).toBe(0);
  });

  test("--passive judges what a person drives through the BAP, and reports at --max-time", { timeout: 90_000 }, async () => {
    const { args, url } = await separateBap();
    let driven: Promise<Response> | undefined;
    const result = await runAsync([...args, "--passive", "--max-time", "6s", "--out", join(dir, "passive")], (stderr) => {
      if (driven === undefined && stderr.includes("Press Ctrl-C when you are done")) {
        driven = fetch(`${url}/trigger/flow`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      }
    });
    expect((await driven)?.status).toBe(200);
    expect(result.stderr).toMatch(/^ {2}gateway {3}http:\/\/127\.0\.0\.1:\d+ /m);
    expect(result.stdout).toMatch(/^CONFORMANT: \d+ passed, 0 failed, 0 warnings, 0 errors, 15 skipped/m);
    expect(result.status).toBe(0);
  });
});
