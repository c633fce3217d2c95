import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { runCli, freePort, validateReport } from "../support/cli.js";
import { createRegistryClient } from "../../protocol/registry-client.js";
import { createIdentity } from "../../mocks/common/identity.js";
import { startGateway } from "../../mocks/gateway/index.js";

const dir = mkdtempSync(join(tmpdir(), "p2pc-run-gateway-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const QUICK = ["--ttl", "PT2S", "--quiet-window", "300ms"];

/** `run <args>` in a child process, without blocking this one (a SUT the test serves must keep answering). */
const run = (...args: string[]) => runCli(["run", ...args]);

/** The reference gateway in this process, configured with the registry the harness will start on `registryPort`. */
async function separateGateway(registryPort: number, faults: string[] = []) {
  const identity = createIdentity("BG", "gateway.acme.test");
  const registry = createRegistryClient(`http://127.0.0.1:${registryPort}`);
  const gateway = await startGateway({ identity, lookup: (f) => registry.lookup(f), lookupPublicKey: (s, k) => registry.publicKeyFor(s, k), faults });
  const args = [
    "--target",
    gateway.url,
    "--sut-id",
    identity.subscriberId,
    "--sut-key",
    identity.signingPublicKey,
    "--sut-key-id",
    identity.uniqueKeyId,
    "--registry-port",
    String(registryPort),
  ];
  return { args, close: () => gateway.close() };
}

describe("p2p-conformance run --role gateway", () => {
  test("passes the embedded reference gateway with exit 0 and writes a valid report.json", { timeout: 90_000 }, async () => {
    const out = join(dir, "clean");
    const result = await run("--role", "gateway", "--registry-port", "0", ...QUICK, "--out", out);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^CONFORMANT: \d+ passed, 0 failed, 0 warnings, 0 errors, 0 skipped — 13 exchanges/m);
    expect(result.status).toBe(0);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as {
      run: { role: string; verdict: string };
      results: { id: string }[];
      exchanges: { scenario: string; step: string; callbacks: unknown[] }[];
    };
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    expect([report.run.role, report.run.verdict]).toEqual(["gateway", "conformant"]);
    expect([...new Set(report.results.map((r) => r.id))].filter((id) => id.startsWith("GW-")).length).toBeGreaterThanOrEqual(18);
    // In the scenarios' order (scenario files by id, then their steps): what reached the harness's participants.
    expect(report.exchanges.map((e) => `${e.scenario}/${e.step}: ${e.callbacks.length}`)).toEqual([
      "forged-on-search/on_search: 0",
      "forged-search/search: 0",
      "multicast/search: 2",
      "multicast/search in other bytes (whitespace): 2",
      "multicast/search in other bytes (key-order): 2",
      "multicast/search in other bytes (escapes): 2",
      "relay/on_search: 1",
      "relay/on_search in other bytes (whitespace): 1",
      "relay/on_search in other bytes (key-order): 1",
      "relay/on_search in other bytes (escapes): 1",
      "stale-on-search/on_search: 0",
      "stale-search/search: 0",
      "targeted-search/search: 1",
    ]);
    for (const file of ["report.json", "report.html", "junit.xml", "evidence.har"]) {
      expect(readFileSync(join(out, file), "utf8")).not.toMatch(/signingPrivateKey|privateKey|encryptionPrivateKey/);
    }
  });

  test("exits 1 against the embedded gateway with a fault and names the failing check", { timeout: 90_000 }, async () => {
    const result = await run("--role", "gateway", "--registry-port", "0", ...QUICK, "--fault", "gw.alter-body", "--out", join(dir, "faulty"));
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      /^FAIL {2}GW-004 ×\d+ on \d+ exchanges? in \d+ scenarios?: The gateway forwards the exact bytes the sender signed \(.*\)\n {8}\[multicast\/search\] /m,
    );
    expect(result.stdout).toMatch(/^NOT CONFORMANT: /m);
  });

  test("exits 2 at once when the target refuses its first connection", { timeout: 90_000 }, async () => {
    const port = await freePort();
    const result = await run(
      "--role",
      "gateway",
      "--registry-port",
      "0",
      "--target",
      `http://127.0.0.1:${port}`,
      "--sut-id",
      "gateway.example",
      "--sut-key",
      "awGPjRK6i/Vg/lWr+0xObclVxlwZXvTjWYtlu6NeOHk=",
      "--out",
      join(dir, "refused"),
    );
    expect(result.status).toBe(2);
    expect(result.stdout).toContain(`http://127.0.0.1:${port} refused the first connection`);
    expect(result.stdout).toMatch(/— 13 exchanges in [0-2]\.\d s$/m);
  });

  test.concurrent.for([
    [["--fault", "gw.nope"], /Unknown gateway fault "gw\.nope"/],
    [
      ["--fault", "gw.alter-body", "--target", "http://127.0.0.1:5000", "--sut-id", "g", "--sut-key", "awGPjRK6i/Vg/lWr+0xObclVxlwZXvTjWYtlu6NeOHk="],
      /--fault switches a fault on in the embedded reference gateway/,
    ],
  ] as const)("refuses %j with exit 2 and a clear message", { timeout: 60_000 }, async ([args, message]) => {
    const result = await run("--role", "gateway", "--registry-port", "0", ...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  test.for([
    { name: "a conformant gateway", faults: [], status: 0, line: /^CONFORMANT: \d+ passed, 0 failed/m },
    { name: "a gateway that strips the sender's Authorization", faults: ["gw.strip-authorization"], status: 1, line: /^FAIL {2}GW-007 /m },
  ])("judges $name started separately, through --target and the harness's registry", { timeout: 90_000 }, async ({ faults, status, line }) => {
    const gateway = await separateGateway(await freePort(), faults);
    try {
      const result = await run("--role", "gateway", ...gateway.args, ...QUICK, "--out", join(dir, `target-${status}`));
      expect(result.stdout).toMatch(line);
      expect(result.status).toBe(status);
    } finally {
      await gateway.close();
    }
  });
});
