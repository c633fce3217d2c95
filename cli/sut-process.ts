/**
 * Starting the system under test for a run (`run --sut-command`, `run --sut-image`): start it with the
 * harness's URLs in its environment, wait until its port (from --target) accepts connections, and
 * stop it after the run, whatever happened. The SUT's output goes to `<out>/sut.log`.
 *
 * Environment given to the SUT:
 *   P2PC_REGISTRY_URL  the registry the harness uses (its own at http://<host>:<registry port>, or --registry-url)
 *   P2PC_GATEWAY_URL   the harness's gateway (BPP and BAP runs: the roles whose setup names a gateway port)
 *   P2PC_BAP_URI       the harness's callback receiver, the bap_uri of its requests (BPP runs: the roles that call back)
 *   P2PC_SUT_PORT      the port of --target, where the SUT is expected to listen
 */
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { HarnessError } from "../protocol/errors.js";
import type { RunConfig } from "../suites/core/config.js";
import { ROLE_SETUP } from "../suites/roles/catalogue.js";
import { parseDurationFlag } from "./durations.js";
import { STOP_GRACE_MS, startError, waitForPort, type SutAddress } from "./sut-port.js";

export interface SutFlags {
  readonly "sut-command"?: string | undefined;
  readonly "sut-image"?: string | undefined;
  readonly "sut-timeout"?: string | undefined;
}

/** A started SUT: the run config it was started for (ports fixed) and how to stop it. */
export interface StartedSut {
  readonly config: RunConfig;
  /** Where its output goes; absent when the harness started nothing. */
  readonly logPath?: string;
  stop(): Promise<void>;
}

export const DEFAULT_SUT_TIMEOUT_MS = 60_000;
export function addressOf(target: string): SutAddress {
  const url = new URL(target);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return { host, port: url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80 };
}

/** A port nothing listens on at `host`: bound, then released. */
export async function freePort(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, resolve);
  });
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A URL the SUT can reach the harness at, for a bind address (an unspecified one means loopback). */
function reachable(host: string, port: number): string {
  const name = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return `http://${name.includes(":") ? `[${name}]` : name}:${port}`;
}

/**
 * Fixes the ports the SUT must know before the run starts (registry, gateway, callback receiver:
 * otherwise ephemeral) and returns the environment that tells the SUT the harness's URLs.
 */
export async function sutEnvironment(config: RunConfig): Promise<{ config: RunConfig; env: Record<string, string> }> {
  const registryPort = config.registryUrl || config.registryPort !== 0 ? config.registryPort : await freePort(config.host);
  const setup = ROLE_SETUP[config.role];
  const gatewayPort = config.gatewayPort ?? (setup.gatewayPort === "free" ? await freePort(config.host) : setup.gatewayPort);
  const callbackPort = config.callbackPort ?? (setup.callsBack ? await freePort(config.host) : undefined);
  const fixed: RunConfig = {
    ...config,
    registryPort,
    ...(gatewayPort === undefined ? {} : { gatewayPort }),
    ...(callbackPort === undefined ? {} : { callbackPort }),
  };
  const env: Record<string, string> = {
    P2PC_REGISTRY_URL: config.registryUrl?.replace(/\/+$/, "") ?? reachable(config.host, registryPort),
    ...(fixed.gatewayPort === undefined ? {} : { P2PC_GATEWAY_URL: reachable(config.host, fixed.gatewayPort) }),
    ...(setup.callsBack && callbackPort !== undefined ? { P2PC_BAP_URI: config.publicUrl ?? reachable(config.host, callbackPort) } : {}),
    ...(config.target ? { P2PC_SUT_PORT: String(addressOf(config.target).port) } : {}),
  };
  return { config: fixed, env };
}

function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Stops a process group: SIGTERM, then SIGKILL to whatever is left after the grace period. */
async function stopGroup(pid: number, graceMs: number): Promise<void> {
  if (!signalGroup(pid, "SIGTERM")) {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && signalGroup(pid, 0)) {
    await delay(50);
  }
  signalGroup(pid, "SIGKILL");
}

/**
 * Spawns `command` through the shell, in a process group of its own so that stopping it stops
 * everything it started; its stdout and stderr go to `logPath`. Resolves once `address` accepts
 * connections. If the harness exits first, the group is killed on the way out.
 */
export async function startSutProcess(
  command: string,
  address: SutAddress,
  opts: { env: Record<string, string>; logPath: string; timeoutMs: number; graceMs?: number },
): Promise<{ stop(): Promise<void> }> {
  const log = openSync(opts.logPath, "a");
  const child = spawn(command, { shell: true, detached: true, stdio: ["ignore", log, log], env: { ...process.env, ...opts.env } });
  closeSync(log);
  let exit: string | undefined;
  let spawnError: string | undefined;
  child.once("error", (error) => (spawnError = error.message));
  child.once("exit", (code, signal) => (exit = signal ? `was ended by ${signal}` : `exited with code ${code ?? "?"}`));
  const pid = child.pid;
  const killOnExit = () => void (pid !== undefined && signalGroup(pid, "SIGKILL"));
  process.once("exit", killOnExit);
  const stop = async () => {
    process.removeListener("exit", killOnExit);
    if (pid !== undefined) {
      await stopGroup(pid, opts.graceMs ?? STOP_GRACE_MS);
    }
  };
  const what = `The SUT command \`${command}\``;
  try {
    if (pid === undefined) {
      startError(`${what} could not be started: ${spawnError ?? "no process"}.`);
    }
    await waitForPort(address, what, opts.timeoutMs, () => (spawnError ? `could not be started (${spawnError})` : exit), opts.logPath);
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop };
}

/**
 * Starts the SUT that --sut-command or --sut-image names, for a run against --target; with neither,
 * starts nothing. On Ctrl-C or SIGTERM the SUT is stopped before the harness exits.
 */
export async function startSut(config: RunConfig, flags: SutFlags, outDir: string, out: (line: string) => void): Promise<StartedSut> {
  const command = flags["sut-command"];
  const image = flags["sut-image"];
  if (command === undefined && image === undefined) {
    return { config, stop: async () => undefined };
  }
  if (command !== undefined && image !== undefined) {
    throw new HarnessError("P2PC_ERR_USAGE", "--sut-command and --sut-image exclude each other: give one way to start the SUT.");
  }
  if (!config.target) {
    throw new HarnessError(
      "P2PC_ERR_USAGE",
      `--${command !== undefined ? "sut-command" : "sut-image"} needs --target (with --sut-id and --sut-key): the harness waits for the SUT at that URL's port.`,
    );
  }
  const timeoutMs = parseDurationFlag("sut-timeout", flags["sut-timeout"], DEFAULT_SUT_TIMEOUT_MS);
  const { config: fixed, env } = await sutEnvironment(config);
  mkdirSync(outDir, { recursive: true });
  const logPath = join(outDir, "sut.log");
  const address = addressOf(config.target);
  out(`Starting the SUT (${command !== undefined ? `command: ${command}` : `image: ${image}`}), waiting for port ${address.port}…`);
  const started =
    command !== undefined
      ? await startSutProcess(command, address, { env, logPath, timeoutMs })
      : await (await import("./sut-container.js")).startSutContainer(String(image), address, { env, logPath, timeoutMs });
  const onSignal = (signal: NodeJS.Signals) => void started.stop().finally(() => process.kill(process.pid, signal));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return {
    config: fixed,
    logPath,
    stop: async () => {
      process.removeListener("SIGINT", onSignal);
      process.removeListener("SIGTERM", onSignal);
      await started.stop();
      out(`SUT stopped; its output: ${logPath}`);
    },
  };
}
