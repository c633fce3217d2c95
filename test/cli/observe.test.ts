/**
 * `observe` end to end, as a sandbox operator runs it: the reference BPP (`mock bpp`) and the
 * reference BAP (`mock bap`) as processes of their own behind `observe`'s forwarders, the guide's
 * flow driven through the BAP's trigger contract, then SIGTERM. Both reports pass; with a BPP fault
 * observe exits 1 and the BPP's report names the fault's checks; and `validate` on the run's
 * capture.har gives the CTX and BIZ findings the live judgement gave.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { generateKeyFile } from "../../cli/key-file.js";
import { main } from "../../cli/program.js";
import type { Summary } from "../../reports/summary.js";
import type { CheckResult, RunResult } from "../../results/index.js";
import { freePort, startCli, validateReport, type CliResult, type RunningCli } from "../support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "p2pc-observe-"));
const running: RunningCli[] = [];
afterAll(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop("SIGKILL")));
  rmSync(dir, { recursive: true, force: true });
});

const BPP_ID = "bpp.reference.p2p-conformance.local";
const BAP_ID = "bap.reference.p2p-conformance.local";

interface Observed {
  readonly exit: CliResult;
  readonly out: string;
  readonly summary: Summary;
  readonly seller: RunResult;
  readonly buyer: RunResult;
}

function keyFile(name: string): { path: string; publicKey: string; keyId: string } {
  const keys = generateKeyFile();
  const path = join(dir, `${name}.keys.json`);
  writeFileSync(path, JSON.stringify(keys), { mode: 0o600 });
  return { path, publicKey: keys.signing_public_key, keyId: keys.unique_key_id };
}

async function start(args: readonly string[], ready: string | RegExp): Promise<RunningCli> {
  const cli = await startCli(args, ready);
  running.push(cli);
  return cli;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

/** Writes `<name>.observe.json` with fresh registry and gateway ports and `<dir>/<name>` as out; returns its path, the out folder and the ports. */
async function observeConfig(
  name: string,
  participants: readonly object[],
): Promise<{ config: string; out: string; registryPort: number; gatewayPort: number }> {
  const [registryPort, gatewayPort] = await Promise.all([freePort(), freePort()]);
  const out = join(dir, name);
  const config = join(dir, `${name}.observe.json`);
  writeFileSync(config, JSON.stringify({ registryPort, gatewayPort, out, participants }));
  return { config, out, registryPort, gatewayPort };
}

/** The reference BAP and BPP behind observe, the guide's flow through the BAP's trigger, then SIGTERM. */
async function observeFlow(name: string, faults: { readonly bpp?: readonly string[]; readonly bap?: readonly string[] } = {}): Promise<Observed> {
  const [bppPort, bapPort, sellerPort, buyerPort] = await Promise.all(Array.from({ length: 4 }, freePort));
  const [bppKeys, bapKeys] = [keyFile(`${name}-bpp`), keyFile(`${name}-bap`)];
  const { config, out, registryPort, gatewayPort } = await observeConfig(name, [
    {
      name: "seller",
      role: "bpp",
      target: `http://127.0.0.1:${bppPort}`,
      sutId: BPP_ID,
      sutKey: bppKeys.publicKey,
      sutKeyId: bppKeys.keyId,
      observePort: sellerPort,
    },
    {
      name: "buyer",
      role: "bap",
      target: `http://127.0.0.1:${bapPort}`,
      sutId: BAP_ID,
      sutKey: bapKeys.publicKey,
      sutKeyId: bapKeys.keyId,
      observePort: buyerPort,
    },
  ]);
  const observe = await start(["observe", "--config", config, "--max-time", "5m"], "Recording until");
  const registry = ["--registry-url", `http://127.0.0.1:${registryPort}`];
  const faultFlags = (ids: readonly string[] = []): string[] => ids.flatMap((f) => ["--fault", f]);
  const [bpp, bap] = await Promise.all([
    start(
      [
        "mock",
        "bpp",
        ...registry,
        "--port",
        String(bppPort),
        "--key-file",
        bppKeys.path,
        "--public-url",
        `http://127.0.0.1:${sellerPort}`,
        ...faultFlags(faults.bpp),
      ],
      "\n",
    ),
    start(
      [
        ...["mock", "bap", ...registry, "--gateway-url", `http://127.0.0.1:${gatewayPort}`],
        ...["--port", String(bapPort), "--key-file", bapKeys.path, "--public-url", `http://127.0.0.1:${buyerPort}`, ...faultFlags(faults.bap)],
      ],
      "trigger ",
    ),
  ]);
  const flow = await fetch(`http://127.0.0.1:${bapPort}/trigger/flow`, { method: "POST" });
  expect(flow.status).toBe(200);
  const exit = await observe.stop("SIGTERM");
  await Promise.all([bpp.stop(), bap.stop()]);
  return {
    exit,
    out,
    summary: readJson<Summary>(join(out, "summary.json")),
    seller: readJson<RunResult>(join(out, "seller", "report.json")),
    buyer: readJson<RunResult>(join(out, "buyer", "report.json")),
  };
}

const rowsOf = (report: unknown): CheckResult[] => (report as { results: CheckResult[] }).results;
const failing = (report: unknown): string[] =>
  [
    ...new Set(
      rowsOf(report)
        .filter((r) => r.status === "fail" || r.status === "error")
        .map((r) => r.id),
    ),
  ].sort();

/** The CTX and BIZ rows that judged an exchange, as comparable text. */
const ctxAndBiz = (rows: readonly CheckResult[]): string[] =>
  rows
    .filter((r) => /^(CTX|BIZ)-/.test(r.id) && r.exchange !== null && r.status !== "skip")
    .map((r) => JSON.stringify([r.id, r.exchange, r.status, r.findings.map((f) => [f.message, f.path ?? null, f.expected ?? null, f.actual ?? null])]))
    .sort();

async function validateCapture(out: string): Promise<{ code: number; rows: CheckResult[] }> {
  const lines: string[] = [];
  const code = await main(["validate", "--json", join(out, "capture.har")], { out: (l) => lines.push(l), err: () => undefined });
  const judged = JSON.parse(lines.join("\n")) as { transactions: { results: CheckResult[] }[] };
  return { code, rows: judged.transactions.flatMap((t) => t.results) };
}

describe("observe: the reference BAP and BPP, each a process of its own, behind observe's forwarders", () => {
  test(
    "the guide's flow: both reports pass, exit 0, no certificate; capture.har judged by validate gives the same CTX and BIZ findings",
    { timeout: 180_000 },
    async () => {
      const o = await observeFlow("clean");
      expect(o.exit.status, o.exit.stdout + o.exit.stderr).toBe(0);
      expect(o.summary.participants.map((p) => [p.name, p.role, p.verdict, p.certificate])).toEqual([
        ["seller", "bpp", "conformant", null],
        ["buyer", "bap", "conformant", null],
      ]);
      for (const report of [o.seller, o.buyer]) {
        expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
        expect(failing(report)).toEqual([]);
      }
      // The seller was judged on every request of the flow, the buyer on its requests and the callbacks it got.
      const judgedActions = (report: unknown): string[] => [
        ...new Set(rowsOf(report).flatMap((r) => (r.status === "pass" && r.step ? [r.step.split("#")[0] ?? ""] : []))),
      ];
      expect(judgedActions(o.seller)).toEqual(expect.arrayContaining(["search", "select", "init", "confirm"]));
      expect(judgedActions(o.buyer)).toEqual(expect.arrayContaining(["search", "select", "init", "confirm", "on_select", "on_confirm"]));
      expect(rowsOf(o.seller).filter((r) => r.id === "SIG-003" && r.status === "pass").length).toBeGreaterThan(3);
      expect(rowsOf(o.buyer).filter((r) => r.id === "ACK-101" && r.status === "pass").length).toBeGreaterThan(3);
      // What observation cannot provoke is listed, never passed.
      const notReachable = (report: unknown): string[] => (report as RunResult).coverage.notReachable.map((e) => e.checkId);
      expect(notReachable(o.seller)).toEqual(expect.arrayContaining(["AUT-001", "NEG-001", "FLW-005"]));
      expect(notReachable(o.buyer)).toEqual(expect.arrayContaining(["AUT-101", "NEG-101", "FLW-101"]));
      expect(
        rowsOf(o.seller)
          .filter((r) => r.id === "AUT-001")
          .map((r) => r.status),
      ).toEqual(["skip"]);

      const captured = await validateCapture(o.out);
      expect(captured.code).toBe(0);
      expect(ctxAndBiz(captured.rows)).toEqual(ctxAndBiz(rowsOf(o.seller)));
      expect(ctxAndBiz(captured.rows).length).toBeGreaterThan(40);
    },
  );

  test(
    "with BPP faults (a wrong quote, a wrong location): exit 1, the seller's report names BIZ-001 and CTX-007, the buyer passes, and validate on capture.har finds the same",
    { timeout: 180_000 },
    async () => {
      const o = await observeFlow("faulty-bpp", { bpp: ["biz.wrong-quote", "ctx.wrong-location"] });
      expect(o.exit.status, o.exit.stdout + o.exit.stderr).toBe(1);
      expect(o.summary.exitCode).toBe(1);
      expect(failing(o.seller)).toEqual(["BIZ-001", "CTX-007"]);
      expect(failing(o.buyer)).toEqual([]);
      expect(o.exit.stdout).toMatch(/seller: NOT-CONFORMANT/);
      expect(o.exit.stdout).toMatch(/seller: fix first: CTX-007 ×6 on 6 exchanges/);

      const captured = await validateCapture(o.out);
      expect(captured.code).toBe(1);
      expect(ctxAndBiz(captured.rows)).toEqual(ctxAndBiz(rowsOf(o.seller)));
    },
  );

  test(
    "with a BAP fault (an init and confirm without billing): exit 1, the buyer's report names BIZ-102, the seller passes",
    { timeout: 180_000 },
    async () => {
      const o = await observeFlow("faulty-bap", { bap: ["bap.missing-billing"] });
      expect(o.exit.status, o.exit.stdout + o.exit.stderr).toBe(1);
      expect(failing(o.buyer)).toEqual(["BIZ-102"]);
      expect(failing(o.seller)).toEqual([]);
      expect(o.summary.participants.map((p) => [p.name, p.verdict])).toEqual([
        ["seller", "conformant"],
        ["buyer", "not-conformant"],
      ]);
    },
  );
});

describe("observe: what it cannot judge", () => {
  test("a participant that was never seen fails the RUN checks: exit 1", { timeout: 60_000 }, async () => {
    const keys = generateKeyFile();
    const { config, out } = await observeConfig("silent", [
      { name: "quiet", role: "bpp", target: `http://127.0.0.1:${await freePort()}`, sutId: "bpp.quiet.example", sutKey: keys.signing_public_key },
    ]);
    const observe = await start(["observe", "--config", config, "--max-time", "1s"], "Recording until");
    const exit = await observe.ended;
    expect(exit.status, exit.stdout + exit.stderr).toBe(1);
    expect(exit.stdout).toMatch(/Stopped by --max-time/);
    const report = readJson<RunResult>(join(out, "quiet", "report.json"));
    expect(report.results.filter((r) => r.id.startsWith("RUN-")).map((r) => [r.id, r.status])).toEqual([
      ["RUN-001", "fail"],
      ["RUN-002", "fail"],
      ["RUN-003", "fail"],
    ]);
  });

  test("a bad observe.json names the field and exits 2 before anything starts", async () => {
    const config = join(dir, "bad.observe.json");
    writeFileSync(config, JSON.stringify({ participants: [{ name: "x", role: "gateway", target: "http://127.0.0.1:1", sutId: "x", sutKey: "AAAA" }] }));
    const lines: string[] = [];
    const code = await main(["observe", "--config", config], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    expect(code).toBe(2);
    expect(lines.join("\n")).toMatch(
      /\/participants\/0\/role: "gateway" must be one of "bap", "bpp".*P2PC_ERR_CONFIG|P2PC_ERR_CONFIG[\s\S]*\/participants\/0\/role/,
    );
  });

  test("two participants under one subscriber id are refused (exit 2)", async () => {
    const config = join(dir, "twice.observe.json");
    const p = { role: "bpp", target: "http://127.0.0.1:1", sutId: "same.example", sutKey: "AAAA" };
    writeFileSync(
      config,
      JSON.stringify({
        participants: [
          { name: "a", ...p },
          { name: "b", ...p },
        ],
      }),
    );
    const lines: string[] = [];
    const code = await main(["observe", "--config", config], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    expect(code).toBe(2);
    expect(lines.join("\n")).toContain(`/participants/1/sutId: "same.example" is already another participant's subscriber id`);
  });

  test("observe without --config is a usage error that points at --help", async () => {
    const lines: string[] = [];
    const code = await main(["observe"], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    expect(code).toBe(2);
    expect(lines.join("\n")).toContain("observe needs --config <file>");
  });
});
