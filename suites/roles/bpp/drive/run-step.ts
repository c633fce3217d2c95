import { randomUUID } from "node:crypto";
import { LATE_ANSWER_GRACE_MS } from "../../../core/ack-deadline.js";
import { ackStatusOf } from "../../../../protocol/ack.js";
import type { HttpOutcome } from "../../../../protocol/http/post.js";
import type { Identity } from "../../../../mocks/common/identity.js";
import { forgeRequest, FORGERIES, type ForgeryName } from "../../../core/probes/forgeries.js";
import { negativeBody, NEGATIVES, type NegativeName } from "../../../core/probes/negatives.js";
import { writeJson } from "../../../core/probes/raw-forms.js";
import { hasReply, type Correlator, type Pending } from "./correlator.js";
import type { SendGate } from "./send-gate.js";
import type { StepSpec } from "./scenario.js";
import type { Exchange, Probe } from "../../../core/check.js";
import { answerTo, recordedRequest, signedRequest, signingKeys, type Recorded } from "../../../core/record.js";

/** Everything a step needs from the run. */
export interface StepEnv {
  readonly scenario: string;
  readonly identity: Identity;
  /** The harness gateway's registered identity, whose signatures relayed forgeries carry; none in load mode. */
  readonly gateway?: Identity;
  /** The SUT's base URL, and the harness gateway's (for search via the gateway). */
  readonly targetUrl: string;
  readonly gatewayUrl: string;
  readonly correlator: Correlator;
  readonly ttlMs: number;
  readonly ackTimeoutMs: number;
  readonly quietWindowMs: number;
  /** Wall-clock ms since the epoch after which nothing more is awaited (`--max-time`). */
  readonly runDeadline: number;
  /**
   * Called with every outcome of a request to the SUT and what the request was (`requestLabel`), so
   * the run can tell a refused first connection (exit 2) and a SUT that went down.
   */
  readonly onOutcome: (outcome: HttpOutcome, request: string) => void;
  /** Why no further step should be sent (the target refused its first connection, or went down), or undefined. */
  readonly stopReason: () => string | undefined;
  /**
   * The request whose accepted connection the SUT broke last, when that was at or after `since`
   * (epoch ms): a probe it may have died of while a transfer was watched. Undefined otherwise.
   */
  readonly brokenSince?: (since: number) => string | undefined;
  /** Who is on the wire to the SUT: an `alone` step has it to itself. Without one, requests never wait. */
  readonly sendGate?: SendGate;
  /** Called once for every step of the scenario, sent or skipped (progress). */
  readonly onStepDone?: (scenario: string) => void;
}

interface Sent extends Recorded {
  readonly pending: Pending;
}

const ids = (body: unknown): { transactionId: string; messageId: string } => {
  const context = (body as { context?: Record<string, unknown> } | undefined)?.context ?? {};
  return { transactionId: String(context["transaction_id"] ?? randomUUID()), messageId: String(context["message_id"] ?? randomUUID()) };
};

/**
 * How long the harness keeps reading an answer: past the ACK deadline, so a late answer is still
 * judged (TIM-001 reports it late, once; ACK-001 and SCH-003 judge its body), up to the request's
 * ttl, after which the request is no longer valid (core 1.1.0 Context.ttl) and any answer is moot;
 * at least LATE_ANSWER_GRACE_MS past the deadline, so a short ttl still tells late from missing.
 */
export function answerCapMs(env: Pick<StepEnv, "ackTimeoutMs" | "ttlMs">): number {
  return Math.max(env.ackTimeoutMs + LATE_ANSWER_GRACE_MS, env.ttlMs);
}

/** The bytes a step sends: compact JSON, or the step's other form of it (`rawForm`). */
function rawOf(step: StepSpec, body: unknown): string {
  const value = step.negative ? negativeBody(step.negative as NegativeName, body) : body;
  return step.rawForm ? writeJson(value, step.rawForm) : JSON.stringify(value);
}

function signed(step: StepSpec, body: unknown, env: Pick<StepEnv, "identity" | "gateway">): { rawBody: string; headers: Record<string, string> } {
  const { identity, gateway } = env;
  if (step.forgery) {
    const forged = forgeRequest(step.forgery as ForgeryName, {
      body,
      identity: signingKeys(identity),
      now: Date.now,
      ...(gateway ? { registeredGateway: signingKeys(gateway) } : {}),
    });
    return { rawBody: forged.rawBody, headers: forged.headers };
  }
  return signedRequest(identity, rawOf(step, body));
}

/** What a request was, for a report: `the no-context probe (schema-invalid/no-context-select)`. */
export function requestLabel(step: StepSpec, env: Pick<StepEnv, "scenario">): string {
  const where = `${env.scenario}/${step.id}`;
  const probe = step.negative ?? step.forgery;
  return probe ? `the ${probe} probe (${where})` : where;
}

/** Sends while holding the wire as the step needs it: alone, or beside other requests. */
async function onTheWire<T>(step: StepSpec, env: StepEnv, post: () => Promise<T>): Promise<T> {
  const release = env.sendGate ? await (step.alone ? env.sendGate.exclusive() : env.sendGate.shared()) : undefined;
  try {
    return await post();
  } finally {
    release?.();
  }
}

async function send(step: StepSpec, body: unknown, env: StepEnv, url: string): Promise<Sent> {
  const out = { url, ...signed(step, body, env) };
  const request = recordedRequest(out);
  // Registered before the request goes: a callback may come before the answer.
  const pending = env.correlator.register({ exchangeId: randomUUID(), ...ids(body), action: step.action, sentAt: request.sentAt }, request.body);
  const response = await answerTo(out, {
    onTheWire: (post) => onTheWire(step, env, post),
    // Never past --max-time: a SUT that hangs on every request still gets its report within the budget.
    timeoutMs: () => Math.max(1, Math.min(answerCapMs(env), env.runDeadline - Date.now())),
  });
  if (!url.startsWith(env.gatewayUrl)) {
    env.onOutcome(response, requestLabel(step, env)); // only the SUT's own answers tell whether it is reachable
  }
  if (step.action === "confirm" && response.kind === "response" && ackStatusOf(response.body) === "ACK") {
    env.correlator.confirmAcked(pending); // callback attribution, rule 3
  }
  return { request, response, pending };
}

export function probeOf(step: StepSpec): Probe | undefined {
  if (step.forgery) {
    return { kind: "forgery", name: step.forgery, severity: FORGERIES.find((f) => f.name === step.forgery)?.severity ?? "MUST" };
  }
  if (step.negative) {
    return { kind: "negative", name: step.negative, severity: NEGATIVES.find((n) => n.name === step.negative)?.severity ?? "MUST" };
  }
  return undefined;
}

/**
 * Waits for what the step expects: its callback until the ttl, or the quiet window of a probe. A
 * probe the SUT ACKed is owed a callback all the same (core 1.1.0 Ack.status: an ACK "is required to
 * respond with a callback"), so past the quiet window it is awaited until the ttl, like any request's.
 */
async function await_(step: StepSpec, sent: Sent, env: StepEnv): Promise<void> {
  const quiet = step.expect === "nack";
  const deadline = Math.min(env.runDeadline, quiet ? Date.now() + env.quietWindowMs : sent.request.sentAt + env.ttlMs);
  await env.correlator.waitUntil(quiet ? () => false : () => hasReply(sent.pending), deadline);
  if (quiet && sent.response.kind === "response" && ackStatusOf(sent.response.body) === "ACK") {
    await env.correlator.waitUntil(() => hasReply(sent.pending), Math.min(env.runDeadline, sent.request.sentAt + env.ttlMs));
  }
  env.correlator.claimAtDeadline(sent.pending, step.expect === "callback" || step.expect === "error-callback");
}

/**
 * Why the wait for this request's callback proves nothing: --max-time ended it before the
 * request's timestamp + ttl, and no reply had come (docs/rules.md "Coverage"). Undefined otherwise.
 */
function cutShort(sent: Sent, env: StepEnv): string | undefined {
  const due = sent.request.sentAt + env.ttlMs;
  return env.runDeadline < due && !hasReply(sent.pending)
    ? `the run reached --max-time (${new Date(env.runDeadline).toISOString()}) before this request's callback was due (${new Date(due).toISOString()}); give the run a longer --max-time`
    : undefined;
}

function exchangeOf(step: StepSpec, env: StepEnv, sent: Sent, probe: Probe | undefined): Exchange {
  return {
    id: sent.pending.exchangeId,
    scenario: env.scenario,
    step: step.id,
    action: step.action,
    expectation: step.expect,
    ...(step.expectedErrorCode ? { expectedErrorCode: step.expectedErrorCode } : {}),
    ...(step.expectValues ? { expectedValues: step.expectValues } : {}),
    ...(probe ? { probe } : {}),
    ...(step.rawForm ? { rawForm: step.rawForm } : {}),
    viaGateway: step.action === "search" && step.via === "gateway",
    ttlMs: env.ttlMs,
    ...(step.expect === "nack" ? { quietWindowMs: env.quietWindowMs } : {}),
    request: sent.request,
    response: sent.response,
    callbacks: sent.pending.callbacks,
  };
}

/**
 * Sends one step's request (and its repeat, for the idempotency probe), waits for what it expects
 * and returns the exchanges. The returned exchanges keep collecting late callbacks by reference
 * until the scenario ends (unsolicited on_status of a confirmed order, say).
 */
export async function runStep(step: StepSpec, body: unknown, env: StepEnv): Promise<{ exchanges: Exchange[]; pending: Pending }> {
  const url = step.action === "search" && step.via === "gateway" ? `${env.gatewayUrl}/search` : `${env.targetUrl.replace(/\/+$/, "")}/${step.action}`;
  const first = await send(step, body, env, url);
  const repeat = step.repeat ? await send(step, body, env, url) : undefined;
  // A repeat may get zero or one callback (DESIGN "Contracts": Idempotency): it is not awaited on
  // its own; whatever arrives for it before the run is judged is kept.
  await await_(step, first, env);
  const cut = cutShort(first, env);
  const exchanges = [{ ...exchangeOf(step, env, first, probeOf(step)), ...(cut ? { cutShort: cut } : {}) }];
  if (repeat) {
    exchanges.push(
      exchangeOf({ ...step, id: `${step.id}-repeat`, expect: "ack-or-nack" }, env, repeat, {
        kind: "duplicate",
        name: "repeated-message-id",
        severity: "MUST",
      }),
    );
  }
  return { exchanges, pending: first.pending };
}
