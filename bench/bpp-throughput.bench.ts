import { EventEmitter, once } from "node:events";
import type { AddressInfo } from "node:net";
import Fastify from "fastify";
import { loadGuideMessage } from "../fixtures/guide/index.js";
import type { Grid, TransferEvent } from "../mocks/grid/index.js";
import { startNetwork } from "../mocks/network/index.js";
import { rawPost } from "./raw-post.js";

/**
 * Signed search → on_search transactions per second through the mock BPP, verified at both ends
 * (the BAP signs, the BPP verifies and signs its callback, the BAP verifies it), against a bare
 * fastify echo doing the same round trip with no Beckn work: request, 200, callback POST (both
 * sent by rawPost, over node:http as the mocks send).
 */
export interface ThroughputFigures {
  readonly transactions: number;
  readonly mockTps: number;
  readonly echoTps: number;
  readonly guideFlowMs: number;
  readonly transferMs: number;
}

async function pool(total: number, concurrency: number, one: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        await one(next++);
      }
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

async function echoBaseline(total: number, concurrency: number, rawBody: string): Promise<number> {
  const arrived = new EventEmitter();
  arrived.setMaxListeners(0);
  const receiver = Fastify();
  receiver.post("/on_search", async (request) => {
    arrived.emit(String((request.headers["x-id"] as string | undefined) ?? ""));
    return { ok: true };
  });
  await receiver.listen({ host: "127.0.0.1", port: 0 });
  const receiverUrl = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/on_search`;
  const echo = Fastify();
  echo.post("/search", async (request, reply) => {
    const id = String(request.headers["x-id"]);
    reply.raw.once("finish", () => void rawPost(receiverUrl, JSON.stringify(request.body), { "x-id": id }));
    return { ok: true };
  });
  await echo.listen({ host: "127.0.0.1", port: 0 });
  const echoUrl = `http://127.0.0.1:${(echo.server.address() as AddressInfo).port}/search`;
  const tps = await pool(total, concurrency, async (i) => {
    const done = once(arrived, String(i));
    await rawPost(echoUrl, rawBody, { "x-id": String(i) });
    await done;
  });
  await echo.close();
  await receiver.close();
  return tps;
}

export async function benchBppThroughput(total = 500, concurrency = 8): Promise<ThroughputFigures> {
  const network = await startNetwork({ ttl: "PT10S" });
  try {
    const bap = network.bap.handle.engine;
    const flowStarted = performance.now();
    const flow = await bap.runGuideFlow();
    const guideFlowMs = performance.now() - flowStarted;
    const transferMs = await transferDuration(network.bpp.handle.engine.grid, flow.orderId);
    const intent = (loadGuideMessage("search").message as { intent: unknown }).intent;
    const context = { bpp_id: network.bpp.identity.subscriberId, bpp_uri: network.bpp.url };
    const mockTps = await pool(total, concurrency, async () => {
      const answer = await bap.trigger("search", { context, message: { intent } });
      const sent = (answer.body as { context: { transaction_id: string } }).context;
      await bap.waitForCallback({ transactionId: sent.transaction_id, action: "on_search", accepted: true }, 10_000);
    });
    const echoTps = await echoBaseline(total, concurrency, JSON.stringify(loadGuideMessage("search")));
    return { transactions: total, mockTps, echoTps, guideFlowMs, transferMs };
  } finally {
    await network.stop();
  }
}

/** How long the grid took from Pending to Completed, by its own log; awaits the completing event. */
async function transferDuration(grid: Grid, orderId: string): Promise<number> {
  const span = (events: readonly TransferEvent[]): number => Date.parse(events[events.length - 1]?.at ?? "") - Date.parse(events[0]?.at ?? "");
  const done = (events: readonly TransferEvent[] | undefined): boolean => events?.[events.length - 1]?.state === "Completed";
  const logged = grid.events(orderId);
  if (done(logged)) {
    return span(logged ?? []);
  }
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`transfer of ${orderId} did not complete within 10 s`));
    }, 10_000);
    const off = grid.on("state-change", (event) => {
      if (event.orderId === orderId && event.state === "Completed") {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  });
  return span(grid.events(orderId) ?? []);
}
