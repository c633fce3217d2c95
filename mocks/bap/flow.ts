import { ackStatusOf } from "../../protocol/ack.js";
import type { Clock } from "../../protocol/clock.js";
import { parseIsoDuration } from "../../protocol/formats.js";
import { asObject } from "../../protocol/shapes.js";
import type { RequestAction } from "../../schemas/index.js";
import type { CallbackRecord, ExchangesView } from "./records.js";
import type { CallbackMatch } from "./store.js";
import type { TriggerAnswer, TriggerSuccess } from "./trigger-answer.js";
import type { Shape } from "../../fixtures/builders/index.js";

/** What the flow needs of the engine. */
export interface FlowDriver {
  trigger(action: RequestAction, input: unknown): Promise<TriggerAnswer>;
  waitForCallback(match: CallbackMatch, deadlineMs: number): Promise<CallbackRecord>;
  exchanges(transactionId?: string): ExchangesView;
  readonly now: Clock;
  readonly shape: Shape;
}

export interface GuideFlowOptions {
  /** Whole kWh to buy; defaults to the guide's 10, capped at what the offer has. */
  readonly quantityKwh?: number;
  /** Use the on_search of this BPP (when several answer through the gateway). */
  readonly bppId?: string;
  /** Seeds the meters and billing details. */
  readonly seed?: number;
  /** The buyer's meter; defaults to a fresh `der://ssf.meter/…`. */
  readonly endMeter?: string;
  /** The deadline of each callback; defaults to the request's ttl. */
  readonly callbackDeadlineMs?: number;
}

export interface FlowStep {
  readonly action: RequestAction;
  /** The context the BAP sent. */
  readonly context: Record<string, unknown>;
  /** The HTTP status of the synchronous answer, and its body. */
  readonly status: number;
  readonly ack: unknown;
  readonly callback: CallbackRecord;
}

/** A step of the flow failed: `step` names the request or callback (`confirm`, `on_confirm`). */
export class FlowError extends Error {
  readonly step: string;
  readonly transactionId: string | undefined;

  constructor(step: string, message: string, transactionId: string | undefined) {
    super(`The guide flow failed at ${step}: ${message}`);
    this.name = "FlowError";
    this.step = step;
    this.transactionId = transactionId;
  }
}

const shown = (value: unknown): string => JSON.stringify(value)?.slice(0, 300) ?? String(value);

function refusedNote(d: FlowDriver, transactionId: string, action: string): string {
  const refused = d.exchanges(transactionId).callbacks.filter((c) => c.action === action && c.flagged);
  return refused.length === 0 ? "" : ` ${refused.length} ${action} arrived but were refused: ${refused[0]?.verification.detail ?? ""}`;
}

async function awaitCallback(d: FlowDriver, match: CallbackMatch, deadlineMs: number): Promise<CallbackRecord> {
  const action = match.action ?? "callback";
  const callback = await d.waitForCallback(match, deadlineMs).catch((error: unknown) => {
    throw new FlowError(action, `${(error as Error).message}${refusedNote(d, match.transactionId, action)}`, match.transactionId);
  });
  const body = asObject(callback.body);
  if (body?.["error"] !== undefined && body["message"] === undefined) {
    throw new FlowError(action, `the BPP answered with an error: ${shown(body["error"])}`, match.transactionId);
  }
  return callback;
}

/** Triggers one request, requires an ACK, and awaits its accepted callback. */
export async function runStep(d: FlowDriver, action: RequestAction, input: unknown, opts: GuideFlowOptions, bppId?: string): Promise<FlowStep> {
  const answer = await d.trigger(action, input);
  const sent = answer.body as Partial<TriggerSuccess> & { error?: { message?: string } };
  const transactionId = typeof sent.context?.["transaction_id"] === "string" ? sent.context["transaction_id"] : undefined;
  if (answer.status !== 200 || !sent.context || transactionId === undefined) {
    throw new FlowError(action, `the trigger answered HTTP ${answer.status}: ${sent.error?.message ?? shown(answer.body)}`, transactionId);
  }
  if (ackStatusOf(sent.ack) !== "ACK") {
    throw new FlowError(action, `the ${action} got HTTP ${sent.status} with ${shown(sent.ack)}; expected an ACK.`, transactionId);
  }
  const deadlineMs = opts.callbackDeadlineMs ?? parseIsoDuration(sent.context["ttl"]) ?? 10_000;
  const match = { transactionId, action: `on_${action}`, accepted: true, ...(bppId === undefined ? {} : { bppId }) };
  const callback = await awaitCallback(d, match, deadlineMs);
  return { action, context: sent.context, status: sent.status ?? answer.status, ack: sent.ack, callback };
}
