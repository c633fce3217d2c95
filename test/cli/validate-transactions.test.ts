/**
 * `validate --transactions` on a run's own capture: the reference BPP's evidence.har passes, and the
 * same BPP with faults (a wrong bpp_uri, a wrong quote, replies naming another transaction) gives,
 * from its capture, the CTX and BIZ findings the live run gave on the same exchanges (the same
 * check code judges both: suites/roles/bpp/capture).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { main } from "../../cli/program.js";
import { buildTransaction } from "../../fixtures/builders/index.js";
import { writeHar } from "../../reports/har.js";
import type { CheckResult, RunResult } from "../../results/index.js";
import { DEFAULT_RUN, type RunConfig } from "../../suites/core/config.js";
import { runRole } from "../../suites/roles/index.js";

const dir = mkdtempSync(join(tmpdir(), "p2pc-validate-tx-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Judged {
  readonly transactions: readonly { readonly transactionId: string; readonly results: readonly CheckResult[]; readonly exchanges: readonly { id: string }[] }[];
  readonly verdicts: readonly unknown[];
}

async function validate(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(["validate", ...argv], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

async function capture(name: string, options: Partial<RunConfig>): Promise<{ result: RunResult; har: string }> {
  // Short waits, as the self-test matrix has them: the faulty run's replies name another transaction, so its steps wait out
  // their ttl and its transfer watch its timeout.
  const result = await runRole({ ...DEFAULT_RUN, role: "bpp", registryPort: 0, ttl: "PT3S", quietWindowMs: 500, transferTimeoutMs: 8000, ...options });
  return { result, har: writeHar(result, join(dir, name)) };
}

/** The CTX and BIZ rows that judged an exchange the harness did not forge or break, as comparable text. */
function ctxAndBiz(rows: readonly CheckResult[], result: RunResult): string[] {
  const probes = new Set(result.exchanges.filter((e) => e.probe !== undefined).map((e) => e.id));
  return rows
    .filter((r) => /^(CTX|BIZ)-/.test(r.id) && r.exchange !== null && !probes.has(r.exchange) && r.status !== "skip")
    .map((r) => JSON.stringify([r.id, r.exchange, r.status, r.findings.map((f) => [f.message, f.path ?? null, f.expected ?? null, f.actual ?? null])]))
    .sort();
}

const rowsOf = (judged: Judged): CheckResult[] => judged.transactions.flatMap((t) => [...t.results]);

describe("validate a run's evidence.har", () => {
  let reference: { result: RunResult; har: string };
  let faulty: { result: RunResult; har: string };
  beforeAll(async () => {
    reference = await capture("reference", {});
    faulty = await capture("faulty", { faults: ["ctx.wrong-bpp-uri", "biz.wrong-quote", "ctx.wrong-transaction-id"] });
  }, 240_000);

  test("the reference BPP's capture passes (a .har implies --transactions), exit 0", async () => {
    expect(reference.result.results.filter((r) => r.status === "fail")).toEqual([]);
    const { code, out } = await validate("--json", reference.har);
    expect(code).toBe(0);
    const judged = JSON.parse(out) as Judged;
    expect(judged.transactions.length).toBeGreaterThan(10);
    const rows = rowsOf(judged);
    expect(rows.length).toBeGreaterThan(200);
    expect(rows.filter((r) => r.status === "fail" || r.status === "error")).toEqual([]);
    // every request of the run reads back under its exchange id, with the callbacks the live run attributed to it
    const live = new Map(reference.result.exchanges.map((e) => [e.id, e.callbacks.map((c) => `${c.action}:${c.matchedBy}`)]));
    const read = judged.transactions.flatMap((t) => t.exchanges as unknown as { id: string; callbacks: { action: string; matchedBy: string }[] }[]);
    expect(read.map((e) => e.id).sort()).toEqual([...live.keys()].sort());
    for (const e of read) {
      expect(e.callbacks.map((c) => `${c.action}:${c.matchedBy}`)).toEqual(live.get(e.id));
    }
  });

  test("with the BPP's public key (--keys), the signatures are judged too, and pass", async () => {
    const { sut } = reference.result;
    const keys = join(dir, "keys.json");
    writeFileSync(keys, JSON.stringify([{ subscriber_id: sut.subscriberId, unique_key_id: sut.uniqueKeyId, signing_public_key: sut.publicKey, type: "BPP" }]));
    const { code, out } = await validate("--json", "--keys", keys, reference.har);
    expect(code).toBe(0);
    const sig = rowsOf(JSON.parse(out) as Judged).filter((r) => r.id === "SIG-003");
    expect(sig.length).toBeGreaterThan(20);
    expect(sig.every((r) => r.status === "pass")).toBe(true);
  });

  test("--registry-url: the BPP's key and URL come from the registry's /lookup; an unreachable registry exits 2", async () => {
    const { sut } = reference.result;
    const asked: unknown[] = [];
    const registry = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        asked.push({ path: req.url, body: JSON.parse(body) as unknown });
        const entry = {
          subscriber_id: sut.subscriberId,
          unique_key_id: sut.uniqueKeyId,
          signing_public_key: sut.publicKey,
          subscriber_url: sut.url,
          type: "BPP",
        };
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify([entry]));
      });
    });
    await new Promise<void>((resolve) => registry.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(registry.address() as AddressInfo).port}`;
      const { code, out } = await validate("--json", "--registry-url", url, reference.har);
      expect(code).toBe(0);
      expect(asked).toContainEqual({ path: "/lookup", body: { subscriber_id: sut.subscriberId } });
      const rows = rowsOf(JSON.parse(out) as Judged);
      expect(rows.filter((r) => r.id === "SIG-003").length).toBeGreaterThan(20);
      expect(rows.filter((r) => r.status !== "pass")).toEqual([]);
    } finally {
      await new Promise((resolve) => registry.close(resolve));
    }
    const gone = await validate("--registry-url", "http://127.0.0.1:9", reference.har);
    expect(gone.code).toBe(2);
    expect(gone.err).toContain("[P2PC_ERR_REGISTRY_UNREACHABLE]");
  });

  test("a faulty BPP: exit 1, and the capture's CTX and BIZ findings equal the live run's on the same exchanges", async () => {
    const { code, out } = await validate("--json", faulty.har);
    expect(code).toBe(1);
    const fromCapture = ctxAndBiz(rowsOf(JSON.parse(out) as Judged), faulty.result);
    const live = ctxAndBiz(faulty.result.results, faulty.result);
    expect(fromCapture).toEqual(live);
    const failedIds = new Set(faulty.result.results.filter((r) => r.status === "fail").map((r) => r.id));
    expect(failedIds).toContain("CTX-010");
    expect([...failedIds].some((id) => id.startsWith("BIZ-"))).toBe(true);
    expect(live.filter((row) => row.includes('"fail"')).length).toBeGreaterThan(10);
    expect(live.some((row) => row.startsWith('["BIZ-') && row.includes('"fail"'))).toBe(true);
    expect(live.some((row) => row.startsWith('["CTX-010"') && row.includes('"fail"'))).toBe(true);
    // a reply naming another transaction is still its request's (by message_id), so CTX-002 judges it from the capture too
    expect(live.some((row) => row.startsWith('["CTX-002"') && row.includes('"fail"'))).toBe(true);
  });

  test("the table names each failing check with its finding under its transaction", async () => {
    const { code, out } = await validate("--quiet", faulty.har);
    expect(code).toBe(1);
    expect(out).toMatch(/^FAIL {2}\S+ {2}bap\.harness\.p2p-conformance\.local → bpp\.reference\.p2p-conformance\.local {2}\d+ exchanges?, \d+ failed/m);
    expect(out).toMatch(/^ {8}fail CTX-010 \[MUST\] \$\.callbacks\[0\]\.body\.context\.bpp_uri: `context\.bpp_uri` must be the SUT's URL/m);
    expect(out).toMatch(/^ {2}AUT-001, .*: judges the BPP's answer to signatures the harness forges on purpose/m);
    expect(out).not.toMatch(/^PASS/m); // --quiet: failing transactions only
  });
});

describe("validate --transactions: inputs and refusals", () => {
  const tx = buildTransaction({ seed: 5 }).messages;
  const log = join(dir, "log.jsonl");
  writeFileSync(log, [tx.search, tx.on_search, tx.select, tx.on_select].map((m) => JSON.stringify(m)).join("\n") + "\n");

  test("without --transactions a log is judged one message at a time, as before: no transactions array", async () => {
    const { code, out } = await validate("--json", log);
    expect(code).toBe(0);
    const judged = JSON.parse(out) as Partial<Judged>;
    expect(judged.verdicts).toHaveLength(4);
    expect(judged.transactions).toBeUndefined();
  });

  test("with --transactions the same log is one transaction of two exchanges", async () => {
    const { code, out } = await validate("--json", "--transactions", log);
    expect(code).toBe(0);
    const judged = JSON.parse(out) as Judged;
    expect(judged.transactions.map((t) => t.exchanges.length)).toEqual([2]);
    expect(judged.verdicts).toEqual([]);
  });

  test("a --keys file that holds a private key is refused (exit 2) and its contents are not repeated", async () => {
    const keys = join(dir, "private.json");
    writeFileSync(keys, JSON.stringify([{ subscriber_id: "bpp.example", signing_public_key: "cHVibGlj", signing_private_key: "c2VjcmV0LXNlZWQ=" }]));
    const { code, err } = await validate("--transactions", "--keys", keys, log);
    expect(code).toBe(2);
    expect(err).toContain("[P2PC_ERR_PUBLIC_KEYS]");
    expect(err).toContain("signing_private_key");
    expect(err).not.toContain("c2VjcmV0LXNlZWQ=");
  });

  test("--keys without --transactions is a usage error; a .har that is no HAR is unreadable (exit 2)", async () => {
    const keys = join(dir, "public.json");
    writeFileSync(keys, "[]");
    expect((await validate("--keys", keys, log)).code).toBe(2);
    const notHar = join(dir, "not.har");
    writeFileSync(notHar, JSON.stringify({ log: {} }));
    const { code, err } = await validate(notHar);
    expect(code).toBe(2);
    expect(err).toContain("[P2PC_ERR_INPUT_NOT_JSON]");
  });
});
