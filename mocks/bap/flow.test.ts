import { expect, test as base } from "vitest";
import { endStops, stopAddress } from "../../protocol/shapes.js";
import { FlowError } from "./flow.js";
import { networkFixture, startTestNetwork } from "./testing/network.js";

const test = base.extend("net", { scope: "file" }, networkFixture());

const GUIDE_STEPS = ["search", "select", "init", "confirm", "status", "update"];

test("runGuideFlow replays the guide's flow against a BPP through the gateway", async ({ net }) => {
  const bap = await net.startBap();
  const result = await bap.engine.runGuideFlow({ seed: 1, quantityKwh: 4 });
  expect(result.steps.map((s) => s.action)).toEqual(GUIDE_STEPS);
  expect(result.steps.map((s) => s.callback.action)).toEqual(GUIDE_STEPS.map((a) => `on_${a}`));
  expect(result.steps.every((s) => s.callback.transactionId === result.transactionId && !s.callback.flagged)).toBe(true);
  expect(result.bppId).toBe(net.bppIdentity.subscriberId);
  expect(result.orderId).toBe(`order-${result.transactionId}`);
  const onSearch = result.steps[0]?.callback;
  expect(onSearch?.verification).toEqual({ signature: "verified", gateway: "verified", detail: undefined });
  const fanout = await net.gateway.forwarded.waitForFanout({ messageId: result.steps[0]?.context["message_id"] as string, action: "search" }, 2000);
  expect(fanout.targets).toEqual([net.bppIdentity.subscriberId]);
});

test("runGuideFlow moves the delivery to a new der:// meter in the update", async ({ net }) => {
  const bap = await net.startBap();
  const result = await bap.engine.runGuideFlow({ seed: 2 });
  const update = result.exchanges.requests.find((r) => r.action === "update")?.request.body as { message: { order: { fulfillments: unknown[] } } };
  const meter = stopAddress(endStops(update.message.order.fulfillments[0])[0]?.value)?.value;
  expect(meter).toBe(result.newEndMeter);
  expect(result.newEndMeter).toMatch(/^der:\/\/ssf\.meter\/\d{8}$/);
  expect(result.newEndMeter).not.toBe(result.endMeter);
});

test("POST /trigger/flow answers 200 with the transaction, the order and its exchanges", async ({ net }) => {
  const bap = await net.startBap();
  const response = await fetch(`${bap.url}/trigger/flow`, { method: "POST", body: JSON.stringify({ quantityKwh: 3 }) });
  const body = (await response.json()) as { transaction_id: string; order_id: string; exchanges: { requests: { action: string }[]; callbacks: unknown[] } };
  expect(response.status).toBe(200);
  expect(body.order_id).toBe(`order-${body.transaction_id}`);
  expect(body.exchanges.requests.map((r) => r.action)).toEqual(GUIDE_STEPS);
  expect(body.exchanges.callbacks).toHaveLength(6);
});

test("runGuideFlow names the step whose callback never came", async () => {
  const net = await startTestNetwork({ bpp: { silent: ["confirm"] } });
  try {
    const bap = await net.startBap({ ttl: "PT0.3S" });
    const error = await bap.engine.runGuideFlow({ seed: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlowError);
    expect((error as FlowError).step).toBe("on_confirm");
    expect((error as FlowError).message).toMatch(/on_confirm: No on_confirm in transaction .* arrived within 300 ms/);
  } finally {
    await net.close();
  }
});

test("POST /trigger/flow answers 502 naming the step a NACK stopped", async () => {
  const net = await startTestNetwork({
    bpp: { answer: (action) => (action === "init" ? { status: 400, body: { message: { ack: { status: "NACK" } }, error: { code: "30000" } } } : undefined) },
  });
  try {
    const bap = await net.startBap();
    const response = await fetch(`${bap.url}/trigger/flow`, { method: "POST" });
    const body = (await response.json()) as { error: { code: string; step: string }; exchanges: { requests: { action: string }[] } };
    expect(response.status).toBe(502);
    expect(body.error).toMatchObject({ code: "FLOW_FAILED", step: "init" });
    expect(body.exchanges.requests.map((r) => r.action)).toEqual(["search", "select", "init"]);
  } finally {
    await net.close();
  }
});
