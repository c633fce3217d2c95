import type { BecknAction } from "../../schemas/index.js";
import type { SyncAnswer } from "../common/inbound.js";
import { endpoint } from "../common/send.js";
import { ackAnswer } from "./answers.js";
import type { RefusalEnv } from "./refuse-by-callback.js";
import { replyContext } from "./reply-context.js";
import type { EngineResult } from "./types.js";

/** The request as parsed, or undefined when it is not a JSON object. */
function parsedBody(rawBody: string): Record<string, unknown> | undefined {
  try {
    const body = JSON.parse(rawBody) as unknown;
    return typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const objectOf = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * The neg.invalid-body-* faults: what a BPP that does not refuse a body failing validation (the
 * pipeline's 400, never a bad signature's 401) does instead of the NACK. neg.invalid-body-acked-silently
 * ACKs it and never calls back; neg.invalid-body-echoed ACKs it and, where its context says where
 * and to what, calls back on_<action> with the request's message as if it had been processed (no
 * error). Undefined when neither fault is on or the refusal is not a validation one.
 */
export function invalidBodyFault(action: BecknAction, rawBody: string, refused: SyncAnswer, env: RefusalEnv): EngineResult | undefined {
  if (refused.status !== 400 || (!env.faults.has("neg.invalid-body-acked-silently") && !env.faults.has("neg.invalid-body-echoed"))) {
    return undefined; // neither fault: the body is not parsed again (docs/limits.md "Validation work")
  }
  const body = parsedBody(rawBody);
  const context = objectOf(body?.["context"]);
  if (env.faults.has("neg.invalid-body-acked-silently")) {
    return { answer: ackAnswer(env.faults, env.variants, context), callbacks: [], key: "" };
  }
  const { bap_uri: bapUri, transaction_id: transactionId, message_id: messageId } = context;
  if (!env.faults.has("neg.invalid-body-echoed") || typeof bapUri !== "string" || typeof transactionId !== "string" || typeof messageId !== "string") {
    return undefined;
  }
  const echoed = { context: replyContext(context, `on_${action}`, env.replyEnv), message: objectOf(body?.["message"]) };
  return {
    answer: ackAnswer(env.faults, env.variants, context),
    callbacks: env.planner.solicited(context, endpoint(bapUri, `on_${action}`), echoed),
    key: transactionId,
  };
}
