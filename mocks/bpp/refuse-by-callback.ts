import { randomUUID } from "node:crypto";
import { ERROR, errorOf } from "../../protocol/ack.js";
import type { BecknAction } from "../../schemas/index.js";
import type { SyncAnswer } from "../common/inbound.js";
import { endpoint } from "../common/send.js";
import { ackAnswer } from "./answers.js";
import type { FaultSet } from "./fault-set.js";
import type { Planner } from "./plan.js";
import { replyContext, type ReplyEnv } from "./reply-context.js";
import type { BppVariants } from "./variants.js";
import type { EngineResult } from "./types.js";

/** The defects bpp.missing-id-error-callback refuses by callback: a missing id, where the bap_uri still says where to call back. */
const REFUSED_BY_CALLBACK: ReadonlySet<string> = new Set(["$.context.transaction_id", "$.context.message_id"]);

export interface RefusalEnv {
  readonly faults: FaultSet;
  readonly variants: BppVariants;
  readonly planner: Planner;
  readonly replyEnv: ReplyEnv;
}

/** The context of a raw body, or {} when it has none. */
export function contextOf(rawBody: string): Record<string, unknown> {
  try {
    const context = (JSON.parse(rawBody) as { context?: unknown }).context;
    return typeof context === "object" && context !== null && !Array.isArray(context) ? (context as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** bpp.missing-id-error-callback: the only defect is a missing id, and the callback gets a fresh one. */
const missingIdOnly = (paths: readonly string[]): boolean => paths.length > 0 && paths.every((p) => REFUSED_BY_CALLBACK.has(p));

/** bpp.invalid-body-error-callback: the body failed validation, but its context names both ids, so the callback can answer it. */
const idsPresent = (context: Record<string, unknown>): boolean => typeof context["transaction_id"] === "string" && typeof context["message_id"] === "string";

/** Whether a variant has this validation refusal (a 400 NACK of the receiving pipeline) sent as an error callback. */
function byCallback(env: RefusalEnv, refused: SyncAnswer, paths: readonly string[], context: Record<string, unknown>): boolean {
  if (refused.status !== 400 || typeof context["bap_uri"] !== "string") {
    return false;
  }
  return (
    (env.variants.has("bpp.missing-id-error-callback") && missingIdOnly(paths)) || (env.variants.has("bpp.invalid-body-error-callback") && idsPresent(context))
  );
}

/**
 * bpp.missing-id-error-callback and bpp.invalid-body-error-callback: the 400 NACK the receiving
 * pipeline gave a signed request whose context still says where and to what to call back becomes an
 * ACK and an error callback carrying the same error (core 1.1.0 Error "can be sent either during Ack
 * or with the callback"). Undefined for any other refusal (a bad signature's 401 stays a NACK).
 */
export function refusalByCallback(action: BecknAction, rawBody: string, refused: SyncAnswer, env: RefusalEnv): EngineResult | undefined {
  if (!env.variants.has("bpp.missing-id-error-callback") && !env.variants.has("bpp.invalid-body-error-callback")) {
    return undefined; // neither variant: the body is not parsed again (docs/limits.md "Validation work")
  }
  const error = errorOf(refused.body);
  const paths = error?.paths?.split(",") ?? [];
  const context = contextOf(rawBody);
  const bapUri = context["bap_uri"];
  if (!byCallback(env, refused, paths, context) || typeof bapUri !== "string") {
    return undefined;
  }
  const ids = { transaction_id: context["transaction_id"] ?? randomUUID(), message_id: context["message_id"] ?? randomUUID() };
  const body = {
    context: replyContext({ ...context, ...ids }, `on_${action}`, env.replyEnv),
    error: {
      code: error?.code ?? ERROR.invalidRequest,
      message: error?.message ?? "The request is invalid.",
      ...(paths.length > 0 ? { paths: paths.join(",") } : {}),
    },
  };
  return {
    answer: ackAnswer(env.faults, env.variants, context),
    callbacks: env.planner.solicited(context, endpoint(bapUri, `on_${action}`), body),
    key: String(ids.transaction_id),
  };
}
