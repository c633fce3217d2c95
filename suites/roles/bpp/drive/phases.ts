/**
 * When the probe phase runs (docs/rules.md "The probe phase"): once every functional scenario is
 * done or only watching its energy transfer, so no probe is on the wire beside a functional
 * request or its callback, yet the probes' quiet windows run during the transfers' own wait. A
 * functional step after a watch waits for the probe phase to end, so it is never beside a probe either.
 */
export class Phases {
  /** Functional scenarios still exchanging requests and callbacks. */
  #busy: number;
  #started = false;
  #ended = false;
  readonly #start: () => void;
  readonly #end: () => void;
  /** Settles when the probe phase may start. */
  readonly probesMayStart: Promise<void>;
  /** Settles when the probe phase has ended. */
  readonly probesEnded: Promise<void>;

  constructor(functionalScenarios: number) {
    this.#busy = functionalScenarios;
    let start!: () => void;
    let end!: () => void;
    this.probesMayStart = new Promise((resolve) => (start = resolve));
    this.probesEnded = new Promise((resolve) => (end = resolve));
    this.#start = () => {
      this.#started = true;
      start();
    };
    this.#end = () => {
      this.#ended = true;
      end();
    };
    if (functionalScenarios === 0) {
      this.#start();
    }
  }

  /** Whether the probe phase has started (and so a functional step must wait for its end). */
  get probesStarted(): boolean {
    return this.#started;
  }

  /** A functional scenario stops exchanging: it ended, or it only watches a transfer now. */
  idle(): void {
    this.#busy -= 1;
    if (this.#busy === 0 && !this.#started) {
      this.#start();
    }
  }

  /**
   * A functional scenario that was idle has more to send: at once while the probe phase has not
   * started (it holds the phase back again), else once the probe phase has ended.
   */
  async resume(): Promise<void> {
    if (this.#started && !this.#ended) {
      await this.probesEnded;
    }
    if (!this.#started) {
      this.#busy += 1;
    }
  }

  /** The probe phase is over. */
  probesDone(): void {
    if (!this.#started) {
      this.#start();
    }
    this.#end();
  }
}
