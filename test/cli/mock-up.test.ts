import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, test } from "vitest";
import { CLI } from "../support/cli.js";

/** Reads the child's stdout until `pattern` appears, or fails at the deadline saying what it printed on both streams. */
function waitForOutput(child: ReturnType<typeof spawn>, pattern: RegExp, deadlineMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    let errors = "";
    child.stderr?.on("data", (chunk: Buffer) => (errors += chunk.toString("utf8")));
    const timer = setTimeout(() => {
      child.stdout?.off("data", onData);
      reject(new Error(`no ${String(pattern)} within ${deadlineMs} ms; stdout:\n${text}\nstderr:\n${errors}`));
    }, deadlineMs);
    const onData = (chunk: Buffer): void => {
      text += chunk.toString("utf8");
      if (pattern.test(text)) {
        clearTimeout(timer);
        child.stdout?.off("data", onData);
        resolve(text);
      }
    };
    child.stdout?.on("data", onData);
  });
}

describe("p2p-conformance mock up", () => {
  test("starts every server, prints URLs, ids and keys, serves lookups, and stops on SIGINT with exit 0", async () => {
    const ports = ["registry", "gateway", "bap", "bpp", "grid"].flatMap((name) => [`--${name}-port`, "0"]);
    const child = spawn(process.execPath, [...CLI, "mock", "up", ...ports], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      // Starting tsx and five servers takes a second or two; the deadline leaves room for a loaded CI machine.
      const text = await waitForOutput(child, /^grid .*$/m, 60_000);
      const registryUrl = /^registry\s+(http:\/\/\S+)\s+(\S+)\s+(\S+)$/m.exec(text);
      expect(registryUrl?.[1]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(text).toMatch(/^bpp\s+http:\/\/127\.0\.0\.1:\d+\s+bpp\.p2p-conformance\.local\s+[A-Za-z0-9+/]{43}=$/m);
      const lookup = await fetch(`${registryUrl?.[1]}/lookup`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
      const entries = (await lookup.json()) as { subscriber_id: string }[];
      expect(entries.map((e) => e.subscriber_id).sort()).toEqual(["bap.p2p-conformance.local", "bpp.p2p-conformance.local", "gateway.p2p-conformance.local"]);
      child.kill("SIGINT");
      const [code] = (await once(child, "exit")) as [number | null];
      expect(code).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
  }, 90_000);
});
