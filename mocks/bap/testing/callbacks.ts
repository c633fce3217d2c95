import { randomUUID } from "node:crypto";
import { buildTransaction, type BecknMessage } from "../../../fixtures/builders/index.js";
import type { Identity } from "../../common/identity.js";
import { endpoint, sendSigned, type SendOptions } from "../../common/send.js";

export const GUIDE_CALLBACKS = ["on_search", "on_select", "on_init", "on_confirm", "on_status", "on_update"] as const;
export type GuideCallback = (typeof GUIDE_CALLBACKS)[number];

export interface CallbackParties {
  readonly bapId: string;
  readonly bapUrl: string;
  readonly bpp: Identity;
  readonly bppUrl: string;
}

/** A valid callback from the BPP to the BAP, in a fresh transaction unless ids are given. */
export function callbackBody(action: GuideCallback, parties: CallbackParties, ids: { transactionId?: string; messageId?: string } = {}): BecknMessage {
  const tx = buildTransaction({ bapId: parties.bapId, bapUri: parties.bapUrl, bppId: parties.bpp.subscriberId, bppUri: parties.bppUrl });
  const body = tx.messages[action];
  return { ...body, context: { ...body.context, transaction_id: ids.transactionId ?? randomUUID(), message_id: ids.messageId ?? randomUUID() } };
}

/** Signs as `signer` (the BPP by default) and POSTs the callback to the BAP. */
export function sendCallback(parties: CallbackParties, body: BecknMessage, opts: SendOptions & { signer?: Identity } = {}) {
  const { signer = parties.bpp, ...send } = opts;
  return sendSigned(signer, endpoint(parties.bapUrl, body.context.action), body, send);
}
