import { expect, test as base } from "vitest";
import { createIdentity } from "../common/identity.js";
import { gatewayHeaders, sendSigned, type SentRequest } from "../common/send.js";
import type { CallbackRecord } from "./records.js";
import { callbackBody, sendCallback, GUIDE_CALLBACKS, type CallbackParties } from "./testing/callbacks.js";
import { networkFixture, type TestNetwork } from "./testing/network.js";

const test = base.extend("net", { scope: "file" }, networkFixture());

const nowS = (): number => Math.floor(Date.now() / 1000);
const withBody =
  (change: (body: { message: { order: { provider: { id: string } } } }) => void) =>
  (request: SentRequest): SentRequest => {
    const body = JSON.parse(request.rawBody) as Parameters<typeof change>[0];
    change(body);
    return { ...request, rawBody: JSON.stringify(body) };
  };

const fixtures = {
  forgeries: [
    { name: "a key the registry does not know", opts: (_net: TestNetwork) => ({ signer: createIdentity("BPP", "bpp.test") }) },
    { name: "a body changed after signing", opts: () => ({ afterSigning: withBody((b) => (b.message.order.provider.id = "tampered")) }) },
    { name: "a signature that expired 300 s ago", opts: () => ({ sign: { created: nowS() - 600, expires: nowS() - 300 } }) },
    { name: "a signature created 300 s in the future", opts: () => ({ sign: { created: nowS() + 300, expires: nowS() + 600 } }) },
    { name: "a keyId that is not the sender", opts: (net: TestNetwork) => ({ signer: net.gatewayIdentity }) },
    {
      name: "no Authorization header",
      opts: () => ({ afterSigning: ({ headers: { authorization: _a, ...headers }, ...rest }: SentRequest) => ({ ...rest, headers }) }),
    },
  ],
};

async function partiesFor(net: TestNetwork, bapOptions = {}) {
  const bap = await net.startBap(bapOptions);
  const parties: CallbackParties = { bapId: bap.identity.subscriberId, bapUrl: bap.url, bpp: net.bppIdentity, bppUrl: net.bpp.url };
  return { bap, parties };
}

const stored = (records: readonly CallbackRecord[], messageId: string): CallbackRecord | undefined => records.find((r) => r.messageId === messageId);

test.for(GUIDE_CALLBACKS)("a valid %s is verified, ACKed and stored", async (action, { net }) => {
  const { bap, parties } = await partiesFor(net);
  const body = callbackBody(action, parties);
  const { request, outcome } = await sendCallback(parties, body);
  expect(outcome).toMatchObject({ kind: "response", status: 200, body: { message: { ack: { status: "ACK" } } } });
  const record = stored(bap.engine.exchanges(body.context.transaction_id).callbacks, body.context.message_id);
  expect(record).toMatchObject({ action, flagged: false, rawBody: request.rawBody, headers: { authorization: request.headers["authorization"] } });
  expect(record?.verification).toEqual({ signature: "verified", gateway: "absent", detail: undefined });
});

test.for(fixtures.forgeries)("a callback signed with $name gets a 401 NACK and is stored flagged", async (row, { net }) => {
  const { bap, parties } = await partiesFor(net);
  const body = callbackBody("on_select", parties);
  const { outcome } = await sendCallback(parties, body, row.opts(net));
  expect(outcome).toMatchObject({ kind: "response", status: 401, body: { message: { ack: { status: "NACK" } }, error: { code: "10001" } } });
  expect(outcome.kind === "response" && outcome.headers["www-authenticate"]).toMatch(/^Signature realm="bap-\d+\.test"/);
  const record = stored(bap.engine.exchanges(body.context.transaction_id).callbacks, body.context.message_id);
  expect(record).toMatchObject({ flagged: true, answer: { status: 401 }, verification: { signature: "failed" } });
});

test("a callback relayed with a valid gateway header is ACKed and stored as verified through the gateway", async ({ net }) => {
  const { bap, parties } = await partiesFor(net);
  const body = callbackBody("on_search", parties);
  const afterSigning = (r: SentRequest): SentRequest => ({ ...r, headers: { ...r.headers, ...gatewayHeaders(net.gatewayIdentity, r.rawBody) } });
  const { outcome } = await sendCallback(parties, body, { afterSigning });
  expect(outcome).toMatchObject({ status: 200 });
  expect(stored(bap.engine.exchanges().callbacks, body.context.message_id)?.verification).toEqual({
    signature: "verified",
    gateway: "verified",
    detail: undefined,
  });
});

test("a callback whose gateway header does not verify gets a 401 NACK with Proxy-Authenticate, stored flagged", async ({ net }) => {
  const { bap, parties } = await partiesFor(net);
  const body = callbackBody("on_search", parties);
  const stranger = createIdentity("BG", "gateway.test");
  const afterSigning = (r: SentRequest): SentRequest => ({ ...r, headers: { ...r.headers, ...gatewayHeaders(stranger, r.rawBody) } });
  const { outcome } = await sendCallback(parties, body, { afterSigning });
  expect(outcome).toMatchObject({ status: 401, headers: { "proxy-authenticate": expect.stringMatching(/^Signature realm=/) } });
  expect(stored(bap.engine.exchanges().callbacks, body.context.message_id)).toMatchObject({
    flagged: true,
    verification: { signature: "verified", gateway: "failed" },
  });
});

test.for([
  { name: "a body that is not JSON", notJson: true, signature: "not-checked" },
  { name: "a context naming another action", notJson: false, signature: "verified" },
])("a callback with $name gets a 400 NACK and is stored flagged", async (row, { net }) => {
  const { bap, parties } = await partiesFor(net);
  const body = callbackBody("on_select", parties);
  const sent = row.notJson ? body : { ...body, context: { ...body.context, action: "on_init" } };
  const afterSigning = (r: SentRequest): SentRequest => (row.notJson ? { ...r, rawBody: "{oops" } : r);
  const { outcome } = await sendSigned(net.bppIdentity, `${bap.url}/on_select`, sent, { afterSigning });
  expect(outcome).toMatchObject({ status: 400, body: { error: { code: "30000" } } });
  expect(bap.engine.exchanges().callbacks.at(-1)).toMatchObject({ flagged: true, action: "on_select", verification: { signature: row.signature } });
});
