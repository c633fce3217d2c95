import { createServer } from "node:net";
import { expect, onTestFinished, test } from "vitest";
import { createRegistryClient } from "../../../protocol/registry-client.js";
import { startBap } from "../../../mocks/bap/index.js";
import { createIdentity } from "../../../mocks/common/identity.js";
import { DEFAULT_RUN } from "../../core/config.js";
import { startPassive } from "./passive-session.js";

/** A loopback port that was free a moment ago (the passive harness must listen where the BAP was told). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A reference BAP configured with the harness's registry and gateway, and a passive harness watching it. */
async function watchedBap(faults: string[] = []) {
  const [registryPort, gatewayPort] = [await freePort(), await freePort()];
  const identity = createIdentity("BAP", "bap.passive.test");
  const registry = createRegistryClient(`http://127.0.0.1:${registryPort}`);
  const bap = await startBap({
    identity,
    lookupPublicKey: (s, k) => registry.publicKeyFor(s, k),
    gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
    ttl: "PT3S",
    faults,
  });
  onTestFinished(() => bap.close());
  const session = await startPassive({
    ...DEFAULT_RUN,
    role: "bap",
    passive: true,
    target: bap.url,
    sutId: identity.subscriberId,
    sutKey: identity.signingPublicKey,
    sutKeyId: identity.uniqueKeyId,
    registryPort,
    gatewayPort,
    ttl: "PT3S",
    maxTimeMs: 60_000,
  });
  onTestFinished(async () => {
    session.stop();
    await session.done;
  });
  return { bap, session };
}

const flagged = (results: readonly { id: string; status: string }[]) =>
  results.filter((r) => r.status === "fail" || r.status === "warn" || r.status === "error").map((r) => r.id);

test("a passive run judges the guide's flow a person drives through the BAP's trigger, and passes a clean BAP", { timeout: 60_000 }, async () => {
  const { bap, session } = await watchedBap();
  const flow = await fetch(`${bap.url}/trigger/flow`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  expect(flow.status).toBe(200);
  session.stop();
  const result = await session.done;
  expect(flagged(result.results)).toEqual([]);
  expect(result.exitCode).toBe(0);
  const requests = result.exchanges.filter((e) => (e as { kind?: string }).kind === "bap-request").map((e) => e.action);
  expect(requests).toEqual(["search", "select", "init", "confirm", "status", "update"]);
  const ran = new Set(result.results.filter((r) => r.status === "pass").map((r) => r.id));
  expect([...ran].filter((id) => /^(SCH|SIG|CTX|BIZ)-1/.test(id)).sort()).toEqual(
    [
      "BIZ-101",
      "BIZ-102",
      "BIZ-103",
      "CTX-101",
      "CTX-103",
      "CTX-104",
      "CTX-105",
      "CTX-106",
      "CTX-107",
      "CTX-108",
      "CTX-109",
      "CTX-102",
      "SCH-101",
      "SIG-101",
      "SIG-102",
    ].sort(),
  );
  // Nothing was triggered and nothing adversarial was sent: those checks are skipped, never passed.
  const unseen = [
    "ACK-103",
    "AUT-101",
    "AUT-102",
    "AUT-103",
    "AUT-104",
    "AUT-105",
    "FLW-101",
    "NEG-101",
    "NEG-102",
    "NEG-103",
    "NEG-104",
    "NEG-105",
    "NEG-106",
    "NEG-107",
    "NEG-108",
  ];
  expect(
    result.results
      .filter((r) => r.status === "skip")
      .map((r) => r.id)
      .sort(),
  ).toEqual(unseen);
  // …and they are not reachable in this mode, never gaps: the run exits 0 (docs/rules.md "Coverage").
  expect(result.coverage.gaps).toEqual([]);
  expect(result.coverage.notReachable.map((e) => e.checkId).sort()).toEqual(unseen);
});

test("a passive run fails a BAP whose init carries no billing, naming BIZ-102", { timeout: 60_000 }, async () => {
  const { bap, session } = await watchedBap(["bap.missing-billing"]);
  await fetch(`${bap.url}/trigger/flow`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  session.stop();
  const result = await session.done;
  expect(flagged(result.results)).toEqual(["BIZ-102"]);
  expect(result.exitCode).toBe(1);
});

test("a passive run that saw nothing fails as vacuous, never passes", { timeout: 60_000 }, async () => {
  const { session } = await watchedBap();
  session.stop();
  const result = await session.done;
  expect(flagged(result.results).sort()).toEqual(["RUN-001", "RUN-002", "RUN-003"]);
  expect(result.exitCode).toBe(1);
});
