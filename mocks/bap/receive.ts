import { ackBody, ERROR, nackBody } from "../../protocol/ack.js";
import { asObject } from "../../protocol/shapes.js";
import type { CallbackAction } from "../../schemas/index.js";
import { receiveBeckn, type InboundResult, type SyncAnswer } from "../common/inbound.js";
import type { Verification } from "./records.js";
import type { BapState } from "./state.js";

type Headers = Readonly<Record<string, string | undefined>>;

interface Ids {
  readonly transactionId: string | undefined;
  readonly messageId: string | undefined;
  readonly bppId: string | undefined;
  readonly bppUri: string | undefined;
}

function parseQuietly(raw: string): { ok: boolean; body: unknown } {
  try {
    return { ok: true, body: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false, body: undefined };
  }
}

function idsOf(body: unknown): Ids {
  const context = asObject(asObject(body)?.["context"]);
  const id = (key: string): string | undefined => (typeof context?.[key] === "string" ? (context[key] as string) : undefined);
  return { transactionId: id("transaction_id"), messageId: id("message_id"), bppId: id("bpp_id"), bppUri: id("bpp_uri") };
}

/** Reads what the receiving pipeline decided about the signatures (it checks them before the schema). */
function verificationOf(result: InboundResult, parsed: boolean, headers: Headers, skipped: boolean): Verification {
  const hasGateway = headers["x-gateway-authorization"] !== undefined || headers["proxy-authorization"] !== undefined;
  const detail = result.ok ? undefined : result.answer.body.error?.message;
  if (skipped) {
    return { signature: "skipped", gateway: hasGateway ? "skipped" : "absent", detail };
  }
  if (!result.ok && result.answer.status === 401) {
    return detail?.startsWith("X-Gateway-Authorization")
      ? { signature: "verified", gateway: "failed", detail }
      : { signature: "failed", gateway: hasGateway ? "not-checked" : "absent", detail };
  }
  if (!parsed) {
    return { signature: "not-checked", gateway: hasGateway ? "not-checked" : "absent", detail };
  }
  return { signature: "verified", gateway: hasGateway ? "verified" : "absent", detail };
}

/** The answer faults give to a callback the BAP would ACK, if any. */
function faultAnswer(state: BapState, action: CallbackAction, ids: Ids, unsolicited: boolean): SyncAnswer | undefined {
  const { faults, store } = state;
  if (faults.has("bap.500-on-unknown-transaction") && ids.transactionId !== undefined && !store.knowsTransaction(ids.transactionId)) {
    return { status: 500, body: nackBody({ code: ERROR.invalidRequest, message: `Internal error: unknown transaction ${ids.transactionId}.` }) };
  }
  if (faults.has("bap.no-ack-unsolicited") && action === "on_status" && unsolicited) {
    return { status: 400, body: nackBody({ code: ERROR.invalidRequest, message: "No status was requested with this message_id." }) };
  }
  if (faults.has("bap.nack-valid-callback")) {
    return { status: 400, body: nackBody({ code: ERROR.invalidRequest, message: "Refused." }) };
  }
  return undefined;
}

/**
 * `POST /on_<action>`: verifies the signatures (the gateway's too, when present), validates, ACKs,
 * and stores every callback, including those it NACKs. A callback for a transaction the BAP does
 * not know, and an unsolicited on_status, get an ACK and are stored as unsolicited.
 */
export async function receiveCallback(state: BapState, action: CallbackAction, rawBody: string, headers: Headers): Promise<SyncAnswer> {
  const skipped = state.faults.has("bap.accept-forged-callback");
  const result = await receiveBeckn(action, rawBody, headers, {
    realm: state.opts.identity.subscriberId,
    lookupPublicKey: state.opts.lookupPublicKey,
    now: state.now,
    ...(state.opts.profile ? { profile: state.opts.profile } : {}),
    skip: () => ({ signature: skipped }),
  });
  const parsed = parseQuietly(rawBody);
  const ids = idsOf(parsed.body);
  const request = ids.messageId === undefined ? undefined : state.store.requestByMessageId(ids.messageId);
  const unsolicited = request === undefined;
  const answer = result.ok ? (faultAnswer(state, action, ids, unsolicited) ?? { status: 200, body: ackBody() }) : result.answer;
  const flagged = answer.status !== 200;
  const verification = verificationOf(result, parsed.ok, headers, skipped);
  state.store.addCallback({
    kind: "callback",
    seq: state.store.nextSeq(),
    action,
    transactionId: ids.transactionId,
    messageId: ids.messageId,
    bppId: ids.bppId,
    headers: { ...headers },
    rawBody,
    body: parsed.body,
    verification: flagged && verification.detail === undefined ? { ...verification, detail: answer.body.error?.message } : verification,
    answer,
    flagged,
    unsolicited,
    inReplyTo: request?.seq,
    atMs: state.now(),
  });
  if (!flagged && ids.bppUri) {
    state.lastBppUri = ids.bppUri;
  }
  return answer;
}
