import { ERROR, type BecknError } from "../../protocol/ack.js";
import { parseIsoDuration } from "../../protocol/formats.js";
import type { BecknInbound } from "../common/inbound.js";
import type { FaultSet } from "./fault-set.js";

/**
 * What the reference BPP refuses for what a valid request's context says, before any business
 * logic: a request for another BPP, and a stale one (docs/rules.md "Stale and misaddressed requests").
 * A NACK by default; an ACK and an error callback under bpp.context-refused-by-callback.
 */

/**
 * How far past its timestamp + ttl a request may arrive before the BPP calls it stale: minutes of
 * clock skew between honest participants are tolerated.
 */
export const STALE_SKEW_MS = 5 * 60_000;

/** When a request stopped being valid (timestamp + ttl), or undefined when its context does not say. */
function validUntil(context: Readonly<Record<string, unknown>>): number | undefined {
  const stamped = typeof context["timestamp"] === "string" ? Date.parse(context["timestamp"]) : Number.NaN;
  const ttl = parseIsoDuration(context["ttl"]);
  return Number.isFinite(stamped) && ttl !== undefined ? stamped + ttl : undefined;
}

export interface ContextRefusalEnv {
  readonly subscriberId: string;
  readonly faults: FaultSet;
  readonly now: () => number;
}

/** The error a request is refused with for its context, or undefined when the BPP acts on it. */
export function contextRefusal(inbound: BecknInbound, env: ContextRefusalEnv): Required<Pick<BecknError, "code" | "message" | "paths">> | undefined {
  const { action, context } = inbound;
  const bppId = context["bpp_id"];
  if (action !== "search" && typeof bppId === "string" && bppId !== env.subscriberId && !env.faults.has("neg.accept-other-bpp-id")) {
    const message = `This request is for BPP ${JSON.stringify(bppId.slice(0, 200))}, but this is ${env.subscriberId}: send it to that BPP's bpp_uri.`;
    return { code: ERROR.invalidRequest, message, paths: "$.context.bpp_id" };
  }
  const until = validUntil(context);
  if (until !== undefined && until + STALE_SKEW_MS < env.now() && !env.faults.has("neg.accept-stale-request")) {
    const message = `This request stopped being valid at ${new Date(until).toISOString()} (its timestamp + ttl): send a fresh one.`;
    return { code: ERROR.invalidRequest, message, paths: "$.context.timestamp" };
  }
  return undefined;
}
