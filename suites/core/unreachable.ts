import type { HttpOutcome } from "../../protocol/http/post.js";

/**
 * Why the harness could not judge (the run exits 2): the target refused its first connection, or its
 * name did not resolve. Any other first outcome (an answer, a timeout, a reset) is the SUT's to answer for.
 */
export function unreachableBy(url: string, first: HttpOutcome | undefined): string | undefined {
  if (first?.kind !== "failure" || (first.failure !== "refused" && first.failure !== "dns")) {
    return undefined;
  }
  return `${url} ${first.failure === "dns" ? "does not resolve" : "refused the first connection"}: ${first.detail}`;
}
