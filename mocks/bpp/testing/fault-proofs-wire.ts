import assert from "node:assert/strict";
import { buildSelect } from "../../../fixtures/builders/index.js";
import { postRaw } from "../../../protocol/http/post.js";
import { parseIsoDuration } from "../../../protocol/formats.js";
import { formatSignatureHeader, parseSignatureHeader, type SignatureParams } from "../../../protocol/signing/index.js";
import { validate } from "../../../schemas/index.js";
import { createIdentity } from "../../common/identity.js";
import { endpoint, sendSigned } from "../../common/send.js";
import { LATE_ACK_MS } from "../handle.js";
import { LONG_VALIDITY_SECONDS, MALFORMED_SIGNATURE } from "../outgoing-faults.js";
import { contextField, selected, settled, verify, type FaultProof } from "./fault-proof-kit.js";
import { GUIDE_TERMS } from "./test-trade.js";
import { contextOf, type ReceivedCallback } from "./test-utils.js";

/** Proofs of the faults on the wire: signatures, contexts, synchronous answers and input checks. */

const signatureFails =
  (reason: string): FaultProof =>
  async (net) => {
    const { callback } = await selected(net);
    const result = await verify(net, await callback());
    assert.equal(result.ok ? "ok" : result.reason, reason);
  };

/** The parameters of a callback's Authorization header; fails the proof when it does not parse. */
const signatureOf = (callback: ReceivedCallback): SignatureParams => {
  const parsed = parseSignatureHeader(callback.headers["authorization"] ?? "");
  assert.ok(parsed.ok, "the Authorization header parses");
  return parsed.params;
};

const refusedWithoutCallback =
  (status: number): FaultProof =>
  async (net) => {
    const { response } = await selected(net);
    assert.equal(response.status, status);
    assert.equal((response.body as { message?: { ack?: { status?: string } } }).message?.ack?.status, "NACK");
    assert.equal((await settled(net)).length, 0);
  };

export const WIRE_PROOFS = {
  "sch.callback-not-json": async (net) => {
    const { callback } = await selected(net);
    const got = await callback();
    assert.equal(got.rawBody, "on_select ok");
    assert.throws(() => JSON.parse(got.rawBody));
    assert.equal((await verify(net, got)).ok, true, "signed over the bytes sent");
  },
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
  "sig.malformed-header": async (net) => {
    const { callback } = await selected(net);
    const header = (await callback()).headers["authorization"] ?? "";
    assert.equal(header, MALFORMED_SIGNATURE);
    assert.equal(parseSignatureHeader(header).ok, false);
  },
  "sig.long-validity": async (net) => {
    const { callback } = await selected(net);
    const got = await callback();
    const { created, expires } = signatureOf(got);
    assert.equal(expires - created, LONG_VALIDITY_SECONDS);
    assert.equal((await verify(net, got)).ok, true);
  },
  "sig.wrong-algorithm": async (net) => {
    const { callback } = await selected(net);
    const got = await callback();
    const params = signatureOf(got);
    assert.deepEqual([params.algorithm, params.keyId.algorithm], ["rsa-sha256", "rsa-sha256"]);
    assert.equal((await verify(net, got)).ok, false);
    // The signature itself is ed25519: named so, the same header verifies.
    const named = formatSignatureHeader({ ...params.keyId, created: params.created, expires: params.expires, signature: params.signature });
    assert.equal((await verify(net, { ...got, headers: { ...got.headers, authorization: named } })).ok, true);
  },
  "aut.no-www-authenticate": async (net) => {
    const body = buildSelect({ context: net.context("select"), ...GUIDE_TERMS });
    const forged = await net.send("select", body, { sign: { privateKey: createIdentity("BAP", "x").signingPrivateKey } });
    assert.equal(forged.status, 401);
    assert.equal((forged.body as { message?: { ack?: { status?: string } } }).message?.ack?.status, "NACK");
    assert.equal(forged.headers["www-authenticate"], undefined);
    const badGateway = await net.send("select", buildSelect({ context: net.context("select"), ...GUIDE_TERMS }), {
      headers: { "x-gateway-authorization": MALFORMED_SIGNATURE },
    });
    assert.equal(badGateway.status, 401);
    assert.equal(badGateway.headers["proxy-authenticate"], undefined);
  },
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
  "ack.late": async (net) => {
    const body = buildSelect({ context: net.trade().context("select"), ...GUIDE_TERMS });
    const { outcome } = await sendSigned(net.bapIdentity, endpoint(net.bpp.url, "select"), body, { timeoutMs: LATE_ACK_MS + 5000 });
    assert.ok(outcome.kind === "response", "the late answer still comes");
    assert.ok(outcome.headersMs >= LATE_ACK_MS - 50, `answered after ${outcome.headersMs} ms`);
    assert.equal((outcome.body as { message?: { ack?: { status?: string } } }).message?.ack?.status, "ACK");
    await net.bap.waitFor((c) => contextOf(c)["message_id"] === body.context.message_id);
  },
  "ack.hang": async (net) => {
    const trade = net.trade();
    const select = () => buildSelect({ context: trade.context("select"), ...GUIDE_TERMS });
    const post = (body: ReturnType<typeof select>, timeoutMs: number) => sendSigned(net.bapIdentity, endpoint(net.bpp.url, "select"), body, { timeoutMs });
    const once = select();
    const { outcome } = await post(once, 300);
    assert.equal(outcome.kind === "failure" ? outcome.failure : outcome.status, "timeout");
    await net.bap.waitFor((c) => contextOf(c)["message_id"] === once.context.message_id);
    // A connection still held when the BPP closes is cut at once, not waited for.
    const twice = select();
    const held = post(twice, 20_000);
    await net.bap.waitFor((c) => contextOf(c)["message_id"] === twice.context.message_id);
    const started = performance.now();
    const closing = net.bpp.close();
    const { outcome: cut } = await held;
    assert.ok(cut.kind === "failure" && cut.failure === "reset", "the held connection was cut");
    assert.ok(performance.now() - started < 2000, "close() cut the held connection at once");
    await closing;
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
} satisfies Record<string, FaultProof>;
