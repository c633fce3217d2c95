import type { EventEmitter } from "node:events";

/** Raised when a wait reaches its deadline with nothing matching. */
export class DeadlineError extends Error {
  readonly deadlineMs: number;

  constructor(message: string, deadlineMs: number) {
    super(message);
    this.name = "DeadlineError";
    this.deadlineMs = deadlineMs;
  }
}

export interface WaitSpec<T> {
  readonly emitter: EventEmitter;
  readonly event: string;
  readonly match: (value: T) => boolean;
  readonly deadlineMs: number;
  /** What was awaited, for the error at the deadline. */
  readonly what: string;
  /** A value that already arrived: resolves at once without listening. */
  readonly already?: T | undefined;
}

/**
 * Settles on the first matching event, or rejects at the deadline. Never polls, and removes its
 * listener and clears its timer either way.
 */
export function waitForEvent<T>(spec: WaitSpec<T>): Promise<T> {
  if (spec.already !== undefined) {
    return Promise.resolve(spec.already);
  }
  return new Promise<T>((resolve, reject) => {
    const onEvent = (value: T): void => {
      if (spec.match(value)) {
        cleanup();
        resolve(value);
      }
    };
    const timer = setTimeout(
      () => {
        cleanup();
        reject(new DeadlineError(`No ${spec.what} arrived within ${spec.deadlineMs} ms.`, spec.deadlineMs));
      },
      Math.max(0, spec.deadlineMs),
    );
    const cleanup = (): void => {
      clearTimeout(timer);
      spec.emitter.off(spec.event, onEvent);
    };
    spec.emitter.on(spec.event, onEvent);
  });
}
