/** What the CLI tests share: running the command without blocking, free ports, the report schema. */
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import * as addFormatsModule from "ajv-formats";
import reportSchema from "../../reports/report.schema.json" with { type: "json" };

/**
 * `p2p-conformance` as a user runs it: the built package's bin (dist/cli/main.js), which test/support/build.ts
 * brings up to date with the sources before any test runs. Spawning the built JavaScript rather than the
 * sources through tsx saves each process (and each run's vitest worker) its TypeScript loader.
 */
export const CLI: readonly string[] = [fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url))];

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `p2p-conformance <args>` from the sources in a child process, without blocking this one (a
 * SUT the test serves must keep answering); the child is killed at `timeoutMs`.
 */
export function runCli(args: readonly string[], timeoutMs = 110_000): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** A loopback port nothing listens on: bound, then released. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormatsModule.default.default(ajv);

/** report.json's own schema (reports/report.schema.json), compiled once. */
export const validateReport = ajv.compile(reportSchema);

/** A long-running `p2p-conformance <args>` (a mock, `observe`) as a child process. */
export interface RunningCli {
  /** Everything it printed to stdout so far. */
  stdout(): string;
  /** Sends `signal` and settles with how it ended. */
  stop(signal?: NodeJS.Signals): Promise<CliResult>;
  /** Settles when it ends, by itself or stopped. */
  readonly ended: Promise<CliResult>;
}

/**
 * Starts `p2p-conformance <args>` and resolves once its stdout contains `ready` (a mock's first line,
 * observe's banner); rejects with what it printed when it does not within `timeoutMs`, or ends first.
 */
export function startCli(args: readonly string[], ready: string | RegExp, timeoutMs = 60_000): Promise<RunningCli> {
  const child = spawn(process.execPath, [...CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const ended = new Promise<CliResult>((resolve) => child.on("close", (status) => resolve({ status, stdout, stderr })));
  const running: RunningCli = {
    stdout: () => stdout,
    stop: (signal = "SIGTERM") => {
      child.kill(signal);
      return ended;
    },
    ended,
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${args.slice(0, 2).join(" ")} was not ready within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    const isReady = (): boolean => (typeof ready === "string" ? stdout.includes(ready) : ready.test(stdout));
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      if (isReady()) {
        clearTimeout(timer);
        resolve(running);
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    void ended.then((r) => {
      clearTimeout(timer);
      reject(new Error(`${args.slice(0, 2).join(" ")} ended (exit ${String(r.status)}) before it was ready:\n${r.stdout}\n${r.stderr}`));
    });
  });
}
