import { buildSelect } from "../../../fixtures/builders/index.js";
import { asArray, asObject, endStops, stopAddress } from "../../../protocol/shapes.js";
import { verifySignatureHeader, type VerifyResult } from "../../../protocol/signing/index.js";
import { GUIDE_TERMS, type TestNet } from "./test-trade.js";
import { contextOf, type ReceivedCallback } from "./test-utils.js";

/**
 * Helpers of the fault proofs: each proof starts a BPP with one fault and observes its effect,
 * using node:assert (mocks may not import vitest; faults.test.ts runs the proofs).
 */
export type FaultProof = (net: TestNet) => Promise<void>;

/** The first callback of an action, whatever its ids (a faulty context may not echo them). */
export const first = (net: TestNet, action: string, timeoutMs?: number): Promise<ReceivedCallback> => net.bap.waitFor((c) => c.action === action, timeoutMs);

/** A select of the guide's offer: the synchronous answer, the request's context, and its on_select to come. */
export const selected = async (net: TestNet) => {
  const trade = net.trade();
  const body = buildSelect({ context: trade.context("select"), ...GUIDE_TERMS });
  const response = await net.send("select", body);
  return { response, request: body.context, callback: () => first(net, "on_select") };
};

/** A proof from the on_select's context against the select's. */
export const contextField =
  (check: (got: Record<string, unknown>, sent: Record<string, unknown>, net: TestNet) => void): FaultProof =>
  async (net) => {
    const { request, callback } = await selected(net);
    check(contextOf(await callback()), request, net);
  };

export const verify = (net: TestNet, callback: ReceivedCallback): Promise<VerifyResult> =>
  verifySignatureHeader({
    header: callback.headers["authorization"],
    rawBody: callback.rawBody,
    kind: "authorization",
    lookupPublicKey: net.lookup,
    expectedSubscriberId: String(contextOf(callback)["bpp_id"] ?? net.bppIdentity.subscriberId),
  });

export const orderOf = (callback: ReceivedCallback): Record<string, unknown> => asObject(asObject(callback.body["message"])?.["order"]) ?? {};

export const quoteOf = (callback: ReceivedCallback) =>
  orderOf(callback)["quote"] as { price: { value: string; currency: string }; breakup: { price: { value: string; currency: string } }[] };

export const endMeterOf = (callback: ReceivedCallback): unknown => stopAddress(endStops(asArray(orderOf(callback)["fulfillments"])[0])[0]?.value)?.value;

export const errorOf = (callback: ReceivedCallback) => callback.body["error"] as { code?: string; message?: string } | undefined;

/** Waits until the BPP has nothing left to send, then returns every callback it sent. */
export async function settled(net: TestNet): Promise<readonly ReceivedCallback[]> {
  await net.bpp.engine.idle();
  return net.bap.received;
}
