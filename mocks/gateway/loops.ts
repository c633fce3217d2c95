import { ERROR, nackBody } from "../../protocol/ack.js";
import { parseSignatureHeader } from "../../protocol/signing/index.js";
import type { BecknInbound } from "../common/inbound.js";
import { forbiddenTarget } from "../common/targets.js";
import type { ForwardTarget } from "./forward.js";

/** A refusal the gateway answers synchronously, before it ACKs. */
export interface Refusal {
  /** Extra response headers (`Retry-After` on a 429). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly status: number;
  readonly body: ReturnType<typeof nackBody>;
}

const refusal = (message: string, paths?: string): Refusal => ({
  status: 400,
  body: nackBody({ code: ERROR.invalidRequest, message, ...(paths ? { paths } : {}) }),
});

/**
 * A message that already carries this gateway's own `X-Gateway-Authorization` has come back to it:
 * relaying it again is how a gateway forwards to itself without end (docs/limits.md "Where mocks
 * send requests"). Refused, whoever registered the URL that brought it back.
 */
export function relayedBefore(gatewayId: string, inbound: Pick<BecknInbound, "headers">): Refusal | undefined {
  const header = inbound.headers["x-gateway-authorization"];
  if (header === undefined) {
    return undefined;
  }
  const parsed = parseSignatureHeader(header);
  if (parsed.ok && parsed.params.keyId.subscriberId === gatewayId) {
    return refusal(`This message already passed through the gateway ${gatewayId} (its X-Gateway-Authorization is the gateway's own): it is not relayed twice.`);
  }
  return undefined;
}

/** The on_search's BAP must be registered with a URL the gateway may send to; else a refusal. */
export function registeredBapTarget(bapId: string | undefined, registeredUrl: string | undefined, url: string): ForwardTarget | Refusal {
  if (!bapId || !registeredUrl) {
    return refusal(
      `The BAP ${JSON.stringify(bapId ?? null)} is not registered as a BAP with a subscriber_url: the gateway relays an on_search only to a registered BAP's registered URL.`,
      "$.context.bap_id",
    );
  }
  const forbidden = forbiddenTarget(url, []);
  return forbidden ? refusal(`The BAP ${bapId}'s registered URL cannot be relayed to: ${forbidden}`, "$.context.bap_id") : { target: bapId, url };
}

/** Drops the targets the gateway may not send to (a driving path; its own messages come back refused by relayedBefore). */
export function allowedTargets(targets: readonly ForwardTarget[]): ForwardTarget[] {
  return targets.filter((t) => forbiddenTarget(t.url, []) === undefined);
}
