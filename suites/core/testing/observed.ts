/** Test kit: an observation built by hand, as observe's capture.har would hold it. */
import type { Identity } from "../../../mocks/common/identity.js";
import { ackBody } from "../../../protocol/ack.js";
import { signBody } from "../../../protocol/signing/index.js";
import type { CapturedMessage } from "../capture/captured.js";
import type { ExchangeResponse } from "../check.js";
import type { ObservedParty } from "../observe/network.js";
import type { Observation } from "../observe/observation.js";

export const OBSERVED_GATEWAY = "http://127.0.0.1:19000";

export function observedParty(name: string, role: "bap" | "bpp", identity: Identity, url: string): ObservedParty {
  return {
    name,
    role,
    subscriberId: identity.subscriberId,
    uniqueKeyId: identity.uniqueKeyId,
    publicKey: identity.signingPublicKey,
    url,
    forwardsTo: `${url}/behind`,
  };
}

/** A JSON answer (an ACK by default) as the receiver gave it. */
export function answered(body: unknown = ackBody()): ExchangeResponse {
  const rawBody = JSON.stringify(body);
  return { kind: "response", status: 200, headers: { "content-type": "application/json" }, rawBody, body, headersMs: 3, ms: 3 };
}

let clock = Date.now();

/**
 * A message as observe's capture holds it, posted to `<url>/<action>`: signed by `signer` over its
 * exact bytes (then, with `tamper`, its bytes changed), each one 10 ms after the one before.
 */
export function observedMessage(action: string, body: unknown, url: string, signer: Identity, response: ExchangeResponse, tamper = false): CapturedMessage {
  const rawBody = JSON.stringify(body);
  const { header } = signBody({ rawBody, subscriberId: signer.subscriberId, uniqueKeyId: signer.uniqueKeyId, privateKey: signer.signingPrivateKey });
  clock += 10;
  const sent = tamper ? `${rawBody} ` : rawBody;
  return { source: `capture.har#${action}`, action, url: `${url}/${action}`, headers: { authorization: header }, rawBody: sent, body, at: clock, response };
}

export function observationOf(messages: readonly CapturedMessage[], parties: readonly ObservedParty[]): Observation {
  return { messages, parties, gatewayUrl: OBSERVED_GATEWAY, startedAt: Date.now() - 1000, endedAt: Date.now(), dropped: {} };
}
