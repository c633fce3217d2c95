/**
 * The conformance suite's vitest runner (vitest's `runner` option, set by cli/vitest-run.ts): vitest's own
 * runner, which also lends the suite a way to send the run's progress to the main process while the
 * suite's module is being collected (the suite runs then, before any test exists): an update of the module's
 * task whose meta carries the event (`p2pcProgress`, suites/run-channel.ts).
 */
import { TestRunner, type RunnerTestFile, type VitestTestRunner } from "vitest";
import { PROGRESS_CHANNEL, type ProgressChannel } from "./run-channel.js";

export default class ConformanceRunner extends TestRunner {
  /** vitest sets it on every runner: it sends task updates to the main process. */
  declare onTaskUpdate?: VitestTestRunner["onTaskUpdate"];

  override onCollectStart(file: RunnerTestFile): void {
    // allure-vitest loads this runner with Node's import and the suite through vitest's, so they share no
    // module: the channel is handed over on globalThis.
    const channel: ProgressChannel = (event) => void this.onTaskUpdate?.([[file.id, file.result, { ...file.meta, p2pcProgress: event }]], []);
    (globalThis as { [PROGRESS_CHANNEL]?: ProgressChannel })[PROGRESS_CHANNEL] = channel;
    super.onCollectStart(file);
  }
}
