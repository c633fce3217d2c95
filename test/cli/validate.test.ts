import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { main } from "../../cli/program.js";
import { buildTransaction } from "../../fixtures/builders/index.js";
import { CLI } from "../support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "p2pc-validate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tx = buildTransaction({ seed: 5 }).messages;
const broken = structuredClone(tx.select) as { message: { order: Record<string, unknown> } };
delete broken.message.order["items"];

const files = {
  valid: write("valid.json", JSON.stringify(tx.search, null, 2)),
  invalid: write("invalid.json", JSON.stringify(broken)),
  noContext: write("no-context.json", JSON.stringify({ message: {} })),
  log: write("log.jsonl", [tx.search, tx.on_search, broken].map((m) => JSON.stringify(m)).join("\n") + "\n"),
  linesInJson: write("lines.json", [tx.search, tx.on_search].map((m) => JSON.stringify(m)).join("\n")),
  array: write("array.json", JSON.stringify([tx.select, tx.on_select])),
  notJson: write("not-json.json", "{ this is not json"),
  badJsonl: write("bad.jsonl", `${JSON.stringify(tx.search)}\nnot json\n`),
  empty: write("empty.json", ""),
  flat: write("flat.json", JSON.stringify({ ...tx.on_search, context: { ...tx.on_search.context, country: "USA", city: "NANP:628" } })),
};

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(["validate", ...argv], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("p2p-conformance validate", () => {
  test("passes the guide's fixtures with exit 0 although they carry warnings", async () => {
    const result = await run("fixtures/guide");
    expect(result.code).toBe(0);
    expect(result.out.match(/^PASS /gm)).toHaveLength(12);
    expect(result.out).toMatch(/^12 valid, 0 invalid, \d+ warnings$/m);
    expect(result.out).toContain("warning $.context.ttl");
  });

  test("exits 1 when a message has an error, and names the path", async () => {
    const result = await run(files.valid, files.invalid);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/^FAIL .*invalid\.json\s+select\s+1 error/m);
    expect(result.out).toContain("error   $.message.order.items: `message.order.items` is required but missing.");
  });

  test("core-1.1.0 allows properties core does not name; --closed warns each, and the exit stays 0", async () => {
    const open = await run("--profile", "core-1.1.0", files.flat);
    expect(open.code).toBe(0);
    expect(open.out).toMatch(/0 errors, 0 warnings/);
    const closed = await run("--profile", "core-1.1.0", "--closed", files.flat);
    expect(closed.code).toBe(0);
    expect(closed.out).toContain("(closed: unknown properties warned)");
    expect(closed.out).toContain("warning $.context.country: `context.country` is not a property core 1.1.0 defines here.");
    expect(closed.out).toContain("warning $.context.city:");
  });

  test("a parsed message with no context is a verdict, exit 1", async () => {
    expect((await run(files.noContext)).code).toBe(1);
  });

  test("reads a .jsonl log one message per line", async () => {
    const result = await run(files.log);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/log\.jsonl:1\s+search/);
    expect(result.out).toMatch(/log\.jsonl:3\s+select/);
  });

  test("reads a .json file as JSON lines when the whole does not parse but every line does", async () => {
    const result = await run(files.linesInJson);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/lines\.json:2\s+on_search/);
  });

  test("reads a top-level array as a list of messages", async () => {
    const result = await run(files.array);
    expect(result.out).toMatch(/array\.json#1\s+on_select/);
  });

  test.for([
    ["not JSON", "notJson", /not-json\.json: not JSON .*\[P2PC_ERR_INPUT_NOT_JSON\]$/],
    ["a .jsonl with a bad line", "badJsonl", /bad\.jsonl: a \.jsonl file, but not every line is JSON\. \[P2PC_ERR_INPUT_NOT_JSON\]$/],
    ["empty", "empty", /empty\.json: not JSON/],
  ] as const)("a file that is %s gets a one-line error and exit 2", async ([, key, pattern]) => {
    const result = await run(files[key]);
    expect(result.code).toBe(2);
    expect(result.err.split("\n")).toHaveLength(1);
    expect(result.err).toMatch(pattern);
  });

  test("a missing file gets a one-line error and exit 2", async () => {
    const result = await run(join(dir, "nope.json"));
    expect(result.code).toBe(2);
    expect(result.err).toBe(`p2p-conformance: ${join(dir, "nope.json")}: cannot be read (ENOENT). [P2PC_ERR_INPUT_UNREADABLE]`);
  });

  test("an invalid message outranks an unreadable file: exit 1", async () => {
    expect((await run(files.invalid, files.notJson)).code).toBe(1);
  });

  test("an unknown profile is a usage error", async () => {
    const result = await run("--profile", "nope", files.valid);
    expect(result.code).toBe(2);
    expect(result.err).toContain('--profile "nope" is not a profile');
  });

  test("an unknown flag is a usage error, with no stack trace", async () => {
    const result = await run("--bogus", files.valid);
    expect(result.code).toBe(2);
    expect(result.err).not.toContain("    at ");
  });

  test("--json prints the verdicts as JSON", async () => {
    const result = await run("--json", "--profile", "core-1.1.0", files.valid);
    const parsed = JSON.parse(result.out) as { profile: string; verdicts: { result: { valid: boolean } }[] };
    expect(parsed.profile).toBe("core-1.1.0");
    expect(parsed.verdicts[0]?.result.valid).toBe(true);
  });
});

describe("the p2p-conformance process", () => {
  const cli = [...CLI];
  test("sets its exit code from the verdicts", { timeout: 30_000 }, () => {
    expect(spawnSync(process.execPath, [...cli, "validate", files.valid]).status).toBe(0);
    expect(spawnSync(process.execPath, [...cli, "validate", files.invalid]).status).toBe(1);
    expect(spawnSync(process.execPath, [...cli, "validate", files.notJson]).status).toBe(2);
  });
  test("prints help, and no prototype key is a command", { timeout: 30_000 }, () => {
    expect(spawnSync(process.execPath, [...cli, "constructor"]).status).toBe(2);
    expect(execFileSync(process.execPath, [...cli, "--help"], { encoding: "utf8" })).toContain("validate <files>");
    expect(execFileSync(process.execPath, [...cli, "help", "validate"], { encoding: "utf8" })).toContain("--profile <name>");
  });
});
