import assert from "node:assert/strict";
import { buildSelect } from "../../../fixtures/builders/index.js";
import { postRaw, type HttpResponse } from "../../../protocol/http/post.js";
import { signBody } from "../../../protocol/signing/index.js";
import { createIdentity, type Identity } from "../../common/identity.js";
import { endpoint, gatewayHeaders } from "../../common/send.js";
import { first, orderOf, type FaultProof } from "./fault-proof-kit.js";
import { GUIDE_TERMS, type TestNet } from "./test-trade.js";

/**
 * Proofs of how the BPP receives: which signatures it verifies and over which bytes, and which
 * contexts it refuses (stale, for another BPP). The helpers serve receive.test.ts too.
 */

/** Which of a relayed request's three signatures are forged (signed by a key the registry does not have). */
export interface Forged {
  readonly authorization?: boolean;
  readonly xGateway?: boolean;
  readonly proxy?: boolean;
}

const signature = (identity: Identity, rawBody: string): string =>
  signBody({ rawBody, subscriberId: identity.subscriberId, uniqueKeyId: identity.uniqueKeyId, privateKey: identity.signingPrivateKey }).header;

/** The same subscriber and key id under a fresh key: a signature the registry's key does not verify. */
const impostor = (identity: Identity): Identity => ({ ...identity, signingPrivateKey: createIdentity("BAP", identity.subscriberId).signingPrivateKey });

/** POSTs bytes as they are, signed over exactly those bytes by the test BAP (and headers added). */
export async function postSigned(
  net: TestNet,
  action: string,
  rawBody: string,
  headers: Record<string, string> = {},
  by: Identity = net.bapIdentity,
): Promise<HttpResponse> {
  const outcome = await postRaw(endpoint(net.bpp.url, action), rawBody, {
    "content-type": "application/json",
    authorization: signature(by, rawBody),
    ...headers,
  });
  if (outcome.kind !== "response") {
    throw new Error(`POST /${action} failed: ${outcome.failure}: ${outcome.detail}`);
  }
  return outcome;
}

/** A search as the test network's gateway relays it, with the signatures `forged` names forged. */
export function relayedSearch(net: TestNet, forged: Forged): Promise<HttpResponse> {
  const rawBody = JSON.stringify({ context: net.context("search"), message: { intent: {} } });
  const valid = gatewayHeaders(net.gatewayIdentity, rawBody);
  const bad = gatewayHeaders(impostor(net.gatewayIdentity), rawBody);
  const headers = {
    "x-gateway-authorization": (forged.xGateway ? bad : valid)["x-gateway-authorization"] ?? "",
    "proxy-authorization": (forged.proxy ? bad : valid)["proxy-authorization"] ?? "",
  };
  return postSigned(net, "search", rawBody, headers, forged.authorization ? impostor(net.bapIdentity) : net.bapIdentity);
}

/** A select of the guide's offer whose context is changed as given (a stale one, another bpp_id). */
export const selectWith = (net: TestNet, context: Record<string, unknown>) =>
  buildSelect({ context: { ...net.trade().context("select"), ...context }, ...GUIDE_TERMS });

/** A context whose timestamp + ttl passed hours ago. */
export const staleContext = (): Record<string, unknown> => ({ timestamp: new Date(Date.now() - 2 * 3_600_000).toISOString(), ttl: "PT30S" });

/** A valid select written as indented JSON, signed over those bytes. */
export const prettySelect = (net: TestNet): Promise<HttpResponse> =>
  postSigned(net, "select", JSON.stringify(buildSelect({ context: net.trade().context("select"), ...GUIDE_TERMS }), null, 2));

const ackOf = (response: HttpResponse): unknown => (response.body as { message?: { ack?: { status?: string } } } | undefined)?.message?.ack?.status;

const acked = (response: HttpResponse): void => {
  assert.equal(response.status, 200);
  assert.equal(ackOf(response), "ACK");
};

/** The select was ACKed and answered with an order, as if nothing were wrong with its context. */
const actedOn =
  (context: () => Record<string, unknown>): FaultProof =>
  async (net) => {
    const body = selectWith(net, context());
    acked(await net.send("select", body));
    const reply = await first(net, "on_select");
    assert.ok(Object.keys(orderOf(reply)).length > 0, "on_select carries an order");
  };

export const RECEIVE_PROOFS = {
  "aut.trusts-gateway-header": async (net) => acked(await relayedSearch(net, { authorization: true })),
  "aut.reads-proxy-only": async (net) => {
    acked(await relayedSearch(net, { xGateway: true }));
    assert.equal((await relayedSearch(net, { proxy: true })).status, 401, "a forged Proxy-Authorization is still refused");
  },
  "aut.trusts-proxy-header": async (net) => {
    acked(await relayedSearch(net, { proxy: true }));
    assert.equal((await relayedSearch(net, { xGateway: true })).status, 401, "a forged X-Gateway-Authorization is still refused");
  },
  "aut.reserialises-body": async (net) => {
    assert.equal((await prettySelect(net)).status, 401);
    acked(await net.send("select", buildSelect({ context: net.trade().context("select"), ...GUIDE_TERMS })));
  },
  "neg.accept-stale-request": actedOn(staleContext),
  "neg.accept-other-bpp-id": actedOn(() => ({ bpp_id: "other-bpp.example" })),
  "neg.invalid-body-acked-silently": async (net) => {
    acked(await net.send("select", selectWithoutOrder(net)));
    acked(await net.send("select", { message: {} }));
  },
  "neg.invalid-body-echoed": async (net) => {
    acked(await net.send("select", selectWithoutOrder(net)));
    const reply = await first(net, "on_select");
    assert.deepEqual({ message: reply.body["message"], error: reply.body["error"] }, { message: {}, error: undefined });
  },
} satisfies Record<string, FaultProof>;

/** A select that fails validation (no message.order) with a whole context. */
function selectWithoutOrder(net: TestNet): unknown {
  return { context: selectWith(net, {}).context, message: {} };
}
