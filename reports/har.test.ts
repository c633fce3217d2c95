import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import type { Exchange, ReceivedCallback, RunResult } from "../results/index.js";
import { renderHar, writeHar, type Har, type HarEntry } from "./har.js";
import { writerExchange } from "./testing/exchange.js";

const HOSTILE = `<script>alert("x")</script> ]]> & 'q' \u0000 end`;
const SENT_AT = Date.parse("2025-05-09T10:00:00.000Z");
const requestBody = JSON.stringify({ context: { action: "select", bap_uri: "https://bap.example/receiver/" }, message: {} });

const exchange = (id: string, step: string, response: Exchange["response"], callbacks: Exchange["callbacks"] = [], sentAt = SENT_AT): Exchange =>
  writerExchange(
    id,
    step,
    {
      headers: { "content-type": "application/json", authorization: 'Signature keyId="bap|k|ed25519"' },
      rawBody: requestBody,
      body: JSON.parse(requestBody),
      sentAt,
    },
    response,
    callbacks,
  );

const CALLBACK: ReceivedCallback = {
  action: "on_select",
  headers: { "content-type": "application/json", authorization: "Signature y", "x-absent": undefined },
  rawBody: HOSTILE,
  body: HOSTILE,
  atMs: 80,
  receivedAt: SENT_AT + 80,
  matchedBy: "message_id",
};

const RUN: RunResult = {
  role: "bpp",
  runId: "run-1",
  startedAt: "2025-05-09T10:00:00.000Z",
  durationMs: 4200,
  exitCode: 2,
  coverage: { gaps: [], accepted: [], notReachable: [], notApplicable: [] },
  skipped: [],
  results: [],
  sut: { url: "https://sut.example/bpp", subscriberId: "sut.example", publicKey: "AAAA", embedded: false },
  exchanges: [
    exchange(
      "ex-1",
      "select",
      {
        kind: "response",
        status: 200,
        headers: { "content-type": "application/json; charset=utf-8" },
        rawBody: '{"message":{"ack":{"status":"ACK"}}}',
        body: {},
        headersMs: 12,
        ms: 15,
      },
      [CALLBACK],
    ),
    exchange("ex-2", "init", { kind: "failure", failure: "refused", detail: "connect ECONNREFUSED", connected: false, ms: 3 }, [], SENT_AT + 1000),
  ],
};

const har = renderHar(RUN);
const entries = har.log.entries;
const entryFor = (url: string): HarEntry | undefined => entries.find((e) => e.request.url === url);

test("the log is HAR 1.2 from this tool, and survives a JSON round trip", () => {
  expect(har.log.version).toBe("1.2");
  expect(har.log.creator.name).toBe("p2p-energy-conformance");
  expect(JSON.parse(JSON.stringify(har))).toEqual(har);
});

test("there is one entry per request sent and per callback received, in order of time", () => {
  expect(entries).toHaveLength(3);
  expect(entries.map((e) => e.request.url)).toEqual([
    "https://sut.example/bpp/select",
    "https://bap.example/receiver/on_select",
    "https://sut.example/bpp/init",
  ]);
});

test("a request entry carries the request and answer as they went on the wire", () => {
  const entry = entryFor("https://sut.example/bpp/select");
  expect(entry).toMatchObject({
    startedDateTime: "2025-05-09T10:00:00.000Z",
    time: 15,
    _exchange: "ex-1",
    request: { method: "POST", postData: { mimeType: "application/json", text: requestBody }, bodySize: requestBody.length },
    response: { status: 200, content: { size: 36, mimeType: "application/json; charset=utf-8", text: '{"message":{"ack":{"status":"ACK"}}}' } },
    timings: { send: 0, wait: 12, receive: 3 },
  });
  expect(entry?.request.headers).toContainEqual({ name: "authorization", value: 'Signature keyId="bap|k|ed25519"' });
});

test("a connection failure becomes status 0 with its error", () => {
  expect(entryFor("https://sut.example/bpp/init")?.response).toMatchObject({
    status: 0,
    content: { size: 0 },
    _error: { failure: "refused", detail: "connect ECONNREFUSED", connected: false },
  });
});

test("a callback entry carries its raw body, headers and attribution", () => {
  const entry = entryFor("https://bap.example/receiver/on_select");
  expect(entry).toMatchObject({
    startedDateTime: "2025-05-09T10:00:00.080Z",
    _matchedBy: "message_id",
    _exchange: "ex-1",
    request: { method: "POST", postData: { text: HOSTILE } },
  });
  expect(entry?.request.headers).toEqual([
    { name: "content-type", value: "application/json" },
    { name: "authorization", value: "Signature y" },
  ]);
});

test.for([
  { case: "the raw bytes of a hostile body", text: HOSTILE },
  { case: "an empty body", text: "" },
])("the serialised HAR keeps $case intact", ({ text }) => {
  const run: RunResult = {
    ...RUN,
    exchanges: [exchange("ex-1", "select", { kind: "failure", failure: "timeout", detail: text, connected: true, ms: 5 }, [{ ...CALLBACK, rawBody: text }])],
  };
  const parsed = JSON.parse(JSON.stringify(renderHar(run))) as Har;
  expect(parsed.log.entries.map((e) => e.request.postData?.text)).toEqual([requestBody, text]);
});

test("writeHar writes evidence.har and returns its path", () => {
  const dir = mkdtempSync(join(tmpdir(), "har-"));
  try {
    const path = writeHar(RUN, join(dir, "out"));
    expect(path).toBe(join(dir, "out", "evidence.har"));
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual(har);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a bodiless request (a registry's GET /) is a GET without postData", () => {
  const read = { ...exchange("ex-1", "lookup", { kind: "failure", failure: "timeout", detail: "", connected: true, ms: 5 }, []) };
  const run: RunResult = { ...RUN, exchanges: [{ ...read, request: { ...read.request, rawBody: "", body: undefined } }] };
  const [entry] = renderHar(run).log.entries;
  expect(entry?.request.method).toBe("GET");
  expect(entry?.request.postData).toBeUndefined();
});
