/**
 * A vitest reporter that closes the run with its slowest test files, so a slow test shows itself
 * (issue "Scale and speed": a slow test is a bug; any test over 20 s says why in a comment).
 */
import type { Reporter, TestModule } from "vitest/node";

const SHOWN = 10;

/** A file's own time: importing it and running its tests and hooks. */
const timeOf = (module: TestModule): number => module.diagnostic().collectDuration + module.diagnostic().duration;

export default class SlowestFiles implements Reporter {
  onTestRunEnd(modules: readonly TestModule[]): void {
    const slowest = [...modules].sort((a, b) => timeOf(b) - timeOf(a)).slice(0, SHOWN);
    if (slowest.length === 0) {
      return;
    }
    const lines = slowest.map((m) => `  ${(timeOf(m) / 1000).toFixed(1).padStart(6)} s  ${m.relativeModuleId}`);
    process.stdout.write(`\nSlowest test files (import + tests):\n${lines.join("\n")}\n`);
  }
}
