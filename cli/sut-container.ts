/**
 * `run --sut-image`: the SUT as a container, started with testcontainers on the host network (so
 * it reaches the harness on loopback and the harness reaches it at --target), with the harness's
 * URLs in its environment (see sut-process.ts). Its output goes to `<out>/sut.log`.
 *
 * testcontainers reads two settings at import time, set here when the user has not:
 * TESTCONTAINERS_RYUK_DISABLED=true (no Ryuk image can be pulled; the harness removes its container
 * itself) and TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 (otherwise, on a machine that looks like a
 * container, it looks for a bridge network that does not exist). DOCKER_HOST says where dockerd is.
 */
import { createWriteStream } from "node:fs";
import type { Readable } from "node:stream";
import { HarnessError } from "../protocol/errors.js";
import { STOP_GRACE_MS, waitForPort, type SutAddress } from "./sut-port.js";

function setDefault(name: string, value: string): void {
  if (process.env[name] === undefined) {
    process.env[name] = value;
  }
}

/** The first line of an error, without the stack: dockerode's messages can run long. */
function reason(error: unknown): string {
  const line = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
  return line.trim().replace(/\.$/, "") || "unknown error";
}

/**
 * Starts `image` with the host network and `env`, waits until `address` accepts connections, and
 * returns how to stop (and remove) it. Throws P2PC_ERR_SUT_START naming the image when docker cannot
 * be reached, the image cannot be started, or it stops or never listens.
 */
export async function startSutContainer(
  image: string,
  address: SutAddress,
  opts: { env: Record<string, string>; logPath: string; timeoutMs: number },
): Promise<{ stop(): Promise<void> }> {
  setDefault("TESTCONTAINERS_RYUK_DISABLED", "true");
  setDefault("TESTCONTAINERS_HOST_OVERRIDE", "127.0.0.1");
  const { GenericContainer } = await import("testcontainers");
  const log = createWriteStream(opts.logPath, { flags: "a" });
  let ended: string | undefined;
  const what = `The SUT image ${image}`;
  let container;
  try {
    container = await new GenericContainer(image)
      .withNetworkMode("host")
      .withEnvironment(opts.env)
      .withStartupTimeout(opts.timeoutMs)
      .withLogConsumer((stream: Readable) => {
        stream.pipe(log, { end: false });
        stream.once("end", () => (ended = "stopped"));
      })
      .start();
  } catch (error) {
    log.end();
    throw new HarnessError(
      "P2PC_ERR_SUT_START",
      `${what} could not be started: ${reason(error)}. Is dockerd running (DOCKER_HOST=${process.env["DOCKER_HOST"] ?? "unset"}) and the image built locally?`,
    );
  }
  const started = container;
  const stop = async () => {
    await started.stop({ timeout: STOP_GRACE_MS, remove: true }).catch(() => undefined);
    log.end();
  };
  try {
    await waitForPort(address, what, opts.timeoutMs, () => ended, opts.logPath);
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop };
}
