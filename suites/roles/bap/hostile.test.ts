import { createServer, type Server } from "node:http";
import { runSuite } from "../../core/run-suite.js";
import { expect, onTestFinished, test } from "vitest";
import { createIdentity } from "../../../mocks/common/identity.js";
import { DEFAULT_RUN } from "../../core/config.js";
import { BAP_SUITE } from "./suite.js";

/** A BAP under test that hangs on every request, or answers text that is not JSON. */
async function hostileBap(mode: "hang" | "garbage"): Promise<string> {
  const server: Server = createServer((_request, response) => {
    if (mode === "garbage") {
      response.writeHead(200, { "content-type": "text/plain" }).end("garbage");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

test.for(["hang", "garbage"] as const)(
  "a BAP that answers its triggers with %s gets a complete failing report, never a crash",
  { timeout: 30_000 },
  async (mode) => {
    const identity = createIdentity("BAP", "bap.hostile.test");
    const result = await runSuite(BAP_SUITE, {
      ...DEFAULT_RUN,
      role: "bap",
      registryPort: 0,
      gatewayPort: 0,
      target: await hostileBap(mode),
      sutId: identity.subscriberId,
      sutKey: identity.signingPublicKey,
      ttl: "PT1S",
      ackTimeoutMs: 500,
      quietWindowMs: 300,
      maxTimeMs: 20_000,
    });
    expect(result.exitCode).toBe(1);
    expect([...new Set(result.results.filter((r) => r.status === "fail").map((r) => r.id))].sort()).toEqual(["FLW-101", "RUN-002", "RUN-003"]);
    expect(result.results.filter((r) => r.id === "FLW-101").map((r) => r.step)).toEqual(["trigger search", "trigger search"]);
    expect(result.skipped.map((s) => s.step)).toEqual(["select", "probes", "probes", "probes"]);
  },
);
