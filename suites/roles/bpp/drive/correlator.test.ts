import { describe, expect, test } from "vitest";
import { Correlator, type Pending } from "./correlator.js";
import type { RawCallback } from "./receiver.js";

/** The four rules of callback attribution (DESIGN "A run", step 4; docs/rules.md), one by one. */
const T0 = Date.parse("2026-01-01T10:00:00Z");

function callback(action: string, messageId: string, opts: { transactionId?: string; at?: number; rawBody?: string } = {}): RawCallback {
  const body = { context: { action, transaction_id: opts.transactionId ?? "t1", message_id: messageId } };
  return { action, headers: {}, rawBody: opts.rawBody ?? JSON.stringify(body), body, receivedAt: opts.at ?? T0 + 100 };
}

function request(correlator: Correlator, action: string, messageId: string, sentAt = T0, transactionId = "t1"): Pending {
  return correlator.register({ exchangeId: `${action}-${messageId}`, messageId, transactionId, action, sentAt });
}

const attribution = (pending: Pending) => pending.callbacks.map((c) => `${c.action}:${c.matchedBy}`);

describe("rule 1: a callback with a request's message_id", () => {
  test("is its reply when it is the request's on_<action> and the request has none yet", () => {
    const correlator = new Correlator();
    const select = request(correlator, "select", "m1");
    correlator.accept(callback("on_select", "m1"));
    expect(attribution(select)).toEqual(["on_select:message_id"]);
  });

  test("is its reply when its body names the request's on_<action>, whatever endpoint it came to (CTX-017 names the endpoint)", () => {
    const correlator = new Correlator();
    const select = request(correlator, "select", "m1");
    const misposted = callback("on_select", "m1");
    correlator.accept({ ...misposted, action: "on_search" });
    expect(attribution(select)).toEqual(["on_search:message_id"]);
  });

  test("of another action is unsolicited (CTX-016 judges the reused id), kept with the request before any confirm", () => {
    const correlator = new Correlator();
    const select = request(correlator, "select", "m1");
    correlator.accept(callback("on_init", "m1"));
    expect(attribution(select)).toEqual(["on_init:unsolicited"]);
  });

  test("is its reply when it is on_ the action the request's body names (the action-mismatch probe): NEG-002 judges it, not CTX-016", () => {
    const correlator = new Correlator();
    const probe = correlator.register(
      { exchangeId: "probe", messageId: "m1", transactionId: "t1", action: "select", sentAt: T0 },
      { context: { action: "init", message_id: "m1" } },
    );
    correlator.accept(callback("on_init", "m1"));
    correlator.accept(callback("on_confirm", "m1"));
    expect(attribution(probe)).toEqual(["on_init:message_id", "on_confirm:unsolicited"]);
  });

  test("of the endpoint's action still answers a request whose body names another action", () => {
    const correlator = new Correlator();
    const probe = correlator.register(
      { exchangeId: "probe", messageId: "m1", transactionId: "t1", action: "select", sentAt: T0 },
      { context: { action: "init", message_id: "m1" } },
    );
    correlator.accept(callback("on_select", "m1"));
    expect(attribution(probe)).toEqual(["on_select:message_id"]);
  });

  test("that reuses the confirm's id after its on_confirm is unsolicited, and goes with the confirm", () => {
    const correlator = new Correlator();
    const confirm = request(correlator, "confirm", "m-confirm");
    correlator.confirmAcked(confirm);
    correlator.accept(callback("on_confirm", "m-confirm"));
    correlator.accept(callback("on_status", "m-confirm"));
    expect(attribution(confirm)).toEqual(["on_confirm:message_id", "on_status:unsolicited"]);
  });

  test("a second, different on_status with the status request's id after its reply is unsolicited; a byte-identical copy is a redelivery", () => {
    const correlator = new Correlator();
    const confirm = request(correlator, "confirm", "m-confirm");
    correlator.confirmAcked(confirm);
    const status = request(correlator, "status", "m-status");
    const reply = callback("on_status", "m-status");
    correlator.accept(reply);
    correlator.accept(reply);
    correlator.accept(callback("on_status", "m-status", { rawBody: '{"other":true}' }));
    expect(attribution(status)).toEqual(["on_status:message_id", "on_status:message_id"]);
    expect(attribution(confirm)).toEqual(["on_status:unsolicited"]);
  });

  test("a request sent twice gets one reply each; more on_search for one search are all replies", () => {
    const correlator = new Correlator();
    const first = request(correlator, "init", "m1");
    const repeat = request(correlator, "init", "m1");
    correlator.accept(callback("on_init", "m1", { rawBody: "a" }));
    correlator.accept(callback("on_init", "m1", { rawBody: "b" }));
    expect([attribution(first), attribution(repeat)]).toEqual([["on_init:message_id"], ["on_init:message_id"]]);
    const search = request(correlator, "search", "m-search");
    correlator.accept(callback("on_search", "m-search", { rawBody: "page 1" }));
    correlator.accept(callback("on_search", "m-search", { rawBody: "page 2" }));
    expect(attribution(search)).toEqual(["on_search:message_id", "on_search:message_id"]);
  });
});

describe("rule 2: a callback other than on_status whose id matches nothing", () => {
  test("is claimed at once by the only open request of its action in its transaction", () => {
    const correlator = new Correlator();
    const update = request(correlator, "update", "m-update");
    correlator.accept(callback("on_update", "m-new"));
    expect(attribution(update)).toEqual(["on_update:transaction_and_action"]);
  });

  test("waits when that request already has its reply, or is past its deadline, or another transaction's", () => {
    const correlator = new Correlator();
    const search = request(correlator, "search", "m-search");
    const select = request(correlator, "select", "m-select");
    correlator.claimAtDeadline(select, true);
    correlator.accept(callback("on_search", "m-search"));
    correlator.accept(callback("on_search", "m-other"));
    correlator.accept(callback("on_select", "m-late"));
    correlator.accept(callback("on_init", "m-x", { transactionId: "t2" }));
    expect([attribution(search), attribution(select)]).toEqual([["on_search:message_id"], []]);
    correlator.claimLeftovers("t1", search);
    expect(attribution(search)).toEqual(["on_search:message_id", "on_search:unsolicited", "on_select:unsolicited"]);
    expect(attribution(select)).toEqual([]);
  });
});

describe("rule 3: an on_status whose id matches nothing", () => {
  test("after the confirm was ACKed is progress; at a status deadline the first one since the status request becomes its reply", () => {
    const correlator = new Correlator();
    const confirm = request(correlator, "confirm", "m-confirm");
    correlator.confirmAcked(confirm);
    correlator.accept(callback("on_status", "p1", { at: T0 + 100 }));
    const status = request(correlator, "status", "m-status", T0 + 200);
    correlator.accept(callback("on_status", "p2", { at: T0 + 300 }));
    correlator.accept(callback("on_status", "p3", { at: T0 + 400 }));
    expect(attribution(status)).toEqual([]);
    correlator.claimAtDeadline(status, true);
    expect(status.callbacks.map((c) => [(c.body as { context: { message_id: string } }).context.message_id, c.matchedBy, c.atMs])).toEqual([
      ["p2", "transaction_and_action", 100],
    ]);
    expect(attribution(confirm)).toEqual(["on_status:unsolicited", "on_status:unsolicited"]);
  });

  test("that overtakes the confirm's ACK is progress once the ACK arrives", () => {
    const correlator = new Correlator();
    const confirm = request(correlator, "confirm", "m-confirm");
    correlator.accept(callback("on_status", "p1"));
    expect(attribution(confirm)).toEqual([]);
    correlator.confirmAcked(confirm);
    correlator.accept(callback("on_confirm", "m-confirm"));
    expect(attribution(confirm)).toEqual(["on_status:unsolicited", "on_confirm:message_id"]);
  });

  test("a status request with a reply by id takes no progress", () => {
    const correlator = new Correlator();
    const confirm = request(correlator, "confirm", "m-confirm");
    correlator.confirmAcked(confirm);
    const status = request(correlator, "status", "m-status");
    correlator.accept(callback("on_status", "m-status"));
    correlator.accept(callback("on_status", "p1", { at: T0 + 500 }));
    correlator.claimAtDeadline(status, true);
    expect([attribution(status), attribution(confirm)]).toEqual([["on_status:message_id"], ["on_status:unsolicited"]]);
  });
});

describe("rule 4: anything else", () => {
  test("an on_status before any confirm is claimed at the deadline by its transaction and action", () => {
    const correlator = new Correlator();
    const status = request(correlator, "status", "m-status");
    correlator.accept(callback("on_status", "m-new"));
    expect(attribution(status)).toEqual([]);
    correlator.claimAtDeadline(status, true);
    expect(attribution(status)).toEqual(["on_status:transaction_and_action"]);
  });

  test("a callback two open requests could answer waits for the first deadline", () => {
    const correlator = new Correlator();
    const first = request(correlator, "select", "m1");
    request(correlator, "select", "m2");
    correlator.accept(callback("on_select", "m-new"));
    correlator.claimAtDeadline(first, true);
    expect(attribution(first)).toEqual(["on_select:transaction_and_action"]);
  });

  test("leftovers of a confirmed transaction go with its confirm", () => {
    const correlator = new Correlator();
    const search = request(correlator, "search", "m-search");
    const confirm = request(correlator, "confirm", "m-confirm");
    correlator.confirmAcked(confirm);
    correlator.accept(callback("on_cancel", "m-new"));
    correlator.claimLeftovers("t1", search);
    expect([attribution(search), attribution(confirm)]).toEqual([[], ["on_cancel:unsolicited"]]);
  });
});

test("rule 3 then rule 1: a status reply by id that arrives after the deadline takes the place of the progress taken for it", () => {
  const correlator = new Correlator();
  const confirm = request(correlator, "confirm", "m-confirm");
  correlator.confirmAcked(confirm);
  const status = request(correlator, "status", "m-status");
  correlator.accept(callback("on_status", "p1", { at: T0 + 300 }));
  correlator.claimAtDeadline(status, true);
  expect(attribution(status)).toEqual(["on_status:transaction_and_action"]);
  correlator.accept(callback("on_status", "m-status", { at: T0 + 20_000 }));
  expect([attribution(status), attribution(confirm)]).toEqual([["on_status:message_id"], ["on_status:unsolicited"]]);
});

describe("the transfer watch with callbacks that carry new message ids (issue 17: no step waits past its own deadline)", () => {
  const completedOf = (confirm: Pending) => () => confirm.callbacks.some((c) => c.matchedBy === "unsolicited" && c.rawBody.includes("COMPLETED"));
  const progress = (messageId: string, state: string) => {
    const raw = callback("on_status", messageId);
    return { ...raw, rawBody: `${raw.rawBody}${state}` };
  };
  async function settled(promise: Promise<unknown>): Promise<boolean> {
    let done = false;
    void promise.then(() => (done = true));
    await new Promise<void>((resolve) => setImmediate(resolve));
    return done;
  }

  test("progress that overtakes the confirm's ACK and its on_confirm is the transfer's once the ACK comes: the watch ends at completion, not at --transfer-timeout", async () => {
    const correlator = new Correlator();
    const confirm = request(correlator, "confirm", "m-confirm");
    correlator.accept(progress("p1", "IN_PROGRESS"));
    correlator.accept(progress("p2", "COMPLETED"));
    correlator.accept(callback("on_confirm", "m-minted"));
    correlator.confirmAcked(confirm);
    expect(attribution(confirm)).toEqual(["on_confirm:transaction_and_action", "on_status:unsolicited", "on_status:unsolicited"]);
    expect(await settled(correlator.waitUntil(completedOf(confirm), Date.now() + 3_600_000))).toBe(true);
  });

  test("a watch that begins before completion ends on the completing on_status's arrival, and not before", async () => {
    const correlator = new Correlator();
    const confirm = request(correlator, "confirm", "m-confirm");
    correlator.accept(callback("on_confirm", "m-minted"));
    correlator.confirmAcked(confirm);
    const watch = correlator.waitUntil(completedOf(confirm), Date.now() + 3_600_000);
    correlator.accept(progress("p1", "IN_PROGRESS"));
    expect(await settled(watch)).toBe(false);
    correlator.accept(progress("p2", "COMPLETED"));
    expect(await settled(watch)).toBe(true);
  });
});
