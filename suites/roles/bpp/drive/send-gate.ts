import type { HttpOutcome } from "../../../../protocol/http/post.js";

/**
 * Who is on the wire to the SUT (docs/rules.md "A SUT that goes down"). Requests share the wire;
 * a step marked `alone` waits until every request in flight has its answer, and holds back every
 * other request until it has its own, so a SUT that dies on it dies on it alone.
 */
export class SendGate {
  #inFlight = 0;
  /** Settles when the current exclusive request is done; undefined when there is none. */
  #exclusive: Promise<void> | undefined;
  #drained: (() => void)[] = [];

  /** Waits for a place on the wire beside other requests; call the returned function when answered. */
  async shared(): Promise<() => void> {
    while (this.#exclusive) {
      await this.#exclusive;
    }
    this.#inFlight += 1;
    return () => {
      this.#inFlight -= 1;
      if (this.#inFlight === 0) {
        this.#drained.splice(0).forEach((resume) => resume());
      }
    };
  }

  /** Waits until the wire is empty and keeps it so; call the returned function when answered. */
  async exclusive(): Promise<() => void> {
    while (this.#exclusive) {
      await this.#exclusive;
    }
    let done!: () => void;
    this.#exclusive = new Promise((resolve) => (done = resolve));
    if (this.#inFlight > 0) {
      await new Promise<void>((resume) => this.#drained.push(resume));
    }
    return () => {
      this.#exclusive = undefined;
      done();
    };
  }
}

/**
 * Tells when a SUT that had answered stops accepting connections, and names the request whose
 * accepted connection broke last before that: the one it went down on.
 */
export class SutLiveness {
  #answered = false;
  #broken: string | undefined;
  /** When the connection of `#broken` broke (epoch ms). */
  #brokenAt = Number.NEGATIVE_INFINITY;
  #down: string | undefined;

  /** Every outcome of a request to the SUT, with what that request was (`scenario/step`, the probe). */
  observe(outcome: HttpOutcome, request: string): void {
    if (outcome.kind === "response") {
      this.#answered = true;
    } else if (outcome.connected && outcome.failure !== "timeout" && outcome.failure !== "too-large") {
      this.#broken = request;
      this.#brokenAt = Date.now();
    } else if (outcome.failure === "refused" && this.#answered) {
      this.#down ??= `the SUT stopped accepting connections after ${this.#broken ?? "an earlier request"}; it was not judged after that`;
    }
  }

  /** The request whose accepted connection the SUT broke last, if that was at or after `since` (epoch ms). */
  brokenSince(since: number): string | undefined {
    return this.#brokenAt >= since ? this.#broken : undefined;
  }

  /** Why nothing more is sent to the SUT, once it went down. */
  get down(): string | undefined {
    return this.#down;
  }
}
