import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { validate } from "../../schemas/index.js";
import { startTestNet, type Exchange, type TestNet, type Trade } from "./testing/test-trade.js";

let net: TestNet;
beforeAll(async () => {
  net = await startTestNet();
});
afterAll(async () => net.close());

interface ErrorCase {
  readonly name: string;
  readonly code: string;
  readonly action: string;
  readonly run: (trade: Trade) => Promise<Exchange>;
}

const UNKNOWN = "00000000-0000-4000-8000-000000000000";

const cases: ErrorCase[] = [
  { name: "a select over the available 30 kWh", code: "40002", action: "on_select", run: (t) => t.select({ quantityKwh: "31" }) },
  { name: "a select of an unknown provider", code: "30001", action: "on_select", run: (t) => t.select({ providerId: "p-unknown" }) },
  { name: "a select of an unknown item of a known provider", code: "30004", action: "on_select", run: (t) => t.select({ itemId: "no-such-item" }) },
  { name: "init without select", code: "40000", action: "on_init", run: (t) => t.init() },
  { name: "confirm without select or init", code: "40000", action: "on_confirm", run: (t) => t.confirm() },
  { name: "confirm after select but without init", code: "40000", action: "on_confirm", run: async (t) => (await t.select(), t.confirm()) },
  { name: "status of an unknown order", code: "30010", action: "on_status", run: (t) => t.status(UNKNOWN) },
  { name: "update of an unknown order", code: "30010", action: "on_update", run: (t) => t.update(UNKNOWN) },
  { name: "cancel of an unknown order", code: "30010", action: "on_cancel", run: (t) => t.cancel(UNKNOWN) },
  { name: "update with update_target payments", code: "30012", action: "on_update", run: async (t) => t.update(await t.confirmed(), undefined, "payments") },
  { name: "update with update_target nonsense", code: "30012", action: "on_update", run: async (t) => t.update(await t.confirmed(), undefined, "nonsense") },
];

describe("BPP: error callbacks", () => {
  test.for(cases)("$name is ACKed and answered with error $code", async ({ code, action, run }) => {
    const { response, callback } = await run(net.trade());
    expect(response.status).toBe(200);
    expect(callback.action).toBe(action);
    const error = callback.body["error"] as { code: string; message: string };
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(10);
    expect(callback.body["message"]).toBeUndefined();
    expect(validate(callback.body).findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  test("an out-of-order step says which step must come first", async () => {
    const { callback } = await net.trade().init();
    expect((callback.body["error"] as { message: string }).message).toMatch(/select/);
  });

  test("after an error the transaction can still go on in order", async () => {
    const trade = net.trade();
    await trade.select({ quantityKwh: "99" });
    await trade.select({ quantityKwh: "30" });
    const { callback } = await trade.init();
    expect(callback.body["error"]).toBeUndefined();
  });
});
