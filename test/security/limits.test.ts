import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadGuideMessage } from "../../fixtures/guide/index.js";
import { createIdentity, type Identity } from "../../mocks/common/identity.js";
import { gatewayHeaders } from "../../mocks/common/send.js";
import { startNetwork, type RunningNetwork } from "../../mocks/network/index.js";
import { enrol } from "../../mocks/registry/index.js";
import { postRaw } from "../../protocol/http/post.js";
import { signBody } from "../../protocol/signing/index.js";

/**
 * The limits of docs/limits.md that issue 19 adds, each against the running mock network over
 * HTTP: depth (finding 5), ttl (finding 7), signature lifetime (finding 7), keys bound to their
 * registered role (finding 7). Every refusal is a coded 4xx NACK, never a 5xx.
 */
let network: RunningNetwork;
let bap: Identity;
let bppActingAsBap: Identity;

function register(identity: Identity, url: string): void {
  enrol(network.registry.handle.registry, identity, url, network.domain);
}

beforeAll(async () => {
  network = await startNetwork();
  bap = createIdentity("BAP", "limits-bap.test");
  bppActingAsBap = createIdentity("BPP", "limits-bpp.test");
  register(bap, "http://127.0.0.1:9/bap");
  register(bppActingAsBap, "http://127.0.0.1:9/bpp");
}, 20_000);
afterAll(async () => {
  await network?.stop();
});

const JSON_HEADERS = { "content-type": "application/json" };
const post = (url: string, rawBody: string, headers: Record<string, string> = {}) =>
  postRaw(url, rawBody, { ...JSON_HEADERS, ...headers }, { timeoutMs: 10_000 });

/** A guide select from `sender`, fresh, with `items` replaced by raw JSON text when given. */
function selectFrom(sender: Identity, items?: string): string {
  const message = loadGuideMessage("select") as { context: Record<string, unknown>; message: { order: Record<string, unknown> } };
  const context = {
    ...message.context,
    bap_id: sender.subscriberId,
    bap_uri: "http://127.0.0.1:9/bap",
    bpp_id: network.bpp.identity.subscriberId,
    bpp_uri: network.bpp.url,
    timestamp: new Date().toISOString(),
    message_id: crypto.randomUUID(),
  };
  const raw = JSON.stringify({ context, message: { order: { ...message.message.order, items: "@ITEMS@" } } });
  return raw.replace('"@ITEMS@"', items ?? JSON.stringify(message.message.order["items"]));
}

const signedBy = (sender: Identity, rawBody: string, times: { created?: number; expires?: number } = {}) => ({
  authorization: signBody({ rawBody, subscriberId: sender.subscriberId, uniqueKeyId: sender.uniqueKeyId, privateKey: sender.signingPrivateKey, ...times })
    .header,
});

const nested = (depth: number): string => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const nestedObject = (depth: number): string => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
const NACK = { message: { ack: { status: "NACK" } }, error: { code: "30000" } };

describe("depth", () => {
  test("a signed select whose item nests 5,000 deep gets a coded 400 NACK, not a 500", async () => {
    const raw = selectFrom(bap, `[${nestedObject(5000)}]`);
    const outcome = await post(`${network.bpp.url}/select`, raw, signedBy(bap, raw));
    expect(outcome).toMatchObject({ kind: "response", status: 400, body: NACK });
    expect(outcome.kind === "response" ? outcome.rawBody : "").toMatch(/nests deeper than/);
  });

  test("a trigger whose message nests 3,000 deep gets a coded 400", async () => {
    const context = JSON.stringify({ bpp_id: network.bpp.identity.subscriberId, bpp_uri: network.bpp.url });
    const outcome = await post(`${network.bap.url}/trigger/select`, `{"context":${context},"message":{"order":{"items":[${nestedObject(3000)}]}}}`);
    expect(outcome).toMatchObject({ kind: "response", status: 400, body: { error: { code: "TRIGGER_BAD_INPUT" } } });
  });

  test("an unsigned deep callback to the BAP leaves GET /exchanges answering 200", async () => {
    const refused = await post(`${network.bap.url}/on_status`, `{"context":{"action":"on_status"},"message":${nestedObject(5000)}}`);
    expect(refused).toMatchObject({ kind: "response", body: { message: { ack: { status: "NACK" } } } });
    expect(refused.kind === "response" ? refused.status : 0).toBeOneOf([400, 401]);
    const exchanges = await fetch(`${network.bap.url}/exchanges`);
    expect(exchanges.status).toBe(200);
  });

  test("the registry refuses a lookup nested 5,000 deep with a coded 400 NACK", async () => {
    const outcome = await post(`${network.registry.url}/lookup`, `{"subscriber_id":${nested(5000)}}`);
    expect(outcome).toMatchObject({ kind: "response", status: 400, body: NACK });
  });
});

describe("durations", () => {
  test("a trigger with ttl P9999999999Y gets a coded 400 naming context.ttl", async () => {
    const outcome = await post(`${network.bap.url}/trigger/search`, JSON.stringify({ context: { ttl: "P9999999999Y" }, message: { intent: {} } }));
    expect(outcome).toMatchObject({ kind: "response", status: 400, body: { error: { code: "TRIGGER_BAD_INPUT" } } });
    expect(outcome.kind === "response" ? outcome.rawBody : "").toMatch(/context\.ttl/);
  });
});

describe("signature lifetime", () => {
  test("a signature created at 0 and expiring at 999999999999 is refused with a 401 NACK", async () => {
    const raw = selectFrom(bap);
    const outcome = await post(`${network.bpp.url}/select`, raw, signedBy(bap, raw, { created: 0, expires: 999_999_999_999 }));
    expect(outcome).toMatchObject({ kind: "response", status: 401, body: { message: { ack: { status: "NACK" } } } });
    expect(outcome.kind === "response" ? outcome.rawBody : "").toMatch(/lifetime-too-long/);
  });

  test("control: the same select signed for a minute passes the signature check", async () => {
    const raw = selectFrom(bap);
    const outcome = await post(`${network.bpp.url}/select`, raw, signedBy(bap, raw));
    expect(outcome).toMatchObject({ kind: "response" });
    expect(outcome.kind === "response" ? outcome.status : 0).not.toBe(401);
  });
});

describe("keys bound to their registered role", () => {
  test("a key registered as a BPP does not sign a request as a BAP", async () => {
    const raw = selectFrom(bppActingAsBap);
    const outcome = await post(`${network.bpp.url}/select`, raw, signedBy(bppActingAsBap, raw));
    expect(outcome).toMatchObject({ kind: "response", status: 401, body: { message: { ack: { status: "NACK" } } } });
    expect(outcome.kind === "response" ? outcome.rawBody : "").toMatch(/unknown-key/);
  });

  test("a gateway header signed with a BAP's key is refused", async () => {
    const raw = selectFrom(bap);
    const forged = await post(`${network.bpp.url}/select`, raw, { ...signedBy(bap, raw), ...gatewayHeaders(bap, raw) });
    expect(forged).toMatchObject({ kind: "response", status: 401, body: { message: { ack: { status: "NACK" } } } });
    expect(forged.kind === "response" ? forged.rawBody : "").toMatch(/X-Gateway-Authorization: unknown-key/);
  });
});
