import { generateKeyPairSync } from "node:crypto";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { generateEncryptionKeyPair, generateSigningKeyPair } from "../../protocol/keys.js";
import { filesUnder, findKeyMaterial, publicKeysIn, type KeyFinding } from "./key-material.js";
import { CLI } from "../support/cli.js";

/**
 * DESIGN "Network and keys": private keys never reach a report or a log. A full `run --role bpp`
 * and a brief `mock up` are scanned, every output file and every line they print. The scanner is
 * proved first on each form of key it looks for, so "none found" means something.
 */
const dir = mkdtempSync(join(tmpdir(), "p2pc-secrets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const signing = generateSigningKeyPair();
const encryption = generateEncryptionKeyPair();
const seedPlusPublic = Buffer.concat([Buffer.from(signing.privateKey, "base64").subarray(0, 32), Buffer.from(signing.publicKey, "base64")]).toString("base64");
const pem = generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString();
const der = generateKeyPairSync("x25519").privateKey.export({ format: "der", type: "pkcs8" }).toString("base64");
const jwk = JSON.stringify(generateKeyPairSync("ed25519").privateKey.export({ format: "jwk" }));

const leaks: [string, string][] = [
  ["a PEM private key block", `log: ${pem}`],
  ["PKCS#8 DER in base64 (X25519)", `{"key":"${der}"}`],
  ["a JWK with its private member d", jwk],
  ["a 64-byte ed25519 secret key (seed‖public)", `{"signingPrivateKey":"${seedPlusPublic}"}`],
  [
    "a signing seed beside its published public key",
    `pub ${signing.publicKey} priv ${Buffer.from(signing.privateKey, "base64").subarray(0, 32).toString("base64")}`,
  ],
  ["an encryption seed beside its published public key", `pub ${encryption.publicKey} priv ${encryption.privateKey}`],
];

describe("the key-material scanner", () => {
  test.for(leaks)("finds %s", ([, text]) => {
    expect(findKeyMaterial(text).length).toBeGreaterThan(0);
  });

  test("finds nothing in public keys, digests and signatures", () => {
    const signature = Buffer.alloc(64, 7).toString("base64");
    expect(findKeyMaterial(`${signing.publicKey} ${encryption.publicKey} digest="BLAKE-512=${signature}" signature="${signature}"`)).toEqual([]);
  });
});

function spawnCli(args: readonly string[]) {
  return spawn(process.execPath, [...CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
}

async function collect(child: ReturnType<typeof spawnCli>, until?: RegExp): Promise<{ output: string; code: number | null }> {
  let output = "";
  let stopping = false;
  const onData = (chunk: Buffer): void => {
    output += chunk.toString("utf8");
    if (!stopping && until?.test(output)) {
      stopping = true;
      child.kill("SIGINT");
    }
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const [code] = (await once(child, "exit")) as [number | null];
  return { output, code };
}

const describeLeaks = (found: readonly (KeyFinding & { where: string })[]) => found.map((f) => `${f.where}: ${f.kind} ${f.excerpt}`);

describe.concurrent("outputs hold no private key material", () => {
  test("run --role bpp: report.json, report.html, junit.xml, evidence.har, allure-results and the console", { timeout: 120_000 }, async () => {
    const out = join(dir, "run");
    const run = await collect(
      spawnCli(["run", "--role", "bpp", "--registry-port", "0", "--ttl", "PT3S", "--quiet-window", "300ms", "--transfer-timeout", "8s", "--out", out]),
    );
    expect([0, 1], run.output).toContain(run.code); // a complete run; its verdict is not what this test judges
    const files = filesUnder(out);
    // Whatever the run writes is scanned; these at least must be there.
    expect(files.map(([path]) => path.slice(out.length + 1))).toEqual(expect.arrayContaining(["evidence.har", "junit.xml", "report.html", "report.json"]));
    expect(files.length).toBeGreaterThan(50); // the allure results: one per check result, plus attachments
    const all = [...files, ["console", run.output] as [string, string]];
    const everything = all.map(([, text]) => text).join("\n");
    const published = publicKeysIn(everything); // a seed in one file is caught by its public key in another
    const found = all.flatMap(([where, text]) => findKeyMaterial(text, published).map((f) => ({ ...f, where })));
    expect(describeLeaks(found)).toEqual([]);
    // The report does publish the SUT's public key, so a leaked seed of it would have been found.
    expect(everything).toMatch(/"publicKey":\s*"[A-Za-z0-9+/]{43}="/);
  });

  test("mock up: the banner with every server's URL, id and public key", { timeout: 60_000 }, async () => {
    const ports = ["registry", "gateway", "bap", "bpp", "grid"].flatMap((name) => [`--${name}-port`, "0"]);
    // Stopping it cleanly is mock up's own test (test/cli/mock-up.test.ts); here only what it printed matters.
    const up = await collect(spawnCli(["mock", "up", ...ports]), /^grid .*$/m);
    expect(up.output).toMatch(/^bpp\s+http:\/\/127\.0\.0\.1:\d+\s+\S+\s+[A-Za-z0-9+/]{43}=$/m);
    expect(describeLeaks(findKeyMaterial(up.output).map((f) => ({ ...f, where: "mock up" })))).toEqual([]);
  });
});
