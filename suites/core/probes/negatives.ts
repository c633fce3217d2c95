/**
 * The broken bodies the harness sends to a system under test, each signed correctly by the harness
 * (DESIGN "Contracts": ACK and NACK). A MUST negative breaks a rule every receiver needs; a SHOULD
 * negative breaks one deep inside the message that a careful receiver also refuses.
 */
import { allMeasures, asArray, asObject } from "../../../protocol/shapes.js";
import type { RequestAction } from "../../../schemas/index.js";
import type { Severity } from "../check.js";

export interface Negative {
  readonly name: string;
  /** The endpoint the body is sent to. */
  readonly action: RequestAction;
  readonly severity: Severity;
  readonly description: string;
  /** Where the body is broken, as `validate()` reports it (action-mismatch: where the endpoint disagrees). */
  readonly path: string;
  /**
   * The body passes every schema: it is refused for what its context says, not for its form, so a
   * refusal owes no `error.paths` (core: paths is "Used only during json schema validation errors").
   */
  readonly schemaValid?: true;
}

/**
 * How stale the stale-request probe is: hours past its ttl, so a receiver that deliberately allows
 * minutes of clock skew still sees it stale (docs/rules.md "Stale and misaddressed requests").
 */
export const STALE_BY_HOURS = 2;
export const STALE_TTL = "PT30S";

export const NEGATIVES = [
  { name: "no-context", action: "select", severity: "MUST", path: "$.context", description: "The body has no context." },
  {
    name: "action-mismatch",
    action: "select",
    severity: "MUST",
    path: "$.context.action",
    description: "context.action names another Beckn action (init) than the endpoint (/select).",
  },
  { name: "missing-transaction-id", action: "select", severity: "MUST", path: "$.context.transaction_id", description: "context.transaction_id is missing." },
  { name: "missing-message-id", action: "select", severity: "MUST", path: "$.context.message_id", description: "context.message_id is missing." },
  {
    name: "missing-bap-uri",
    action: "select",
    severity: "MUST",
    path: "$.context.bap_uri",
    description: "context.bap_uri is missing, so no callback can be sent.",
  },
  { name: "missing-order", action: "select", severity: "MUST", path: "$.message.order", description: "message.order is missing from a select." },
  { name: "missing-order", action: "init", severity: "MUST", path: "$.message.order", description: "message.order is missing from an init." },
  { name: "missing-order", action: "confirm", severity: "MUST", path: "$.message.order", description: "message.order is missing from a confirm." },
  { name: "missing-order-id", action: "status", severity: "MUST", path: "$.message.order_id", description: "message.order_id is missing from a status." },
  {
    name: "missing-update-target",
    action: "update",
    severity: "MUST",
    path: "$.message.update_target",
    description: "message.update_target is missing from an update.",
  },
  {
    name: "wrong-type-deep",
    action: "select",
    severity: "SHOULD",
    path: "$.message.order.items[0].id",
    description: "message.order.items[0].id is the number 42 where a string belongs.",
  },
  {
    name: "wrong-unit",
    action: "select",
    severity: "SHOULD",
    path: "$.message.order.items[0].quantity",
    description: 'Every quantity of the order\'s items is in "MWh" instead of kWh.',
  },
  {
    name: "stale-request",
    action: "select",
    severity: "SHOULD",
    path: "$.context.timestamp",
    schemaValid: true,
    description: `context.timestamp is ${STALE_BY_HOURS} hours ago and context.ttl is ${STALE_TTL}, so the request stopped being valid long before it was sent; its signature is fresh.`,
  },
  {
    name: "other-bpp-id",
    action: "select",
    severity: "SHOULD",
    path: "$.context.bpp_id",
    schemaValid: true,
    description: "context.bpp_id names another BPP (\"<SUT's bpp_id>.other\"); the request is sent to the SUT's bpp_uri all the same.",
  },
] as const satisfies readonly Negative[];

export type NegativeName = (typeof NEGATIVES)[number]["name"];

/** A known action other than the endpoint, whose body shape still fits, so only the path disagrees. */
const MISMATCHED: Readonly<Record<string, RequestAction>> = {
  search: "select",
  select: "init",
  init: "confirm",
  confirm: "init",
  status: "track",
  track: "status",
  cancel: "status",
  update: "confirm",
  rating: "support",
  support: "rating",
};

type Json = Record<string, unknown>;

function partsOf(body: Json): { context: Json | undefined; message: Json | undefined; order: Json | undefined } {
  const context = asObject(body["context"]);
  const message = asObject(body["message"]);
  return { context, message, order: asObject(message?.["order"]) };
}

function need<T>(value: T | undefined, name: NegativeName, where: string): T {
  if (value === undefined) {
    throw new Error(`negativeBody("${name}") needs a valid body with ${where}; build it from a request the SUT accepts.`);
  }
  return value;
}

function breakDeep(name: "wrong-type-deep" | "wrong-unit", order: Json | undefined): void {
  const items = asArray(need(order, name, "message.order")["items"]);
  if (name === "wrong-type-deep") {
    need(asObject(items[0]), name, "message.order.items[0]")["id"] = 42;
    return;
  }
  const measures = items.flatMap((item) => allMeasures(item));
  need(measures[0], name, "a quantity measure on message.order.items");
  for (const measure of measures) {
    measure.value["unit"] = "MWh";
  }
}

/**
 * A copy of a valid request body, broken as the named negative says. The valid body is not changed.
 * Throws when the body lacks the part the negative breaks (a harness error, not the SUT's).
 * `now` (ms since the epoch) dates the stale request.
 */
export function negativeBody(name: NegativeName, validBody: unknown, now: number = Date.now()): unknown {
  const body = need(asObject(structuredClone(validBody)), name, "a JSON object");
  const { context, message, order } = partsOf(body);
  switch (name) {
    case "no-context":
      delete body["context"];
      break;
    case "action-mismatch": {
      const ctx = need(context, name, "a context");
      ctx["action"] = MISMATCHED[String(ctx["action"])] ?? "search";
      break;
    }
    case "missing-transaction-id":
      delete need(context, name, "a context")["transaction_id"];
      break;
    case "missing-message-id":
      delete need(context, name, "a context")["message_id"];
      break;
    case "missing-bap-uri":
      delete need(context, name, "a context")["bap_uri"];
      break;
    case "missing-order":
      delete need(message, name, "a message")["order"];
      break;
    case "missing-order-id":
      delete need(message, name, "a message")["order_id"];
      break;
    case "missing-update-target":
      delete need(message, name, "a message")["update_target"];
      break;
    case "stale-request":
      Object.assign(need(context, name, "a context"), { timestamp: new Date(now - STALE_BY_HOURS * 3_600_000).toISOString(), ttl: STALE_TTL });
      break;
    case "other-bpp-id": {
      const ctx = need(context, name, "a context");
      ctx["bpp_id"] = `${String(need(ctx["bpp_id"], name, "a context.bpp_id"))}.other`;
      break;
    }
    default:
      breakDeep(name, order);
  }
  return body;
}
