/** What every adversarial callback needs: where and how to send it, and a fresh copy of a flow callback. */
import { randomUUID } from "node:crypto";
import { asObject } from "../../../protocol/shapes.js";
import type { Identity } from "../../../mocks/common/identity.js";
import { endpoint } from "../../../mocks/common/send.js";
import type { ProfileName } from "../../../schemas/index.js";
import { deliverSigned, type Delivery, type DeliveryLog } from "./deliveries.js";
import { probeNamed, type BapProbeName } from "./checks/probe-table.js";

export interface ProbeEnv {
  readonly deliveries: DeliveryLog;
  readonly bpp: Identity;
  /** The harness's gateway: it signs the relayed callbacks' X-Gateway-Authorization. */
  readonly gateway: Identity;
  /** Another registered BPP (with its own key), for the callback signed by someone else. */
  readonly otherBpp: Identity;
  /** The BAP's callback base URL. */
  readonly bapUrl: string;
  readonly timeoutMs: number;
  readonly profile: ProfileName;
  /** The run's budget: the late probe does not wait past it. */
  readonly runDeadline: number;
}

export type Json = Record<string, unknown>;

/** A copy of a callback body with a fresh message_id (and transaction_id when asked) and timestamp now. */
export function renewed(body: unknown, changes: { messageId?: boolean; transactionId?: boolean } = { messageId: true }): Json {
  const copy = structuredClone(asObject(body) ?? {});
  const context = asObject(copy["context"]) ?? {};
  copy["context"] = {
    ...context,
    timestamp: new Date().toISOString(),
    ...(changes.messageId ? { message_id: randomUUID() } : {}),
    ...(changes.transactionId ? { transaction_id: randomUUID() } : {}),
  };
  return copy;
}

/** Signs as `signer` (the harness's BPP unless given) and delivers; a named probe is recorded as one. */
export const signed = (env: ProbeEnv, action: string, body: unknown, name?: BapProbeName, signer: Identity = env.bpp): Promise<Delivery> =>
  deliverSigned(env.deliveries, signer, endpoint(env.bapUrl, action), body, {
    phase: name ? "probe" : "flow",
    timeoutMs: env.timeoutMs,
    ...(name ? { probe: probeNamed(name) } : {}),
  });
