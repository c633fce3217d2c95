import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { BPP_CHECKS } from "../suites/roles/bpp/checks/index.js";
import { DEFAULT_RUN } from "../suites/core/config.js";
import { runLoad } from "../suites/roles/bpp/load/run-load.js";
import { LOAD_ACTIONS } from "../suites/roles/bpp/load/scenario.js";
import { freePort, startChildBpp } from "./child-bpp.js";
import { rawPost } from "./raw-post.js";

/**
 * The harness's cost per exchange: one exchange at a time (load mode, concurrency 1, against the
 * reference BPP in its own process), from signing the request to the judged callback, against the
 * plainest loopback exchange there is: a raw node:http POST answered 200 at once, followed by a raw
 * callback POST the client awaits, with no Beckn work at either end (both sent by rawPost).
 */
export interface OverheadFigures {
  readonly exchanges: number;
  /** Wall time per exchange, ms. */
  readonly oursMs: number;
  /** Harness CPU per exchange (signing, verifying, every check), ms. */
  readonly harnessCpuMs: number;
  /** The SUT's CPU per exchange, ms, where /proc can tell. */
  readonly sutCpuMs: number | undefined;
  readonly rawRoundTripMs: number;
  readonly rawExchangeMs: number;
}

async function rawBaseline(count: number): Promise<{ roundTripMs: number; exchangeMs: number }> {
  let arrived: (() => void) | undefined;
  const receiver = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.end("{}");
      arrived?.();
    });
  });
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.end('{"message":{"ack":{"status":"ACK"}}}'));
  });
  await Promise.all([receiver, server].map((s) => new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve))));
  const url = (s: typeof server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}/`;
  const body = JSON.stringify({ context: { action: "select" }, message: {} });
  const post = (target: string) => rawPost(target, body);
  for (let i = 0; i < 200; i += 1) {
    await post(url(server)); // warm-up
  }
  let started = performance.now();
  for (let i = 0; i < count; i += 1) {
    await post(url(server));
  }
  const roundTripMs = (performance.now() - started) / count;
  started = performance.now();
  for (let i = 0; i < count; i += 1) {
    const callback = new Promise<void>((resolve) => (arrived = resolve));
    await post(url(server));
    void post(url(receiver));
    await callback;
  }
  const exchangeMs = (performance.now() - started) / count;
  await Promise.all([receiver, server].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return { roundTripMs, exchangeMs };
}

export async function benchExchangeOverhead(transactions = 200): Promise<OverheadFigures> {
  const port = await freePort();
  const bpp = await startChildBpp(`http://127.0.0.1:${port}`);
  try {
    const config = { ...DEFAULT_RUN, registryPort: port, target: bpp.url, sutId: bpp.subscriberId, sutKey: bpp.publicKey, maxTimeMs: 600_000 };
    await runLoad(config, BPP_CHECKS, { concurrency: 1, transactions: 20 }); // warm-up
    const sutBefore = bpp.cpuMs();
    const cpu = process.cpuUsage();
    const report = await runLoad(config, BPP_CHECKS, { concurrency: 1, transactions });
    const used = process.cpuUsage(cpu);
    const sutAfter = bpp.cpuMs();
    const exchanges = report.transactions * LOAD_ACTIONS.length;
    const raw = await rawBaseline(exchanges);
    return {
      exchanges,
      oursMs: report.durationMs / exchanges,
      harnessCpuMs: (used.user + used.system) / 1000 / exchanges,
      sutCpuMs: sutBefore === undefined || sutAfter === undefined ? undefined : (sutAfter - sutBefore) / exchanges,
      rawRoundTripMs: raw.roundTripMs,
      rawExchangeMs: raw.exchangeMs,
    };
  } finally {
    await bpp.stop();
  }
}
