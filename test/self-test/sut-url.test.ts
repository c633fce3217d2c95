/**
 * `--sut-url`: a BPP known in the network by a public URL (a tunnel, an ingress) while the harness
 * reaches it at `--target`. Proved on loopback: the reference BPP stamps a forwarder's URL in its
 * `bpp_uri`, the forwarder standing in for the ingress. With `--sut-url` that URL is registered and
 * expected (CTX-010 passes, the gateway's search goes through it); without it CTX-010 fails.
 */
import { createServer, request, type Server } from "node:http";
import { runSuite } from "../../suites/core/run-suite.js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startBpp, type RunningBpp } from "../../mocks/bpp/index.js";
import { createIdentity } from "../../mocks/common/identity.js";
import { createRegistryClient } from "../../protocol/registry-client.js";
import { DEFAULT_RUN, type RunConfig } from "../../suites/core/config.js";
import { BPP_SUITE } from "../../suites/roles/bpp/suite.js";
import { freePort } from "../support/cli.js";

interface Forwarder {
  readonly server: Server;
  readonly url: string;
  readonly forwarded: string[];
  to: number;
}

/** A stand-in for an ingress: forwards every request to the port set in `to`, and logs what it carried. */
async function startForwarder(): Promise<Forwarder> {
  const forwarded: string[] = [];
  const forwarder = { forwarded, to: 0 } as { server: Server; url: string; forwarded: string[]; to: number };
  forwarder.server = createServer((req, res) => {
    forwarded.push(`${req.method ?? ""} ${req.url ?? ""}`);
    const upstream = request({ host: "127.0.0.1", port: forwarder.to, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => forwarder.server.listen(0, "127.0.0.1", resolve));
  forwarder.url = `http://127.0.0.1:${(forwarder.server.address() as { port: number }).port}`;
  return forwarder;
}

const identity = createIdentity("BPP", "bpp.behind-an-ingress.example");
let registryPort = 0;
let ingress: Forwarder;
let bpp: RunningBpp;

beforeAll(async () => {
  registryPort = await freePort();
  ingress = await startForwarder();
  const registry = createRegistryClient(`http://127.0.0.1:${registryPort}`);
  bpp = await startBpp({ identity, lookupPublicKey: (s, k) => registry.publicKeyFor(s, k), publicUrl: ingress.url });
  ingress.to = Number(new URL(bpp.url).port);
});

afterAll(async () => {
  await bpp.close();
  await new Promise<void>((resolve) => ingress.server.close(() => resolve()));
});

const run = (extra: Partial<RunConfig>) =>
  runSuite(BPP_SUITE, {
    ...DEFAULT_RUN,
    ttl: "PT3S",
    quietWindowMs: 500,
    transferTimeoutMs: 8000,
    maxTimeMs: 60_000,
    registryPort,
    target: bpp.url,
    sutId: identity.subscriberId,
    sutKey: identity.signingPublicKey,
    sutKeyId: identity.uniqueKeyId,
    ...extra,
  });

const statusOf = (results: Awaited<ReturnType<typeof run>>["results"], id: string) => [...new Set(results.filter((r) => r.id === id).map((r) => r.status))];

describe("--sut-url: the BPP's public URL beside --target", () => {
  test("is registered and expected in bpp_uri: CTX-010 passes, and the gateway reaches the BPP through it", { timeout: 90_000 }, async () => {
    // Written as an operator might: scheme in upper case, a trailing slash. Neither makes a difference.
    const result = await run({ sutUrl: `${ingress.url.replace("http://", "HTTP://")}/` });
    expect(statusOf(result.results, "CTX-010")).toEqual(["pass"]);
    expect(result.results.filter((r) => r.status === "fail").map((r) => r.id)).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(ingress.forwarded.some((line) => line.startsWith("POST /search"))).toBe(true);
    expect(result.exchanges.filter((e) => !e.viaGateway).every((e) => e.request.url.startsWith(bpp.url))).toBe(true);
  });

  test("without it, the target is expected in bpp_uri and CTX-010 fails", { timeout: 90_000 }, async () => {
    const result = await run({});
    expect(statusOf(result.results, "CTX-010")).toContain("fail");
  });
});
