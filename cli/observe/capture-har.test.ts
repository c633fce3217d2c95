import { describe, expect, test } from "vitest";
import { messagesOfHar } from "../../suites/core/capture/captured.js";
import type { ForwarderRecord } from "../../suites/core/observe/network.js";
import type { ForwardedExchange } from "../../suites/core/observe/recording.js";
import { captureHar } from "./capture-har.js";

const body = (text: string) => ({ bytes: Buffer.from(text, "utf8"), size: Buffer.byteLength(text), truncated: false });

function exchange(seq: number, startedAt: number, path: string, request: string, answer?: string, failure?: string): ForwardedExchange {
  return {
    seq,
    request: {
      method: "POST",
      path,
      headers: [
        { name: "Authorization", value: 'Signature keyId="x|k|ed25519"' },
        { name: "content-type", value: "application/json" },
      ],
      body: body(request),
    },
    ...(answer !== undefined
      ? { response: { status: 200, headers: [{ name: "content-type", value: "application/json" }], body: body(answer), fromForwarder: false } }
      : {}),
    outcome: answer !== undefined ? "answered" : "no-answer",
    ...(failure ? { failure } : {}),
    timings: { startedAt, requestEnd: 1, responseStart: 4, end: 5 },
    notes: [],
  };
}

// Bytes as a participant sent them: pretty, non-ASCII, a trailing newline. Nothing may change them.
const SELECT = '{\n  "context": { "action": "select", "message_id": "m1", "transaction_id": "t1" },\n  "message": { "note": "Grüße ⚡" }\n}\n';
const ON_SELECT = '{"context":{"action":"on_select","message_id":"m1","transaction_id":"t1"},"message":{}}';
const ACK = '{"message":{"ack":{"status":"ACK"}}}';

const records: ForwarderRecord[] = [
  { name: "buyer", url: "http://127.0.0.1:9002", exchanges: [exchange(1, 2000, "/on_select", ON_SELECT, ACK)], dropped: 0 },
  {
    name: "seller",
    url: "http://127.0.0.1:9001",
    exchanges: [exchange(1, 1000, "/select", SELECT, ACK), exchange(2, 3000, "/status", ON_SELECT.replace("on_select", "status"), undefined, "ECONNREFUSED")],
    dropped: 0,
  },
];

describe("observe's capture.har", () => {
  const har = captureHar(records);
  const messages = messagesOfHar(har, "capture.har");

  test("every exchange of every forwarder, in the order the requests arrived, under the forwarder's URL and its name", () => {
    expect(har.log.entries.map((e) => [e.request.url, e._exchange])).toEqual([
      ["http://127.0.0.1:9001/select", "seller#1"],
      ["http://127.0.0.1:9002/on_select", "buyer#1"],
      ["http://127.0.0.1:9001/status", "seller#2"],
    ]);
  });

  test("read back as validate reads a HAR: the bytes and headers exactly as they passed, a callback's answer too", () => {
    expect(messages.map((m) => m.rawBody)).toEqual([SELECT, ON_SELECT, ON_SELECT.replace("on_select", "status")]);
    expect(messages[0]?.headers).toEqual({ Authorization: 'Signature keyId="x|k|ed25519"', "content-type": "application/json" });
    expect(messages[1]?.response).toMatchObject({ kind: "response", status: 200, rawBody: ACK, headersMs: 3 });
    expect(messages.map((m) => m.at)).toEqual([1000, 2000, 3000]);
  });

  test("a participant that did not answer is a failure, not the forwarder's own 502", () => {
    expect(messages[2]?.response).toMatchObject({ kind: "failure", failure: "refused", connected: false });
    expect(har.log.entries[2]?.response._error?.detail).toBe("The participant gave no whole answer (ECONNREFUSED).");
  });
});
