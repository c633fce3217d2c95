import { afterAll, beforeAll, expect, test } from "vitest";
import { postRaw } from "../../protocol/http/post.js";
import { DEFAULT_MAX_EXCHANGE_BYTES } from "../../mocks/bap/store.js";
import { startTestNetwork, type TestNetwork } from "../../mocks/bap/testing/network.js";
import { denseJson, heapAfterGc, MiB } from "./heap.js";

/**
 * issue 19 finding 1: a refused callback keeps at most an excerpt of its text, no parsed copy, and
 * the BAP's records are bounded in bytes. Before, each unsigned 1 MB body of `{}` was kept parsed
 * (about 22 MB), and 187 of them ended the process.
 */
let net: TestNetwork;
beforeAll(async () => {
  net = await startTestNetwork();
});
afterAll(() => net.close());

test("200 unsigned 1 MB on_status of `{}` leave the BAP within its byte budget", { timeout: 60_000 }, async () => {
  const bap = await net.startBap();
  const context = { action: "on_status", transaction_id: "t".repeat(60_000) };
  const body = `{"context":${JSON.stringify(context)},"message":{"x":${denseJson(320)}}}`;
  expect(body.length).toBeGreaterThan(MiB * 0.9);
  const baseline = heapAfterGc();
  for (let i = 0; i < 200; i += 1) {
    const outcome = await postRaw(`${bap.url}/on_status`, body, { "content-type": "application/json" }, { timeoutMs: 30_000 });
    // 401 (no signature), or 400 where a shape limit refuses the body first: refused either way.
    expect(outcome.kind === "response" && [400, 401].includes(outcome.status)).toBe(true);
    if (i % 25 === 24) {
      // Fails fast where every body is kept: 25 of them are about 550 MB.
      expect(heapAfterGc() - baseline).toBeLessThan(DEFAULT_MAX_EXCHANGE_BYTES + 32 * MiB);
    }
  }
  const [first] = bap.engine.exchanges().callbacks;
  expect(first).toMatchObject({ flagged: true, truncated: true, body: undefined });
  expect(first?.rawBody).toHaveLength(4096);
  expect(first?.transactionId).toBeUndefined(); // a long unsigned body is not read for its ids
  expect(bap.engine.exchanges().callbacks).toHaveLength(200);
  // A shorter refused body is read for its ids, and a long id is kept cut to 256 characters.
  await postRaw(`${bap.url}/on_status`, `{"context":${JSON.stringify(context)}}`, { "content-type": "application/json" });
  const last = bap.engine.exchanges().callbacks.at(-1);
  expect(last).toMatchObject({ flagged: true, truncated: true, body: undefined });
  expect(last?.transactionId).toHaveLength(256);
  expect(heapAfterGc() - baseline).toBeLessThan(16 * MiB);
});
