import { setTimeout as untilDeadline } from "node:timers/promises";
import { asObject } from "../../../protocol/shapes.js";
import { endpoint } from "../../../mocks/common/send.js";
import { validate } from "../../../schemas/index.js";
import { forgeRequest, type ForgeryName } from "../../core/probes/forgeries.js";
import { deliverRaw, type Delivery } from "./deliveries.js";
import type { FlowOutcome } from "./flow.js";
import { sendReceivingProbes } from "./probes-receiving.js";
import { renewed, signed, type Json, type ProbeEnv } from "./probe-send.js";
import { probeNamed, type BapProbeName } from "./checks/probe-table.js";

export const PROBES = "callbacks";
export type { ProbeEnv } from "./probe-send.js";

/** An unsolicited on_status of the flow's order (the legitimate form the forgeries and broken bodies start from). */
export function unsolicitedStatus(flow: FlowOutcome): Delivery | undefined {
  return flow.callbacks.get("on_status") ?? flow.callbacks.get("on_confirm") ?? flow.callbacks.get("on_init") ?? flow.callbacks.get("on_select");
}

async function forged(env: ProbeEnv, action: string, body: unknown, name: ForgeryName & BapProbeName): Promise<void> {
  const identity = { subscriberId: env.bpp.subscriberId, uniqueKeyId: env.bpp.uniqueKeyId, privateKey: env.bpp.signingPrivateKey };
  const request = forgeRequest(name, { body, identity, now: Date.now });
  await deliverRaw(env.deliveries, endpoint(env.bapUrl, action), request.rawBody, request.headers, {
    phase: "probe",
    timeoutMs: env.timeoutMs,
    probe: probeNamed(name),
  });
}

/** Sends a broken body only when the run's profile refuses it (core 1.1.0 allows a callback with neither message nor error). */
async function ifRefused(env: ProbeEnv, action: string, body: Json, name: BapProbeName): Promise<void> {
  if (validate(body, env.profile).findings.some((f) => f.severity === "error")) {
    await signed(env, action, body, name);
  }
}

/** Broken bodies, each signed correctly, so only the body is wrong. */
async function broken(env: ProbeEnv, action: string, base: Json): Promise<void> {
  const { context: _context, ...noContext } = renewed(base);
  await signed(env, action, noContext, "no-context");
  const { message: _message, error: _error, ...noMessage } = renewed(base);
  await ifRefused(env, action, noMessage, "no-message");
  const mismatch = renewed(base);
  (mismatch["context"] as Json)["action"] = action === "on_select" ? "on_init" : "on_select";
  await signed(env, action, mismatch, "action-mismatch");
  await signed(env, action, `${JSON.stringify(renewed(base)).slice(0, -1)},`, "not-json");
  const deep = renewed(base);
  const order = asObject(asObject(deep["message"])?.["order"]);
  if (order) {
    order["id"] = 42;
    await ifRefused(env, action, deep, "wrong-type-deep");
  }
}

/** An exact copy of a callback just delivered (the duplicate probe, sent while its request is still within its ttl). */
export async function duplicateOf(env: ProbeEnv, delivery: Delivery): Promise<void> {
  await signed(env, delivery.action, delivery.rawBody, "duplicate");
}

/** The legitimate unsolicited on_status of a confirmed order (DESIGN "Timing": progress during the transfer). */
export async function sendUnsolicitedStatus(env: ProbeEnv, flow: FlowOutcome): Promise<void> {
  const status = flow.callbacks.get("on_status");
  if (status) {
    await signed(env, "on_status", renewed(status.body));
  }
}

/** The select's on_select again once the select's own ttl has passed; skipped when that outlasts the run's budget. */
async function late(env: ProbeEnv, onSelect: Delivery, select: { sentAt: number; ttlMs: number }): Promise<string[]> {
  const due = select.sentAt + select.ttlMs + 100 - Date.now();
  if (Date.now() + due >= env.runDeadline) {
    return [`The select's ttl (${select.ttlMs} ms) outlasts the run's budget (--max-time), so no late callback was sent.`];
  }
  if (due > 0) {
    await untilDeadline(due); // the select's own ttl must pass for its callback to be late
  }
  await signed(env, "on_select", renewed(onSelect.body, {}), "late");
  return [];
}

/**
 * The adversarial callbacks, one after another: forged signatures, a relayed on_search with a bad
 * gateway header, broken bodies, the callbacks of probes-receiving.ts (stale, misaddressed, signed by
 * someone else, a forged BPP signature in a valid gateway header, respelled), a callback for an
 * unknown message, a late one, and last a
 * callback for a transaction the BAP never started. Returns the steps it could not build.
 */
export async function sendProbes(env: ProbeEnv, flow: FlowOutcome): Promise<string[]> {
  const skipped: string[] = [];
  const base = unsolicitedStatus(flow);
  if (base) {
    for (const name of ["tampered-body", "expired", "future-created", "unknown-key", "wrong-algorithm", "missing-header"] as const) {
      await forged(env, base.action, renewed(base.body), name);
    }
    await broken(env, base.action, asObject(base.body) ?? {});
  } else {
    skipped.push("No callback of the flow reached the BAP to build the forged and broken callbacks from.");
  }
  const onSearch = flow.callbacks.get("on_search");
  if (onSearch) {
    await forged(env, "on_search", onSearch.rawBody, "bad-gateway-header");
  }
  const onSelect = flow.callbacks.get("on_select");
  const select = flow.requests.get("select");
  // Sent while the late probe's wait has not begun: the select's ttl runs meanwhile, so they cost no time.
  skipped.push(...(await sendReceivingProbes(env, flow)));
  if (onSelect && select) {
    await signed(env, "on_select", renewed(onSelect.body), "unknown-message");
    skipped.push(...(await late(env, onSelect, select)));
  } else {
    skipped.push("No select and on_select in the flow to send an unknown-message and a late callback for.");
  }
  if (base) {
    await signed(env, base.action, renewed(base.body, { messageId: true, transactionId: true }), "unknown-transaction");
  }
  return skipped;
}
