import { afterAll, beforeAll, expect, test } from "vitest";
import { postRaw } from "../../protocol/http/post.js";
import { Correlator, MAX_CALLBACK_BYTES_KEPT } from "../../suites/roles/bpp/drive/correlator.js";
import { createCallbackReceiver, type CallbackReceiver } from "../../suites/roles/bpp/drive/receiver.js";
import { exitCodeOf } from "../../suites/core/run-result.js";
import { denseJson, heapAfterGc, MiB } from "./heap.js";

/**
 * issue 19 finding 1, on the harness's side: what a SUT sends the harness's callback receiver is
 * kept within a byte budget counted as held (the parsed body too), and what is dropped is counted,
 * so the run cannot pass on evidence it never judged. Before, the budget counted only the text:
 * 32 MiB of 1 MB `{}` bodies held about 700 MB parsed.
 */
let receiver: CallbackReceiver;
let url: string;
const correlator = new Correlator();
beforeAll(async () => {
  receiver = createCallbackReceiver();
  receiver.onCallback((callback) => correlator.accept(callback));
  url = await receiver.listen("127.0.0.1", 0);
});
afterAll(() => receiver.close());

test("60 callbacks of 1 MB `{}` from a SUT leave the harness within its evidence budget, and the drops are counted", { timeout: 60_000 }, async () => {
  const baseline = heapAfterGc();
  for (let i = 0; i < 60; i += 1) {
    const body = `{"context":{"action":"on_status","transaction_id":"flood","message_id":"m-${i}"},"message":{"x":${denseJson(320)}}}`;
    const outcome = await postRaw(`${url}/on_status`, body, { "content-type": "application/json" }, { timeoutMs: 30_000 });
    expect(outcome.kind === "response" && outcome.status).toBe(200);
    if (i % 10 === 9) {
      expect(heapAfterGc() - baseline).toBeLessThan(MAX_CALLBACK_BYTES_KEPT + 32 * MiB);
    }
  }
  expect(correlator.keptBytes).toBeLessThanOrEqual(MAX_CALLBACK_BYTES_KEPT);
  expect(correlator.dropped).toBeGreaterThan(0);
  expect(heapAfterGc() - baseline).toBeLessThan(MAX_CALLBACK_BYTES_KEPT + 32 * MiB);
});

test("a run that dropped evidence is never conformant: exit 2 without a failure, 1 with one", () => {
  expect(exitCodeOf([], undefined, undefined, "The harness dropped 3 messages …")).toBe(2);
  expect(exitCodeOf([], undefined, undefined, undefined)).toBe(0);
  expect(exitCodeOf([{ status: "fail" } as never], undefined, undefined, "dropped")).toBe(1);
});
