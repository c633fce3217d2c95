import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { asArray, asObject, isOrderCompleted } from "../../protocol/shapes.js";
import { validate } from "../../schemas/index.js";
import { buildGridApp, type TransferEvent } from "../grid/index.js";
import { startTestNet, type TestNet } from "./testing/test-trade.js";
import { contextOf, type ReceivedCallback } from "./testing/test-utils.js";

const stateOf = (c: ReceivedCallback): unknown =>
  asObject(asObject(asArray(asObject(asObject(c.body["message"])?.["order"])?.["fulfillments"])[0])?.["state"])?.["descriptor"];
const unsolicited = (net: TestNet, transactionId: string) => (c: ReceivedCallback) =>
  c.action === "on_status" && contextOf(c)["transaction_id"] === transactionId;

describe("BPP and grid: the energy transfer after on_confirm", () => {
  let net: TestNet;
  beforeAll(async () => {
    net = await startTestNet({ grid: { compressedTransferMs: 400 } });
  });
  afterAll(async () => net.close());

  test("unsolicited on_status messages report Pending, In-Progress and Completed, then the order is COMPLETED", async () => {
    const trade = net.trade();
    const orderId = await trade.confirmed();
    const updates = await net.bap.waitForCount(unsolicited(net, trade.transactionId), 3, 5000);
    expect(updates.map((c) => (stateOf(c) as { code: string }).code)).toEqual(["Pending", "In-Progress", "Completed"]);
    expect(updates.map((c) => isOrderCompleted(asObject(c.body["message"])?.["order"]))).toEqual([false, false, true]);
    const ids = updates.map((c) => contextOf(c)["message_id"]);
    expect(new Set(ids).size).toBe(3);
    expect(net.bap.received.filter((c) => ids.includes(contextOf(c)["message_id"]) && c.action !== "on_status")).toEqual([]);
    for (const update of updates) {
      expect(asObject(asObject(update.body["message"])?.["order"])?.["id"]).toBe(orderId);
      expect(validate(update.body).findings.filter((f) => f.severity === "error")).toEqual([]);
    }
  });

  test("each unsolicited on_status carries the transfer log: delivered kWh and both meter readings", async () => {
    const trade = net.trade();
    await trade.confirmed({ quantityKwh: "3" });
    const updates = await net.bap.waitForCount(unsolicited(net, trade.transactionId), 3, 5000);
    const logs = updates.map((c) => {
      const fulfillment = asObject(asArray(asObject(asObject(c.body["message"])?.["order"])?.["fulfillments"])[0]);
      const group = asArray(fulfillment?.["tags"])
        .map(asObject)
        .find((g) => asObject(g?.["descriptor"])?.["code"] === "Transfer_Log");
      return Object.fromEntries(asArray(group?.["list"]).map((t) => [String(asObject(asObject(t)?.["descriptor"])?.["code"]), asObject(t)?.["value"]]));
    });
    expect(logs.map((l) => l["Delivered_kWh"])).toEqual(["0", "1.5", "3"]);
    expect(Number(logs[2]?.["Source_Reading_kWh"]) - Number(logs[0]?.["Source_Reading_kWh"])).toBeCloseTo(3, 9);
    expect(Number(logs[2]?.["Destination_Reading_kWh"]) - Number(logs[0]?.["Destination_Reading_kWh"])).toBeCloseTo(3, 9);
  });

  test("status after the transfer reports the order COMPLETED", async () => {
    const trade = net.trade();
    const orderId = await trade.confirmed();
    await net.bap.waitFor((c) => unsolicited(net, trade.transactionId)(c) && isOrderCompleted(asObject(c.body["message"])?.["order"]), 5000);
    const { callback } = await trade.status(orderId);
    expect(asObject(asObject(callback.body["message"])?.["order"])?.["state"]).toBe("COMPLETED");
  });
});

describe("BPP and grid: the transfer log over HTTP", () => {
  let net: TestNet;
  beforeAll(async () => {
    net = await startTestNet({ grid: { compressedTransferMs: 200 } });
  });
  afterAll(async () => net.close());

  test("the grid's event log is queryable over HTTP, and an unknown order is a 404", async () => {
    const trade = net.trade();
    const orderId = await trade.confirmed();
    await net.bap.waitForCount(unsolicited(net, trade.transactionId), 3, 5000);
    const app = buildGridApp(net.bpp.engine.grid);
    await app.listen({ host: "127.0.0.1", port: 0 });
    try {
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      const found = await fetch(`${base}/orders/${orderId}/events`);
      const log = (await found.json()) as { state: string; events: TransferEvent[] };
      expect(found.status).toBe(200);
      expect(log.state).toBe("Completed");
      expect(log.events.map((e) => [e.state, e.readings.map((r) => r.direction)])).toEqual([
        ["Pending", ["export", "import"]],
        ["In-Progress", ["export", "import"]],
        ["Completed", ["export", "import"]],
      ]);
      const missing = await fetch(`${base}/orders/nope/events`);
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("30010");
    } finally {
      await app.close();
    }
  });
});

describe("BPP and grid: the default compressed clock", () => {
  test("a transfer on the default clock reaches Completed within 5 s", async () => {
    const net = await startTestNet({ grid: {} });
    try {
      const trade = net.trade();
      const started = performance.now();
      await trade.confirmed();
      await net.bap.waitFor((c) => unsolicited(net, trade.transactionId)(c) && isOrderCompleted(asObject(c.body["message"])?.["order"]), 5000);
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      await net.close();
    }
  }, 10_000);

  test("close() cancels a transfer under way, leaving no timer behind", async () => {
    const net = await startTestNet({ grid: { compressedTransferMs: 5000 } });
    let orderId: string | undefined;
    try {
      orderId = await net.trade().confirmed();
      await net.bpp.engine.idle();
      expect(net.bpp.engine.grid.transfer(orderId)?.running).toBe(true);
    } finally {
      await net.close();
    }
    expect(net.bpp.engine.grid.transfer(orderId ?? "")).toMatchObject({ running: false, state: "Pending" });
  });
});
