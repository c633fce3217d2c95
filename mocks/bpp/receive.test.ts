import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildSelect } from "../../fixtures/builders/index.js";
import { postRaw } from "../../protocol/http/post.js";
import { createIdentity } from "../common/identity.js";
import { endpoint, gatewayHeaders, type SendOptions } from "../common/send.js";
import { postSigned, relayedSearch, selectWith, staleContext, type Forged } from "./testing/fault-proofs-receive.js";
import { STALE_SKEW_MS } from "./context-refusal.js";
import { GUIDE_TERMS, startTestNet, type TestNet } from "./testing/test-trade.js";
import { startReceiver, type Receiver } from "./testing/test-utils.js";

let net: TestNet;
beforeAll(async () => {
  net = await startTestNet();
});
afterAll(async () => net.close());

const stranger = createIdentity("BG", "gateway.test.energy");
const nackOf = (body: unknown) => body as { message: { ack: { status: string } }; error: { code?: string; paths?: string; message?: string } };
const select = () => buildSelect({ context: net.context("select"), ...GUIDE_TERMS });

describe("BPP: synchronous NACKs", () => {
  test("a body that is not JSON gets a 400 NACK with error.code", async () => {
    const response = await postRaw(endpoint(net.bpp.url, "select"), "{ not json", {});
    expect(response.kind === "response" && response.status).toBe(400);
    expect(response.kind === "response" && nackOf(response.body).error.code).toBe("30000");
  });

  test.for<{ name: string; options: SendOptions }>([
    { name: "a signature by an unregistered key", options: { sign: { privateKey: createIdentity("BAP", "x").signingPrivateKey } } },
    { name: "an expired signature", options: { sign: { created: Math.floor(Date.now() / 1000) - 600, expires: Math.floor(Date.now() / 1000) - 300 } } },
    { name: "a body changed after signing", options: { afterSigning: (r) => ({ ...r, rawBody: r.rawBody.replace('"10"', '"11"') }) } },
    { name: "no Authorization header", options: { afterSigning: ({ headers: { authorization: _a, ...headers }, ...r }) => ({ ...r, headers }) } },
  ])("$name gets a 401 NACK with WWW-Authenticate and error.code", async ({ options }) => {
    const response = await net.send("select", select(), options);
    expect(response.status).toBe(401);
    expect(response.headers["www-authenticate"]).toMatch(/^Signature realm="bpp\.test\.energy"/);
    expect(nackOf(response.body).error.code).toBe("10001");
  });

  test("a bad gateway signature gets a 401 NACK with Proxy-Authenticate", async () => {
    const response = await net.send("select", select(), { afterSigning: (r) => ({ ...r, headers: { ...r.headers, ...gatewayHeaders(stranger, r.rawBody) } }) });
    expect(response.status).toBe(401);
    expect(response.headers["proxy-authenticate"]).toMatch(/^Signature realm=/);
    expect(nackOf(response.body).error.code).toBe("10001");
  });

  test("a schema-invalid request gets a 400 NACK with error.code and error.paths", async () => {
    const body = select();
    const response = await net.send("select", { ...body, message: { order: { provider: { id: "p1072" } } } });
    expect(response.status).toBe(400);
    expect(nackOf(response.body).error).toMatchObject({ code: "30000", paths: expect.stringContaining("items") });
  });

  test("a request whose context.action is not the endpoint's gets a 400 NACK", async () => {
    const response = await net.send("init", select());
    expect(response.status).toBe(400);
    expect(nackOf(response.body).error.paths).toBe("$.context.action");
  });

  test("an unknown path gets a 404 NACK", async () => {
    const response = await net.send("on_select", select());
    expect(response.status).toBe(404);
    expect(nackOf(response.body).error.code).toBe("30000");
  });
});

describe("BPP: on_search routing", () => {
  let gateway: Receiver;
  let routed: TestNet;
  beforeAll(async () => {
    gateway = await startReceiver();
    routed = await startTestNet({ onSearchRouting: "gateway", gatewayUrl: `${gateway.url}/bg` });
  });
  afterAll(async () => Promise.all([routed.close(), gateway.close()]));

  const viaGateway: SendOptions = { afterSigning: (r) => ({ ...r, headers: { ...r.headers, ...gatewayHeaders(routed.gatewayIdentity, r.rawBody) } }) };

  test("a search that came through the gateway is answered at gatewayUrl/on_search", async () => {
    const trade = routed.trade();
    const search = trade.context("search");
    const response = await routed.send(
      "search",
      { context: search, message: { intent: { item: { descriptor: { name: "Solar Surplus Energy" } } } } },
      viaGateway,
    );
    expect(response.status).toBe(200);
    const callback = await gateway.waitFor((c) => (c.body["context"] as { message_id?: string }).message_id === search.message_id);
    expect(callback.action).toBe("on_search");
  });

  test("a search sent straight to the BPP is answered at bap_uri", async () => {
    const { callback, context } = await routed.trade().search();
    expect(callback.action).toBe("on_search");
    await routed.bpp.engine.idle();
    expect(gateway.received.some((c) => (c.body["context"] as { message_id?: string }).message_id === context.message_id)).toBe(false);
  });

  test("with direct routing, a search through the gateway is answered at bap_uri", async () => {
    const trade = net.trade();
    const search = trade.context("search");
    const gatewayOf = (r: { rawBody: string }) => gatewayHeaders(net.gatewayIdentity, r.rawBody);
    await net.send("search", { context: search, message: { intent: {} } }, { afterSigning: (r) => ({ ...r, headers: { ...r.headers, ...gatewayOf(r) } }) });
    const callback = await net.bap.waitFor((c) => (c.body["context"] as { message_id?: string }).message_id === search.message_id);
    expect(callback.action).toBe("on_search");
  });
});

describe("BPP: what it verifies and refuses before acting (issue 20)", () => {
  test.for<{ name: string; forged: Forged; challenge: string }>([
    { name: "a forged Authorization under the gateway's valid headers", forged: { authorization: true }, challenge: "www-authenticate" },
    { name: "a forged X-Gateway-Authorization beside a valid Proxy-Authorization", forged: { xGateway: true }, challenge: "proxy-authenticate" },
    { name: "a forged Proxy-Authorization beside a valid X-Gateway-Authorization", forged: { proxy: true }, challenge: "proxy-authenticate" },
  ])("$name gets a 401 NACK with its challenge", async ({ forged, challenge }) => {
    const response = await relayedSearch(net, forged);
    expect(response.status).toBe(401);
    expect(response.headers[challenge]).toMatch(/^Signature realm=/);
  });

  test("a search relayed with every signature valid is ACKed", async () => {
    const response = await relayedSearch(net, {});
    expect([response.status, nackOf(response.body).message.ack.status]).toEqual([200, "ACK"]);
  });

  test.for<{ name: string; context: () => Record<string, unknown>; paths: string }>([
    { name: "a request hours past its timestamp + ttl", context: staleContext, paths: "$.context.timestamp" },
    { name: "a request for another bpp_id", context: () => ({ bpp_id: "other-bpp.example" }), paths: "$.context.bpp_id" },
  ])("$name gets a 400 NACK with error.code", async ({ context, paths }) => {
    const response = await net.send("select", selectWith(net, context()));
    expect(response.status).toBe(400);
    expect(nackOf(response.body).error).toMatchObject({ code: "30000", paths });
  });

  test("a request within minutes of clock skew of its timestamp + ttl is taken", async () => {
    const response = await net.send("select", selectWith(net, { timestamp: new Date(Date.now() - STALE_SKEW_MS / 2).toISOString(), ttl: "PT30S" }));
    expect(nackOf(response.body).message.ack.status).toBe("ACK");
  });

  test.for(["pretty", "reordered", "escaped"] as const)("a valid request written as %s JSON, signed over those bytes, is ACKed", async (form) => {
    const body = buildSelect({ context: net.trade().context("select"), ...GUIDE_TERMS });
    const raw = {
      pretty: JSON.stringify(body, null, 2),
      reordered: JSON.stringify(Object.fromEntries(Object.entries(body).reverse())),
      escaped: JSON.stringify(body).replaceAll("/", "\\/").replaceAll("T", "\\u0054"),
    }[form];
    const response = await postSigned(net, "select", raw);
    expect([response.status, nackOf(response.body).message.ack.status]).toEqual([200, "ACK"]);
  });
});
