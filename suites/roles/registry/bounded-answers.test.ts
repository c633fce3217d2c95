import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, test } from "vitest";
import { startRegistry, type RunningRegistry } from "../../../mocks/registry/index.js";
import { DEFAULT_RUN } from "../../core/config.js";
import { runSuite } from "../../core/run-suite.js";
import { KEYS_STEP } from "./checks/read.js";
import { REGISTRY_SUITE } from "./suite.js";

/** Far deeper than the bounded parser takes (MAX_JSON_DEPTH), and than JSON.stringify survives once parsed. */
const DEPTH = 200_000;
const TOO_DEEP = `${"[".repeat(DEPTH)}${"]".repeat(DEPTH)}`;

let front: Server | undefined;
let registry: RunningRegistry | undefined;
afterEach(async () => {
  front?.closeAllConnections();
  await new Promise((resolve) => front?.close(resolve) ?? resolve(undefined));
  await registry?.close();
});

/** The mock registry behind a front that answers `GET /` with JSON nested DEPTH levels deep. */
async function registryWithDeepKeys(): Promise<{ target: string; sutId: string; sutKey: string }> {
  const running = await startRegistry({ host: "127.0.0.1", port: 0 });
  registry = running;
  front = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (req.method === "GET" && req.url === "/") {
        res.writeHead(200, { "content-type": "application/json" }).end(TOO_DEEP);
        return;
      }
      void fetch(`${running.url}${req.url ?? "/"}`, {
        method: req.method ?? "POST",
        headers: { "content-type": "application/json" },
        body: Buffer.concat(chunks),
      }).then(async (answer) => {
        res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" }).end(await answer.text());
      });
    });
  });
  await new Promise<void>((resolve) => front?.listen(0, "127.0.0.1", resolve));
  return { target: `http://127.0.0.1:${(front.address() as AddressInfo).port}`, sutId: running.info.subscriber_id, sutKey: running.info.signing_public_key };
}

test("a registry whose GET / answer nests too deep gets a REG-015 finding, not a crash: the bytes are kept, unparsed", { timeout: 30_000 }, async () => {
  const result = await runSuite(REGISTRY_SUITE, { ...DEFAULT_RUN, role: "registry", ...(await registryWithDeepKeys()), ttl: "PT2S", quietWindowMs: 300 });
  const keys = result.exchanges.find((e) => e.step === KEYS_STEP);
  expect(keys?.response).toMatchObject({ kind: "response", status: 200, rawBody: TOO_DEEP, body: undefined });
  const reg015 = result.results.filter((r) => r.id === "REG-015");
  expect(reg015.map((r) => [r.status, r.findings[0]?.message])).toEqual([["warn", expect.stringMatching(/GET \/ did not answer a JSON object/) as string]]);
  expect(result.results.filter((r) => r.status === "error")).toEqual([]);
  // Without the key at GET / the harness answers no challenge: the checks that need a subscriber say so (docs/rules.md "Coverage").
  expect(result.skipped[0]?.reason).toMatch(/--sut-encr-key/);
  expect(() => JSON.stringify(result)).not.toThrow();
});
