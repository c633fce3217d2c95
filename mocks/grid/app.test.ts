import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildGridApp } from "./app.js";
import { createGrid } from "./grid.js";
import type { TransferEvent } from "./types.js";

const grid = createGrid({ stall: true, compressedTransferMs: 5000 });
const app = buildGridApp(grid);
let base = "";

beforeAll(async () => {
  grid.startTransfer({
    orderId: "ord-1",
    transactionId: "tx-1",
    sourceMeter: "der://pge.meter/1",
    destinationMeter: "der://ssf.meter/2",
    kwh: "10",
    window: { start: "2025-05-09T10:00:00Z", end: "2025-05-09T18:00:00Z" },
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  grid.stop();
  await app.close();
});

describe("grid app", () => {
  test("GET /orders/:orderId/events returns the order's state and its two-way log", async () => {
    const response = await fetch(`${base}/orders/ord-1/events`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { orderId: string; state: string; running: boolean; events: TransferEvent[] };
    expect(body).toMatchObject({ orderId: "ord-1", state: "Pending", running: true });
    expect(body.events[0]?.readings.map((r) => r.meter)).toEqual(["der://pge.meter/1", "der://ssf.meter/2"]);
  });

  test.for([
    { path: "/orders/unknown/events", code: "30010" },
    { path: "/nothing-here", code: "30000" },
  ])("GET $path is a 404 with a JSON error $code", async ({ path, code }) => {
    const response = await fetch(`${base}${path}`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
  });
});
