import { busyAnswer } from "../common/outgoing-budget.js";
import { ackBody } from "../../protocol/ack.js";
import { MAX_TTL_MS, parseIsoDuration } from "../../protocol/formats.js";
import { asObject } from "../../protocol/shapes.js";
import { REQUEST_ACTIONS, type RequestAction } from "../../schemas/index.js";
import type { Context } from "../../fixtures/builders/index.js";
import { endpoint, sendSigned, type SendOptions } from "../common/send.js";
import { forbiddenTarget } from "../common/targets.js";
import { completeContext, transactionIdFor } from "./context.js";
import { applyMessageFaults } from "./mutate.js";
import type { BapState } from "./state.js";
import { TRIGGER_ERROR, triggerError, type TriggerAnswer } from "./trigger-answer.js";

const REQUEST_SET: ReadonlySet<string> = new Set(REQUEST_ACTIONS);
export const EXPIRED_SIGNATURE = { createdAgoS: 600, expiredAgoS: 300 } as const;

export function isRequestAction(value: string): value is RequestAction {
  return REQUEST_SET.has(value);
}

/** search: the gateway unless the context names a BPP; anything else: `<bpp_uri>/<action>`. */
function targetUrl(state: BapState, action: RequestAction, context: Context): string | TriggerAnswer {
  if (action === "search") {
    if (context.bpp_uri) {
      return endpoint(context.bpp_uri, "search");
    }
    const direct = state.faults.has("bap.search-direct") ? state.lastBppUri : undefined;
    return endpoint(direct ?? state.opts.gatewayUrl, "search");
  }
  if (!context.bpp_uri) {
    return triggerError(
      400,
      TRIGGER_ERROR.missingBppUri,
      `A ${action} goes to the BPP at context.bpp_uri, but the trigger's context has none; give "context": { "bpp_id": ..., "bpp_uri": ... }.`,
    );
  }
  return endpoint(action === "select" && state.faults.has("bap.select-to-gateway") ? state.opts.gatewayUrl : context.bpp_uri, action);
}

/** Signatures last max(ttl, 60 s), as the harness's own (DESIGN "Timing"); faults change them. */
function sendOptions(state: BapState, context: Context): SendOptions {
  const ttlSeconds = Math.ceil((parseIsoDuration(context.ttl) ?? 0) / 1000);
  const nowS = Math.floor(state.now() / 1000);
  const sign = state.faults.has("bap.expired-signature")
    ? { created: nowS - EXPIRED_SIGNATURE.createdAgoS, expires: nowS - EXPIRED_SIGNATURE.expiredAgoS }
    : { now: state.now, validitySeconds: Math.max(ttlSeconds, 60) };
  const unsigned = state.faults.has("bap.unsigned-request");
  return {
    timeoutMs: state.opts.timeoutMs ?? 3000,
    sign,
    ...(unsigned ? { afterSigning: ({ headers: { authorization: _dropped, ...headers }, ...rest }) => ({ ...rest, headers }) } : {}),
  };
}

type Input = { ok: true; partial: Record<string, unknown>; message: Record<string, unknown> } | { ok: false; answer: TriggerAnswer };

function readInput(action: string, input: unknown): Input {
  const bad = (message: string): Input => ({ ok: false, answer: triggerError(400, TRIGGER_ERROR.badInput, message) });
  const root = asObject(input);
  if (!root) {
    return bad(`The trigger body must be a JSON object { "context"?: {...}, "message": {...} }.`);
  }
  const message = asObject(root["message"]);
  if (!message) {
    return bad(root["message"] === undefined ? `"message" is required: the ${action}'s message object.` : `"message" must be an object.`);
  }
  if (root["context"] !== undefined && !asObject(root["context"])) {
    return bad(`"context" must be an object (a partial context) when given.`);
  }
  const partial = asObject(root["context"]) ?? {};
  if ((parseIsoDuration(partial["ttl"]) ?? 0) > MAX_TTL_MS) {
    return bad(`context.ttl ${JSON.stringify(partial["ttl"])} is longer than the ${MAX_TTL_MS / 3_600_000} h a message may live (docs/limits.md Durations).`);
  }
  return { ok: true, partial, message };
}

/**
 * `POST /trigger/<action>`: completes the context, signs, sends, and answers with what it sent
 * and the synchronous answer it got (ACK or NACK alike); 502 only when nothing answered.
 */
export async function trigger(state: BapState, action: string, input: unknown): Promise<TriggerAnswer> {
  if (!isRequestAction(action)) {
    return triggerError(
      400,
      TRIGGER_ERROR.unknownAction,
      `Unknown action ${JSON.stringify(action).slice(0, 60)}; expected one of ${REQUEST_ACTIONS.join(", ")}, or flow.`,
    );
  }
  const read = readInput(action, input);
  if (!read.ok) {
    return read.answer;
  }
  if (!state.publicUrl) {
    return triggerError(503, TRIGGER_ERROR.notReady, "The BAP does not know its public URL yet, so it cannot name its bap_uri.");
  }
  const given = read.partial["transaction_id"];
  const transaction = transactionIdFor(state, action, typeof given === "string" && given !== "" ? given : undefined);
  const context = completeContext(state, action, read.partial, transaction.id);
  const url = targetUrl(state, action, context);
  if (typeof url !== "string") {
    return url;
  }
  const forbidden = forbiddenTarget(url, [state.publicUrl]);
  if (forbidden) {
    return triggerError(400, TRIGGER_ERROR.forbiddenTarget, `The ${action} would go to ${url.slice(0, 200)}: ${forbidden}`, { context });
  }
  if (action === "status" && state.faults.has("bap.drop-status")) {
    return { status: 200, body: { context, ack: ackBody(), status: 200, transaction_from: transaction.from } };
  }
  const body = { context, message: applyMessageFaults(state.faults, action, read.message) };
  const atMs = state.now();
  const sent = await state.outgoing.spend(() => sendSigned(state.opts.identity, url, body, sendOptions(state, context)));
  if (!sent) {
    const busy = busyAnswer("BAP", state.outgoing);
    return { ...triggerError(busy.status, TRIGGER_ERROR.busy, busy.body.error?.message ?? "", { context }), headers: busy.headers };
  }
  const { request, outcome } = sent;
  state.lastTransactionId = context.transaction_id;
  state.lastMessageId = context.message_id;
  state.lastBppUri = context.bpp_uri ?? state.lastBppUri;
  const response =
    outcome.kind === "response"
      ? { status: outcome.status, headers: outcome.headers, rawBody: outcome.rawBody, body: outcome.body, ms: outcome.ms }
      : undefined;
  const failure = outcome.kind === "failure" ? { failure: outcome.failure, detail: outcome.detail, ms: outcome.ms } : undefined;
  state.store.addRequest({
    kind: "request",
    seq: state.store.nextSeq(),
    action,
    transactionId: context.transaction_id,
    messageId: context.message_id,
    request: { ...request, body },
    response,
    failure,
    atMs,
  });
  if (outcome.kind === "failure") {
    return triggerError(502, TRIGGER_ERROR.noAnswer, `Nothing answered the ${action} at ${url}: ${outcome.failure} (${outcome.detail}).`, { context });
  }
  return { status: 200, body: { context, ack: outcome.body ?? outcome.rawBody, status: outcome.status, transaction_from: transaction.from } };
}
