import type { IncomingMessage } from "node:http";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { expect, onTestFinished, test } from "vitest";
import { serveOnLoopback } from "../testing/serve.js";
import { sendRaw } from "./post.js";
import { transport } from "./transport.js";

const fixtures = {
  ack: '{"message":{"ack":{"status":"ACK"}}}',
  /** A coding's decoded bytes: 2 MiB of spaces, past the 1 MiB cap, in a few KB on the wire. */
  bomb: Buffer.alloc(2 * 1024 * 1024, 0x20),
};

/** A loopback server for one test: its URL. */
async function serve(handler: Parameters<typeof serveOnLoopback>[0]): Promise<string> {
  const server = await serveOnLoopback(handler);
  onTestFinished(server.close);
  return server.url;
}

const limits = { timeoutMs: 2000, maxBytes: 1024 * 1024, onHeaders: () => undefined };

test.for([
  ["gzip", gzipSync],
  ["x-gzip", gzipSync],
  ["deflate", deflateSync],
  ["br", brotliCompressSync],
] as const)("decodes a %s answer as fetch did, and reads it as JSON", async ([coding, encode]) => {
  const url = await serve((_request, response) =>
    response.writeHead(200, { "content-type": "application/json", "content-encoding": coding }).end(encode(fixtures.ack)),
  );
  const outcome = await sendRaw(url, { method: "POST", rawBody: "{}", headers: {} });
  expect(outcome).toMatchObject({ kind: "response", status: 200, rawBody: fixtures.ack, body: { message: { ack: { status: "ACK" } } } });
});

test("keeps a body whose coding it does not know as it came", async () => {
  const url = await serve((_request, response) => response.writeHead(200, { "content-encoding": "zstd" }).end("not zstd"));
  expect(await transport(url, { method: "GET", headers: {} }, limits)).toMatchObject({ status: 200, bytes: Buffer.from("not zstd") });
});

test("counts the cap in decoded bytes: a small gzip of 2 MiB is too large, the same bytes uncoded under the cap are not", async () => {
  const bomb = await serve((_request, response) => response.writeHead(200, { "content-encoding": "gzip" }).end(gzipSync(fixtures.bomb)));
  expect(await sendRaw(bomb, { method: "GET", headers: {} })).toMatchObject({ kind: "failure", failure: "too-large", connected: true });
  const small = await serve((_request, response) => response.end(gzipSync(fixtures.bomb)));
  expect(await sendRaw(small, { method: "GET", headers: {} })).toMatchObject({ kind: "response", status: 200 });
});

test("a deadline that passes after the headers is a timeout, not the reset that closing the socket causes", async () => {
  const url = await serve((_request, response) => response.writeHead(200, { "content-type": "application/json" }).write("{"));
  let headers = 0;
  await expect(transport(url, { method: "GET", headers: {} }, { ...limits, timeoutMs: 200, onHeaders: () => (headers += 1) })).rejects.toMatchObject({
    name: "TimeoutError",
  });
  expect(headers).toBe(1);
  expect(await sendRaw(url, { method: "GET", headers: {} }, { timeoutMs: 200 })).toMatchObject({ kind: "failure", failure: "timeout", connected: true });
});

test("sends the exact bytes with their length, the caller's headers over fetch's defaults, and follows no redirect", async () => {
  const seen: { headers: IncomingMessage["headers"]; body: string }[] = [];
  const url = await serve((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      seen.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(302, { location: "/elsewhere", "x-b": "2", "x-a": "1" }).end();
    });
  });
  const rawBody = '{"k":"é"}';
  const answer = await transport(url, { method: "POST", rawBody, headers: { accept: "application/json" } }, limits);
  expect(answer.status).toBe(302);
  expect(Object.keys(answer.headers)).toEqual([...Object.keys(answer.headers)].sort());
  expect(seen).toEqual([
    {
      body: rawBody,
      headers: expect.objectContaining({
        accept: "application/json",
        "accept-encoding": "gzip, deflate",
        "content-length": String(Buffer.byteLength(rawBody)),
      }),
    },
  ]);
});

test("a refused connection and a URL that is not http are failures, never throws", async () => {
  expect(await sendRaw("http://127.0.0.1:1/", { method: "GET", headers: {} })).toMatchObject({ kind: "failure", failure: "refused", connected: false });
  expect(await sendRaw("ftp://127.0.0.1/", { method: "GET", headers: {} })).toMatchObject({ kind: "failure", failure: "other" });
});
