/**
 * Progress of a run, for the CLI's progress line: the scenario in hand, steps done, checks judged.
 * A run reports through one module-level sink (a no-op unless someone listens), so runners,
 * the self-tests and load mode need no extra parameter. Inside vitest the suite's runner
 * (suites/conformance.runner.ts) sends each event to the main process on the module's task meta.
 */
export interface ProgressEvent {
  /** `steps`: exchanges are being made; `judging`: checks are running over them. */
  readonly phase: "steps" | "judging";
  /** The scenario whose step just finished (phase `steps`). */
  readonly scenario?: string;
  readonly done: number;
  readonly total: number;
}

type Sink = (event: ProgressEvent) => void;

let sink: Sink = () => undefined;

export function setProgressSink(next: Sink): void {
  sink = next;
}

export function reportProgress(event: ProgressEvent): void {
  try {
    sink(event);
  } catch {
    // progress is cosmetic: it never breaks a run
  }
}

/** A counter that reports each step done out of a known total. */
export function stepCounter(total: number): (scenario: string) => void {
  let done = 0;
  return (scenario) => reportProgress({ phase: "steps", scenario, done: ++done, total });
}
