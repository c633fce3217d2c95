import { sign } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateSigningKeyPair, importPrivateKey } from "../../protocol/keys.js";
import { blake2b512Base64, buildSigningString, formatSignatureHeader, signBody } from "../../protocol/signing/index.js";
import { freePort, runCli } from "../support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "p2pc-explain-"));
const SENDER = generateSigningKeyPair();
const SECOND = generateSigningKeyPair();
const CREATED = 1_767_607_200; // 2026-01-05T10:00:00Z
const AT = "2026-01-05T10:00:10Z";
const BODY = '{"context":{"action":"search","bap_id":"bap.example.com"},"message":{"intent":{}}}';
const SORTED_DIFFERENT = '{"message":{"intent":{}},"context":{"action":"search","bap_id":"bap.example.com"}}';
const bodyFile = write("search.json", BODY);
const unsortedFile = write("unsorted.json", SORTED_DIFFERENT);
const VALID = signBody({
  rawBody: BODY,
  subscriberId: "bap.example.com",
  uniqueKeyId: "k1",
  privateKey: SENDER.privateKey,
  created: CREATED,
  expires: CREATED + 60,
}).header;

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A header whose signature covers `text` with `privateKey`, under keyId bap.example.com|k1. */
function signedOver(text: string, privateKey = SENDER.privateKey): string {
  const signature = sign(null, Buffer.from(text), importPrivateKey(privateKey)).toString("base64");
  return formatSignatureHeader({ subscriberId: "bap.example.com", uniqueKeyId: "k1", created: CREATED, expires: CREATED + 60, signature });
}

const CRLF = signedOver(buildSigningString({ created: CREATED, expires: CREATED + 60, digest: blake2b512Base64(BODY) }).replaceAll("\n", "\r\n"));

let registry: Server;
let registryUrl = "";
beforeAll(async () => {
  const entries = [
    { subscriber_id: "bap.example.com", unique_key_id: "k1", type: "BAP", signing_public_key: SENDER.publicKey },
    { subscriber_id: "bap.example.com", unique_key_id: "k2", type: "BAP", signing_public_key: SECOND.publicKey },
  ];
  registry = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString()));
    req.on("end", () => {
      const filter = JSON.parse(text) as { subscriber_id?: string };
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(req.url === "/lookup" ? entries.filter((e) => e.subscriber_id === filter.subscriber_id) : { error: "not found" }));
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => registry.listen(port, "127.0.0.1", resolve));
  registryUrl = `http://127.0.0.1:${port}`;
});
afterAll(() => {
  registry?.close();
  rmSync(dir, { recursive: true, force: true });
});

const explain = (...args: string[]) => runCli(["explain-signature", ...args], 30_000);

// Each test spawns the CLI (tsx) and they run at once: on a loaded 2-core machine one can take more than vitest's 5 s default.
describe("p2p-conformance explain-signature", { timeout: 60_000 }, () => {
  test.concurrent("exits 0 with valid for a signature over the file's exact bytes inside its window", async () => {
    const result = await explain("--body", bodyFile, "--header", VALID, "--key", SENDER.publicKey, "--at", AT);
    expect(result.stdout).toMatch(
      /^valid: the signature of bap\.example\.com\|k1 verifies over the body's exact bytes \(created 1767607200, expires 1767607260\)/,
    );
    expect(result.status).toBe(0);
  });

  test.concurrent("exits 1 with the time failure alone when a right signature is judged after it expired", async () => {
    const result = await explain("--body", bodyFile, "--header", VALID, "--key", SENDER.publicKey, "--at", String(CREATED + 3600));
    expect(result.stdout).toMatch(/^invalid \(expired\): The Authorization header expired at 1767607260/);
    expect(result.stdout).toMatch(/No known mistake explains it/);
    expect(result.status).toBe(1);
  });

  test.concurrent("exits 1 and names the mistake: the signature covers the body with its keys sorted", async () => {
    const result = await explain("--body", unsortedFile, "--header", VALID, "--key", SENDER.publicKey, "--at", AT);
    expect(result.stdout).toMatch(/^invalid \(bad-signature\): /);
    expect(result.stdout).toMatch(
      /mistake body-keys-sorted: the signature verifies over the body with its keys sorted; the bytes you sent differ from those at byte 2 \(`message":\{"inten…` where the signature covers `context":\{"actio…`\)/,
    );
    expect(result.status).toBe(1);
  });

  test.concurrent("--json prints the diagnosis as data", async () => {
    const result = await explain("--body", bodyFile, "--header", CRLF, "--key", SENDER.publicKey, "--at", AT, "--json");
    expect(result.status).toBe(1);
    const data = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(data).toMatchObject({
      at: "2026-01-05T10:00:10.000Z",
      bytes: BODY.length,
      verdict: "invalid",
      reason: "bad-signature",
      mistake: "signing-string-crlf",
    });
    expect(data["evidence"]).toMatchObject({
      difference: { offset: 21, expected: expect.stringMatching(/^\\n\(expires\)/), signed: expect.stringMatching(/^\\r\\n/) },
    });
  });

  test.concurrent("--json of a valid signature says valid", async () => {
    const result = await explain("--body", bodyFile, "--header", VALID, "--key", SENDER.publicKey, "--at", AT, "--json");
    expect(JSON.parse(result.stdout)).toMatchObject({ verdict: "valid", created: CREATED, expires: CREATED + 60 });
    expect(result.status).toBe(0);
  });

  test.concurrent("--registry-url looks the key up by the keyId, and tries the subscriber's other keys", async () => {
    const valid = await explain("--body", bodyFile, "--header", VALID, "--registry-url", registryUrl, "--at", AT);
    expect(valid.status).toBe(0);
    const other = signedOver(buildSigningString({ created: CREATED, expires: CREATED + 60, digest: blake2b512Base64(BODY) }), SECOND.privateKey);
    const wrongKey = await explain("--body", bodyFile, "--header", other, "--registry-url", registryUrl, "--at", AT);
    expect(wrongKey.stdout).toMatch(
      /mistake key-other-of-subscriber: the signature verifies with another key of "bap.example.com" \(unique_key_id "k2", registered as BAP\)/,
    );
    expect(wrongKey.status).toBe(1);
  });

  test.concurrent("--gateway reads the header as an X-Gateway-Authorization, and --sender names a keyId of another subscriber", async () => {
    const gateway = await explain("--body", unsortedFile, "--header", VALID, "--key", SENDER.publicKey, "--at", AT, "--gateway");
    expect(gateway.stdout).toMatch(/^invalid \(bad-signature\): The X-Gateway-Authorization header's signature does not verify/);
    expect(gateway.stdout).toMatch(/mistake body-keys-sorted: /);
    const sender = await explain("--body", bodyFile, "--header", VALID, "--key", SENDER.publicKey, "--at", AT, "--sender", "bap.other.example");
    expect(sender.stdout).toMatch(
      /mistake keyid-other-subscriber: the keyId names subscriber "bap.example.com", but the sender the context names is "bap.other.example"/,
    );
    expect(sender.status).toBe(1);
  });

  test.concurrent.each([
    [
      "a missing body file",
      ["--body", join(dir, "absent.json"), "--header", VALID, "--key", SENDER.publicKey],
      /cannot be read \(ENOENT\)\. \[P2PC_ERR_INPUT_UNREADABLE\]/,
    ],
    ["a key that is not base64", ["--body", bodyFile, "--header", VALID, "--key", "not a key!"], /--key is not an ed25519 public key.*\[P2PC_ERR_USAGE\]/],
    [
      "a header that does not parse",
      ["--body", bodyFile, "--header", "Bearer abc", "--key", SENDER.publicKey],
      /--header is not a BECKN-006 Signature header.*\[P2PC_ERR_USAGE\]/,
    ],
    [
      "a bad --at",
      ["--body", bodyFile, "--header", VALID, "--key", SENDER.publicKey, "--at", "yesterday"],
      /--at "yesterday" is not a time.*\[P2PC_ERR_USAGE\]/,
    ],
    ["no key at all", ["--body", bodyFile, "--header", VALID], /needs --body, --header and one of --key or --registry-url.*\[P2PC_ERR_USAGE\]/],
    [
      "an unreachable registry",
      ["--body", bodyFile, "--header", VALID, "--registry-url", "http://127.0.0.1:9"],
      /Registry lookup at http:\/\/127\.0\.0\.1:9\/lookup failed.*\[P2PC_ERR_REGISTRY_UNREACHABLE\]/,
    ],
  ])("exits 2 for %s", async (_name, args, message) => {
    const result = await explain(...args);
    expect(result.stderr).toMatch(message);
    expect(result.status).toBe(2);
  });

  test.concurrent("--help shows an example, and the top-level help lists the command", async () => {
    const help = await explain("--help");
    expect(help.stdout).toMatch(/Example:\n {2}p2p-conformance explain-signature --body search\.json/);
    expect(help.status).toBe(0);
    const top = await runCli(["--help"], 30_000);
    expect(top.stdout).toMatch(/explain-signature {2}check a BECKN-006 signature/);
  });
});
