import { describe, expect, test } from "vitest";
import { buildConfirm, buildContext, buildInit, buildSelect, type Context } from "../../fixtures/builders/index.js";
import { endStops, selectedMeasure } from "../../protocol/shapes.js";
import type { BecknInbound } from "../common/inbound.js";
import { createIdentity } from "../common/identity.js";
import { createBppEngine } from "./engine.js";
import { BUYER_METER, GUIDE_TERMS, JOHN } from "./testing/test-trade.js";
import type { BppOptions, PlannedCallback } from "./types.js";

const NOW = Date.parse("2025-05-09T17:00:00Z");
const identity = createIdentity("BPP", "bpp.engine.test");

function engineWith(extra: Partial<BppOptions> = {}) {
  const sent: PlannedCallback[] = [];
  const engine = createBppEngine({
    identity,
    lookupPublicKey: async () => undefined,
    now: () => NOW,
    publicUrl: "http://bpp.example",
    grid: { compressedTransferMs: 50 },
    send: async (cb) => void sent.push(cb),
    ...extra,
  });
  return { engine, sent };
}

const context = (action: string, over: Partial<Context> = {}): Context => ({
  ...buildContext({
    action,
    bapId: "bap.example",
    bapUri: "http://bap.example/cb",
    bppId: identity.subscriberId,
    bppUri: "http://bpp.example",
    now: () => new Date(NOW),
    transactionId: "tx-1",
  }),
  ...over,
});
const inbound = (body: { context: Context; message: unknown }): BecknInbound => ({
  action: body.context.action as BecknInbound["action"],
  rawBody: JSON.stringify(body),
  body: body as unknown as Record<string, unknown>,
  context: body.context as unknown as Record<string, unknown>,
  headers: {},
  viaGateway: false,
});
const select = (over: Partial<Context> = {}) => inbound(buildSelect({ context: context("select", over), ...GUIDE_TERMS }));

describe("BPP engine without a transport", () => {
  test("handle() plans the callback to bap_uri/on_<action> and sends nothing itself", () => {
    const { engine, sent } = engineWith();
    const result = engine.handle(select());
    expect(result.answer).toEqual({ status: 200, body: { message: { ack: { status: "ACK" } } } });
    expect(result.callbacks.map((cb) => cb.url)).toEqual(["http://bap.example/cb/on_select"]);
    expect(result.callbacks[0]?.body["context"]).toMatchObject({ action: "on_select", bpp_uri: "http://bpp.example", timestamp: "2025-05-09T17:00:00.000Z" });
    expect(sent).toEqual([]);
  });

  test("dispatch() sends through the injected send, and after on_confirm the transfer's on_status follow", async () => {
    const { engine, sent } = engineWith({ grid: { compressedTransferMs: 5000 } });
    await engine.dispatch(engine.handle(select()));
    await engine.dispatch(engine.handle(inbound(buildInit({ context: context("init"), ...GUIDE_TERMS, billing: JOHN }))));
    await engine.dispatch(engine.handle(inbound(buildConfirm({ context: context("confirm"), ...GUIDE_TERMS, billing: JOHN }))));
    await engine.idle();
    expect(sent.map((cb) => cb.url.split("/").pop())).toEqual(["on_select", "on_init", "on_confirm", "on_status"]);
    await engine.close();
  });

  test("the late-callback fault waits the request's timestamp + ttl + 250 ms", () => {
    const { engine } = engineWith({ faults: ["tim.late-callback"] });
    const result = engine.handle(select({ timestamp: new Date(NOW - 200).toISOString(), ttl: "PT1S" }));
    expect(result.callbacks[0]?.delayMs).toBe(1050);
  });

  test("the callback-before-ack fault asks the transport to send first", () => {
    expect(engineWith({ faults: ["tim.callback-before-ack"] }).engine.handle(select()).callbacksFirst).toBe(true);
  });

  test("close() cancels a delayed callback before it is sent", async () => {
    const { engine, sent } = engineWith({ faults: ["tim.late-callback"] });
    const dispatched = engine.dispatch(engine.handle(select({ ttl: "PT60S" })));
    await engine.close();
    await dispatched;
    expect(sent).toEqual([]);
  });

  test("shape \"core\" answers a request in the guide's forms with core's forms", () => {
    const { engine } = engineWith({ shape: "core" });
    const order = (engine.handle(select()).callbacks[0]?.body["message"] as { order: { items: unknown[]; fulfillments: unknown[] } }).order;
    expect(selectedMeasure(order.items[0])?.form).toBe("core");
    expect(endStops(order.fulfillments[0])[0]?.value).toMatchObject({
      type: "end",
      location: { address: BUYER_METER },
      time: { range: { start: expect.any(String), end: expect.any(String) } },
    });
  });
});
