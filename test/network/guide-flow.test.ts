import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { isOrderCompleted } from "../../protocol/shapes.js";
import { verifySignatureHeader } from "../../protocol/signing/index.js";
import { createRegistryClient } from "../../protocol/registry-client.js";
import { waitForEvent } from "../../mocks/common/wait-for-event.js";
import { startNetwork, type RunningNetwork } from "../../mocks/network/index.js";
import type { CallbackRecord, GuideFlowResult } from "../../mocks/bap/index.js";
import { validate } from "../../schemas/index.js";

/**
 * The guide's whole flow over real HTTP through registry, gateway, BPP, BAP and grid operator:
 * search … on_update, then the unsolicited on_status messages of the energy transfer up to
 * Completed. Every message must pass the default profile and every signature must verify.
 */
let network: RunningNetwork;
let flow: GuideFlowResult;
let completed: CallbackRecord;
let flowMs: number;

const completedOf = (record: CallbackRecord): boolean =>
  record.action === "on_status" && isOrderCompleted((record.body as { message?: { order?: unknown } } | undefined)?.message?.order);

beforeAll(async () => {
  network = await startNetwork();
  const started = performance.now();
  flow = await network.bap.handle.engine.runGuideFlow();
  const engine = network.bap.handle.engine;
  const already = engine.exchanges(flow.transactionId).callbacks.find(completedOf);
  completed = await waitForEvent<CallbackRecord>({
    emitter: engine.events,
    event: "callback:received",
    match: (r) => r.transactionId === flow.transactionId && completedOf(r),
    deadlineMs: 10_000,
    what: "an on_status that completes the order",
    already,
  });
  flowMs = performance.now() - started;
}, 30_000);

afterAll(async () => {
  await network?.stop();
});

describe("the guide's flow through the whole mock network", () => {
  test("runs search to on_update and the transfer to completion", () => {
    expect(flow.steps.map((s) => s.action)).toEqual(["search", "select", "init", "confirm", "status", "update"]);
    expect(completed.unsolicited).toBe(true);
    expect(flowMs).toBeGreaterThan(0);
  });

  test("every message of the transaction passes the default profile", () => {
    const { requests, callbacks } = network.bap.handle.engine.exchanges(flow.transactionId);
    const bodies = [...requests.map((r) => r.request.body), ...callbacks.map((c) => c.body)];
    expect(bodies.length).toBeGreaterThanOrEqual(14);
    for (const body of bodies) {
      const errors = validate(body).findings.filter((f) => f.severity === "error");
      expect(errors, JSON.stringify((body as { context?: unknown }).context)).toEqual([]);
    }
  });

  test("the transfer sends unsolicited on_status with new message ids in the same transaction", () => {
    const { requests, callbacks } = network.bap.handle.engine.exchanges(flow.transactionId);
    const requestIds = new Set(requests.map((r) => r.messageId));
    const unsolicited = callbacks.filter((c) => c.unsolicited);
    expect(unsolicited.length).toBeGreaterThanOrEqual(2);
    for (const c of unsolicited) {
      expect(c.action).toBe("on_status");
      expect(requestIds.has(c.messageId ?? "")).toBe(false);
    }
    expect(new Set(unsolicited.map((c) => c.messageId)).size).toBe(unsolicited.length);
  });

  test("every callback the BAP received verified, and was ACKed", () => {
    const { callbacks } = network.bap.handle.engine.exchanges(flow.transactionId);
    for (const c of callbacks) {
      expect(c.verification.signature).toBe("verified");
      expect(c.flagged).toBe(false);
    }
  });

  test("every request the BAP sent carries a signature that verifies against the registry", async () => {
    const registry = createRegistryClient(network.registry.url);
    const { requests } = network.bap.handle.engine.exchanges(flow.transactionId);
    for (const r of requests) {
      const result = await verifySignatureHeader({
        header: r.request.headers["authorization"],
        rawBody: r.request.rawBody,
        kind: "authorization",
        lookupPublicKey: (s, k) => registry.publicKeyFor(s, k),
        expectedSubscriberId: network.bap.identity.subscriberId,
      });
      expect(result.ok, `${r.action}: ${JSON.stringify(result)}`).toBe(true);
      expect(r.response?.status).toBe(200);
    }
  });

  test("the search went through the gateway, which added its own verifying header", async () => {
    const fanout = network.gateway.handle.forwarded.fanouts().find((f) => f.action === "search");
    expect(fanout).toBeDefined();
    const registry = createRegistryClient(network.registry.url);
    const record = network.gateway.handle.forwarded.list().find((f) => f.action === "search");
    const header = record?.headers["x-gateway-authorization"];
    const result = await verifySignatureHeader({
      header,
      rawBody: record?.rawBody ?? "",
      kind: "gateway",
      lookupPublicKey: (s, k) => registry.publicKeyFor(s, k),
    });
    expect(result.ok).toBe(true);
  });

  test("the grid operator logs the transfer at both meters, queryable over HTTP", async () => {
    const response = await fetch(`${network.grid.url}/orders/${encodeURIComponent(flow.orderId)}/events`);
    expect(response.status).toBe(200);
    const log = (await response.json()) as unknown;
    const text = JSON.stringify(log);
    expect(text).toMatch(/Completed/);
    expect(text).toContain("der://");
  });
});
