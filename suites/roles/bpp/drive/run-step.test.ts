import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, test } from "vitest";
import { createIdentity } from "../../../../mocks/common/identity.js";
import { Correlator } from "./correlator.js";
import { runStep, type StepEnv } from "./run-step.js";

/**
 * A probe that expects a NACK is watched for the quiet window; one the SUT ACKs is owed a callback
 * (core 1.1.0 Ack.status), so it is awaited until the ttl like any request's.
 */
const QUIET_MS = 100;
const TTL_MS = 3000;
const CALLBACK_AFTER_MS = 400;

let server: Server | undefined;
afterEach(() => server?.close());

/** A SUT that answers with `ack` and, after an ACK, calls back (through the correlator) CALLBACK_AFTER_MS later. */
async function sut(correlator: Correlator, ack: "ACK" | "NACK"): Promise<string> {
  server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    req.on("end", () => {
      const context = (JSON.parse(raw) as { context: Record<string, unknown> }).context;
      res.writeHead(ack === "ACK" ? 202 : 400, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: { ack: { status: ack } }, ...(ack === "NACK" ? { error: { code: "30000" } } : {}) }));
      if (ack === "ACK") {
        const body = { context: { ...context, action: "on_select" }, error: { code: "30000", message: "no bap_uri" } };
        setTimeout(
          () => correlator.accept({ action: "on_select", headers: {}, rawBody: JSON.stringify(body), body, receivedAt: Date.now() }),
          CALLBACK_AFTER_MS,
        );
      }
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function env(correlator: Correlator, targetUrl: string): StepEnv {
  return {
    scenario: "negatives",
    identity: createIdentity("BAP", "bap.test.local"),
    targetUrl,
    gatewayUrl: "http://127.0.0.1:1",
    correlator,
    ttlMs: TTL_MS,
    ackTimeoutMs: 3000,
    quietWindowMs: QUIET_MS,
    runDeadline: Date.now() + 10_000,
    onOutcome: () => undefined,
    stopReason: () => undefined,
  };
}

const body = {
  context: { action: "select", transaction_id: "t-1", message_id: "m-1", bap_id: "bap.test.local", bap_uri: "http://127.0.0.1:2" },
  message: { order: {} },
};
const step = { id: "missing-bap-uri", action: "select", expect: "nack", negative: "missing-bap-uri" } as const;

test("a probe the SUT ACKs gets its callback awaited past the quiet window, until the ttl", async () => {
  const correlator = new Correlator();
  const started = Date.now();
  const { exchanges } = await runStep(step, body, env(correlator, await sut(correlator, "ACK")));
  expect({ callbacks: exchanges[0]?.callbacks.map((c) => c.action), waited: Date.now() - started >= CALLBACK_AFTER_MS }).toEqual({
    callbacks: ["on_select"],
    waited: true,
  });
});

test("a probe the SUT NACKs is watched for the quiet window only", async () => {
  const correlator = new Correlator();
  const started = Date.now();
  const { exchanges } = await runStep(step, body, env(correlator, await sut(correlator, "NACK")));
  expect({ callbacks: exchanges[0]?.callbacks.length, quick: Date.now() - started < CALLBACK_AFTER_MS }).toEqual({ callbacks: 0, quick: true });
});
