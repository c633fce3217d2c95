/**
 * A message that went through a gateway is captured twice when both of its hops were recorded (an
 * `observe` capture records both): as its sender sent it to the gateway, and as the gateway relayed
 * it, with the same bytes and the gateway's own signature added in `X-Gateway-Authorization` and
 * `Proxy-Authorization` (BECKN-006; FACTS §3.1 item 6). A participant is judged on the copy it had a
 * part in: the copy it sent, or the copy it received. Of two copies, one is kept; a message captured
 * once stays whatever its hop.
 */
import { headerOf } from "../read.js";
import { isCallbackAction, type CapturedMessage } from "./captured.js";

/** Whether the gateway relayed this copy: it carries the gateway's signature. */
export const relayedByGateway = (m: Pick<CapturedMessage, "headers">): boolean =>
  headerOf(m.headers, "x-gateway-authorization") !== undefined || headerOf(m.headers, "proxy-authorization") !== undefined;

/** Which copy a role is judged on: of its requests, and of the callbacks. */
export interface HopChoice {
  readonly requests: "sent" | "received";
  readonly callbacks: "sent" | "received";
}

/** A BPP receives requests and sends callbacks; a BAP sends requests and receives callbacks. */
export const BPP_HOPS: HopChoice = { requests: "received", callbacks: "sent" };
export const BAP_HOPS: HopChoice = { requests: "sent", callbacks: "received" };

const copyKey = (m: CapturedMessage): string => `${m.action}\u0000${m.rawBody}`;

/**
 * The capture with one hop of each message recorded at both: a copy of the other hop is left out
 * when a copy of the chosen hop exists (a search relayed to two BPPs keeps both relayed copies).
 */
export function oneHopEach(messages: readonly CapturedMessage[], choice: HopChoice): CapturedMessage[] {
  const relayedKinds = new Map<string, Set<boolean>>();
  for (const m of messages) {
    const key = copyKey(m);
    relayedKinds.set(key, (relayedKinds.get(key) ?? new Set()).add(relayedByGateway(m)));
  }
  return messages.filter((m) => {
    const kinds = relayedKinds.get(copyKey(m));
    if (kinds === undefined || kinds.size < 2) {
      return true;
    }
    const hop = isCallbackAction(m.action) ? choice.callbacks : choice.requests;
    return relayedByGateway(m) === (hop === "received");
  });
}
