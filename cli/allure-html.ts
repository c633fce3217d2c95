/**
 * `run --allure-html`: builds the Allure HTML report of a run from `<out>/allure-results` into
 * `<out>/allure-report` with the Allure 3 command line (`allure generate`, package `allure`, found
 * the way Node resolves packages from here: this package's node_modules or the project's that
 * installed it). A failure is reported as a sentence, never thrown: the verdict stands either way.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";

/** Bound on `allure generate`: it takes seconds for a run's results. */
export const ALLURE_TIMEOUT_MS = 120_000;

export type AllureHtmlResult = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string };

/** The Allure 3 command line's script, or undefined when the `allure` package is not installed. */
export function allureCli(): string | undefined {
  try {
    const main = createRequire(import.meta.url).resolve("allure");
    const cli = join(dirname(dirname(main)), "cli.js");
    return existsSync(cli) ? cli : undefined;
  } catch {
    return undefined;
  }
}

function run(cli: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
    let output = "";
    const collect = (chunk: Buffer) => void (output = (output + chunk.toString("utf8")).slice(-4000));
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const timer = setTimeout(() => {
      output += `\n(stopped after ${timeoutMs / 1000} s)`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      done({ code: null, output: error.message });
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

/** The last meaningful line of a tool's output, for an error sentence. */
function lastLine(output: string): string {
  const lines = output
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.at(-1) ?? "no output";
}

/** Builds `<outDir>/allure-report/index.html` from `<outDir>/allure-results`. */
export async function buildAllureHtml(outDir: string, opts: { cli?: string | undefined; timeoutMs?: number } = {}): Promise<AllureHtmlResult> {
  const cli = "cli" in opts ? opts.cli : allureCli();
  if (cli === undefined) {
    return { ok: false, reason: "the Allure 3 command line is not installed (npm install --save-dev allure@3)" };
  }
  const dir = resolve(outDir);
  const results = join(dir, "allure-results");
  if (!existsSync(results) || readdirSync(results).length === 0) {
    return { ok: false, reason: `there are no Allure results in ${results}` };
  }
  const report = join(dir, "allure-report");
  const { code, output } = await run(cli, ["generate", results, "--output", report, "--cwd", dir], dir, opts.timeoutMs ?? ALLURE_TIMEOUT_MS);
  if (code !== 0) {
    return { ok: false, reason: `allure generate ${code === null ? "did not finish" : `exited with code ${code}`}: ${lastLine(output)}` };
  }
  const index = join(report, "index.html");
  return existsSync(index) ? { ok: true, path: index } : { ok: false, reason: `allure generate wrote no ${index}` };
}

/** `run --allure-html`: builds the report and prints its path, or why it could not be built. */
export async function printAllureHtml(outDir: string, out: (line: string) => void): Promise<void> {
  const built = await buildAllureHtml(outDir);
  out(built.ok ? `allure report: ${built.path}` : `error: the Allure HTML report was not built: ${built.reason}.`);
}
