import { afterAll, beforeAll, expect, test } from "vitest";
import { buildSelect } from "../../fixtures/builders/index.js";
import { MAX_DEAL_BYTES } from "../../mocks/bpp/deals.js";
import { GUIDE_TERMS, JOHN, startTestNet, type TestNet } from "../../mocks/bpp/testing/test-trade.js";
import { denseJson, heapAfterGc, MiB } from "./heap.js";

/**
 * issue 19 finding 1: the BPP's deals are bounded in bytes. Before, each deal kept the request's
 * billing object whole, bounded only in the number of deals (10,000): a signed 1 MB select whose
 * billing was `{}` objects kept about 22 MB.
 */
const COUNT = Number(process.env["MEMORY_TEST_COUNT"] ?? 100);
let net: TestNet;
beforeAll(async () => {
  net = await startTestNet();
});
afterAll(() => net.close());

/**
 * A select in a fresh transaction whose billing carries 45,000 `{}`: within the mocks' 50,000 values
 * (MAX_BECKN_VALUES), about 135 KB of text and 3 MB once parsed, so 100 of them hold about 300 MB
 * when every deal keeps its billing whole.
 */
function hugeSelect(): string {
  const body = buildSelect({ context: net.trade().context("select"), ...GUIDE_TERMS });
  const order = body.message.order as Record<string, unknown>;
  order["billing"] = { ...JOHN, pad: "@PAD@" };
  return JSON.stringify(body).replace('"@PAD@"', denseJson(45));
}

test(`${COUNT} signed selects with billing objects of 45,000 values leave the BPP within its byte budget`, { timeout: 120_000 }, async () => {
  const baseline = heapAfterGc();
  for (let i = 0; i < COUNT; i += 1) {
    const raw = hugeSelect();
    const response = await net.send("select", JSON.parse(raw) as unknown);
    expect(response.status).toBe(200);
    if (i % 20 === 19) {
      expect(heapAfterGc() - baseline).toBeLessThan(MAX_DEAL_BYTES + 32 * MiB);
    }
  }
  expect(heapAfterGc() - baseline).toBeLessThan(MAX_DEAL_BYTES + 32 * MiB);
});
