import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { EventEmitter } from "node:events";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";

/**
 * Counts every HTTP request that any server of this process receives, by the port it listens on,
 * through Node's `http.server.request.start` diagnostics channel: the mocks are not touched, and
 * a request one mock sends another (or itself) is counted like any other.
 */
export class Traffic {
  readonly events = new EventEmitter();
  readonly #names = new Map<number, string>();
  readonly #counts = new Map<string, number>();
  #total = 0;
  #lastAt = performance.now();
  readonly #listener = (message: unknown): void => {
    const port = ((message as { server?: Server }).server?.address() as AddressInfo | null)?.port;
    const name = (port !== undefined ? this.#names.get(port) : undefined) ?? `port ${String(port)}`;
    this.#counts.set(name, (this.#counts.get(name) ?? 0) + 1);
    this.#total += 1;
    this.#lastAt = performance.now();
    this.events.emit("request", name);
  };

  constructor() {
    subscribe("http.server.request.start", this.#listener);
  }

  /** Names the server that listens at `url`, for the counts. */
  name(url: string, name: string): void {
    this.#names.set(Number(new URL(url).port), name);
  }

  get total(): number {
    return this.#total;
  }

  /** Requests received so far, by server. */
  counts(): Record<string, number> {
    return Object.fromEntries(this.#counts);
  }

  /**
   * Resolves once no server has received a request for `quietMs`, or rejects at `deadlineMs` with
   * the counts: a loop never goes quiet. Event-driven: every request restarts the quiet timer.
   */
  quiet(quietMs: number, deadlineMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const arm = (): void => {
        clearTimeout(timer);
        timer = setTimeout(done, Math.max(0, quietMs - (performance.now() - this.#lastAt)));
      };
      const done = (): void => {
        cleanup();
        resolve();
      };
      const deadline = setTimeout(() => {
        cleanup();
        reject(new Error(`The servers were not quiet for ${quietMs} ms within ${deadlineMs} ms; requests so far: ${JSON.stringify(this.counts())}`));
      }, deadlineMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        clearTimeout(deadline);
        this.events.off("request", arm);
      };
      this.events.on("request", arm);
      arm();
    });
  }

  close(): void {
    unsubscribe("http.server.request.start", this.#listener);
  }
}
