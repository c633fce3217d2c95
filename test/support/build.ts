/**
 * vitest's global setup of the harness's tests: brings dist/ up to date with the sources (`npm run build`,
 * incremental: a no-op build takes about 2 s), so the CLI tests run `p2p-conformance` as a user does, from
 * the built package (test/support/cli.ts `CLI`), and never a stale one.
 */
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export default function buildOnce(): void {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const root = fileURLToPath(new URL("../..", import.meta.url));
  try {
    execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`The build the CLI tests run (tsc -p tsconfig.build.json) failed:\n${stdout}${stderr}`, { cause: error });
  }
}
