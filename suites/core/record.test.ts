import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, test } from "vitest";
import { MAX_JSON_DEPTH } from "../../protocol/http/post.js";
import { verifySignatureHeader } from "../../protocol/signing/index.js";
import { createIdentity } from "../../mocks/common/identity.js";
import { record, signedRequest } from "./record.js";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A peer that answers every request with `answer`, after reading the request's bytes. */
async function peer(answer: (req: IncomingMessage, raw: string, res: ServerResponse) => void): Promise<string> {
  server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    req.on("end", () => answer(req, raw, res));
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const json = (res: ServerResponse, status: number, text: string): void => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(text);
};

test("the request is recorded as sent and the answer as it came: status, headers, bytes, parsed body and both times", async () => {
  const url = await peer((req, raw, res) => json(res, 200, JSON.stringify({ method: req.method, got: JSON.parse(raw) as unknown })));
  const before = Date.now();
  const { request, response } = await record({ url, rawBody: '{"a":1}', headers: { "content-type": "application/json" } }, { timeoutMs: 2000 });
  expect(request).toEqual({ url, headers: { "content-type": "application/json" }, rawBody: '{"a":1}', body: { a: 1 }, sentAt: expect.any(Number) as number });
  expect(request.sentAt).toBeGreaterThanOrEqual(before);
  expect(response).toMatchObject({ kind: "response", status: 200, rawBody: '{"method":"POST","got":{"a":1}}', body: { method: "POST", got: { a: 1 } } });
  if (response.kind !== "response") {
    throw new Error("expected an answer");
  }
  expect(response.headers["content-type"]).toBe("application/json");
  expect(response.headersMs).toBeLessThanOrEqual(response.ms);
  expect(response.headersAt).toBeGreaterThanOrEqual(request.sentAt);
});

test("a request without bytes is a GET, recorded with an empty body", async () => {
  const url = await peer((req, raw, res) => json(res, 200, JSON.stringify({ method: req.method, length: raw.length })));
  const { request, response } = await record({ url, headers: {} }, { timeoutMs: 2000 });
  expect({ rawBody: request.rawBody, body: request.body, answer: response.kind === "response" ? response.body : response }).toEqual({
    rawBody: "",
    body: undefined,
    answer: { method: "GET", length: 0 },
  });
});

test("an answer nested deeper than the bounded parser takes is kept as bytes, with no body: never a crash", async () => {
  const deep = `${"[".repeat(MAX_JSON_DEPTH + 1)}${"]".repeat(MAX_JSON_DEPTH + 1)}`;
  const url = await peer((_req, _raw, res) => json(res, 200, deep));
  for (const out of [
    { url, rawBody: "{}", headers: {} },
    { url, headers: {} },
  ]) {
    const { response } = await record(out, { timeoutMs: 2000 });
    expect(response).toMatchObject({ kind: "response", status: 200, rawBody: deep, body: undefined });
  }
});

test("an answer that is not JSON is kept as bytes, with no body", async () => {
  const url = await peer((_req, _raw, res) => {
    res.writeHead(502, { "content-type": "text/html" });
    res.end("<html>Bad gateway</html>");
  });
  const { response } = await record({ url, rawBody: "{}", headers: {} }, { timeoutMs: 2000 });
  expect(response).toMatchObject({ kind: "response", status: 502, rawBody: "<html>Bad gateway</html>", body: undefined });
});

test("a refused connection is a failure before any connection", async () => {
  const url = await peer(() => undefined);
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
  const { request, response } = await record({ url, rawBody: '{"a":1}', headers: {} }, { timeoutMs: 2000 });
  expect(request.body).toEqual({ a: 1 });
  expect(response).toMatchObject({ kind: "failure", failure: "refused", connected: false });
});

test("a peer that never answers is a timeout at the deadline, read when the request goes out", async () => {
  const url = await peer(() => undefined);
  const started = Date.now();
  let read = 0;
  const { response } = await record({ url, rawBody: "{}", headers: {} }, { timeoutMs: () => (read = Date.now()) && 150 });
  expect(response).toMatchObject({ kind: "failure", failure: "timeout", connected: true });
  expect({ readBeforeSending: read >= started, withinDeadline: Date.now() - started < 1500 }).toEqual({ readBeforeSending: true, withinDeadline: true });
});

test("an answer over the size cap is a too-large failure", async () => {
  const url = await peer((_req, _raw, res) => json(res, 200, JSON.stringify({ pad: "x".repeat(4096) })));
  const { response } = await record({ url, headers: {} }, { timeoutMs: 2000, maxResponseBytes: 1024 });
  expect(response).toMatchObject({ kind: "failure", failure: "too-large", connected: true });
});

test("the request waits for the wire, and is stamped sent before it waits", async () => {
  const url = await peer((_req, _raw, res) => json(res, 200, "{}"));
  const order: string[] = [];
  const { request } = await record(
    { url, rawBody: "{}", headers: {} },
    {
      timeoutMs: 2000,
      onTheWire: async (send) => {
        order.push("wire");
        await new Promise((resolve) => setTimeout(resolve, 50));
        return send();
      },
    },
  );
  expect({ order, stampedBeforeWaiting: Date.now() - request.sentAt >= 50 }).toEqual({ order: ["wire"], stampedBeforeWaiting: true });
});

test("signedRequest signs the exact bytes as the identity (BECKN-006), valid for the seconds asked", async () => {
  const identity = createIdentity("BPP", "bpp.record.test");
  const { rawBody, headers } = signedRequest(identity, '{"context":{}}', 60);
  const lookupPublicKey = (id: string, key: string): string | undefined =>
    id === identity.subscriberId && key === identity.uniqueKeyId ? identity.signingPublicKey : undefined;
  const verified = await verifySignatureHeader({ header: headers["authorization"], rawBody, kind: "authorization", lookupPublicKey });
  expect({ contentType: headers["content-type"], ok: verified.ok, lifetime: verified.ok ? verified.expires - verified.created : 0 }).toEqual({
    contentType: "application/json",
    ok: true,
    lifetime: 60,
  });
});
