import type { PlannedCallback } from "./types.js";

export interface Dispatcher {
  /**
   * Sends the callbacks in order, each after its delay, then runs `after`. Callbacks with the
   * same key (one transaction) go out one after another, in the order they were dispatched.
   */
  dispatch(key: string, callbacks: readonly PlannedCallback[], after?: () => void): Promise<void>;
  /** Resolves when nothing is being sent or waiting to be sent. */
  idle(): Promise<void>;
  /** Cancels every waiting callback, drops what is dispatched later, and waits for sends in flight. */
  close(): Promise<void>;
}

/**
 * Sends planned callbacks through an injected `send`: the only way the BPP's engine reaches the
 * network. Every delay is a tracked timer that `close()` clears.
 */
export function createDispatcher(send: (callback: PlannedCallback) => Promise<unknown>, onError: (error: unknown) => void = () => undefined): Dispatcher {
  return new CallbackDispatcher(send, onError);
}

class CallbackDispatcher implements Dispatcher {
  readonly #chains = new Map<string, Promise<void>>();
  readonly #waits = new Map<NodeJS.Timeout, () => void>();
  #closed = false;

  constructor(
    private readonly send: (callback: PlannedCallback) => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  dispatch(key: string, callbacks: readonly PlannedCallback[], after?: () => void): Promise<void> {
    if (this.#closed) {
      return Promise.resolve();
    }
    const previous = this.#chains.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.#run(callbacks, after));
    this.#chains.set(key, next);
    void next.then(() => {
      if (this.#chains.get(key) === next) {
        this.#chains.delete(key);
      }
    });
    return next;
  }

  async idle(): Promise<void> {
    while (this.#chains.size > 0) {
      await Promise.all([...this.#chains.values()]);
      await Promise.resolve();
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const [handle, resolve] of this.#waits) {
      clearTimeout(handle);
      resolve();
    }
    this.#waits.clear();
    await Promise.all([...this.#chains.values()]);
  }

  #wait(ms: number): Promise<void> {
    if (this.#closed) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const handle = setTimeout(() => {
        this.#waits.delete(handle);
        resolve();
      }, ms).unref();
      this.#waits.set(handle, resolve);
    });
  }

  async #run(callbacks: readonly PlannedCallback[], after?: () => void): Promise<void> {
    for (const callback of callbacks) {
      if (callback.delayMs && callback.delayMs > 0) {
        await this.#wait(callback.delayMs);
      }
      if (this.#closed) {
        return;
      }
      await Promise.resolve()
        .then(() => this.send(callback))
        .catch(this.onError);
    }
    if (this.#closed || !after) {
      return;
    }
    try {
      after();
    } catch (error) {
      this.onError(error);
    }
  }
}
