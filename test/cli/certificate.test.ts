import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CLI } from "../support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "p2pc-cert-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const QUICK = ["--registry-port", "0", "--ttl", "PT2S", "--quiet-window", "300ms", "--transfer-timeout", "6s"];

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [...CLI, ...args], { encoding: "utf8", timeout: 90_000 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** Every file under `root`, recursively. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(root, e.name)) : [join(root, e.name)]));
}

interface KeyFile {
  signing_public_key: string;
  signing_private_key: string;
  encr_private_key: string;
  fingerprint: string;
}

const issuerFile = join(dir, "issuer.keys.json");
const otherFile = join(dir, "other.keys.json");
const out = join(dir, "pass");
const certificatePath = join(out, "certificate.json");
let issuer: KeyFile;
let other: KeyFile;
let runStdout = "";

/** A copy of the certificate with one edit, written beside it; returns its path. */
function edited(name: string, edit: (c: Record<string, unknown>) => void): string {
  const certificate = JSON.parse(readFileSync(certificatePath, "utf8")) as Record<string, unknown>;
  edit(certificate);
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(certificate, null, 2));
  return path;
}

beforeAll(() => {
  const generated = cli("keys", "generate", "--out", issuerFile);
  expect(generated.status, generated.stderr).toBe(0);
  expect(cli("keys", "generate", "--out", otherFile).status).toBe(0);
  issuer = JSON.parse(readFileSync(issuerFile, "utf8")) as KeyFile;
  other = JSON.parse(readFileSync(otherFile, "utf8")) as KeyFile;
  const run = cli("run", "--role", "bpp", ...QUICK, "--issuer-key", issuerFile, "--out", out);
  expect(run.status, run.stdout + run.stderr).toBe(0);
  runStdout = run.stdout;
}, 120_000);

describe("keys generate", { timeout: 30_000 }, () => {
  test("writes the private keys only to a 0600 file and prints only the public parts", () => {
    expect(statSync(issuerFile).mode & 0o777).toBe(0o600);
    const again = cli("keys", "generate", "--out", join(dir, "third.keys.json"));
    const file = JSON.parse(readFileSync(join(dir, "third.keys.json"), "utf8")) as KeyFile;
    expect(again.stdout).toContain(file.signing_public_key);
    expect(again.stdout).toContain(file.fingerprint);
    expect(again.stdout).not.toContain(file.signing_private_key);
    expect(again.stdout).not.toContain(file.encr_private_key);
    expect(Buffer.from(file.signing_public_key, "base64")).toHaveLength(32);
  });

  test("never overwrites a key file without --force, and prints private keys only with --stdout", () => {
    const refused = cli("keys", "generate", "--out", issuerFile);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/exists already \(pass --force/);
    expect(JSON.parse(readFileSync(issuerFile, "utf8"))).toEqual(issuer);
    const printed = JSON.parse(cli("keys", "generate", "--stdout").stdout) as KeyFile;
    expect(Buffer.from(printed.signing_private_key, "base64")).toHaveLength(32);
  });
});

describe("certificate.json of a passing run --role bpp", { timeout: 30_000 }, () => {
  test("is written beside report.json, its path printed, and holds no private key anywhere in the output", () => {
    expect(runStdout).toContain(`certificate: ${certificatePath} (issuer ${issuer.fingerprint})`);
    const certificate = JSON.parse(readFileSync(certificatePath, "utf8")) as Record<string, Record<string, unknown>>;
    expect(certificate["issuer"]).toEqual({ algorithm: "ed25519", publicKey: issuer.signing_public_key, fingerprint: issuer.fingerprint, selfIssued: false });
    expect(certificate["sut"]?.["role"]).toBe("bpp");
    expect(certificate["catalogue"]?.["sha256"]).toMatch(/^[0-9a-f]{64}$/);
    for (const file of filesUnder(out)) {
      const text = readFileSync(file, "utf8");
      expect(text, file).not.toContain(issuer.signing_private_key);
      expect(text, file).not.toMatch(/signing_private_key|signingPrivateKey|encr_private_key/);
    }
  });

  test("verifies with exit 0 and prints the issuer's fingerprint, trusted by key or by fingerprint, with its report", () => {
    for (const extra of [[], ["--trust", issuer.signing_public_key], ["--trust", issuer.fingerprint], ["--report", join(out, "report.json")]]) {
      const verified = cli("certificate", "verify", certificatePath, ...extra);
      expect(verified.status, verified.stdout + verified.stderr).toBe(0);
      expect(verified.stdout).toContain(`issuer fingerprint: ${issuer.fingerprint}`);
    }
  });

  test.for([
    ["a changed value", (c: Record<string, unknown>): void => void ((c["sut"] as Record<string, unknown>)["subscriberId"] = "bpp.someone-else.energy")],
    ["an added field", (c: Record<string, unknown>): void => void (c["validUntil"] = "2099-01-01T00:00:00Z")],
    ["a removed field", (c: Record<string, unknown>): void => void delete c["profile"]],
    ["a changed report hash", (c: Record<string, unknown>): void => void ((c["report"] as Record<string, unknown>)["sha256"] = "0".repeat(64))],
  ] as const)("exits 1 on %s", ([name, edit]) => {
    const result = cli("certificate", "verify", edited(name.replace(/ /g, "-"), edit));
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^INVALID {2}.*the signature does not hold/m);
  });

  test("exits 1 when --trust names another issuer", () => {
    const result = cli("certificate", "verify", certificatePath, "--trust", other.signing_public_key);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`it was issued by ${issuer.fingerprint}, not by the trusted issuer ${other.fingerprint}`);
  });

  test("exits 1 when --report is another report than the one it binds", () => {
    const report = join(dir, "report-edited.json");
    writeFileSync(report, readFileSync(join(out, "report.json"), "utf8").replace('"verdict": "conformant"', '"verdict": "conformant" '));
    const result = cli("certificate", "verify", certificatePath, "--report", report);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/the report's sha-256 is [0-9a-f]{64}, not the/);
  });

  test.for([
    ["a file that is not JSON", "not-json.json", "certificate: yes", /is not JSON .*\[P2PC_ERR_INPUT_NOT_JSON\]/],
    ["a missing file", "missing.json", undefined, /Cannot read .*missing\.json \(ENOENT\)\. \[P2PC_ERR_INPUT_UNREADABLE\]/],
  ] as const)("exits 2 on %s with a clear message", ([, name, content, message]) => {
    const path = join(dir, name);
    if (content !== undefined) {
      writeFileSync(path, content);
    }
    const result = cli("certificate", "verify", path);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  test("a failing run writes no certificate", { timeout: 90_000 }, () => {
    const failing = join(dir, "fail");
    const result = cli("run", "--role", "bpp", ...QUICK, "--bpp-fault", "biz.wrong-quote", "--issuer-key", issuerFile, "--out", failing);
    expect(result.status).toBe(1);
    expect(readdirSync(failing)).not.toContain("certificate.json");
    expect(result.stdout).not.toMatch(/^certificate:/m);
  });

  test("a bad issuer key stops the run before it starts, with exit 2", () => {
    const bad = join(dir, "bad.keys.json");
    writeFileSync(bad, JSON.stringify({ signing_private_key: "not a key" }));
    const result = cli("run", "--role", "bpp", ...QUICK, "--issuer-key", bad, "--out", join(dir, "bad-key"));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/The key file .*bad\.keys\.json has an unusable signing_private_key .*\[P2PC_ERR_KEY_FILE\]/);
    expect(result.stderr).not.toContain("not a key");
  });
});
