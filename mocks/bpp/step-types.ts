import type { Context } from "../../fixtures/builders/index.js";
import type { Catalogue } from "./catalogue.js";
import type { Deal, DealBook } from "./deals.js";
import type { FaultSet } from "./fault-set.js";
import type { ShapeOption } from "./types.js";
import type { BppVariants } from "./variants.js";

/** A verified request, as the business steps read it. */
export interface StepRequest {
  readonly action: string;
  readonly context: Readonly<Record<string, unknown>>;
  readonly message: Readonly<Record<string, unknown>>;
  /** The same transaction, action and message_id were acted on before (only reaches the steps under flw.duplicate-creates-order). */
  readonly repeat: boolean;
  /** The BAP that sent it: the subscriber whose signature verified, else `context.bap_id`. */
  readonly requester: unknown;
}

/** What the steps may use: the catalogue, the deals, the faults, and the transfer controls. */
export interface StepEnv {
  readonly catalogue: Catalogue;
  readonly book: DealBook;
  readonly faults: FaultSet;
  readonly variants: BppVariants;
  readonly shape: ShapeOption;
  /** The clean context of the callback to this request (`on_<action>`). */
  readonly reply: () => Context;
  readonly newOrderId: () => string;
  readonly startTransfer: (deal: Deal) => void;
  readonly cancelTransfer: (deal: Deal) => void;
}

/** The callback a step answers with, and what to do once it went out. */
export interface StepOutcome {
  readonly body: Record<string, unknown>;
  readonly after?: () => void;
}

export type Step = (request: StepRequest, env: StepEnv) => StepOutcome;
