import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/**
 * The reference BPP in a process of its own (`p2p-conformance mock bpp`), so a benchmark can tell
 * the harness's time and memory from the SUT's: its CPU time is read from /proc.
 */
export interface ChildBpp {
  readonly url: string;
  readonly subscriberId: string;
  readonly publicKey: string;
  /** CPU time (user + system) the BPP process has used so far, in ms; undefined where /proc is absent. */
  cpuMs(): number | undefined;
  stop(): Promise<void>;
}

const CLOCK_TICKS_PER_SECOND = 100;

function cpuOf(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** A port free right now on loopback: the registry the child BPP is told about listens there later. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startChildBpp(registryUrl: string): Promise<ChildBpp> {
  const main = fileURLToPath(new URL("../cli/main.ts", import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", main, "mock", "bpp", "--registry-url", registryUrl, "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the child BPP did not start within 30 s")), 30_000);
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on("line", (text) => {
      if (text.startsWith("bpp ")) {
        clearTimeout(timer);
        resolve(text);
      }
    });
    child.once("exit", (code) => reject(new Error(`the child BPP exited with ${code}`)));
  });
  const [, url = "", subscriberId = "", publicKey = ""] = line.split(" ");
  return {
    url,
    subscriberId,
    publicKey,
    cpuMs: () => cpuOf(child.pid),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
