import { OutgoingBudget } from "../common/outgoing-budget.js";
import type { EventEmitter } from "node:events";
import { systemClock } from "../../protocol/clock.js";
import type { CallbackAction } from "../../schemas/index.js";
import type { SyncAnswer } from "../common/inbound.js";
import { bapFaults, type BapFaultId } from "./faults.js";
import { bapVariants, type BapVariantId } from "./variants.js";
import type { GuideFlowOptions } from "./flow.js";
import { runGuideFlow, type GuideFlowResult } from "./guide-flow.js";
import { receiveCallback } from "./receive.js";
import type { CallbackRecord, ExchangesView } from "./records.js";
import type { BapOptions, BapState } from "./state.js";
import { ExchangeStore, type BapEvents, type CallbackMatch } from "./store.js";
import { trigger } from "./trigger.js";
import type { TriggerAnswer } from "./trigger-answer.js";

/** The reference BAP without any HTTP framework: the fastify app and msw handlers both drive it. */
export interface BapEngine {
  readonly subscriberId: string;
  readonly faults: ReadonlySet<BapFaultId>;
  readonly variants: ReadonlySet<BapVariantId>;
  /** `callback:received` (a CallbackRecord) and `request:sent` (a RequestRecord). */
  readonly events: EventEmitter<BapEvents>;
  /** Its `bap_uri`, once known. */
  publicUrl(): string | undefined;
  setPublicUrl(url: string): void;
  /** `POST /trigger/<action>`: what to answer, as status and JSON body. */
  trigger(action: string, input: unknown): Promise<TriggerAnswer>;
  /** `POST /on_<action>`: receives one callback (header names in lower case) and says what to answer. */
  receive(action: CallbackAction, rawBody: string, headers: Readonly<Record<string, string | undefined>>): Promise<SyncAnswer>;
  /** `GET /exchanges`: everything kept, or one transaction's. */
  exchanges(transactionId?: string): ExchangesView;
  /** Settles on the first matching callback (one already received counts), or rejects at the deadline (ms from now). */
  waitForCallback(match: CallbackMatch, deadlineMs: number): Promise<CallbackRecord>;
  /** Replays the guide's flow; rejects with a FlowError naming the step that failed. */
  runGuideFlow(opts?: GuideFlowOptions): Promise<GuideFlowResult>;
}

export function createBapEngine(opts: BapOptions): BapEngine {
  const state: BapState = {
    opts,
    faults: bapFaults(opts.faults),
    variants: bapVariants(opts.variants),
    store: new ExchangeStore(opts.maxExchanges),
    outgoing: new OutgoingBudget(),
    now: opts.now ?? systemClock,
    publicUrl: opts.publicUrl,
    lastTransactionId: undefined,
    lastMessageId: undefined,
    lastBppUri: undefined,
    unknownTransactionSeen: false,
  };
  const engine: BapEngine = {
    subscriberId: opts.identity.subscriberId,
    faults: state.faults,
    variants: state.variants,
    events: state.store.events,
    publicUrl: () => state.publicUrl,
    setPublicUrl: (url) => {
      state.publicUrl = url;
    },
    trigger: (action, input) => trigger(state, action, input),
    receive: (action, rawBody, headers) => receiveCallback(state, action, rawBody, headers),
    exchanges: (transactionId) => state.store.view(transactionId),
    waitForCallback: (match, deadlineMs) => state.store.waitForCallback(match, deadlineMs),
    runGuideFlow: (flowOptions) =>
      runGuideFlow(
        {
          trigger: engine.trigger,
          waitForCallback: engine.waitForCallback,
          exchanges: engine.exchanges,
          now: state.now,
          shape: opts.profile === "core-1.1.0" ? "core" : "guide",
        },
        flowOptions,
      ),
  };
  return engine;
}
