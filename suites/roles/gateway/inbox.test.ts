import { expect, onTestFinished, test } from "vitest";
import { createIdentity } from "../../../mocks/common/identity.js";
import { gatewayHeaders, sendSigned } from "../../../mocks/common/send.js";
import { ArrivalLog, startInbox } from "./inbox.js";

const bpp = createIdentity("BPP", "bpp.inbox.test");
const bap = createIdentity("BAP", "bap.inbox.test");
const gateway = createIdentity("BG", "gateway.inbox.test");
const keys = new Map([bap, gateway].map((i) => [`${i.subscriberId}|${i.uniqueKeyId}`, i.signingPublicKey]));
const lookup = (subscriberId: string, uniqueKeyId: string) => keys.get(`${subscriberId}|${uniqueKeyId}`);
const body = { context: { action: "search", transaction_id: "t-1", message_id: "m-1" }, message: {} };

async function started() {
  const log = new ArrivalLog();
  const inbox = await startInbox(bpp, "127.0.0.1", log, lookup);
  onTestFinished(() => inbox.close());
  return { log, inbox };
}

test("an inbox records a forward with its bytes, headers and recipient, and ACKs it when both signatures verify", async () => {
  const { log, inbox } = await started();
  const arrived = log.until((all) => all.length === 1, Date.now() + 2000);
  const { request, outcome } = await sendSigned(bap, `${inbox.url}/search`, body, {
    afterSigning: (r) => ({ ...r, headers: { ...r.headers, ...gatewayHeaders(gateway, r.rawBody) } }),
  });
  await arrived;
  expect(outcome).toMatchObject({ status: 200, body: { message: { ack: { status: "ACK" } } } });
  expect(log.list()).toMatchObject([
    {
      action: "search",
      rawBody: request.rawBody,
      headers: { authorization: request.headers["authorization"] },
      receivedBy: { subscriberId: bpp.subscriberId, url: inbox.url },
      reply: { status: 200 },
    },
  ]);
});

test.for([
  {
    name: "a sender's signature by an unknown key",
    signer: createIdentity("BAP", bap.subscriberId),
    gatewaySigner: gateway,
    note: /^Authorization: unknown-key/,
  },
  {
    name: "a gateway header by an unknown key",
    signer: bap,
    gatewaySigner: createIdentity("BG", gateway.subscriberId),
    note: /^X-Gateway-Authorization: unknown-key/,
  },
])("an inbox records $name and answers it with a 401 NACK", async ({ signer, gatewaySigner, note }) => {
  const { log, inbox } = await started();
  const { outcome } = await sendSigned(signer, `${inbox.url}/search`, body, {
    afterSigning: (r) => ({ ...r, headers: { ...r.headers, ...gatewayHeaders(gatewaySigner, r.rawBody) } }),
  });
  expect(outcome).toMatchObject({ status: 401, body: { message: { ack: { status: "NACK" } } } });
  expect(log.list().map((a) => a.reply)).toEqual([{ status: 401, note: expect.stringMatching(note) }]);
});

test("an inbox's 401 NACK names the mistake behind a gateway header that does not verify", async () => {
  const { log, inbox } = await started();
  const { outcome } = await sendSigned(bap, `${inbox.url}/search`, body, {
    afterSigning: (r) => ({ ...r, headers: { ...r.headers, ...gatewayHeaders(gateway, JSON.stringify(JSON.parse(r.rawBody), null, 2)) } }),
  });
  const named =
    /^X-Gateway-Authorization: bad-signature: the signature verifies over the body pretty-printed with 2 spaces; the bytes you sent differ from those at byte 1 /;
  expect(outcome).toMatchObject({ status: 401, body: { error: { message: expect.stringMatching(named) } } });
  expect(log.list().map((a) => a.reply)).toEqual([{ status: 401, note: expect.stringMatching(named) }]);
});

test("until settles at its deadline when nothing arrives, without waiting past it", async () => {
  const log = new ArrivalLog();
  const started = Date.now();
  await log.until(() => false, started + 150);
  expect(Date.now() - started).toBeGreaterThanOrEqual(145);
  expect(Date.now() - started).toBeLessThan(1000);
  expect(log.events.listenerCount("arrival")).toBe(0);
});

test("until, at its deadline, still waits for a request received before it and being verified", async () => {
  const log = new ArrivalLog();
  const record = log.begin();
  const waited = log.until(() => false, Date.now() + 50);
  const late = setTimeout(
    () =>
      record({
        action: "search",
        headers: {},
        rawBody: "{}",
        body: {},
        receivedAt: Date.now(),
        receivedBy: { subscriberId: "b", url: "u" },
        reply: { status: 200, note: "ACK" },
      }),
    200,
  );
  onTestFinished(() => clearTimeout(late));
  await waited;
  expect(log.list().map((a) => a.receivedBy.subscriberId)).toEqual(["b"]);
});
