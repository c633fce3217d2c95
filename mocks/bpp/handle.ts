import { randomUUID } from "node:crypto";
import { ERROR, type BecknError } from "../../protocol/ack.js";
import { isCallbackAction, type RequestAction } from "../../schemas/index.js";
import type { BecknInbound } from "../common/inbound.js";
import { endpoint } from "../common/send.js";
import { ackAnswer, failureFor, isAck, nackAnswer } from "./answers.js";
import type { Catalogue } from "./catalogue.js";
import { requesterOf } from "./callback-target.js";
import { contextRefusal } from "./context-refusal.js";
import type { DealBook } from "./deals.js";
import type { FaultSet } from "./fault-set.js";
import { errorOutcome } from "./order-view.js";
import type { Planner } from "./plan.js";
import { replyContext, type ReplyEnv } from "./reply-context.js";
import { STEPS } from "./steps.js";
import type { StepEnv, StepOutcome, StepRequest } from "./step-types.js";
import type { TransferLink } from "./transfer-link.js";
import type { BppAnswer, EngineResult, ShapeOption } from "./types.js";
import { SYNC_NACK_STATUSES, type BppVariants } from "./variants.js";

export interface HandlerDeps {
  readonly subscriberId: string;
  readonly faults: FaultSet;
  readonly variants: BppVariants;
  readonly catalogue: Catalogue;
  readonly book: DealBook;
  readonly planner: Planner;
  readonly replyEnv: ReplyEnv;
  readonly transfers: TransferLink;
  readonly shape: ShapeOption;
  readonly gatewayUrl?: string;
  readonly onSearchRouting?: "direct" | "gateway";
}

const noCallbacks = (answer: BppAnswer): EngineResult => ({ answer, callbacks: [], key: "" });
const objectOr = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** Runs a step; one that throws (on a body only neg.accept-invalid-body lets through) answers with error 40000. */
function runStep(action: RequestAction, request: StepRequest, env: StepEnv): StepOutcome {
  try {
    return STEPS[action](request, env);
  } catch (error) {
    return errorOutcome(env, { code: ERROR.businessError, message: `The BPP could not act on this ${action}: ${(error as Error).message}` });
  }
}

/** Where the callback goes: `bap_uri`, or the gateway for a search that came through it when routing says so. */
function callbackUrl(inbound: BecknInbound, deps: HandlerDeps): string | undefined {
  const routing = deps.variants.has("bpp.on-search-via-gateway") ? "gateway" : deps.onSearchRouting;
  const viaGateway = inbound.action === "search" && inbound.viaGateway && routing === "gateway" && deps.gatewayUrl;
  const base = viaGateway ? deps.gatewayUrl : inbound.context["bap_uri"];
  return typeof base === "string" && base !== "" ? endpoint(base, `on_${inbound.action}`) : undefined;
}

/** The error callback bpp.context-refused-by-callback sends instead of a NACK, or undefined. */
function refusedByCallback(inbound: BecknInbound, deps: HandlerDeps, error: BecknError): EngineResult | undefined {
  const url = callbackUrl(inbound, deps);
  if (!deps.variants.has("bpp.context-refused-by-callback") || !url) {
    return undefined;
  }
  const { action, context } = inbound;
  const body = { context: replyContext(context, `on_${action}`, deps.replyEnv), error };
  return {
    answer: ackAnswer(deps.faults, deps.variants, context),
    callbacks: deps.planner.solicited(context, url, body),
    key: String(context["transaction_id"]),
  };
}

/** A refusal before any business logic: a request for another BPP, a stale one, or a fault. */
function refusal(inbound: BecknInbound, deps: HandlerDeps): EngineResult | undefined {
  const error = contextRefusal(inbound, { subscriberId: deps.subscriberId, faults: deps.faults, now: deps.replyEnv.now });
  if (error) {
    return refusedByCallback(inbound, deps, error) ?? noCallbacks(nackAnswer(400, error.code, error.message, error.paths));
  }
  const failure = failureFor(deps.faults);
  return failure ? noCallbacks(failure) : undefined;
}

/** How long ack.late holds a valid request's ACK: half a second past the 3 s ACK deadline (DESIGN "Timing"). */
export const LATE_ACK_MS = 3500;

/**
 * Acts on a verified request, with no I/O: the synchronous answer and the callbacks to send after
 * it. A repeated (transaction, action, message_id) gets an ACK and no callback, and changes nothing.
 */
export function createHandler(deps: HandlerDeps): (inbound: BecknInbound) => EngineResult {
  const act = createActor(deps);
  return (inbound) => {
    const result = act(inbound);
    // ack.hang: a valid request (an ACK, not a refusal) is never answered; ack.late: it is answered late.
    if (deps.faults.has("ack.hang") && isAck(result.answer)) {
      return { ...result, hang: true };
    }
    return deps.faults.has("ack.late") && isAck(result.answer) ? { ...result, answerDelayMs: LATE_ACK_MS } : result;
  };
}

/** The HTTP status of a synchronous refusal under a bpp.sync-nack-* variant, or undefined. */
function syncNackStatus(variants: BppVariants): number | undefined {
  return SYNC_NACK_STATUSES.find((status) => variants.has(`bpp.sync-nack-${status}`));
}

/** The error of a step that refused the request in business terms (an error callback's body), or undefined. */
function refusedWith(outcome: StepOutcome): BecknError | undefined {
  const error = outcome.body["error"] as BecknError | undefined;
  return outcome.body["message"] === undefined && typeof error?.code === "string" ? error : undefined;
}

/** How many answers bpp.repeat-answered-twice remembers (the oldest is forgotten first). */
const REMEMBERED_ANSWERS = 10_000;

/** A key of one request: its sender, transaction, action and message_id (a repeat from another BAP is not answered with this one's body). */
const requestKey = (inbound: BecknInbound): string =>
  JSON.stringify([requesterOf(inbound), inbound.context["transaction_id"], inbound.action, inbound.context["message_id"]]);

function createActor(deps: HandlerDeps): (inbound: BecknInbound) => EngineResult {
  const { faults, book } = deps;
  /** bpp.repeat-answered-twice: the callback body each request got, to send again for its repeat. */
  const answered = new Map<string, Record<string, unknown>>();
  return (inbound) => {
    const { action, context } = inbound;
    if (isCallbackAction(action)) {
      return noCallbacks(nackAnswer(400, ERROR.invalidRequest, `This BPP receives requests; ${action} is a callback.`));
    }
    const refused = refusal(inbound, deps);
    if (refused) {
      return refused;
    }
    const repeat = book.repeated(context["transaction_id"], action, context["message_id"]);
    const earlier = answered.get(requestKey(inbound));
    if (repeat && earlier && deps.variants.has("bpp.repeat-answered-twice")) {
      const url = callbackUrl(inbound, deps);
      const body = { ...earlier, context: replyContext(context, `on_${action}`, deps.replyEnv) };
      return {
        answer: ackAnswer(faults, deps.variants, context),
        callbacks: url ? deps.planner.solicited(context, url, body) : [],
        key: String(context["transaction_id"]),
      };
    }
    if (repeat && !faults.has("flw.duplicate-creates-order")) {
      return noCallbacks(ackAnswer(faults, deps.variants, context));
    }
    const env: StepEnv = {
      catalogue: deps.catalogue,
      book,
      faults,
      variants: deps.variants,
      shape: deps.shape,
      reply: () => replyContext(context, `on_${action}`, deps.replyEnv),
      newOrderId: () => randomUUID(),
      startTransfer: deps.transfers.start,
      cancelTransfer: deps.transfers.cancel,
    };
    const outcome = runStep(action, { action, context, message: objectOr(inbound.body["message"]), repeat, requester: requesterOf(inbound) }, env);
    const refusedBy = refusedWith(outcome);
    const nackStatus = syncNackStatus(deps.variants);
    if (refusedBy && nackStatus !== undefined) {
      return noCallbacks(nackAnswer(nackStatus, refusedBy.code, refusedBy.message ?? "Refused.", refusedBy.paths));
    }
    if (deps.variants.has("bpp.repeat-answered-twice")) {
      answered.set(requestKey(inbound), outcome.body);
      if (answered.size > REMEMBERED_ANSWERS) {
        answered.delete(answered.keys().next().value ?? "");
      }
    }
    const url = callbackUrl(inbound, deps);
    return {
      answer: ackAnswer(faults, deps.variants, context),
      callbacks: url ? deps.planner.solicited(context, url, outcome.body) : [],
      key: String(context["transaction_id"]),
      ...(outcome.after ? { after: outcome.after } : {}),
      ...(faults.has("tim.callback-before-ack") ? { callbacksFirst: true } : {}),
    };
  };
}
