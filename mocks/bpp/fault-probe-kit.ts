import { asArray, asObject, endStops, stopAddress } from "../../protocol/shapes.js";
import { verifySignatureHeader, type VerifyResult } from "../../protocol/signing/index.js";
import type { TestNet } from "./test-trade.js";
import { contextOf, type ReceivedCallback } from "./test-utils.js";

/**
 * Helpers of the fault probes: each probe starts a BPP with one fault and observes its effect,
 * using node:assert (mocks may not import vitest; faults.test.ts runs the probes).
 */
export type Probe = (net: TestNet) => Promise<void>;

/** The first callback of an action, whatever its ids (a faulty context may not echo them). */
export const first = (net: TestNet, action: string, timeoutMs?: number): Promise<ReceivedCallback> =>
  net.bap.waitFor((c) => c.action === action, timeoutMs);

export const verify = (net: TestNet, callback: ReceivedCallback): Promise<VerifyResult> =>
  verifySignatureHeader({
    header: callback.headers["authorization"],
    rawBody: callback.rawBody,
    kind: "authorization",
    lookupPublicKey: net.lookup,
    expectedSubscriberId: String(contextOf(callback)["bpp_id"] ?? net.bppIdentity.subscriberId),
  });

export const orderOf = (callback: ReceivedCallback): Record<string, unknown> =>
  asObject(asObject(callback.body["message"])?.["order"]) ?? {};

export const quoteOf = (callback: ReceivedCallback) =>
  orderOf(callback)["quote"] as { price: { value: string; currency: string }; breakup: { price: { value: string; currency: string } }[] };

export const endMeterOf = (callback: ReceivedCallback): unknown =>
  stopAddress(endStops(asArray(orderOf(callback)["fulfillments"])[0])[0]?.value)?.value;

export const errorOf = (callback: ReceivedCallback) => callback.body["error"] as { code?: string; message?: string } | undefined;

/** Waits until the BPP has nothing left to send, then returns every callback it sent. */
export async function settled(net: TestNet): Promise<readonly ReceivedCallback[]> {
  await net.bpp.engine.idle();
  return net.bap.received;
}
