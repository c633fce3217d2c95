import { randomUUID } from "node:crypto";
import { callbackContext, DEFAULTS, withAction, type Context } from "../../fixtures/builders/index.js";
import type { Clock } from "../../protocol/clock.js";
import type { FaultSet } from "./fault-set.js";

export interface ReplyEnv {
  readonly bppId: string;
  readonly bppUri: () => string;
  readonly ttl: string;
  readonly now: Clock;
  readonly domain: string;
  readonly country: string;
  readonly city: string;
}

export const WRONG_BPP_URI = "http://127.0.0.1:9/not-this-bpp";
export const WRONG_BAP_ID = "other-bap.example";
export const WRONG_BAP_URI = "http://127.0.0.1:9/not-this-bap";
export const WRONG_DOMAIN = "mobility";
export const WRONG_LOCATION = { country: { code: "IND" }, city: { code: "std:080" } } as const;
export const WRONG_VERSION = "1.0.0";
const FUTURE_MS = 60_000;
const WRONG_ACTION: Readonly<Record<string, string>> = { on_select: "on_init", on_init: "on_select", on_status: "on_update" };
const HOUR_MS = 3_600_000;

/**
 * A callback's context: it echoes the request's transaction_id, message_id, domain, location,
 * version, bap_id and bap_uri; names this BPP; stamps a fresh timestamp and the BPP's ttl. A
 * request without `version` or `location` gets core's version and the BPP's location.
 * `unsolicited` mints a new message_id (an unsolicited on_status during a transfer).
 */
export function replyContext(request: Readonly<Record<string, unknown>>, action: string, env: ReplyEnv, unsolicited = false): Context {
  const now = (): Date => new Date(env.now());
  const base = callbackContext({ ...request, action } as unknown as Context, { bppId: env.bppId, bppUri: env.bppUri(), now });
  const context: Context = {
    ...withAction(base, action),
    domain: base.domain ?? env.domain,
    location: base.location ?? { country: { code: env.country }, city: { code: env.city } },
    version: base.version ?? DEFAULTS.version,
    ttl: env.ttl,
    ...(unsolicited ? { message_id: randomUUID() } : {}),
  };
  return context;
}

/** `2025-05-09 10:00:00`: UTC, without the T and the zone (ctx.bad-timestamp-format). */
function zoneless(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

/** The ctx.* faults on the fields a solicited callback echoes from its request. */
function echoFaults(context: Record<string, unknown>, faults: FaultSet): void {
  if (faults.has("ctx.wrong-bap-id")) {
    context["bap_id"] = WRONG_BAP_ID;
  }
  if (faults.has("ctx.wrong-bap-uri")) {
    context["bap_uri"] = WRONG_BAP_URI;
  }
  if (faults.has("ctx.wrong-domain")) {
    context["domain"] = WRONG_DOMAIN;
  }
  if (faults.has("ctx.wrong-location")) {
    context["location"] = structuredClone(WRONG_LOCATION);
  }
  if (faults.has("ctx.wrong-version")) {
    context["version"] = WRONG_VERSION;
  }
}

/** The ctx.* faults on the BPP's own stamps: timestamp and ttl. */
function stampFaults(context: Record<string, unknown>, faults: FaultSet, now: Clock): void {
  if (faults.has("ctx.stale-timestamp")) {
    context["timestamp"] = new Date(now() - HOUR_MS).toISOString();
  }
  if (faults.has("ctx.future-timestamp")) {
    context["timestamp"] = new Date(now() + FUTURE_MS).toISOString();
  }
  if (faults.has("ctx.bad-timestamp-format")) {
    context["timestamp"] = zoneless(now());
  }
  if (faults.has("ctx.bad-ttl")) {
    context["ttl"] = "10 seconds";
  }
  if (faults.has("ctx.no-ttl")) {
    delete context["ttl"];
  }
}

/** The ctx.* faults: each rewrites one field of a callback's context (a copy). */
export function withContextFaults(original: Readonly<Record<string, unknown>>, faults: FaultSet, now: Clock, unsolicited: boolean): Record<string, unknown> {
  const context = { ...original };
  if (!unsolicited) {
    echoFaults(context, faults);
  }
  if (faults.has("ctx.missing-transaction-id")) {
    delete context["transaction_id"];
  }
  if (faults.has("ctx.wrong-transaction-id")) {
    context["transaction_id"] = randomUUID();
  }
  if (faults.has("ctx.new-message-id") && !unsolicited) {
    context["message_id"] = randomUUID();
  }
  if (faults.has("ctx.wrong-action")) {
    context["action"] = WRONG_ACTION[String(context["action"])] ?? "on_status";
  }
  if (faults.has("ctx.missing-bpp-id")) {
    delete context["bpp_id"];
  }
  if (faults.has("ctx.wrong-bpp-uri")) {
    context["bpp_uri"] = WRONG_BPP_URI;
  }
  stampFaults(context, faults, now);
  return context;
}
