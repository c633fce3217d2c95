import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import { expect, test } from "vitest";
import { createBecknApp } from "../../mocks/common/beckn-receiver.js";
import { jsonDepthExceeds } from "../../protocol/json/depth.js";
import { decodeBody, MAX_JSON_DEPTH, parseJsonBounded } from "../../protocol/http/post.js";
import { callbackBytes, Correlator, MAX_CALLBACK_BYTES_KEPT } from "../../suites/roles/bpp/drive/correlator.js";
import type { RawCallback } from "../../suites/roles/bpp/drive/receiver.js";

/** The bounds the hostile suite relies on, one by one. */
const fixtures = {
  deep: (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`,
  bracketsInString: JSON.stringify({ note: "[".repeat(10_000) }),
  notUtf8: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
};

const callback = (transactionId: string, messageId: string, rawBody = "{}", action = "on_status"): RawCallback => ({
  action,
  headers: {},
  rawBody,
  body: { context: { transaction_id: transactionId, message_id: messageId } },
  receivedAt: Date.now(),
});

test("JSON nested deeper than MAX_JSON_DEPTH is not parsed; brackets inside strings do not count", () => {
  expect(jsonDepthExceeds(fixtures.deep(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
  expect(jsonDepthExceeds(fixtures.deep(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
  expect(parseJsonBounded(fixtures.deep(100_000))).toBeUndefined();
  expect(parseJsonBounded(fixtures.bracketsInString)).toEqual({ note: "[".repeat(10_000) });
  expect(parseJsonBounded(`{"a":"\\"[[["}`)).toEqual({ a: '"[[[' });
});

test("bytes that are not UTF-8 are decoded for evidence and flagged", () => {
  expect(decodeBody(Buffer.from('{"a":"é"}'))).toEqual({ text: '{"a":"é"}', utf8: true });
  const decoded = decodeBody(fixtures.notUtf8);
  expect(decoded.utf8).toBe(false);
  expect(decoded.text).toBe('{"a":"\uFFFD\uFFFD"}');
});

test("the correlator keeps at most MAX_CALLBACK_BYTES_KEPT of callback bytes (counted as held) and counts the rest as dropped", () => {
  const correlator = new Correlator();
  const big = "x".repeat(1024 * 1024);
  const count = Math.floor(MAX_CALLBACK_BYTES_KEPT / callbackBytes(callback("t-flood", "m-0", big))) + 5;
  for (let i = 0; i < count; i += 1) {
    correlator.accept(callback("t-flood", `m-${i}`, big));
  }
  expect(correlator.keptBytes).toBeLessThanOrEqual(MAX_CALLBACK_BYTES_KEPT);
  expect(correlator.dropped).toBe(5);
});

test("a released transaction frees its evidence, and its late callbacks are counted, not kept", () => {
  const correlator = new Correlator();
  const pending = correlator.register({ exchangeId: "e1", transactionId: "t1", messageId: "m1", action: "confirm", sentAt: Date.now() });
  correlator.accept(callback("t1", "m1", '{ "confirmed": true }', "on_confirm"));
  correlator.confirmAcked(pending);
  correlator.accept(callback("t1", "m-transfer", "{}"));
  expect(pending.callbacks.map((c) => c.matchedBy)).toEqual(["message_id", "unsolicited"]);
  expect(correlator.keptBytes).toBeGreaterThan(0);
  correlator.release("t1");
  expect(correlator.keptBytes).toBe(0);
  correlator.accept(callback("t1", "m-late", "{}"));
  expect(correlator.late).toBe(1);
  expect(pending.callbacks).toHaveLength(2);
});

test("closing a Beckn app drops a client still dribbling its request instead of waiting for it", { timeout: 10_000 }, async () => {
  const app = createBecknApp();
  app.post("/on_search", async () => ({ ok: true }));
  await app.listen({ host: "127.0.0.1", port: 0 });
  const socket = connect((app.server.address() as AddressInfo).port, "127.0.0.1");
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.on("error", () => undefined);
  const arrived = new Promise<void>((resolve) => app.server.once("request", () => resolve()));
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  socket.write("POST /on_search HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{");
  await arrived; // the request is in: headers read, body still pending
  const started = performance.now();
  await app.close();
  await closed;
  expect(performance.now() - started).toBeLessThan(2000);
});
