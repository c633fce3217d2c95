import { expect, test } from "vitest";
import type { CallbackRecord } from "./records.js";
import { EXCHANGES_VIEW_BYTES, ExchangeStore, recordBytes } from "./store.js";

function callback(store: ExchangeStore, transactionId: string, rawBody: string): CallbackRecord {
  return {
    kind: "callback",
    seq: store.nextSeq(),
    action: "on_status",
    transactionId,
    messageId: "m",
    bppId: "bpp",
    headers: {},
    rawBody,
    truncated: false,
    body: undefined,
    verification: { signature: "verified", gateway: "absent", detail: undefined },
    answer: { status: 200, body: { message: { ack: { status: "ACK" } } } },
    flagged: false,
    unsolicited: true,
    inReplyTo: undefined,
    atMs: 0,
  };
}

test("a view shows the newest records within EXCHANGES_VIEW_BYTES and counts the older ones it leaves out", () => {
  const store = new ExchangeStore();
  const big = "x".repeat(1024 * 1024); // counted as 2 MiB
  for (let i = 0; i < 6; i += 1) {
    store.addCallback(callback(store, "t1", big));
  }
  store.addCallback(callback(store, "t2", "{}"));
  const each = recordBytes(callback(store, "t1", big));
  const fit = Math.floor(EXCHANGES_VIEW_BYTES / each);
  const all = store.view();
  // The tiny newest record, then as many 2 MiB ones as fit beside it.
  expect(all.callbacks.map((c) => c.seq)).toEqual([...Array.from({ length: fit }, (_, i) => 7 - fit + i), 7]);
  expect(all.omitted).toBe(6 - fit);
  expect(all.note).toMatch(/oldest records are left out: one answer shows at most 8 MiB/);
  expect(store.view("t2")).toEqual({ transaction_id: "t2", requests: [], callbacks: [expect.objectContaining({ seq: 7 })] });
  const one = new ExchangeStore();
  one.addCallback(callback(one, "t", "y".repeat(5 * 1024 * 1024)));
  expect(one.view().callbacks).toHaveLength(1); // the newest record is shown whatever its size
});
