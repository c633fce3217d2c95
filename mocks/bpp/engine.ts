import { systemClock, type Clock } from "../../protocol/clock.js";
import { signBody } from "../../protocol/signing/index.js";
import type { BecknAction } from "../../schemas/index.js";
import { receiveBeckn, type BecknInbound, type InboundOptions, type SyncAnswer } from "../common/inbound.js";
import { busyAnswer, OutgoingBudget } from "../common/outgoing-budget.js";
import { sendSigned } from "../common/send.js";
import { createGrid, type Grid } from "../grid/index.js";
import { nackAnswer, withChallengeFault, withErrorCodeFault } from "./answers.js";
import { callbackTargetRefusal, requesterOf } from "./callback-target.js";
import { buildCatalogue, type Catalogue } from "./catalogue.js";
import { keepGuideWindowCurrent, withVariants } from "./catalogue-variants.js";
import { DealBook, type Deal } from "./deals.js";
import { createDispatcher } from "./dispatcher.js";
import { parseFaults, type FaultSet } from "./fault-set.js";
import { variantsOf } from "../common/variant-set.js";
import { bppVariants, type BppVariantId } from "./variants.js";
import { shapeWithVariants } from "./outgoing-variants.js";
import type { FaultId } from "./faults.js";
import { createHandler } from "./handle.js";
import { onlyWrongUnit, signatureReading } from "./input-faults.js";
import { createPlanner } from "./plan.js";
import { invalidBodyFault } from "./invalid-body-faults.js";
import { contextOf, refusalByCallback, type RefusalEnv } from "./refuse-by-callback.js";
import type { ReplyEnv } from "./reply-context.js";
import { linkTransfers } from "./transfer-link.js";
import type { BppOptions, EngineResult, PlannedCallback } from "./types.js";

const refusedAnswer = (answer: EngineResult["answer"]): EngineResult => ({ answer, callbacks: [], key: "" });

export const DEFAULT_CALLBACK_TTL = "PT10S";
/** The ttl bpp.callback-ttl-pt10m stamps on every callback: the generic guide's PT10M. */
export const VARIANT_CALLBACK_TTL = "PT10M";

export interface BppEngine {
  readonly subscriberId: string;
  readonly catalogue: Catalogue;
  readonly grid: Grid;
  readonly faults: readonly FaultId[];
  readonly variants: readonly BppVariantId[];
  readonly publicUrl: string;
  setPublicUrl(url: string): void;
  /** The whole receiving side of one request: parse, verify, validate (with the neg.* faults), then `handle`. */
  receive(action: BecknAction, rawBody: string, headers: Readonly<Record<string, string | undefined>>): Promise<EngineResult>;
  /** Acts on a verified request: the synchronous answer and the callbacks to send after it. No I/O. */
  handle(inbound: BecknInbound): EngineResult;
  /** Sends a result's callbacks through the injected `send`, then runs its `after`. */
  dispatch(result: EngineResult): Promise<void>;
  /** Resolves when no callback is being sent or waiting (delayed). */
  idle(): Promise<void>;
  /** The order an id names, as the BPP remembers it. */
  order(orderId: string): Readonly<Deal> | undefined;
  /** Stops the grid's timers and the delayed callbacks, and waits for sends in flight. */
  close(): Promise<void>;
}

/**
 * The receiving pipeline's options, with the neg.* faults switching its checks off (`wrongUnit`:
 * neg.accept-wrong-unit lets this body through). Whatever profile it is judged by, the reference BPP
 * receives under the default one: it refuses what it cannot act on (the P2P required structure, the
 * energy layer), never a form a profile merely prefers, so it takes the harness's requests in either
 * shape (`--request-shape`) under `core-1.1.0` and `p2p-trade-strict` too.
 */
function inboundOptions(opts: BppOptions, faults: FaultSet, now: Clock, wrongUnit: boolean): InboundOptions {
  return {
    realm: opts.identity.subscriberId,
    lookupPublicKey: opts.lookupPublicKey,
    now,
    skip: () => ({ signature: faults.has("neg.accept-bad-signature"), schema: faults.has("neg.accept-invalid-body") || wrongUnit }),
    reading: signatureReading(faults),
  };
}

/** The reference BPP's engine: catalogue, orders, idempotency and faults, with no transport in it. */
export function createBppEngine(opts: BppOptions): BppEngine {
  const faults = parseFaults(opts.faults);
  const variants = bppVariants(variantsOf("bpp", opts.variants));
  const now = opts.now ?? systemClock;
  const ttl = variants.has("bpp.callback-ttl-pt10m") ? VARIANT_CALLBACK_TTL : (opts.ttl ?? DEFAULT_CALLBACK_TTL);
  const subscriberId = opts.identity.subscriberId;
  let publicUrl = opts.publicUrl ?? "http://127.0.0.1";
  const catalogue = withVariants(buildCatalogue({ ...opts.catalogue, now }), variants, now());
  const grid = createGrid({
    now,
    ...opts.grid,
    variants: variantsOf("grid", opts.variants),
    stall: Boolean(opts.grid?.stall) || faults.has("tim.transfer-stalls"),
  });
  const book = new DealBook();
  const send = opts.send ?? ((cb: PlannedCallback) => sendSigned(opts.identity, cb.url, cb.body, cb.sendOptions ?? {}));
  const outgoing = new OutgoingBudget();
  // The callbacks being sent count against the budget; a request is refused on arrival when it is spent.
  const dispatcher = createDispatcher((cb) => {
    outgoing.hold();
    return Promise.resolve()
      .then(() => send(cb))
      .finally(() => outgoing.release());
  });
  const { identity } = opts;
  const signRaw = (rawBody: string): string =>
    signBody({ rawBody, subscriberId, uniqueKeyId: identity.uniqueKeyId, privateKey: identity.signingPrivateKey, now }).header;
  const planner = createPlanner(faults, variants, now, ttl, signRaw);
  const replyEnv: ReplyEnv = {
    bppId: subscriberId,
    bppUri: () => publicUrl,
    ttl,
    now,
    domain: opts.domain ?? "trade",
    country: opts.country ?? "USA",
    city: opts.city ?? "NANP:628",
  };
  const transfers = linkTransfers({ grid, book, faults, variants, replyEnv, planner, dispatch: (key, cb) => void dispatcher.dispatch(key, [cb]) });

  const act = createHandler({
    subscriberId,
    faults,
    variants,
    catalogue,
    book,
    planner,
    replyEnv,
    transfers,
    shape: shapeWithVariants(opts.shape ?? "follow", variants),
    ...(opts.gatewayUrl ? { gatewayUrl: opts.gatewayUrl } : {}),
    ...(opts.onSearchRouting ? { onSearchRouting: opts.onSearchRouting } : {}),
  });
  const refusal: RefusalEnv = { faults, variants, planner, replyEnv };
  const handle = (inbound: BecknInbound): EngineResult => {
    keepGuideWindowCurrent(catalogue, variants, now());
    return act(inbound);
  };

  const lookupUrl = opts.lookupSubscriberUrl;
  /** A verified request: a 400 NACK when its bap_uri is not the requester's registered URL (no callback can follow), else handled. */
  const handleReachable = async (inbound: BecknInbound): Promise<EngineResult> => {
    const unreachable = lookupUrl
      ? await callbackTargetRefusal(
          { action: inbound.action, bapId: requesterOf(inbound), bapUri: inbound.context["bap_uri"], headers: inbound.headers },
          lookupUrl,
        )
      : undefined;
    return unreachable ? refusedAnswer(nackAnswer(400, unreachable.code, unreachable.message ?? "", unreachable.paths)) : handle(inbound);
  };
  /** A refused request, refused by an error callback under a variant or fault only when its bap_uri is the sender's registered URL. */
  const refusedReachable = async (
    action: BecknAction,
    rawBody: string,
    headers: Readonly<Record<string, string | undefined>>,
    answer: SyncAnswer,
  ): Promise<EngineResult> => {
    const instead = refusalByCallback(action, rawBody, answer, refusal) ?? invalidBodyFault(action, rawBody, answer, refusal);
    if (!instead || instead.callbacks.length === 0 || !lookupUrl) {
      return instead ?? refusedAnswer(answer);
    }
    const context = contextOf(rawBody);
    return (await callbackTargetRefusal({ action, bapId: context["bap_id"], bapUri: context["bap_uri"], headers }, lookupUrl))
      ? refusedAnswer(answer)
      : instead;
  };

  return {
    subscriberId,
    catalogue,
    grid,
    faults: faults.ids,
    variants: [...variants],
    get publicUrl() {
      return publicUrl;
    },
    setPublicUrl: (url) => void (publicUrl = url),
    async receive(action, rawBody, headers) {
      const wrongUnit = faults.has("neg.accept-wrong-unit") && onlyWrongUnit(action, rawBody);
      const received = await receiveBeckn(action, rawBody, headers, inboundOptions(opts, faults, now, wrongUnit));
      if (received.ok && !outgoing.fits()) {
        return refusedAnswer(busyAnswer("BPP", outgoing));
      }
      const result = received.ok ? await handleReachable(received.inbound) : await refusedReachable(action, rawBody, headers, received.answer);
      return { ...result, answer: withChallengeFault(withErrorCodeFault(result.answer, faults), faults) };
    },
    handle,
    dispatch: (result) => dispatcher.dispatch(result.key, result.callbacks, result.after),
    idle: () => dispatcher.idle(),
    order: (orderId) => book.order(orderId),
    async close() {
      transfers.close();
      grid.stop();
      await dispatcher.close();
    },
  };
}
