/**
 * Certifying remote participants, proved on loopback (issue: "Certifying remote sandbox
 * participants"): `--host` binds every harness server to another loopback address, and
 * `--public-url` puts a URL that differs from the bind address in bap_uri and the registry, here
 * a small forwarding server standing in for a tunnel or an ingress.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { runCli, freePort } from "../support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "p2pc-remote-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const QUICK = ["--role", "bpp", "--registry-port", "0", "--ttl", "PT3S", "--quiet-window", "300ms", "--transfer-timeout", "8s"];

interface Report {
  run: { verdict: string };
  exchanges: { request: { url: string; body: { context?: { bap_uri?: string } } }; callbacks: unknown[] }[];
}

/** A stand-in for a tunnel: forwards every request to `targetPort` and counts what it carried. */
async function startForwarder(targetPort: number): Promise<{ server: Server; url: string; forwarded: string[] }> {
  const forwarded: string[] = [];
  const server = createServer((req, res) => {
    forwarded.push(`${req.method ?? ""} ${req.url ?? ""}`);
    const upstream = request({ host: "127.0.0.1", port: targetPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, forwarded };
}

function report(out: string): Report {
  return JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as Report;
}

describe("certifying a remote participant, on loopback", () => {
  test("--host binds the harness and the embedded SUT to a second loopback address", { timeout: 90_000 }, async () => {
    const out = join(dir, "host");
    const result = await runCli(["run", ...QUICK, "--host", "127.0.0.2", "--out", out]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const { exchanges } = report(out);
    expect(exchanges.length).toBeGreaterThan(10);
    expect(exchanges.every((e) => e.request.url.startsWith("http://127.0.0.2:"))).toBe(true);
    const bapUris = new Set(exchanges.map((e) => e.request.body.context?.bap_uri).filter((u) => u !== undefined));
    expect([...bapUris].every((u) => u.startsWith("http://127.0.0.2:"))).toBe(true);
    expect(exchanges.some((e) => e.callbacks.length > 0)).toBe(true);
  });

  test("--public-url goes into bap_uri, and callbacks reach the harness through it", { timeout: 90_000 }, async () => {
    const callbackPort = await freePort();
    const tunnel = await startForwarder(callbackPort);
    try {
      const out = join(dir, "public");
      const result = await runCli(["run", ...QUICK, "--public-url", tunnel.url, "--callback-port", String(callbackPort), "--out", out]);
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      const { exchanges } = report(out);
      const bapUris = new Set(exchanges.map((e) => e.request.body.context?.bap_uri).filter((u) => u !== undefined));
      expect([...bapUris]).toEqual([tunnel.url]);
      const callbacks = exchanges.reduce((sum, e) => sum + e.callbacks.length, 0);
      expect(callbacks).toBeGreaterThan(10);
      // Every callback the harness judged came through the stand-in tunnel.
      expect(tunnel.forwarded.filter((line) => line.startsWith("POST /on_")).length).toBeGreaterThanOrEqual(callbacks);
    } finally {
      await new Promise<void>((resolve) => tunnel.server.close(() => resolve()));
    }
  });
});
