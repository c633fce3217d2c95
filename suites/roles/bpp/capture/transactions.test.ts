import { describe, expect, test } from "vitest";
import { buildTransaction } from "../../../../fixtures/builders/index.js";
import { messagesOfHar, messagesOfLog, type CapturedMessage } from "../../../core/capture/captured.js";
import type { Exchange } from "../../../core/check.js";
import { judgeCapture } from "./judge-capture.js";
import { NO_TRANSACTION, transactionsOf } from "./transactions.js";

/** Captured traffic paired into transactions as a live run pairs it (../drive/correlator.ts). */
const T0 = Date.parse("2026-01-05T10:00:00Z");
type Body = { context: Record<string, unknown>; message?: Record<string, unknown> };

const FLOW = ["search", "on_search", "select", "on_select", "init", "on_init", "confirm", "on_confirm", "status", "on_status"] as const;

/** The fixture's transaction `seed` as a log, one message a second from `start`, under its own ids. */
function flow(seed: number, start = T0, step = 1000): Body[] {
  const messages = buildTransaction({ seed }).messages as unknown as Record<string, Body>;
  return FLOW.map((name, i) => {
    const body = structuredClone(messages[name] as Body);
    body.context["timestamp"] = new Date(start + i * step).toISOString();
    return body;
  });
}

const logged = (bodies: readonly Body[]): CapturedMessage[] =>
  messagesOfLog(bodies.map((body, i) => ({ source: `log:${i + 1}`, body, raw: JSON.stringify(body) })));

const attribution = (e: Exchange): string[] => e.callbacks.map((c) => `${c.action}:${c.matchedBy}`);

/** A progress on_status the BPP sends on its own: a new message_id, the transaction's id. */
function progress(of: Body, at: number, messageId: string): Body {
  const body = structuredClone(of);
  body.context = { ...body.context, action: "on_status", message_id: messageId, timestamp: new Date(at).toISOString() };
  return body;
}

describe("transactionsOf: a log of bodies", () => {
  test("pairs each request with its on_<action> by message_id, in one transaction", () => {
    const [tx, ...rest] = transactionsOf(logged(flow(5)));
    expect(rest).toEqual([]);
    expect(tx?.transactionId).toBe(flow(5)[0]?.context["transaction_id"]);
    expect(tx?.exchanges.map((e) => e.action)).toEqual(["search", "select", "init", "confirm", "status"]);
    expect(tx?.exchanges.map(attribution)).toEqual([
      ["on_search:message_id"],
      ["on_select:message_id"],
      ["on_init:message_id"],
      ["on_confirm:message_id"],
      ["on_status:message_id"],
    ]);
    expect(tx?.participants).toMatchObject({ bapId: "p2pTrading-bap.com", bppId: "p2pTrading-bpp.com" });
    expect(tx?.onTheWire).toBe(false);
    // the JSON-lines log's bytes are the request's raw body
    expect(tx?.exchanges[1]?.request.rawBody).toBe(JSON.stringify(flow(5)[2]));
  });

  test("an on_status with a new message_id after the confirm was answered is the transaction's unsolicited callback, on the confirm", () => {
    const bodies = flow(5);
    const onConfirm = bodies[7] as Body;
    const [tx] = transactionsOf(logged([...bodies.slice(0, 8), progress(onConfirm, T0 + 20_000, "p1"), progress(onConfirm, T0 + 21_000, "p2")]));
    const confirm = tx?.exchanges.find((e) => e.action === "confirm");
    expect(confirm && attribution(confirm)).toEqual(["on_confirm:message_id", "on_status:unsolicited", "on_status:unsolicited"]);
  });

  test("a callback whose transaction has no request in the capture is unpaired, never judged as an exchange", () => {
    const lonely = flow(7)[3] as Body; // an on_select alone
    const txs = transactionsOf(logged([...flow(5), lonely]));
    const alone = txs.find((t) => t.transactionId === lonely.context["transaction_id"]);
    expect(alone?.exchanges).toEqual([]);
    expect(alone?.unpaired.map((m) => m.action)).toEqual(["on_select"]);
    expect(txs.find((t) => t !== alone)?.unpaired).toEqual([]);
  });

  test("two transactions interleaved in time: each callback stays in its own", () => {
    const a = flow(5, T0, 2000);
    const b = flow(6, T0 + 1000, 2000);
    const interleaved = a.flatMap((m, i) => [m, b[i] as Body]);
    const txs = transactionsOf(logged(interleaved));
    expect(txs.map((t) => t.transactionId)).toEqual([a[0]?.context["transaction_id"], b[0]?.context["transaction_id"]]);
    for (const [tx, bodies] of [
      [txs[0], a],
      [txs[1], b],
    ] as const) {
      expect(tx?.exchanges.map(attribution).flat()).toEqual(["on_search", "on_select", "on_init", "on_confirm", "on_status"].map((x) => `${x}:message_id`));
      for (const e of tx?.exchanges ?? []) {
        expect(e.callbacks.every((c) => (c.body as Body).context["transaction_id"] === bodies[0]?.context["transaction_id"])).toBe(true);
      }
    }
  });

  test("a message without transaction_id is filed under one named group; a body that names no action is left out", () => {
    const [search] = flow(5);
    const bare = structuredClone(search as Body);
    delete bare.context["transaction_id"];
    const messages = messagesOfLog([
      { source: "a", body: bare },
      { source: "b", body: { message: {} } },
    ]);
    expect(messages.map((m) => m.source)).toEqual(["a"]);
    expect(transactionsOf(messages).map((t) => t.transactionId)).toEqual([NO_TRANSACTION]);
  });
});

describe("transactionsOf: several BPPs in one capture", () => {
  /** `body` as BPP `bpp` would send or be sent it, under another message id. */
  function asBpp(body: Body, bpp: string, messageId: string): Body {
    const copy = structuredClone(body);
    copy.context = { ...copy.context, bpp_id: bpp, bpp_uri: `https://${bpp}/beckn`, message_id: messageId };
    return copy;
  }

  test("a search answered by two BPPs is paired and judged once per BPP, each against its own identity", async () => {
    const [search, onSearch, select, onSelect] = flow(5) as [Body, Body, Body, Body];
    const other = "other-bpp.example";
    const fromOther = asBpp(onSearch, other, String(search.context["message_id"]));
    fromOther.context["timestamp"] = new Date(T0 + 500).toISOString();
    const selectOther = asBpp(select, other, "m-other");
    const onSelectOther = asBpp(onSelect, other, "m-other");
    const txs = transactionsOf(logged([search, fromOther, onSearch, select, onSelect, selectOther, onSelectOther]));
    expect(txs.map((t) => t.participants.bppId).sort()).toEqual([other, "p2pTrading-bpp.com"].sort());
    for (const tx of txs) {
      expect(tx.exchanges.map((e) => `${e.action}>${attribution(e).join(",")}`)).toEqual(["search>on_search:message_id", "select>on_select:message_id"]);
      expect(tx.exchanges.flatMap((e) => e.callbacks.map((c) => (c.body as Body).context["bpp_id"]))).toEqual([tx.participants.bppId, tx.participants.bppId]);
    }
    const judged = await judgeCapture(txs, { profile: "p2p-trade-guide-v1", keys: [] });
    expect(judged.flatMap((t) => t.results.filter((r) => r.id === "CTX-009").map((r) => r.status))).toEqual(["pass", "pass", "pass", "pass"]);
  });

  test("a request misaddressed to another bpp_id at the same URL makes no second BPP", () => {
    const bodies = flow(5);
    const messages = bodies.map((body, i) => {
      const action = String(body.context["action"]);
      const base = action.startsWith("on_") ? "https://bap.example" : "https://bpp.example";
      return { ...logged([body])[0], source: `har#${i}`, url: `${base}/${action}`, headers: {} } as CapturedMessage;
    });
    const misaddressed = asBpp(bodies[2] as Body, "someone-else", "m-mis");
    messages.push({ ...logged([misaddressed])[0], url: "https://bpp.example/select", headers: {} } as CapturedMessage);
    expect(transactionsOf(messages)).toHaveLength(1);
  });
});

describe("messagesOfHar: any HAR 1.2", () => {
  const ack = { context: {}, message: { ack: { status: "ACK" } } };
  function entry(url: string, body: Body, at: number, answer?: unknown): unknown {
    return {
      startedDateTime: new Date(at).toISOString(),
      time: 12,
      request: {
        method: "POST",
        url,
        headers: [{ name: "Content-Type", value: "application/json" }],
        postData: { mimeType: "application/json", text: JSON.stringify(body) },
      },
      response: answer
        ? { status: 200, headers: [{ name: "content-type", value: "application/json" }], content: { text: JSON.stringify(answer) } }
        : { status: 0, headers: [], content: { size: 0 } },
      timings: { send: 0, wait: 10, receive: 2 },
    };
  }

  test("reads requests with their answers and callbacks by their endpoint; an ACKed confirm takes the unsolicited on_status", () => {
    const bodies = flow(5).slice(0, 8);
    const onConfirm = bodies[7] as Body;
    const entries = [
      { startedDateTime: new Date(T0 - 1).toISOString(), request: { method: "GET", url: "https://registry.example/" }, response: { status: 200 } },
      ...bodies.map((body, i) => {
        const action = String(body.context["action"]);
        const base = action.startsWith("on_") ? "https://bap.example/beckn" : "https://bpp.example/beckn";
        return entry(`${base}/${action}`, body, T0 + i * 1000, action.startsWith("on_") ? undefined : ack);
      }),
      entry("https://bap.example/beckn/on_status", progress(onConfirm, T0 + 30_000, "p1"), T0 + 30_000),
    ];
    const messages = messagesOfHar({ log: { version: "1.2", entries } }, "x.har");
    expect(messages).toHaveLength(9); // the registry's GET is no Beckn message
    expect(messages[0]).toMatchObject({ source: "x.har#entries[1]", action: "search", headers: { "Content-Type": "application/json" } });
    const [tx] = transactionsOf(messages);
    const confirm = tx?.exchanges.find((e) => e.action === "confirm");
    expect(confirm?.response).toMatchObject({ kind: "response", status: 200, headersMs: 10, ms: 12 });
    expect(confirm && attribution(confirm)).toEqual(["on_confirm:message_id", "on_status:unsolicited"]);
    expect(tx?.onTheWire).toBe(true);
  });
});

describe("judgeCapture: the BPP's checks on captured traffic", () => {
  test("a coherent transaction passes every check it judges; a quote in on_select whose breakup does not add up fails BIZ-002 with live severity", async () => {
    const good = await judgeCapture(transactionsOf(logged(flow(5))), { profile: "p2p-trade-guide-v1", keys: [] });
    expect(good[0]?.results.length).toBeGreaterThan(20);
    expect(good[0]?.results.filter((r) => r.status !== "pass")).toEqual([]);

    const bodies = flow(5);
    const onSelect = bodies[3] as unknown as { message: { order: { quote: { price: { value: string } } } } };
    onSelect.message.order.quote.price.value = String(Number(onSelect.message.order.quote.price.value) + 1);
    const [bad] = await judgeCapture(transactionsOf(logged(bodies)), { profile: "p2p-trade-guide-v1", keys: [] });
    const failed = bad?.results.filter((r) => r.status === "fail").map((r) => `${r.id} ${r.step}`);
    expect(failed).toEqual(["BIZ-002 select#2"]);
    expect(bad?.results.find((r) => r.id === "BIZ-002" && r.status === "fail")?.findings[0]?.path).toMatch(/^\$\.callbacks\[0\]\.body\.message\.order\.quote/);
    expect(bad?.notJudged.map((n) => n.id)).toEqual(
      expect.arrayContaining(["SIG-003", "SCH-005", "CTX-013", "TIM-002", "NEG-001", "AUT-001", "ACK-001", "FLW-004"]),
    );
  });
});
