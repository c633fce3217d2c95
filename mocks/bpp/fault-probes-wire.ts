import assert from "node:assert/strict";
import { buildSelect } from "../../fixtures/builders/index.js";
import { postRaw } from "../../protocol/http/post.js";
import { parseIsoDuration } from "../../protocol/formats.js";
import { validate } from "../../schemas/index.js";
import { createIdentity } from "../common/identity.js";
import { endpoint } from "../common/send.js";
import { first, settled, verify, type Probe } from "./fault-probe-kit.js";
import { GUIDE_TERMS, type TestNet } from "./test-trade.js";
import { contextOf } from "./test-utils.js";

/** Probes of the faults on the wire: signatures, contexts, synchronous answers and input checks. */

const selected = async (net: TestNet) => {
  const trade = net.trade();
  const body = buildSelect({ context: trade.context("select"), ...GUIDE_TERMS });
  const response = await net.send("select", body);
  return { response, request: body.context, callback: () => first(net, "on_select") };
};

const signatureFails = (reason: string): Probe => async (net) => {
  const { callback } = await selected(net);
  const result = await verify(net, await callback());
  assert.equal(result.ok ? "ok" : result.reason, reason);
};

const contextField = (check: (got: Record<string, unknown>, sent: Record<string, unknown>, net: TestNet) => void): Probe => async (net) => {
  const { request, callback } = await selected(net);
  check(contextOf(await callback()), request, net);
};

const refusedWithoutCallback = (status: number): Probe => async (net) => {
  const { response } = await selected(net);
  assert.equal(response.status, status);
  assert.equal((response.body as { message?: { ack?: { status?: string } } }).message?.ack?.status, "NACK");
  assert.equal((await settled(net)).length, 0);
};

export const WIRE_PROBES = {
  "sig.tampered-digest": async (net) => {
    const { callback } = await selected(net);
    const got = await callback();
    assert.doesNotThrow(() => JSON.parse(got.rawBody));
    assert.equal((await verify(net, got)).ok, false);
  },
  "sig.expired-signature": signatureFails("expired"),
  "sig.other-key": signatureFails("bad-signature"),
  "sig.keyid-not-bpp": signatureFails("keyid-mismatch"),
  "sig.no-signature": signatureFails("missing-header"),
  "ctx.missing-transaction-id": contextField((got) => assert.equal("transaction_id" in got, false)),
  "ctx.new-message-id": contextField((got, sent) => {
    assert.equal(got["transaction_id"], sent["transaction_id"]);
    assert.notEqual(got["message_id"], sent["message_id"]);
  }),
  "ctx.wrong-action": contextField((got) => assert.equal(got["action"], "on_init")),
  "ctx.missing-bpp-id": contextField((got) => assert.equal("bpp_id" in got, false)),
  "ctx.wrong-bpp-uri": contextField((got, _sent, net) => assert.notEqual(got["bpp_uri"], net.bpp.publicUrl)),
  "ctx.stale-timestamp": contextField((got) => assert.ok(Date.now() - Date.parse(String(got["timestamp"])) > 5000)),
  "ctx.bad-ttl": contextField((got) => assert.equal(parseIsoDuration(got["ttl"]), undefined)),
  "ctx.wrong-transaction-id": contextField((got, sent) => {
    assert.equal(got["message_id"], sent["message_id"]);
    assert.notEqual(got["transaction_id"], sent["transaction_id"]);
  }),
  "ack.http-500": refusedWithoutCallback(500),
  "ack.nack-everything": refusedWithoutCallback(400),
  "ack.not-json": async (net) => {
    const { response, callback } = await selected(net);
    assert.equal(response.status, 200);
    assert.match(response.headers["content-type"] ?? "", /text\/plain/);
    assert.equal(response.body, undefined);
    assert.equal((await callback()).action, "on_select");
  },
  "ack.no-error-code": async (net) => {
    const broken = await postRaw(endpoint(net.bpp.url, "select"), "{ not json", {});
    assert.ok(broken.kind === "response" && broken.status === 400);
    const error = (broken.body as { error?: { code?: string; message?: string } }).error;
    assert.equal(error?.code, undefined);
    assert.ok(error?.message);
    const elsewhere = buildSelect({ context: net.context("select", { bppId: "other-bpp.example" }), ...GUIDE_TERMS });
    const refused = await net.send("select", elsewhere);
    assert.equal(refused.status, 400);
    assert.equal((refused.body as { error?: { code?: string } }).error?.code, undefined);
  },
  "neg.accept-bad-signature": async (net) => {
    const body = buildSelect({ context: net.context("select"), ...GUIDE_TERMS });
    const response = await net.send("select", body, { sign: { privateKey: createIdentity("BAP", "x").signingPrivateKey } });
    assert.equal(response.status, 200);
  },
  "neg.accept-invalid-body": async (net) => {
    const body = { context: net.context("select"), message: { order: { provider: { id: "p1072" } } } };
    assert.equal(validate(body).valid, false);
    const response = await net.send("select", body);
    assert.equal(response.status, 200);
  },
} satisfies Record<string, Probe>;
