import { expect, test } from "vitest";
import type { HttpOutcome } from "../../../../protocol/http/post.js";
import { SendGate, SutLiveness } from "./send-gate.js";

test("an exclusive request waits for those in flight and holds back those that come after it", async () => {
  const gate = new SendGate();
  const order: string[] = [];
  const releaseA = await gate.shared();
  const exclusive = gate.exclusive().then((release) => {
    order.push("alone on the wire");
    return release;
  });
  const later = gate.shared().then((release) => {
    order.push("later on the wire");
    return release;
  });
  await Promise.resolve();
  expect(order).toEqual([]);
  order.push("first answered");
  releaseA();
  const releaseAlone = await exclusive;
  await Promise.resolve();
  expect(order).toEqual(["first answered", "alone on the wire"]);
  releaseAlone();
  (await later)();
  expect(order).toEqual(["first answered", "alone on the wire", "later on the wire"]);
});

const response: HttpOutcome = { kind: "response", status: 200, headers: {}, rawBody: "{}", body: {}, headersMs: 1, ms: 1 };
const failure = (failure: "reset" | "refused" | "timeout", connected: boolean): HttpOutcome => ({
  kind: "failure",
  failure,
  connected,
  detail: failure,
  ms: 1,
});

test("a SUT that answered and then refuses connections is down after the request whose connection broke", () => {
  const liveness = new SutLiveness();
  liveness.observe(response, "a");
  liveness.observe(failure("timeout", true), "slow");
  liveness.observe(failure("reset", true), "the no-context probe (s/p)");
  expect(liveness.down).toBeUndefined();
  liveness.observe(failure("refused", false), "b");
  expect(liveness.down).toBe("the SUT stopped accepting connections after the no-context probe (s/p); it was not judged after that");
});

test("a SUT that never answered is not 'down': its refused first connection is the run's infrastructure error", () => {
  const liveness = new SutLiveness();
  liveness.observe(failure("refused", false), "a");
  expect(liveness.down).toBeUndefined();
});

test("tells whether the SUT broke a connection since a given time (a probe it died of while a transfer was watched)", () => {
  const liveness = new SutLiveness();
  liveness.observe(response, "happy-path/search");
  const before = Date.now();
  expect(liveness.brokenSince(before)).toBeUndefined();
  liveness.observe(failure("reset", true), "the no-context probe (schema-invalid/no-context-select)");
  expect(liveness.brokenSince(before)).toBe("the no-context probe (schema-invalid/no-context-select)");
  expect(liveness.brokenSince(Date.now() + 1)).toBeUndefined();
  liveness.observe(failure("timeout", true), "slow");
  expect(liveness.brokenSince(before)).toBe("the no-context probe (schema-invalid/no-context-select)");
});
