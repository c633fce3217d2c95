/**
 * The bench's one table: each figure of issue 17's part 2 beside its baseline measured in the same
 * run, the ratio or margin between them, the goal, and whether the goal was met. Rows come from the
 * benches as data, so a bench of another file (the waits) plugs in as rows of the same shape.
 */
export interface BenchRow {
  readonly figure: string;
  readonly ours: string;
  readonly baseline: string;
  /** ours ÷ baseline for throughputs, ours − baseline for times; "—" where the goal is absolute. */
  readonly margin: string;
  readonly goal: string;
  /** undefined: a figure shown for information, with no goal of its own. */
  readonly pass: boolean | undefined;
  /** The raw numbers behind the row, written to bench.json. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** One figure of the waits bench (bench/waits.bench.ts): a run's wall time against its bound. */
export interface WaitFigure {
  readonly name: string;
  readonly wallMs: number;
  /** The goal: the forced waits plus their slack (e.g. the longest forced wait + 1 s). */
  readonly boundMs: number;
  /** What the protocol forces the run to wait (a transfer's compressed clock, a quiet window, a ttl). */
  readonly forcedWaitMs: number;
  readonly note?: string;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const perSecond = (n: number): string => `${Math.round(n).toLocaleString("en-US")}/s`;

/** A run bounded by the protocol's waits: ours is its wall time, the baseline what the protocol forces. */
export function waitRow(figure: WaitFigure): BenchRow {
  return {
    figure: figure.name,
    ours: seconds(figure.wallMs),
    baseline: `forced waits ${seconds(figure.forcedWaitMs)}`,
    margin: `+${seconds(figure.wallMs - figure.forcedWaitMs)}`,
    goal: `≤ ${seconds(figure.boundMs)}`,
    pass: figure.wallMs <= figure.boundMs,
    raw: { ...figure },
  };
}

/** A throughput against its baseline's: the goal is a least ratio. */
export function ratioRow(
  figure: string,
  ours: { readonly name: string; readonly perSecond: number },
  baseline: { readonly name: string; readonly perSecond: number },
  least: number | undefined,
): BenchRow {
  const ratio = ours.perSecond / baseline.perSecond;
  return {
    figure,
    ours: `${ours.name} ${perSecond(ours.perSecond)}`,
    baseline: `${baseline.name} ${perSecond(baseline.perSecond)}`,
    margin: `${ratio.toFixed(2)}×`,
    goal: least === undefined ? "—" : `≥ ${least.toFixed(2)}×`,
    pass: least === undefined ? undefined : ratio >= least,
    raw: { oursPerSecond: ours.perSecond, baselinePerSecond: baseline.perSecond, ratio },
  };
}

const PASS_TEXT = (pass: boolean | undefined): string => (pass === undefined ? "—" : pass ? "PASS" : "MISS");
const COLUMNS = ["figure", "ours", "baseline", "ratio or margin", "goal", "PASS/MISS"] as const;

/** The rows as a Markdown table (readable in a terminal, pastable into a note). */
export function formatTable(rows: readonly BenchRow[]): string {
  const cells = rows.map((r) => [r.figure, r.ours, r.baseline, r.margin, r.goal, PASS_TEXT(r.pass)]);
  const widths = COLUMNS.map((title, i) => Math.max(title.length, ...cells.map((c) => (c[i] ?? "").length)));
  const line = (values: readonly string[]): string => `| ${values.map((v, i) => v.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(COLUMNS), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}
