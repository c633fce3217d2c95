/** Waiting for a started SUT to listen: shared by the process and the container starters. */
import { connect } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { HarnessError } from "../protocol/errors.js";

/** Where the SUT waits to be reached: a host and port from its --target URL. */
export interface SutAddress {
  readonly host: string;
  readonly port: number;
}

/** Between SIGTERM and SIGKILL. */
export const STOP_GRACE_MS = 5000;

export function startError(message: string): never {
  throw new HarnessError("P2PC_ERR_SUT_START", message);
}

function connects({ host, port }: SutAddress): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/**
 * Resolves once `address` accepts a TCP connection; rejects with P2PC_ERR_SUT_START when `exited`
 * reports that the SUT stopped first, or at the deadline. Tries every 100 ms.
 */
export async function waitForPort(address: SutAddress, what: string, timeoutMs: number, exited: () => string | undefined, logPath?: string): Promise<void> {
  const output = logPath ? ` Its output: ${logPath}` : "";
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await connects(address)) {
      return;
    }
    const stopped = exited();
    if (stopped !== undefined) {
      startError(`${what} ${stopped} before port ${address.port} on ${address.host} accepted a connection.${output}`);
    }
    if (Date.now() >= deadline) {
      startError(`${what} did not listen on port ${address.port} on ${address.host} within ${timeoutMs / 1000} s (--sut-timeout).${output}`);
    }
    await delay(100);
  }
}
