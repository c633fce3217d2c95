/**
 * What every role's network shares: one stack of things to close (what a run started, stopped in
 * reverse), and the system under test as `--target` names it.
 */
import { HarnessError } from "../../protocol/errors.js";
import type { Sut } from "../../results/index.js";
import type { RunConfig } from "./config.js";

/** The subscriber ids of the harness's own BAP and gateway, in every role's network. */
export const HARNESS_BAP_ID = "bap.harness.p2p-conformance.local";
export const HARNESS_GATEWAY_ID = "gateway.harness.p2p-conformance.local";

export type Closer = () => Promise<unknown>;

/**
 * What a network started, closed once, last started first. Closing again does nothing; a closer that
 * fails does not stop the others (a run's end must free every port it took).
 */
export class Closers {
  readonly #stack: Closer[] = [];

  /** Adds what to close, in the order the things were started. */
  push(...closers: Closer[]): void {
    this.#stack.push(...closers);
  }

  /** Closes everything pushed so far, in reverse; safe to call more than once. */
  readonly close = async (): Promise<void> => {
    for (const closer of this.#stack.splice(0).reverse()) {
      await closer().catch(() => undefined);
    }
  };

  /**
   * Starts a network with `start`, which pushes what it starts here: if it throws, what it had
   * started is closed before the error goes on.
   */
  static async starting<T>(start: (closers: Closers) => Promise<T>): Promise<T> {
    const closers = new Closers();
    try {
      return await start(closers);
    } catch (error) {
      await closers.close();
      throw error;
    }
  }
}

/**
 * The system under test as `--target`, `--sut-id`, `--sut-key` and `--sut-key-id` name it. The CLI
 * checks the three are given together (cli/run-config.ts); a caller that skipped it gets the same
 * usage error.
 */
export function externalSut(config: RunConfig): Sut {
  if (!config.target || !config.sutId || !config.sutKey) {
    throw new HarnessError("P2PC_ERR_USAGE", "A run against --target needs --sut-id and --sut-key.");
  }
  return {
    url: config.target.replace(/\/+$/, ""),
    subscriberId: config.sutId,
    publicKey: config.sutKey,
    ...(config.sutKeyId ? { uniqueKeyId: config.sutKeyId } : {}),
    embedded: false,
  };
}
