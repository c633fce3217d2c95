import type { Exchange } from "../../results/index.js";

/** An exchange of the happy path for a writer's tests: `step` names its action and URL; the request is whatever the test gives. */
export const writerExchange = (
  id: string,
  step: string,
  request: Omit<Exchange["request"], "url">,
  response: Exchange["response"],
  callbacks: Exchange["callbacks"] = [],
): Exchange => ({
  id,
  scenario: "happy-path",
  step,
  action: step,
  expectation: "callback",
  viaGateway: false,
  ttlMs: 10_000,
  request: { url: `https://sut.example/bpp/${step}`, ...request },
  response,
  callbacks,
});
