/** Codes of the trigger API's own JSON errors (they are not Beckn NACKs). */
export const TRIGGER_ERROR = {
  notJson: "TRIGGER_NOT_JSON",
  unknownAction: "TRIGGER_UNKNOWN_ACTION",
  badInput: "TRIGGER_BAD_INPUT",
  missingBppUri: "TRIGGER_MISSING_BPP_URI",
  /** The request would go to the BAP itself or to a driving path (docs/limits.md "Where mocks send requests"). */
  forbiddenTarget: "TRIGGER_FORBIDDEN_TARGET",
  noAnswer: "TRIGGER_NO_ANSWER",
  /** The BAP's outgoing budget is spent (docs/limits.md "Outgoing calls"): 429, retry later. */
  busy: "TRIGGER_BUSY",
  notReady: "BAP_NOT_READY",
  flowFailed: "FLOW_FAILED",
  internal: "BAP_INTERNAL",
} as const;

export type TriggerErrorCode = (typeof TRIGGER_ERROR)[keyof typeof TRIGGER_ERROR];

/** A transport-neutral HTTP answer: the fastify app and msw handlers both send it as JSON. */
export interface TriggerAnswer {
  readonly status: number;
  readonly body: unknown;
  /** Extra response headers (`Retry-After` on a 429). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Where a request's transaction_id came from: the trigger's context, a new UUID, or the BAP's last request. */
export type TransactionSource = "caller" | "new" | "last-request";

/** The 200 answer of a trigger: what the BAP sent, and what it got back. */
export interface TriggerSuccess {
  readonly context: Record<string, unknown>;
  readonly ack: unknown;
  readonly status: number;
  /** The reference BAP's own addition: where context.transaction_id came from (callers may ignore it). */
  readonly transaction_from?: TransactionSource;
}

export function triggerError(status: number, code: TriggerErrorCode, message: string, extra: Record<string, unknown> = {}): TriggerAnswer {
  return { status, body: { error: { code, message }, ...extra } };
}
