import { randomUUID } from "node:crypto";
import {
  buildCancel,
  buildConfirm,
  buildContext,
  buildInit,
  buildSearch,
  buildSelect,
  buildStatus,
  buildUpdate,
  type Billing,
  type Context,
  type ContextOptions,
  type OrderTerms,
} from "../../../fixtures/builders/index.js";
import type { HttpResponse } from "../../../protocol/http/post.js";
import { createIdentity, type Identity } from "../../common/identity.js";
import { endpoint, sendSigned, type SendOptions } from "../../common/send.js";
import { GUIDE_ITEM_ID, GUIDE_PROVIDER_ID } from "../guide-offer.js";
import { startBpp, type RunningBpp, type StartBppOptions } from "../server.js";
import { startReceiver, type ReceivedCallback, type Receiver } from "./test-utils.js";

/** A BPP under test with a BAP-side receiver and a static key table instead of a registry. */

export const BUYER_METER = "der://ssf.meter/65432100";
export const NEW_METER = "der://ssf.meter/000NEWDEST";
export const JOHN: Billing = { name: "John Miller", address: "123 Bay St, SF, CA", phone: "+14151112222", email: "john.miller@example.com" };
export const GUIDE_TERMS: OrderTerms = { providerId: GUIDE_PROVIDER_ID, itemId: GUIDE_ITEM_ID, quantityKwh: "10", endMeter: BUYER_METER };

export type TestBppOptions = Partial<Omit<StartBppOptions, "identity" | "lookupPublicKey">>;

export interface TestNet {
  readonly bpp: RunningBpp;
  readonly bap: Receiver;
  readonly bapIdentity: Identity;
  readonly bppIdentity: Identity;
  readonly gatewayIdentity: Identity;
  readonly lookup: (subscriberId: string, uniqueKeyId: string) => Promise<string | undefined>;
  /** A request context from the test BAP to this BPP (no bpp_id/bpp_uri on search). */
  context(action: string, overrides?: Partial<ContextOptions>): Context;
  /** Signs as the test BAP and POSTs to the BPP; fails the test on a network failure. */
  send(action: string, body: unknown, options?: SendOptions): Promise<HttpResponse>;
  trade(options?: Partial<ContextOptions>): Trade;
  close(): Promise<void>;
}

export interface Exchange {
  readonly response: HttpResponse;
  readonly context: Context;
  /** The request body as sent (to repeat it). */
  readonly body: { context: Context; message?: unknown };
  /** The callback echoing the request's message_id. */
  readonly callback: ReceivedCallback;
}

/** One transaction, step by step: each step sends, then awaits the callback that echoes its message_id. */
export interface Trade {
  readonly transactionId: string;
  context(action: string): Context;
  exchange(action: string, body: { context: Context; message?: unknown }, wait?: boolean): Promise<Exchange>;
  search(): Promise<Exchange>;
  select(terms?: Partial<OrderTerms>): Promise<Exchange>;
  init(terms?: Partial<OrderTerms>): Promise<Exchange>;
  confirm(terms?: Partial<OrderTerms>): Promise<Exchange>;
  status(orderId: string): Promise<Exchange>;
  update(orderId: string, endMeter?: string, target?: string): Promise<Exchange>;
  cancel(orderId: string): Promise<Exchange>;
  /** select, init and confirm; returns the order id on_confirm assigned. */
  confirmed(terms?: Partial<OrderTerms>): Promise<string>;
}

/** `others`: more subscribers (another BAP, say) whose keys the BPP finds, as if registered. */
export async function startTestNet(options: TestBppOptions = {}, others: readonly Identity[] = []): Promise<TestNet> {
  const bapIdentity = createIdentity("BAP", "bap.test.energy");
  const bppIdentity = createIdentity("BPP", "bpp.test.energy");
  const gatewayIdentity = createIdentity("BG", "gateway.test.energy");
  const keys = new Map([bapIdentity, bppIdentity, gatewayIdentity, ...others].map((i) => [`${i.subscriberId}|${i.uniqueKeyId}`, i.signingPublicKey]));
  const lookup = async (subscriberId: string, uniqueKeyId: string) => keys.get(`${subscriberId}|${uniqueKeyId}`);
  const bap = await startReceiver();
  const bpp = await startBpp({
    grid: { compressedTransferMs: 300 },
    lookupSubscriberUrl: async (bapId) => (bapId === bapIdentity.subscriberId ? bap.url : undefined),
    ...options,
    identity: bppIdentity,
    lookupPublicKey: lookup,
  }).catch(async (error: unknown) => {
    await bap.close();
    throw error;
  });
  const context = (action: string, overrides: Partial<ContextOptions> = {}): Context =>
    buildContext({
      action,
      bapId: bapIdentity.subscriberId,
      bapUri: bap.url,
      ttl: "PT2S",
      ...(action === "search" ? {} : { bppId: bppIdentity.subscriberId, bppUri: bpp.publicUrl }),
      ...overrides,
    });
  const send = async (action: string, body: unknown, sendOptions: SendOptions = {}): Promise<HttpResponse> => {
    const { outcome } = await sendSigned(bapIdentity, endpoint(bpp.url, action), body, sendOptions);
    if (outcome.kind !== "response") {
      throw new Error(`POST /${action} failed: ${outcome.failure}: ${outcome.detail}`);
    }
    return outcome;
  };
  const net: TestNet = {
    bpp,
    bap,
    bapIdentity,
    bppIdentity,
    gatewayIdentity,
    lookup,
    context,
    send,
    trade: (overrides = {}) => createTrade(net, overrides),
    async close() {
      await bpp.close();
      await bap.close();
    },
  };
  return net;
}

function createTrade(net: TestNet, overrides: Partial<ContextOptions>): Trade {
  const transactionId = overrides.transactionId ?? randomUUID();
  const context = (action: string) => net.context(action, { ...overrides, transactionId, messageId: randomUUID() });
  const terms = (t: Partial<OrderTerms> = {}) => ({ ...GUIDE_TERMS, ...t });
  const exchange = async (action: string, body: { context: Context; message?: unknown }, wait = true): Promise<Exchange> => {
    const response = await net.send(action, body);
    const messageId = body.context.message_id;
    const callback = wait
      ? await net.bap.waitFor((c) => c.action === `on_${action}` && (c.body["context"] as Context | undefined)?.message_id === messageId)
      : (undefined as unknown as ReceivedCallback);
    return { response, context: body.context, body, callback };
  };
  const trade: Trade = {
    transactionId,
    context,
    exchange,
    search: () =>
      exchange(
        "search",
        buildSearch({
          context: context("search"),
          itemName: "Solar Surplus Energy",
          endMeter: BUYER_METER,
          window: { start: "2025-05-09T10:00:00Z", end: "2025-05-09T18:00:00Z" },
        }),
      ),
    select: (t) => exchange("select", buildSelect({ context: context("select"), ...terms(t) })),
    init: (t) => exchange("init", buildInit({ context: context("init"), ...terms(t), billing: JOHN })),
    confirm: (t) => exchange("confirm", buildConfirm({ context: context("confirm"), ...terms(t), billing: JOHN })),
    status: (orderId) => exchange("status", buildStatus({ context: context("status"), orderId })),
    update: async (orderId, endMeter = NEW_METER, target = "fulfillments") => {
      const body = buildUpdate({ context: context("update"), orderId, endMeter });
      return exchange("update", { ...body, message: { ...body.message, update_target: target } });
    },
    cancel: (orderId) => exchange("cancel", buildCancel({ context: context("cancel"), orderId })),
    async confirmed(t) {
      await trade.select(t);
      await trade.init(t);
      const { callback } = await trade.confirm(t);
      return String((callback.body["message"] as { order?: { id?: unknown } } | undefined)?.order?.id ?? "");
    },
  };
  return trade;
}
