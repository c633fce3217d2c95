import { describe, expect, test } from "vitest";
import type { CheckResult } from "./check-result.js";
import { compareRuns, countByKind, maskValue, pairExchanges, worseExitCode, type CompareOptions, type Difference } from "./comparison.js";
import type { Exchange, ReceivedCallback } from "./exchange.js";
import type { RunResult } from "./run-result.js";

const ACK_DEADLINE_MS = 3000;
const KINDS_ONLY: CompareOptions = { values: false, ackDeadlineMs: ACK_DEADLINE_MS };
const WITH_VALUES: CompareOptions = { values: true, ackDeadlineMs: ACK_DEADLINE_MS };

/** What makes one run of a BPP its own: where it listens, its id, the harness's callback URL, its ids and its clock. */
interface RunOwn {
  readonly sutUrl: string;
  readonly sutId: string;
  readonly bapUri: string;
  readonly uuid: string;
  readonly sentAt: number;
}

const RUN_A: RunOwn = {
  sutUrl: "http://127.0.0.1:4101",
  sutId: "bpp.one.example",
  bapUri: "http://127.0.0.1:5101",
  uuid: "11111111-1111-4111-8111-111111111111",
  sentAt: Date.parse("2026-12-05T10:00:00.000Z"),
};
const RUN_B: RunOwn = {
  sutUrl: "http://127.0.0.1:4202",
  sutId: "bpp.two.example",
  bapUri: "http://127.0.0.1:5202",
  uuid: "22222222-2222-4222-8222-222222222222",
  sentAt: Date.parse("2026-12-05T11:30:00.000Z"),
};

const context = (own: RunOwn, action: string, at: number): Record<string, unknown> => ({
  domain: "trade",
  action,
  version: "1.1.0",
  bap_id: "bap.harness.example",
  bap_uri: own.bapUri,
  bpp_id: own.sutId,
  bpp_uri: own.sutUrl,
  transaction_id: own.uuid,
  message_id: own.uuid,
  timestamp: new Date(at).toISOString(),
  ttl: "PT10S",
});

/** An on_select as the reference sends it; `quote` is its total. */
const onSelect = (own: RunOwn, quote = "25", currency = "USD"): Record<string, unknown> => ({
  context: context(own, "on_select", own.sentAt + 40),
  message: {
    order: {
      id: `order-${own.uuid}`,
      provider: { id: "p1072", descriptor: { name: `Served by ${own.sutId} at ${own.sutUrl}` } },
      items: [{ id: "uid_xyz", quantity: { measure: { unit: "kWH", value: "5" } } }],
      fulfillments: [
        {
          id: "f1",
          type: "Energy-Delivery",
          state: { descriptor: { code: "Pending" } },
          stops: [{ type: "end", time: { timestamp: new Date(own.sentAt).toISOString() } }],
        },
      ],
      quote: { price: { value: quote, currency }, breakup: [{ title: "Energy Cost", price: { value: quote, currency } }] },
    },
  },
});

const callback = (own: RunOwn, body: Record<string, unknown>, atMs = 40): ReceivedCallback => ({
  action: String((body["context"] as { action?: unknown } | undefined)?.action),
  headers: {},
  rawBody: JSON.stringify(body),
  body,
  atMs,
  receivedAt: own.sentAt + atMs,
  matchedBy: "message_id",
});

const ACK = { message: { ack: { status: "ACK" } } };

function exchange(own: RunOwn, step: string, callbacks: readonly ReceivedCallback[], answer: unknown = ACK, status = 200): Exchange {
  const body = { context: context(own, step, own.sentAt), message: {} };
  return {
    id: `${own.uuid}-${step}-${callbacks.length}-${String(status)}`,
    scenario: "happy-path",
    step,
    action: step,
    expectation: "callback",
    viaGateway: false,
    ttlMs: 10_000,
    request: { url: `${own.sutUrl}/${step}`, headers: {}, rawBody: JSON.stringify(body), body, sentAt: own.sentAt },
    response: { kind: "response", status, headers: {}, rawBody: JSON.stringify(answer), body: answer, headersMs: 5, ms: 6 },
    callbacks,
  };
}

const row = (id: string, e: Exchange | null, status: CheckResult["status"] = "pass"): CheckResult => ({
  id,
  status,
  severity: "MUST",
  title: id,
  ref: "docs/rules.md",
  scenario: e?.scenario ?? null,
  step: e?.step ?? null,
  exchange: e?.id ?? null,
  findings: status === "fail" ? [{ checkId: id, message: `${id} failed here.`, path: "$.message" }] : [],
});

function runOf(
  own: RunOwn,
  exchanges: readonly Exchange[],
  results: (exchanges: readonly Exchange[]) => CheckResult[] = (es) => es.map((e) => row("BIZ-001", e)),
): RunResult {
  const rows = [...results(exchanges), row("RUN-001", null)];
  return {
    role: "bpp",
    runId: own.uuid,
    startedAt: new Date(own.sentAt).toISOString(),
    durationMs: 1000,
    sut: { url: own.sutUrl, subscriberId: own.sutId, publicKey: "key", embedded: false },
    results: rows,
    exchanges,
    skipped: [],
    coverage: { gaps: [], accepted: [], notReachable: [], notApplicable: [] },
    exitCode: rows.some((r) => r.status === "fail") ? 1 : 0,
  };
}

/** A clean run: a select answered at once by its on_select. */
const clean = (own: RunOwn): RunResult => runOf(own, [exchange(own, "select", [callback(own, onSelect(own))])]);

/** What each difference says, in one line, for exact assertions. */
const said = (ds: readonly Difference[]): string[] =>
  ds.map((d) => [d.kind, d.scenario, d.step ?? "-", d.check ?? "", d.part ?? "", d.path ?? "", JSON.stringify(d.a.value), JSON.stringify(d.b.value)].join(" "));

describe("two runs of one implementation", () => {
  test("differ in nothing, though their ids, times, URLs and subscriber ids differ, values compared or not", () => {
    expect(compareRuns(clean(RUN_A), clean(RUN_B), KINDS_ONLY)).toEqual([]);
    expect(compareRuns(clean(RUN_A), clean(RUN_B), WITH_VALUES)).toEqual([]);
  });

  test("differ in nothing when one answered a status just before the transfer's first log and the other just after it", () => {
    const onStatus = (own: RunOwn, logged: boolean): Record<string, unknown> => ({
      context: context(own, "on_status", own.sentAt + 30),
      message: { order: { state: "ACTIVE", fulfillments: [{ id: "f1", ...(logged ? { tags: [{ descriptor: { code: "Transfer_Log" } }] } : {}) }] } },
    });
    const transfer = (own: RunOwn, statusLogged: boolean): RunResult =>
      runOf(own, [
        exchange(own, "confirm", [{ ...callback(own, onStatus(own, true), 45), matchedBy: "unsolicited" }]),
        exchange(own, "status", [callback(own, onStatus(own, statusLogged), 20)]),
      ]);
    expect(compareRuns(transfer(RUN_A, false), transfer(RUN_B, true), WITH_VALUES)).toEqual([]);
  });

  test("differ in nothing when an order no one watched reached a later state in one run (it goes on after a run may end); the watched transfer's states are compared", () => {
    const progress = (own: RunOwn, state: string): ReceivedCallback => ({
      ...callback(own, { context: context(own, "on_status", own.sentAt + 30), message: { order: { state } } }, 45),
      matchedBy: "unsolicited",
    });
    const confirmed = (own: RunOwn, states: readonly string[], watched: boolean): RunResult =>
      runOf(own, [
        {
          ...exchange(
            own,
            "confirm",
            states.map((state) => progress(own, state)),
          ),
          ...(watched ? { transfer: {} } : {}),
        },
      ]);
    expect(compareRuns(confirmed(RUN_A, ["ACTIVE", "COMPLETED"], false), confirmed(RUN_B, ["ACTIVE"], false), KINDS_ONLY)).toEqual([]);
    expect(said(compareRuns(confirmed(RUN_A, ["ACTIVE", "COMPLETED"], true), confirmed(RUN_B, ["ACTIVE"], true), KINDS_ONLY))).toEqual([
      'enum-value happy-path -  on_status $.message.order.state ["ACTIVE","COMPLETED"] ["ACTIVE"]',
    ]);
  });

  test("differ in no free value of a fulfillment callback (its transfer log read at another moment); a tag missing there is a paths difference", () => {
    const log = (own: RunOwn, action: string, reading: string, delivered: string, withReading = true): RunResult => {
      const list = [
        { descriptor: { code: "Delivered_kWh" }, value: delivered },
        ...(withReading ? [{ descriptor: { code: "Source_Reading_kWh" }, value: reading }] : []),
      ];
      const body = {
        context: context(own, action, own.sentAt),
        message: { order: { fulfillments: [{ tags: [{ descriptor: { code: "Transfer_Log" }, list }] }] } },
      };
      return runOf(own, [exchange(own, action.slice(3), [callback(own, body)])]);
    };
    const tag = (code: string, leaf = "value"): string =>
      `$.message.order.fulfillments[*].tags[?(@.descriptor.code=="Transfer_Log")].list[?(@.descriptor.code=="${code}")].${leaf}`;
    expect(compareRuns(log(RUN_A, "on_status", "7063.880", "2.5"), log(RUN_B, "on_status", "7071.380", "5"), WITH_VALUES)).toEqual([]);
    expect(said(compareRuns(log(RUN_A, "on_status", "7063.880", "2.5"), log(RUN_B, "on_status", "7063.880", "2.5", false), KINDS_ONLY))).toEqual([
      `paths happy-path -  on_status ${tag("Source_Reading_kWh", "descriptor.code")} true false`,
      `paths happy-path -  on_status ${tag("Source_Reading_kWh")} true false`,
    ]);
    // In an ordering callback the same tags' values are compared, each with the same tag's.
    expect(said(compareRuns(log(RUN_A, "on_confirm", "7063.880", "2.5"), log(RUN_B, "on_confirm", "7063.880", "5"), WITH_VALUES))).toEqual([
      `value happy-path -  on_confirm ${tag("Delivered_kWh")} ["2.5"] ["5"]`,
    ]);
  });

  test("masks run-bound values: the SUT's URL and id, the harness's callback URL, UUIDs and date-times", () => {
    const bound = [
      ["http://127.0.0.1:4101", "<sut-url>"],
      ["bpp.one.example", "<sut-id>"],
    ] as const;
    expect(maskValue('"bpp.one.example at http://127.0.0.1:4101/x, order 11111111-1111-4111-8111-111111111111 at 2026-12-05T10:00:00.000Z"', bound)).toBe(
      '"<sut-id> at <sut-url>/x, order <uuid> at <date-time>"',
    );
    expect(maskValue('"ORD-7 at 10:00"', bound)).toBe('"ORD-7 at 10:00"');
  });
});

describe("each kind of difference", () => {
  test("ack: an ACK on one side, a NACK on the other, with both HTTP statuses; the NACK's error.code and the missing callback too", () => {
    const nack = { message: { ack: { status: "NACK" } }, error: { code: "30004" } };
    const b = runOf(RUN_B, [exchange(RUN_B, "select", [], nack, 400)]);
    const found = compareRuns(clean(RUN_A), b, KINDS_ONLY);
    expect(said(found)).toEqual([
      'ack happy-path select    "ACK" "NACK"',
      'error-code happy-path select  answer $.error.code null "30004"',
      'callbacks happy-path select    ["on_select"] []',
      'timing happy-path select    "within-ack-deadline" "missing"',
    ]);
    expect([found[0]?.a.httpStatus, found[0]?.b.httpStatus]).toEqual([200, 400]);
    expect([found[0]?.a.exchange, found[0]?.b.exchange]).toEqual([clean(RUN_A).exchanges[0]?.id, b.exchanges[0]?.id]);
  });

  test("error-code in a callback: 30004 on one side, 30012 on the other", () => {
    const refusal = (own: RunOwn, code: string): RunResult =>
      runOf(own, [exchange(own, "select", [callback(own, { context: context(own, "on_select", own.sentAt), error: { code, message: "refused" } })])]);
    expect(said(compareRuns(refusal(RUN_A, "30004"), refusal(RUN_B, "30012"), KINDS_ONLY))).toEqual([
      'error-code happy-path -  on_select $.error.code ["30004"] ["30012"]',
    ]);
  });

  test("callbacks and timing: an unsolicited on_status on one side only; a late reply", () => {
    const status = callback(RUN_B, { context: context(RUN_B, "on_status", RUN_B.sentAt), message: { order: { state: "ACTIVE" } } });
    const late = callback(RUN_B, onSelect(RUN_B), 12_000);
    const b = runOf(RUN_B, [exchange(RUN_B, "select", [late, { ...status, matchedBy: "unsolicited" }])]);
    expect(said(compareRuns(clean(RUN_A), b, KINDS_ONLY))).toEqual([
      'callbacks happy-path select    ["on_select"] ["on_select","on_status"]',
      'timing happy-path select    "within-ack-deadline" "late"',
    ]);
  });

  test("timing: within the ACK deadline, within the ttl", () => {
    const b = runOf(RUN_B, [exchange(RUN_B, "select", [callback(RUN_B, onSelect(RUN_B), 4000)])]);
    expect(said(compareRuns(clean(RUN_A), b, KINDS_ONLY))).toEqual(['timing happy-path select    "within-ack-deadline" "within-ttl"']);
  });

  test("check-status: per check and exchange pair with the findings as evidence, and run-level rows by id", () => {
    const b = runOf(RUN_B, clean(RUN_B).exchanges, (es) => [...es.map((e) => row("BIZ-001", e, "fail")), row("RUN-002", null, "warn")]);
    const found = compareRuns(clean(RUN_A), b, KINDS_ONLY);
    expect(said(found)).toEqual(['check-status happy-path select BIZ-001   "pass" "fail"', 'check-status  - RUN-002   null "warn"']);
    expect(found[0]?.b.findings).toEqual([{ checkId: "BIZ-001", message: "BIZ-001 failed here.", path: "$.message" }]);
    expect(found[1]?.a.exchange).toBeNull();
  });

  test("paths: a JSON path present in one side's callback only, array indices as [*]", () => {
    const body = onSelect(RUN_B);
    const order = (body["message"] as { order: Record<string, unknown> }).order;
    (order["items"] as Record<string, unknown>[]).push({ id: "uid_two", descriptor: { name: "Wind" } });
    const b = runOf(RUN_B, [exchange(RUN_B, "select", [callback(RUN_B, body)])]);
    expect(said(compareRuns(clean(RUN_A), b, KINDS_ONLY))).toEqual(["paths happy-path -  on_select $.message.order.items[*].descriptor.name false true"]);
  });

  test("enum-value: a currency, compared without --compare-values; a free value (the price) only with it", () => {
    const b = runOf(RUN_B, [exchange(RUN_B, "select", [callback(RUN_B, onSelect(RUN_B, "26", "EUR"))])]);
    const enums = [
      'enum-value happy-path -  on_select $.message.order.quote.breakup[*].price.currency ["USD"] ["EUR"]',
      'enum-value happy-path -  on_select $.message.order.quote.price.currency ["USD"] ["EUR"]',
    ];
    expect(said(compareRuns(clean(RUN_A), b, KINDS_ONLY))).toEqual(enums);
    expect(said(compareRuns(clean(RUN_A), b, WITH_VALUES))).toEqual([
      enums[0],
      'value happy-path -  on_select $.message.order.quote.breakup[*].price.value ["25"] ["26"]',
      enums[1],
      'value happy-path -  on_select $.message.order.quote.price.value ["25"] ["26"]',
    ]);
  });

  test("enum-value: states, units and type fields are enumerations", () => {
    const body = onSelect(RUN_B);
    const order = (body["message"] as { order: Record<string, unknown> }).order;
    order["fulfillments"] = [{ id: "f1", type: "Energy-Transfer", state: { descriptor: { code: "Completed" } }, stops: [{ type: "END" }] }];
    order["items"] = [{ id: "uid_xyz", quantity: { measure: { unit: "kWh", value: "5" } } }];
    const b = runOf(RUN_B, [exchange(RUN_B, "select", [callback(RUN_B, body)])]);
    expect(compareRuns(clean(RUN_A), b, KINDS_ONLY).map((d) => `${d.kind} ${d.path ?? ""}`)).toEqual([
      "enum-value $.message.order.fulfillments[*].state.descriptor.code",
      "paths $.message.order.fulfillments[*].stops[*].time.timestamp",
      "enum-value $.message.order.fulfillments[*].stops[*].type",
      "enum-value $.message.order.fulfillments[*].type",
      "enum-value $.message.order.items[*].quantity.measure.unit",
    ]);
  });

  test("exchange: a step one side took and the other did not; its check rows are not compared one by one", () => {
    const a = runOf(RUN_A, [...clean(RUN_A).exchanges, exchange(RUN_A, "init", [])]);
    const found = compareRuns(a, clean(RUN_B), KINDS_ONLY);
    expect(said(found)).toEqual(['exchange happy-path init    "init" null']);
    expect(found[0]?.b.exchange).toBeNull();
  });
});

describe("pairing and the verdict", () => {
  test("pairs exchanges by scenario, step and the n-th exchange of that step", () => {
    const [first, second] = [exchange(RUN_A, "status", []), { ...exchange(RUN_A, "status", []), id: "second" }];
    const pairs = pairExchanges(
      [first, second],
      [
        { ...second, id: "b-first" },
        { ...second, id: "b-second" },
      ],
    );
    expect(pairs.map((p) => [p.a?.id, p.b?.id])).toEqual([
      [first.id, "b-first"],
      ["second", "b-second"],
    ]);
  });

  test("counts the differences by kind", () => {
    const b = runOf(RUN_B, [exchange(RUN_B, "select", [], { message: { ack: { status: "NACK" } } }, 401)]);
    expect(countByKind(compareRuns(clean(RUN_A), b, KINDS_ONLY))).toEqual({
      exchange: 0,
      ack: 1,
      "error-code": 0,
      callbacks: 1,
      timing: 1,
      "check-status": 0,
      paths: 0,
      "enum-value": 0,
      value: 0,
    });
  });

  test.for([
    [0, 0, 0],
    [0, 1, 1],
    [2, 1, 1],
    [1, 2, 1],
    [0, 2, 2],
    [2, 0, 2],
  ] as const)("the exit code of runs exiting %i and %i is %i", ([a, b, worse]) => {
    expect(worseExitCode(a, b)).toBe(worse);
  });
});
