import type { ProgressEvent } from "../suites/core/progress.js";

export interface ProgressOptions {
  /** A terminal that can redraw one line: `process.stdout.isTTY` and no `CI`. */
  readonly interactive: boolean;
  readonly write: (text: string) => void;
  readonly now?: () => number;
}

export interface ProgressDisplay {
  readonly show: (event: ProgressEvent) => void;
  /** Ends the live line so the summary starts on a fresh one. */
  readonly end: () => void;
}

/** Whether stdout can take a redrawn progress line (DESIGN: plain output when not a TTY or CI is set). */
export function isInteractive(stream: { isTTY?: boolean } = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env["CI"];
}

function line(event: ProgressEvent, seconds: string, label: string): string {
  return event.phase === "steps"
    ? `${label}[${seconds} s] steps ${event.done}/${event.total} · scenario ${event.scenario ?? "?"}`
    : `${label}[${seconds} s] checks ${event.done}/${event.total} judged`;
}

/**
 * The run's progress: on a terminal one line redrawn in place; otherwise a plain line at each tenth
 * of the steps and of the checks, so CI logs stay short and readable.
 */
export function createProgress(label: string, { interactive, write, now = Date.now }: ProgressOptions): ProgressDisplay {
  const started = now();
  let live = false;
  const printedTenths = new Map<ProgressEvent["phase"], number>();
  return {
    show(event) {
      const text = line(event, ((now() - started) / 1000).toFixed(1), label);
      if (interactive) {
        write(`\r\u001b[2K${text}`);
        live = true;
        return;
      }
      const tenths = Math.floor((event.done * 10) / Math.max(event.total, 1));
      if (tenths > (printedTenths.get(event.phase) ?? 0)) {
        printedTenths.set(event.phase, tenths);
        write(`${text}\n`);
      }
    },
    end() {
      if (live) {
        write("\r\u001b[2K");
        live = false;
      }
    },
  };
}
