import { signBody, type SignBodyOptions } from "../../protocol/signing/index.js";
import { postRaw, type HttpOutcome, type PostOptions } from "../../protocol/http/post.js";
import type { Identity } from "./identity.js";

/** What went on the wire, kept as evidence: the exact bytes and headers sent. */
export interface SentRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly rawBody: string;
}

export interface SendOptions extends PostOptions {
  /** Extra headers, e.g. a gateway's `X-Gateway-Authorization`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Overrides of the signature (created, expires, another key), for faults and forgeries. */
  readonly sign?: Partial<Pick<SignBodyOptions, "created" | "expires" | "privateKey" | "validitySeconds" | "now" | "subscriberId" | "uniqueKeyId">>;
  /** Changes the bytes or headers after signing (tampering faults). */
  readonly afterSigning?: (request: SentRequest) => SentRequest;
}

/** Serialises, signs as `identity` and POSTs a Beckn body. Never throws for network trouble. */
export async function sendSigned(
  identity: Identity,
  url: string,
  body: unknown,
  options: SendOptions = {},
): Promise<{ request: SentRequest; outcome: HttpOutcome }> {
  const rawBody = JSON.stringify(body);
  const signed = signBody({
    rawBody,
    subscriberId: identity.subscriberId,
    uniqueKeyId: identity.uniqueKeyId,
    privateKey: identity.signingPrivateKey,
    ...options.sign,
  });
  let request: SentRequest = { url, rawBody, headers: { "content-type": "application/json", authorization: signed.header, ...options.headers } };
  if (options.afterSigning) {
    request = options.afterSigning(request);
  }
  const outcome = await postRaw(request.url, request.rawBody, request.headers, options);
  return { request, outcome };
}

/** The value of a gateway header for a body that is already serialised (signed by the gateway). */
export function gatewayHeaders(gateway: Identity, rawBody: string): Record<string, string> {
  const { header } = signBody({ rawBody, subscriberId: gateway.subscriberId, uniqueKeyId: gateway.uniqueKeyId, privateKey: gateway.signingPrivateKey });
  return { "x-gateway-authorization": header, "proxy-authorization": header };
}

/** Joins a base URL and an action path without doubling or losing the slash. */
export function endpoint(baseUrl: string, action: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/${action}`;
}
