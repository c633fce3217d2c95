import { afterEach, describe, expect, test } from "vitest";
import { buildSelect } from "../../fixtures/builders/index.js";
import { createIdentity } from "../common/identity.js";
import { GUIDE_TERMS, startTestNet, type TestNet } from "./testing/test-trade.js";

/** bpp.invalid-body-error-callback: a body that fails validation but can be called back to is refused by an ACK and an error callback. */
let net: TestNet | undefined;
afterEach(() => net?.close());

const ackOf = (body: unknown) => (body as { message?: { ack?: { status?: string } } }).message?.ack?.status;

async function selectWithoutOrder(variants: string[], change: (context: Record<string, unknown>) => void = () => undefined) {
  net = await startTestNet({ variants });
  const body = buildSelect({ context: net.context("select"), ...GUIDE_TERMS }) as unknown as { context: Record<string, unknown> };
  change(body.context);
  return { response: await net.send("select", { context: body.context, message: {} }), messageId: body.context["message_id"] };
}

describe("bpp.invalid-body-error-callback", () => {
  test("a select without message.order is ACKed, then refused by an on_select with the NACK's error and no message", async () => {
    const { response, messageId } = await selectWithoutOrder(["bpp.invalid-body-error-callback"]);
    expect(ackOf(response.body)).toBe("ACK");
    const callback = await (net as TestNet).bap.waitFor(
      (c) => c.action === "on_select" && (c.body["context"] as { message_id?: unknown }).message_id === messageId,
    );
    expect(callback.body["message"]).toBeUndefined();
    expect(callback.body["error"]).toMatchObject({ code: "30000", paths: expect.stringContaining("$.message.order") });
  });

  test("by default the same select gets a 400 NACK", async () => {
    const { response } = await selectWithoutOrder([]);
    expect({ status: response.status, ack: ackOf(response.body) }).toEqual({ status: 400, ack: "NACK" });
  });

  test("a body that names no bap_uri still gets a NACK: there is nowhere to call back", async () => {
    const { response } = await selectWithoutOrder(["bpp.invalid-body-error-callback"], (context) => delete context["bap_uri"]);
    expect({ status: response.status, ack: ackOf(response.body) }).toEqual({ status: 400, ack: "NACK" });
  });

  test("a bad signature still gets a 401 NACK", async () => {
    net = await startTestNet({ variants: ["bpp.invalid-body-error-callback"] });
    const body = buildSelect({ context: net.context("select"), ...GUIDE_TERMS });
    const response = await net.send("select", body, { sign: { privateKey: createIdentity("BAP", "x").signingPrivateKey } });
    expect({ status: response.status, ack: ackOf(response.body) }).toEqual({ status: 401, ack: "NACK" });
  });
});
