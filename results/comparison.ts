/**
 * Two BPPs run through the same scenarios (`run --compare-target`), side by side: which of their
 * answers differ, with both sides' evidence. Exchanges pair by scenario, step and the n-th exchange
 * of that step; check rows by check id and exchange pair (run-level rows by id); what the callbacks
 * carry (paths, enumerations, values) by scenario and callback action. Values that a run binds (ids
 * the run minted, times, the participants' own ids and URLs) are masked before values are compared,
 * so two runs of one implementation differ in nothing. Types and pure functions only.
 */
import type { CheckResult, Finding, ResultStatus } from "./check-result.js";
import { callbackDeadline, type Exchange, type ReceivedCallback } from "./exchange.js";
import type { ExitCode, RunResult } from "./run-result.js";

/** What two runs may differ in, in the order a pair of exchanges is compared. */
export const DIFFERENCE_KINDS = ["exchange", "ack", "error-code", "callbacks", "timing", "check-status", "paths", "enum-value", "value"] as const;
export type DifferenceKind = (typeof DIFFERENCE_KINDS)[number];

/** When the callback owed to a request arrived (the first `on_<action>` that answers it, unsolicited ones aside). */
export type TimingClass = "within-ack-deadline" | "within-ttl" | "late" | "missing";

/** One side's evidence of a difference. */
export interface DifferenceSide {
  /**
   * The exchange this side's evidence is from (for what callbacks carry, the first exchange of the
   * scenario whose callback carried the path, else the first with a callback of that action); null
   * for a run-level row, or where this side has no such exchange.
   */
  readonly exchange: string | null;
  /** What this side showed; null where it has nothing. */
  readonly value: unknown;
  /** The synchronous answer's HTTP status (kind `ack`). */
  readonly httpStatus?: number;
  /** The row's findings (kind `check-status`), the first few. */
  readonly findings?: readonly Finding[];
}

/** One way the two runs differ. */
export interface Difference {
  readonly kind: DifferenceKind;
  /** Null for a run-level check row. */
  readonly scenario: string | null;
  /** Null for a run-level check row, and for what callbacks carry (paths, error codes in callbacks, values): compared per scenario. */
  readonly step: string | null;
  /** `check-status`: the check. */
  readonly check?: string;
  /** Where in the exchange: `answer` (the synchronous answer) or a callback's action (`on_select`). */
  readonly part?: string;
  /** A JSON path, array indices written `[*]` (`$.message.order.items[*].id`). */
  readonly path?: string;
  readonly a: DifferenceSide;
  readonly b: DifferenceSide;
}

export interface CompareOptions {
  /** Compare free values too (`--compare-values`): ids, names, prices, timestamps, with run-bound values masked. */
  readonly values: boolean;
  /** The ACK deadline in ms (suites/core/ack-deadline.ts): a callback within it is in the fastest timing class. */
  readonly ackDeadlineMs: number;
}

/**
 * Keys whose values are enumerations wherever they appear: order and fulfillment states and statuses,
 * `type` fields (a stop's, a fulfillment's), units and currencies. A `descriptor.code` is one too (a
 * state's, a tag's, an item's code from its list), and so are the context's version, action and domain.
 * `error.code` is a kind of its own.
 */
const ENUMERATION_KEYS: readonly string[] = ["state", "status", "type", "unit", "currency"];
const ENUMERATION_PATHS: readonly string[] = ["$.context.version", "$.context.action", "$.context.domain"];
const ERROR_CODE_PATH = "$.error.code";

function isEnumerationPath(path: string): boolean {
  const key = path.slice(path.lastIndexOf(".") + 1);
  return ENUMERATION_PATHS.includes(path) || ENUMERATION_KEYS.includes(key) || path.endsWith(".descriptor.code");
}

/** Arrays of Beckn tags (core 1.1.0 TagGroup[] as `tags`, Tag[] as a group's `list`): their items are told apart by `descriptor.code`. */
const TAG_ARRAYS: readonly string[] = [".tags", ".list"];

/** An item's place in its array: `[*]`, or for a tag, `[?(@.descriptor.code=="Delivered_kWh")]`. */
function itemPath(path: string, item: unknown): string {
  const code = (item as { descriptor?: { code?: unknown } } | null)?.descriptor?.code;
  return TAG_ARRAYS.some((key) => path.endsWith(key)) && typeof code === "string" ? `${path}[?(@.descriptor.code==${JSON.stringify(code)})]` : `${path}[*]`;
}

/**
 * Every leaf of a JSON value: its path, array indices as `[*]` (a tag's by its code, so that each
 * tag's value is compared with the same tag's), and its value as JSON text.
 */
function leavesOf(value: unknown, path = "$", into = new Map<string, Set<string>>()): Map<string, Set<string>> {
  if (Array.isArray(value)) {
    value.forEach((item) => leavesOf(item, itemPath(path, item), into));
  } else if (value !== null && typeof value === "object") {
    Object.entries(value).forEach(([key, item]) => leavesOf(item, `${path}.${key}`, into));
  } else {
    const values = into.get(path) ?? new Set<string>();
    into.set(path, values.add(JSON.stringify(value) ?? "undefined"));
  }
  return into;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const DATE_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?/g;

/** The values a run binds, each with the mark that replaces it: the SUT's own URLs and id, the harness's callback URL. */
function runBound(run: RunResult, exchange: Exchange): [string, string][] {
  const context = (exchange.request.body as { context?: Record<string, unknown> } | undefined)?.context ?? {};
  const text = (v: unknown): string[] => (typeof v === "string" && v !== "" ? [v.replace(/\/+$/, "")] : []);
  return [
    ...[run.sut.url, run.sut.publicUrl].flatMap(text).map((v): [string, string] => [v, "<sut-url>"]),
    ...text(context["bap_uri"]).map((v): [string, string] => [v, "<bap-uri>"]),
    ...text(run.sut.subscriberId).map((v): [string, string] => [v, "<sut-id>"]),
    ...text(context["bap_id"]).map((v): [string, string] => [v, "<bap-id>"]),
  ].sort(([x], [y]) => y.length - x.length);
}

/** A value as compared across runs: run-bound values, UUIDs and date-times replaced by their marks. */
export function maskValue(json: string, bound: readonly (readonly [string, string])[]): string {
  const unbound = bound.reduce((text, [value, mark]) => text.split(value).join(mark), json);
  return unbound.replace(UUID, "<uuid>").replace(DATE_TIME, "<date-time>");
}

/** Two exchanges, one of each run, paired by scenario, step and the n-th exchange of that step. */
export interface Pair {
  readonly key: string;
  readonly scenario: string;
  readonly step: string;
  readonly a?: Exchange;
  readonly b?: Exchange;
}

/** The key of each exchange: its scenario, its step and how many of that step's exchanges came before it. */
function keysOf(exchanges: readonly Exchange[]): Map<string, Exchange> {
  const seen = new Map<string, number>();
  const keyed = new Map<string, Exchange>();
  for (const e of exchanges) {
    const step = `${e.scenario}\u0000${e.step}`;
    const n = seen.get(step) ?? 0;
    seen.set(step, n + 1);
    keyed.set(`${step}\u0000${n}`, e);
  }
  return keyed;
}

/** The exchanges of both runs paired, in A's order, then those B alone has. */
export function pairExchanges(a: readonly Exchange[], b: readonly Exchange[]): Pair[] {
  const [ka, kb] = [keysOf(a), keysOf(b)];
  const keys = [...ka.keys(), ...[...kb.keys()].filter((k) => !ka.has(k))];
  return keys.map((key) => {
    const [ea, eb] = [ka.get(key), kb.get(key)];
    const { scenario, step } = (ea ?? eb) as Exchange;
    return { key, scenario, step, ...(ea ? { a: ea } : {}), ...(eb ? { b: eb } : {}) };
  });
}

const record = (v: unknown): Record<string, unknown> | undefined => (v !== null && typeof v === "object" ? (v as Record<string, unknown>) : undefined);

/** The synchronous answer: ACK, NACK, an answer that is neither, or how the connection failed. */
function ackClassOf(e: Exchange): string {
  if (e.response.kind === "failure") {
    return `no answer (${e.response.failure})`;
  }
  const status = record(record(record(e.response.body)?.["message"])?.["ack"])?.["status"];
  return status === "ACK" || status === "NACK" ? status : "neither ACK nor NACK";
}

function errorCodeOf(body: unknown): string | null {
  const code = record(record(body)?.["error"])?.["code"];
  return typeof code === "string" || typeof code === "number" ? String(code) : null;
}

const isReply = (e: Exchange, c: ReceivedCallback): boolean => c.matchedBy !== "unsolicited" && c.action === `on_${e.action}`;

function timingClassOf(e: Exchange, ackDeadlineMs: number): TimingClass {
  const first = e.callbacks.filter((c) => isReply(e, c)).sort((x, y) => x.receivedAt - y.receivedAt)[0];
  if (!first) {
    return "missing";
  }
  return first.atMs <= ackDeadlineMs ? "within-ack-deadline" : first.receivedAt <= callbackDeadline(e) ? "within-ttl" : "late";
}

const actionsOf = (e: Exchange): string[] => [...new Set(e.callbacks.map((c) => c.action))].sort();

type Where = Omit<Difference, "kind" | "a" | "b">;

/** A difference when the two sides' values differ (compared as JSON). */
function differ(kind: DifferenceKind, where: Where, a: DifferenceSide, b: DifferenceSide): Difference[] {
  return JSON.stringify(a.value) === JSON.stringify(b.value) ? [] : [{ kind, ...where, a, b }];
}

/** What one run's callbacks of one action in one scenario carried: each leaf path's values, and the first exchange that carried each path. */
interface ActionContent {
  readonly first: string;
  readonly values: Map<string, Set<string>>;
  readonly carriedBy: Map<string, string>;
}

/**
 * Whether a callback is the progress of an order no one watched: the run waits for the watched
 * transfer alone (docs/rules.md "The probe phase"), and the others go on after a run may end, so
 * the states such an order reached depend on when the run ended, not on the BPP. Its enumerations
 * are not compared; the paths its callbacks carry are.
 */
const unwatchedProgress = (e: Exchange, c: ReceivedCallback): boolean => c.matchedBy === "unsolicited" && e.transfer === undefined;

/** The content of one action's callbacks across `exchanges`, values masked when free values are compared; none when no such callback came. */
function contentOf(run: RunResult, exchanges: readonly Exchange[], action: string, options: CompareOptions): ActionContent | undefined {
  let first: string | undefined;
  const values = new Map<string, Set<string>>();
  const carriedBy = new Map<string, string>();
  for (const e of exchanges) {
    const bound = runBound(run, e);
    for (const c of e.callbacks.filter((cb) => cb.action === action)) {
      first ??= e.id;
      const unwatched = unwatchedProgress(e, c);
      for (const [path, vs] of leavesOf(c.body)) {
        const into = values.get(path) ?? new Set<string>();
        const enumeration = isEnumerationPath(path);
        if (!(unwatched && enumeration)) {
          vs.forEach((v) => into.add(enumeration || !options.values ? v : maskValue(v, bound)));
        }
        values.set(path, into);
        carriedBy.set(path, carriedBy.get(path) ?? e.id);
      }
    }
  }
  return first === undefined ? undefined : { first, values, carriedBy };
}

/**
 * The callbacks whose free values are compared (`--compare-values`): discovery's and ordering's (core
 * 1.1.0), which answer the harness's requests alone. Fulfillment's (on_status, on_update, on_cancel,
 * on_track) and post-fulfillment's carry the order as it stands when each is sent: the transfer's
 * progress, a meter shared by the run's concurrent transactions, an update racing the transfer's first
 * log. Two runs are never in step to the millisecond, so of those, paths and enumerations are compared,
 * not free values.
 */
const VALUED_CALLBACKS: readonly string[] = ["on_search", "on_select", "on_init", "on_confirm"];

/** Values as evidence: sorted, each parsed back from its JSON text. */
function valuesOf(texts: ReadonlySet<string>): unknown[] {
  return [...texts].sort().map((text) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  });
}

/** How one action's callbacks in one scenario differ: paths present, error codes, enumerations, and free values when asked. */
function contentDifferences(scenario: string, action: string, ca: ActionContent, cb: ActionContent, options: CompareOptions): Difference[] {
  const where = { scenario, step: null, part: action };
  const paths = [...new Set([...ca.values.keys(), ...cb.values.keys()])].sort();
  return paths.flatMap((path) => {
    const [va, vb] = [ca.values.get(path), cb.values.get(path)];
    const [ea, eb] = [ca.carriedBy.get(path) ?? ca.first, cb.carriedBy.get(path) ?? cb.first];
    if (!va || !vb) {
      return differ("paths", { ...where, path }, { exchange: ea, value: va !== undefined }, { exchange: eb, value: vb !== undefined });
    }
    const kind: DifferenceKind | undefined =
      path === ERROR_CODE_PATH
        ? "error-code"
        : isEnumerationPath(path)
          ? "enum-value"
          : options.values && VALUED_CALLBACKS.includes(action)
            ? "value"
            : undefined;
    // An enumeration one side carried only in an unwatched order's progress (no value kept) is not compared.
    const compared = kind !== undefined && (kind !== "enum-value" || (va.size > 0 && vb.size > 0));
    return compared ? differ(kind, { ...where, path }, { exchange: ea, value: valuesOf(va) }, { exchange: eb, value: valuesOf(vb) }) : [];
  });
}

/**
 * How the callbacks' content differs, per scenario and callback action: all the callbacks of that
 * action in the scenario's paired exchanges together. What a callback carries depends on when it was
 * sent (an on_status answered just before the transfer's first log, or just after), and two runs are
 * never in step to the millisecond; over a whole scenario both see the same progression (of the
 * orders no one watched, the paths: see unwatchedProgress).
 */
function scenarioDifferences(runs: readonly [RunResult, RunResult], pairs: readonly Pair[], options: CompareOptions): Difference[] {
  const paired = pairs.filter((p): p is Required<Pair> => p.a !== undefined && p.b !== undefined);
  const scenarios = [...new Set(paired.map((p) => p.scenario))];
  return scenarios.flatMap((scenario) => {
    const [ea, eb] = [paired.filter((p) => p.scenario === scenario).map((p) => p.a), paired.filter((p) => p.scenario === scenario).map((p) => p.b)];
    const actions = [...new Set(ea.flatMap(actionsOf))];
    return actions.flatMap((action) => {
      const [ca, cb] = [contentOf(runs[0], ea, action, options), contentOf(runs[1], eb, action, options)];
      return ca && cb ? contentDifferences(scenario, action, ca, cb, options) : [];
    });
  });
}

/** How one pair of exchanges differs, its check rows aside. */
function exchangeDifferences(pair: Pair, options: CompareOptions): Difference[] {
  const { a, b } = pair;
  const where = { scenario: pair.scenario, step: pair.step };
  if (!a || !b) {
    const side = (e: Exchange | undefined): DifferenceSide => ({ exchange: e?.id ?? null, value: e ? e.action : null });
    return [{ kind: "exchange", ...where, a: side(a), b: side(b) }];
  }
  const httpStatus = (e: Exchange): { httpStatus?: number } => (e.response.kind === "response" ? { httpStatus: e.response.status } : {});
  const answerCode = (e: Exchange): unknown => (e.response.kind === "response" ? errorCodeOf(e.response.body) : null);
  return [
    ...differ("ack", where, { exchange: a.id, value: ackClassOf(a), ...httpStatus(a) }, { exchange: b.id, value: ackClassOf(b), ...httpStatus(b) }),
    ...differ(
      "error-code",
      { ...where, part: "answer", path: ERROR_CODE_PATH },
      { exchange: a.id, value: answerCode(a) },
      { exchange: b.id, value: answerCode(b) },
    ),
    ...differ("callbacks", where, { exchange: a.id, value: actionsOf(a) }, { exchange: b.id, value: actionsOf(b) }),
    ...differ(
      "timing",
      where,
      { exchange: a.id, value: timingClassOf(a, options.ackDeadlineMs) },
      { exchange: b.id, value: timingClassOf(b, options.ackDeadlineMs) },
    ),
  ];
}

/** A check row's key within its pair: the pair's key (or `run` for a run-level row) and the check id. */
function rowsByKey(run: RunResult, keyOfExchange: ReadonlyMap<string, string>): Map<string, CheckResult> {
  const rows = new Map<string, CheckResult>();
  for (const row of run.results) {
    const owner = row.exchange !== null ? keyOfExchange.get(row.exchange) : row.scenario === null ? "run" : `${row.scenario}\u0000${row.step ?? ""}\u0000-`;
    rows.set(`${owner ?? row.exchange}\u0001${row.id}`, row);
  }
  return rows;
}

const MAX_FINDINGS = 3;

function rowSide(row: CheckResult | undefined, exchange: string | null): DifferenceSide {
  const status: ResultStatus | null = row?.status ?? null;
  return { exchange, value: status, ...(row && row.findings.length > 0 ? { findings: row.findings.slice(0, MAX_FINDINGS) } : {}) };
}

/** How the check rows differ: per check and exchange pair, and per check for run-level rows; rows of a one-sided exchange aside. */
function checkDifferences(runs: readonly [RunResult, RunResult], pairs: readonly Pair[]): Difference[] {
  const both = pairs.filter((p) => p.a && p.b);
  const keyed = (side: "a" | "b"): Map<string, string> => new Map(both.map((p) => [(p[side] as Exchange).id, p.key]));
  const [ra, rb] = [rowsByKey(runs[0], keyed("a")), rowsByKey(runs[1], keyed("b"))];
  const oneSided = new Set(pairs.filter((p) => !p.a || !p.b).flatMap((p) => [p.a?.id ?? [], p.b?.id ?? []].flat()));
  const keys = [...ra.keys(), ...[...rb.keys()].filter((k) => !ra.has(k))];
  return keys.flatMap((key) => {
    const [rowA, rowB] = [ra.get(key), rb.get(key)];
    const row = (rowA ?? rowB) as CheckResult;
    if ((row.exchange !== null && oneSided.has(row.exchange)) || rowA?.status === rowB?.status) {
      return [];
    }
    return [
      {
        kind: "check-status" as const,
        scenario: row.scenario,
        step: row.step,
        check: row.id,
        a: rowSide(rowA, rowA?.exchange ?? null),
        b: rowSide(rowB, rowB?.exchange ?? null),
      },
    ];
  });
}

/** Every difference between run `a` and run `b`: each pair of exchanges in A's order, then the check rows, then what the callbacks carried. */
export function compareRuns(a: RunResult, b: RunResult, options: CompareOptions): Difference[] {
  const pairs = pairExchanges(a.exchanges, b.exchanges);
  const runs = [a, b] as const;
  return [...pairs.flatMap((pair) => exchangeDifferences(pair, options)), ...checkDifferences(runs, pairs), ...scenarioDifferences(runs, pairs, options)];
}

/** How many differences of each kind. */
export function countByKind(differences: readonly Difference[]): Record<DifferenceKind, number> {
  const counts = Object.fromEntries(DIFFERENCE_KINDS.map((k) => [k, 0])) as Record<DifferenceKind, number>;
  differences.forEach((d) => (counts[d.kind] += 1));
  return counts;
}

/** A comparison's exit code, as a bulk run's (reports/summary.ts): 1 if either run failed, else 2 if either could not be judged, else 0. */
export function worseExitCode(a: ExitCode, b: ExitCode): ExitCode {
  return a === 1 || b === 1 ? 1 : a === 2 || b === 2 ? 2 : 0;
}
