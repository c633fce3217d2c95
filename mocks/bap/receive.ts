import { setTimeout as delay } from "node:timers/promises";
import { ackBody, ackStatusOf, ERROR, nackBody } from "../../protocol/ack.js";
import { becknShapeRefusal } from "../../protocol/json/depth.js";
import { parseIsoDuration } from "../../protocol/formats.js";
import { excerptOf, keptId } from "../../protocol/retained.js";
import { asObject } from "../../protocol/shapes.js";
import type { CallbackAction } from "../../schemas/index.js";
import { GATEWAY_HEADER_NAMES, receiveBeckn, reserialised, type InboundResult, type SignatureReading, type SyncAnswer } from "../common/inbound.js";
import type { RequestRecord, Verification } from "./records.js";
import { refusalOf } from "./refuse.js";
import type { BapState } from "./state.js";
import { alreadyAccepted, variantAnswer, withVariantStatus, type Placement } from "./variant-answers.js";

type Headers = Readonly<Record<string, string | undefined>>;

interface Ids {
  readonly transactionId: string | undefined;
  readonly messageId: string | undefined;
  readonly bppId: string | undefined;
  readonly bppUri: string | undefined;
}

function parseQuietly(raw: string): { ok: boolean; body: unknown } {
  try {
    return becknShapeRefusal(raw) ? { ok: false, body: undefined } : { ok: true, body: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false, body: undefined };
  }
}

/** A refused body longer than this (64 KiB) is not parsed for its ids: it is kept as its excerpt only. */
const MAX_REFUSED_READ_CHARS = 64 * 1024;

/**
 * The body the record reads ids from: the one the receiving pipeline parsed when it accepted the
 * callback; else a parse of its own, of a short body within the mocks' shape limits only: a long
 * refused body (no valid signature, past a shape limit, invalid) would cost a parse for nothing
 * (issue 19, findings 1 and 2).
 */
function readBody(result: InboundResult, rawBody: string): { ok: boolean; body: unknown } {
  if (result.ok) {
    return { ok: true, body: result.inbound.body };
  }
  return rawBody.length > MAX_REFUSED_READ_CHARS ? { ok: false, body: undefined } : parseQuietly(rawBody);
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
    return Object.values(GATEWAY_HEADER_NAMES).some((name) => detail?.startsWith(name))
      ? { signature: "verified", gateway: "failed", detail }
      : { signature: "failed", gateway: hasGateway ? "not-checked" : "absent", detail };
  }
  if (!parsed) {
    return { signature: "not-checked", gateway: hasGateway ? "not-checked" : "absent", detail };
  }
  return { signature: "verified", gateway: hasGateway ? "verified" : "absent", detail };
}

/** What a callback's record keeps of its body: a refused one only the start of its text and no parsed copy (docs/limits.md "Stored bytes"). */
function keptBody(flagged: boolean, rawBody: string, body: unknown): { rawBody: string; truncated: boolean; body: unknown } {
  if (!flagged) {
    return { rawBody, truncated: false, body };
  }
  const excerpt = excerptOf(rawBody);
  return { rawBody: excerpt.text, truncated: excerpt.truncated, body: undefined };
}

/** How long bap.slow-ack-on-confirm holds its answer: past the 3 s ACK deadline. */
export const SLOW_ACK_MS = 4000;

const internalError = (message: string): SyncAnswer => ({ status: 500, body: nackBody({ code: ERROR.invalidRequest, message: `Internal error: ${message}` }) });

/** A callback for a request whose timestamp + ttl has passed. */
function isLate(state: BapState, request: RequestRecord | undefined): boolean {
  const ttl = parseIsoDuration(asObject(asObject(request?.request.body)?.["context"])?.["ttl"]);
  return request !== undefined && ttl !== undefined && request.atMs + ttl < state.now();
}

/** The 500s of the faults that break on callbacks a clean BAP ACKs. */
function internalErrorFault(state: BapState, action: CallbackAction, ids: Ids, rawBody: string, request: RequestRecord | undefined): SyncAnswer | undefined {
  const { faults, store } = state;
  if (faults.has("bap.500-on-unknown-transaction") && ids.transactionId !== undefined && !store.knowsTransaction(ids.transactionId)) {
    return internalError(`unknown transaction ${ids.transactionId}.`);
  }
  if (faults.has("bap.500-on-late-callback") && isLate(state, request)) {
    return internalError("the callback came after its request's ttl.");
  }
  if (faults.has("bap.500-on-duplicate-callback") && store.view().callbacks.some((c) => !c.flagged && c.rawBody === rawBody)) {
    return internalError("this callback was already received.");
  }
  if (faults.has("bap.wedged-after-unknown-transaction") && action === "on_search" && state.unknownTransactionSeen) {
    return internalError("the BAP is stuck since a callback for an unknown transaction.");
  }
  return undefined;
}

/** The answer faults give to a callback the BAP would ACK, if any. */
function faultAnswer(state: BapState, action: CallbackAction, ids: Ids, rawBody: string, request: RequestRecord | undefined): SyncAnswer | undefined {
  const { faults } = state;
  const unsolicited = request === undefined;
  const broken = internalErrorFault(state, action, ids, rawBody, request);
  if (broken) {
    return broken;
  }
  if (faults.has("bap.no-ack-unsolicited") && action === "on_status" && unsolicited) {
    return { status: 400, body: nackBody({ code: ERROR.invalidRequest, message: "No status was requested with this message_id." }) };
  }
  if (faults.has("bap.nack-valid-callback")) {
    return { status: 400, body: nackBody({ code: ERROR.invalidRequest, message: "Refused." }) };
  }
  return undefined;
}

/** bap.trust-gateway-header and bap.verify-reserialised: signatures read other than by the book (BECKN-006). */
function signatureReading(faults: BapState["faults"]): SignatureReading {
  return {
    ...(faults.has("bap.trust-gateway-header") ? { trustGateway: true } : {}),
    ...(faults.has("bap.verify-reserialised") ? { bytes: reserialised } : {}),
  };
}

/** bap.no-www-authenticate: a 401 without the header that names the signature scheme. */
function withoutChallenge(state: BapState, answer: SyncAnswer): SyncAnswer {
  if (answer.status !== 401 || !state.faults.has("bap.no-www-authenticate")) {
    return answer;
  }
  const { headers: _headers, ...rest } = answer;
  return rest;
}

/**
 * `POST /on_<action>`: verifies the signatures (the gateway's too, when present), validates, ACKs,
 * and stores every callback, including those it NACKs. A callback for a transaction the BAP does
 * not know, and an unsolicited on_status, get an ACK and are stored as unsolicited. One whose own
 * timestamp + ttl has passed, or whose bap_id names another BAP, gets a coded NACK (refuse.ts).
 */
export async function receiveCallback(state: BapState, action: CallbackAction, rawBody: string, headers: Headers): Promise<SyncAnswer> {
  if (action === "on_confirm" && state.faults.has("bap.slow-ack-on-confirm")) {
    await delay(SLOW_ACK_MS);
  }
  const { faults } = state;
  const skipped = faults.has("bap.accept-forged-callback");
  const result = await receiveBeckn(action, rawBody, headers, {
    realm: state.opts.identity.subscriberId,
    lookupPublicKey: state.opts.lookupPublicKey,
    now: state.now,
    ...(state.opts.profile ? { profile: state.opts.profile } : {}),
    skip: () => ({ signature: skipped, schema: faults.has("bap.skip-callback-validation"), signer: faults.has("bap.accept-other-signer") }),
    reading: signatureReading(faults),
  });
  const parsed = readBody(result, rawBody);
  const ids = idsOf(parsed.body);
  const request = ids.messageId === undefined ? undefined : state.store.requestByMessageId(ids.messageId);
  const unsolicited = request === undefined;
  const placement: Placement = {
    unknownTransaction: ids.transactionId !== undefined && !state.store.knowsTransaction(ids.transactionId),
    unknownMessage: unsolicited,
    late: isLate(state, request),
    repeated: alreadyAccepted(state, action, ids.messageId, ids.bppId),
  };
  const refused = result.ok ? refusalOf(state, parsed.body) : undefined;
  const answer = result.ok
    ? refused
      ? withVariantStatus(state, refused)
      : (faultAnswer(state, action, ids, rawBody, request) ?? variantAnswer(state, action, placement) ?? { status: 200, body: ackBody() })
    : withVariantStatus(state, withoutChallenge(state, result.answer));
  if (result.ok && placement.unknownTransaction) {
    state.unknownTransactionSeen = true;
  }
  const flagged = answer.status >= 300 || ackStatusOf(answer.body) !== "ACK";
  const verification = verificationOf(result, parsed.ok, headers, skipped);
  const kept = keptBody(flagged, rawBody, parsed.body);
  state.store.addCallback({
    kind: "callback",
    seq: state.store.nextSeq(),
    action,
    transactionId: keptId(ids.transactionId),
    messageId: keptId(ids.messageId),
    bppId: keptId(ids.bppId),
    headers: { ...headers },
    ...kept,
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
