import { describe, expect, test } from "vitest";
import type { Exchange, ReceivedCallback, RunResult } from "../../results/index.js";
import { MAX_ARROWS_DRAWN, MAX_CALLBACKS_DRAWN, sequenceOf, type Arrow } from "./sequence-model.js";
import { sequenceSection, sequenceSvg } from "./sequence.js";

const SUT_URL = "http://127.0.0.1:4000";
const SENT = Date.parse("2026-12-05T10:00:00Z");
const BPP_RUN = { role: "bpp" as const, sutUrls: [SUT_URL], sutId: "bpp.acme.energy" };

const ack = (status = 200, verdict = "ACK"): Exchange["response"] => ({
  kind: "response",
  status,
  headers: {},
  rawBody: "",
  body: { message: { ack: { status: verdict } } },
  headersMs: 12,
  ms: 13,
});

const callback = (action: string, atMs: number, extra: Partial<ReceivedCallback> = {}): ReceivedCallback => ({
  action,
  headers: {},
  rawBody: "{}",
  body: {},
  atMs,
  receivedAt: SENT + atMs,
  matchedBy: "message_id",
  ...extra,
});

const exchange = (over: Partial<Exchange> = {}): Exchange => ({
  id: "ex",
  scenario: "happy-path",
  step: "select",
  action: "select",
  expectation: "callback",
  viaGateway: false,
  ttlMs: 1000,
  request: { url: `${SUT_URL}/select`, headers: {}, rawBody: "{}", body: { context: { timestamp: new Date(SENT).toISOString() } }, sentAt: SENT },
  response: ack(),
  callbacks: [callback("on_select", 40)],
  ...over,
});

const arrowsOf = (e: Exchange, run: Parameters<typeof sequenceOf>[1] = BPP_RUN): readonly Arrow[] => sequenceOf([{ exchange: e, index: 3 }], run).arrows;
const summary = (arrows: readonly Arrow[]): string[] =>
  arrows.map((a) => [`${a.from}>${a.to}`, a.kind, a.label, a.time, a.marks.join(",")].filter((part) => part !== "").join(" "));

describe("the sequence of a scenario", () => {
  test("a request, its ACK and its callback, each timed from the request", () => {
    expect(summary(arrowsOf(exchange()))).toEqual(["harness>sut request select", "sut>harness ack ACK 200 +12 ms", "sut>harness callback on_select +40 ms"]);
  });

  test("a callback after the request's timestamp + ttl is late; one before it is not", () => {
    const late = arrowsOf(exchange({ callbacks: [callback("on_select", 1200)] }));
    expect(late.at(-1)?.marks).toEqual(["late"]);
    expect(arrowsOf(exchange({ callbacks: [callback("on_select", 999)] })).at(-1)?.marks).toEqual([]);
  });

  test("a missing callback is marked, unless --max-time cut the wait short", () => {
    expect(summary(arrowsOf(exchange({ callbacks: [] }))).at(-1)).toBe("sut>harness callback on_select missing");
    expect(arrowsOf(exchange({ callbacks: [], cutShort: "--max-time" })).at(-1)?.marks).toEqual(["not awaited"]);
    expect(arrowsOf(exchange({ callbacks: [], expectation: "error-callback" })).at(-1)?.label).toBe("on_select with an error");
    // A NACKed request owes no callback.
    expect(arrowsOf(exchange({ callbacks: [], response: ack(401, "NACK") })).map((a) => a.kind)).toEqual(["request", "nack"]);
  });

  test("a second reply is a duplicate, except to a search; an unsolicited callback is marked as such", () => {
    const twice = arrowsOf(
      exchange({ callbacks: [callback("on_select", 10), callback("on_select", 20), callback("on_status", 30, { matchedBy: "unsolicited" })] }),
    );
    expect(twice.slice(-3).map((a) => a.marks)).toEqual([[], ["duplicate"], ["unsolicited"]]);
    const search = exchange({ action: "search", step: "search", callbacks: [callback("on_search", 10), callback("on_search", 20)] });
    expect(
      arrowsOf(search)
        .slice(-2)
        .map((a) => a.marks),
    ).toEqual([[], []]);
  });

  test("a callback to a request that had to be refused is unexpected; a connection failure is no answer", () => {
    const forged = arrowsOf(exchange({ expectation: "nack", response: ack(200), callbacks: [callback("on_select", 10)] }));
    expect(forged.at(-1)?.marks).toEqual(["unexpected"]);
    const dead = arrowsOf(exchange({ response: { kind: "failure", failure: "timeout", detail: "", connected: true, ms: 3000 }, callbacks: [] }));
    expect(summary(dead)).toEqual(["harness>sut request select", "sut>harness answer no answer: timeout +3.00 s no answer"]);
  });

  test("a search through the harness's gateway takes two hops, and the ACK comes from the gateway", () => {
    const viaGateway = exchange({
      action: "search",
      step: "search",
      viaGateway: true,
      request: { ...exchange().request, url: "http://127.0.0.1:5000/search" },
    });
    const seq = sequenceOf([{ exchange: viaGateway, index: 0 }], BPP_RUN);
    expect(seq.lanes.map((l) => l.id)).toEqual(["harness", "gateway", "sut"]);
    expect(summary(seq.arrows).slice(0, 3)).toEqual(["harness>gateway request search", "gateway>sut request search", "gateway>harness ack ACK 200 +12 ms"]);
  });

  test("a BAP's own request goes from the SUT to the harness, and the harness's callbacks to it owe nothing back", () => {
    const run = { role: "bap" as const, sutUrls: [SUT_URL], sutId: "bap.acme.energy" };
    const request = exchange({ expectation: "answer", callbacks: [], request: { ...exchange().request, url: "http://127.0.0.1:6000/select" } });
    expect(summary(arrowsOf(request, run))).toEqual(["sut>harness request select", "harness>sut ack ACK 200 +12 ms"]);
    const delivery = exchange({ action: "on_select", step: "on_select", callbacks: [], request: { ...exchange().request, url: `${SUT_URL}/on_select` } });
    expect(summary(arrowsOf(delivery, run))).toEqual(["harness>sut request on_select", "sut>harness ack ACK 200 +12 ms"]);
  });

  test("a gateway's forwards reach the harness's BPPs and BAP, each its own lane", () => {
    const run = { role: "gateway" as const, sutUrls: [SUT_URL], sutId: "gw.acme.energy" };
    const to = (subscriberId: string, action: string) => callback(action, 30, { receivedBy: { subscriberId, url: "http://127.0.0.1:7000" } });
    const multicast = exchange({ action: "search", step: "search", callbacks: [to("bpp-1.example", "search"), to("bpp-2.example", "search")] });
    const seq = sequenceOf([{ exchange: multicast, index: 0 }], run);
    expect(seq.lanes.map((l) => `${l.label} ${l.note ?? ""}`.trim())).toEqual([
      "Harness BAP",
      "SUT (GATEWAY) gw.acme.energy",
      "Harness BPP bpp-1.example",
      "Harness BPP bpp-2.example",
    ]);
    expect(seq.arrows.slice(-2).map((a) => a.marks)).toEqual([[], []]);
    expect(arrowsOf(exchange({ action: "search", callbacks: [] }), run).at(-1)?.label).toBe("search forwarded");
  });

  test("a watched transfer adds the grid operator's lane with the delivery window", () => {
    const watched = exchange({ transfer: { window: { start: "2026-12-05T10:00:00Z", end: "2026-12-05T10:00:30Z" } } });
    const seq = sequenceOf([{ exchange: watched, index: 0 }], BPP_RUN);
    expect(seq.lanes.at(-1)?.label).toBe("Grid operator");
    expect(seq.arrows.at(-1)?.label).toBe("delivery window 2026-12-05T10:00:00Z – 2026-12-05T10:00:30Z");
  });

  test("a flood of callbacks and a long scenario are drawn bounded, saying how much was left out", () => {
    const flood = exchange({
      callbacks: Array.from({ length: 500 }, (_, i) => callback("on_status", i, { matchedBy: i === 0 ? "message_id" : "unsolicited" })),
    });
    const arrows = arrowsOf(flood);
    expect(arrows.filter((a) => a.kind === "callback")).toHaveLength(MAX_CALLBACKS_DRAWN);
    expect(arrows.at(-1)?.label).toBe(`${500 - MAX_CALLBACKS_DRAWN} more callbacks`);
    const many = Array.from({ length: 300 }, (_, index) => ({ exchange: exchange(), index }));
    const seq = sequenceOf(many, BPP_RUN);
    expect(seq.arrows).toHaveLength(MAX_ARROWS_DRAWN);
    expect(seq.omitted).toBe(900 - MAX_ARROWS_DRAWN);
    expect(sequenceSvg(seq, new Set(), "long")).toContain(`${900 - MAX_ARROWS_DRAWN} more arrows not drawn`);
  });
});

describe("the sequence diagram", () => {
  test("links every arrow to its exchange's evidence and escapes what the SUT sent", () => {
    const hostile = exchange({ callbacks: [callback("<script>alert(1)</script>", 10)] });
    const svg = sequenceSvg(sequenceOf([{ exchange: hostile, index: 7 }], BPP_RUN), new Set([7]), "t");
    expect(svg.match(/<a href="#ex-7">/g)).toHaveLength(3);
    expect(svg).not.toContain("<script");
    expect(svg).toContain("&lt;script&gt;");
    expect(svg).toContain('fill="#fdf0f0"');
  });

  test("the section draws one diagram per scenario, open where a check flagged an exchange", () => {
    const a = exchange({ id: "a", scenario: "happy-path" });
    const b = exchange({ id: "b", scenario: "unknown-item" });
    const result = { role: "bpp", sut: { subscriberId: "bpp.acme.energy", url: SUT_URL }, exchanges: [a, b, exchange({ id: "c" })] } as unknown as RunResult;
    const html = sequenceSection(result, new Set(["b"]));
    expect(html.match(/<details class="seq"/g)).toHaveLength(2);
    expect(html).toContain('<details class="seq" id="seq-happy-path"><summary>happy-path · 2 exchanges</summary>');
    expect(html).toContain('<details class="seq" id="seq-unknown-item" open><summary>unknown-item · 1 exchange · 1 flagged</summary>');
    expect(sequenceSection({ ...result, exchanges: [] }, new Set())).toContain("No exchanges to draw.");
  });
});
