import { postRaw } from "../../protocol/http/post.js";
import type { BecknInbound } from "../common/inbound.js";
import type { Identity } from "../common/identity.js";
import { gatewayHeaders } from "../common/send.js";
import type { GatewayFaultId } from "./faults.js";
import type { GatewayVariantId } from "./variants.js";
import type { ForwardRecord } from "./forward-log.js";

export interface Outgoing {
  readonly rawBody: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** What gw.text-content-type declares its JSON as. */
export const TEXT_PLAIN = "text/plain";

/** Indented JSON: the same message in other bytes (gw.alter-body). */
function reserialise(raw: string): string {
  try {
    const changed = JSON.stringify(JSON.parse(raw), null, 2);
    return changed === raw ? `${raw}\n` : changed;
  } catch {
    return `${raw}\n`;
  }
}

/**
 * What the gateway sends on: the received bytes unchanged, the sender's `Authorization` untouched,
 * and its own signature over those same bytes as `X-Gateway-Authorization` and `Proxy-Authorization`
 * (FACTS §3.1 item 6, §5), declared as JSON. Each gateway fault changes one of these; `gateway.x-gateway-authorization-only`
 * leaves `Proxy-Authorization` out.
 */
export function outgoing(
  gateway: Identity,
  inbound: Pick<BecknInbound, "rawBody" | "headers">,
  faults: ReadonlySet<GatewayFaultId>,
  variants: ReadonlySet<GatewayVariantId> = new Set(),
): Outgoing {
  const rawBody = faults.has("gw.alter-body") ? reserialise(inbound.rawBody) : inbound.rawBody;
  const headers: Record<string, string> = { "content-type": faults.has("gw.text-content-type") ? TEXT_PLAIN : "application/json" };
  const authorization = inbound.headers["authorization"];
  if (authorization !== undefined && !faults.has("gw.strip-authorization")) {
    headers["authorization"] = authorization;
  }
  if (!faults.has("gw.no-gateway-header")) {
    const signedBytes = faults.has("gw.bad-gateway-signature") ? `${rawBody} ` : rawBody;
    const { "proxy-authorization": proxy, ...own } = gatewayHeaders(gateway, signedBytes);
    Object.assign(headers, own, variants.has("gateway.x-gateway-authorization-only") ? {} : { "proxy-authorization": proxy });
  }
  return { rawBody, headers };
}

export interface ForwardTarget {
  readonly target: string;
  readonly url: string;
}

/** POSTs the outgoing bytes to one recipient and records what happened. Never throws. */
export async function forwardOne(
  action: ForwardRecord["action"],
  inbound: Pick<BecknInbound, "context">,
  out: Outgoing,
  to: ForwardTarget,
  timeoutMs: number,
): Promise<ForwardRecord> {
  const outcome = await postRaw(to.url, out.rawBody, out.headers, { timeoutMs });
  return {
    ...forwardOf(action, inbound, out, to),
    outcome:
      outcome.kind === "response"
        ? { kind: "response", status: outcome.status, body: outcome.body ?? outcome.rawBody }
        : { kind: "failure", failure: outcome.failure, detail: outcome.detail },
    atMs: Date.now(),
  };
}

/** The record of a forward the gateway did not send: its outgoing budget was spent. */
export function notSent(action: ForwardRecord["action"], inbound: Pick<BecknInbound, "context">, out: Outgoing, to: ForwardTarget): ForwardRecord {
  const detail = 'not sent: the gateway\'s outgoing calls were at their limit (docs/limits.md "Outgoing calls")';
  return { ...forwardOf(action, inbound, out, to), outcome: { kind: "failure", failure: "other", detail }, atMs: Date.now() };
}

/** What a forward record says of the message and its recipient, whatever became of it. */
function forwardOf(
  action: ForwardRecord["action"],
  inbound: Pick<BecknInbound, "context">,
  out: Outgoing,
  to: ForwardTarget,
): Omit<ForwardRecord, "outcome" | "atMs"> {
  const id = (key: string): string | undefined => (typeof inbound.context[key] === "string" ? (inbound.context[key] as string) : undefined);
  return {
    action,
    transactionId: id("transaction_id"),
    messageId: id("message_id"),
    target: to.target,
    url: to.url,
    headers: out.headers,
    rawBody: out.rawBody,
  };
}
