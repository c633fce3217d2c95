/**
 * A captured transaction as a BPP scenario (`scenario from-har`): the BAP's requests in order, each
 * as a template of the message it sent, expecting what does not depend on the data: ACK or NACK,
 * the error code, which callbacks came, the order's and fulfillments' states, units, currencies and
 * quantities. At replay the ids, timestamps and signatures are fresh and the capture's order,
 * provider and item ids are bound to the replay's (../drive/from-template.ts).
 */
import { ackStatusOf } from "../../../../protocol/ack.js";
import { asObject } from "../../../../protocol/shapes.js";
import type { ExpectedValues } from "../../../../results/index.js";
import type { Exchange } from "../../../core/check.js";
import { relayedByGateway } from "../../../core/capture/hops.js";
import { callbackValues, solicitedActions } from "../checks/scenario-values.js";
import type { CaptureOrigin, Scenario, StepSpec } from "../drive/scenario.js";
import type { CapturedTransaction } from "./transactions.js";

/** The actions a BPP scenario's step can send. */
const STEP_ACTIONS: ReadonlySet<string> = new Set(["search", "select", "init", "confirm", "status", "update", "cancel"]);

export interface ScenarioFromCapture {
  readonly scenario: Scenario;
  /** What of the transaction the scenario leaves out, and why. */
  readonly notes: readonly string[];
}

const str = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);
const messageOf = (body: unknown): Record<string, unknown> | undefined => asObject(asObject(body)?.["message"]);
const answering = (e: Exchange) => e.callbacks.filter((c) => c.matchedBy !== "unsolicited" && c.body !== undefined);

/** What the step expects: a NACK when the BPP refused it, else the callback (or error callback) that came. */
function expectationOf(e: Exchange): Pick<StepSpec, "expect" | "expectedErrorCode"> {
  if (e.response.kind === "response" && ackStatusOf(e.response.body) !== "ACK") {
    return { expect: "nack" };
  }
  const error = answering(e)
    .map((c) => asObject(asObject(c.body)?.["error"]))
    .find((x) => x !== undefined);
  const code = str(error?.["code"]);
  return error ? { expect: "error-callback", ...(code && /^\d{5}$/.test(code) ? { expectedErrorCode: code } : {}) } : { expect: "callback" };
}

/** The values the captured callback carried that do not depend on the data; an empty list or state is left out. */
function expectedValuesOf(e: Exchange, expect: StepSpec["expect"]): ExpectedValues | undefined {
  const callbacks = solicitedActions(e);
  if (callbacks.length === 0 || expect === "nack") {
    return undefined;
  }
  const body = answering(e).find((c) => messageOf(c.body) !== undefined)?.body;
  const values = expect === "callback" && body !== undefined ? callbackValues(body) : undefined;
  return {
    callbacks,
    ...(values?.orderState ? { orderState: values.orderState } : {}),
    ...Object.fromEntries(
      (["fulfillmentStates", "units", "currencies", "quantities"] as const).flatMap((key) => (values && values[key].length > 0 ? [[key, values[key]]] : [])),
    ),
  };
}

/** The capture's ids the replay binds to its own: the order id its on_confirm gave, the provider and item its first order named. */
function bindingsOf(exchanges: readonly Exchange[]): CaptureOrigin["bindings"] {
  const confirm = exchanges.find((e) => e.action === "confirm");
  const orderId = str(asObject(messageOf(confirm ? answering(confirm)[0]?.body : undefined)?.["order"])?.["id"]);
  const ordering = exchanges.find((e) => ["select", "init", "confirm"].includes(e.action));
  const order = asObject(messageOf(ordering?.request.body)?.["order"]);
  const providerId = str(asObject(order?.["provider"])?.["id"]);
  const item = Array.isArray(order?.["items"]) ? asObject(order["items"][0]) : undefined;
  const itemId = str(item?.["id"]);
  return { ...(orderId ? { orderId } : {}), ...(providerId ? { providerId } : {}), ...(itemId ? { itemId } : {}) };
}

/** A step id of the scenario's pattern: the action, numbered from its second use. */
function stepIdOf(action: string, used: Map<string, number>): string {
  const n = (used.get(action) ?? 0) + 1;
  used.set(action, n);
  return n === 1 ? action : `${action}-${n}`;
}

const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "") || "transaction";

/** The scenario of one captured transaction. */
export function scenarioFromTransaction(tx: CapturedTransaction, file?: string): ScenarioFromCapture {
  const notes: string[] = [];
  const steps: StepSpec[] = [];
  const used = new Map<string, number>();
  for (const e of tx.exchanges) {
    const message = messageOf(e.request.body);
    if (!STEP_ACTIONS.has(e.action) || message === undefined) {
      notes.push(`${e.id}: a ${e.action}${message === undefined ? " without a message" : ""} is not a step a BPP scenario sends; left out.`);
      continue;
    }
    if (e.response.kind === "failure") {
      notes.push(`${e.id}: the ${e.action} got no answer in the capture (${e.response.detail}); left out.`);
      continue;
    }
    const expectation = expectationOf(e);
    const previous = steps[steps.length - 1];
    const values = expectedValuesOf(e, expectation.expect);
    steps.push({
      id: stepIdOf(e.action, used),
      action: e.action as StepSpec["action"],
      ...expectation,
      ...(e.action === "search" ? { via: relayedByGateway({ headers: e.request.headers }) ? "gateway" : "direct" } : {}),
      template: { message },
      ...(values ? { expectValues: values } : {}),
      ...(previous && previous.expect === "callback" ? { needs: [previous.id] } : {}),
    });
  }
  const first = tx.exchanges[0];
  const capture: CaptureOrigin = {
    ...(file ? { file } : {}),
    transactionId: tx.transactionId,
    capturedAt: new Date(first?.request.sentAt ?? Date.now()).toISOString(),
    bindings: bindingsOf(tx.exchanges),
  };
  return {
    scenario: {
      id: `captured-${slug(tx.transactionId)}`,
      title: `Captured transaction ${tx.transactionId}`.slice(0, 80),
      role: "bpp",
      phase: "functional",
      steps,
      capture,
    },
    notes,
  };
}
