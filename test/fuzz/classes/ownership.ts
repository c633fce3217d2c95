import { randomUUID } from "node:crypto";
import type { RawCallback } from "../../../suites/roles/bpp/drive/receiver.js";
import { answerProblem, send, type Answer, type FuzzRequest } from "../fuzz-request.js";
import type { FuzzClass, Kit } from "../kit.js";
import { messageFor, setAt, wireOf, type Json } from "../messages.js";

/**
 * Finding 4, orders without an owner: bapA confirms an order; bapB (another registered BAP) asks
 * for it, redirects its end meter and cancels it, in bapA's transaction and in its own, and also
 * signs as bapA with its own key. bapB's callbacks must carry the unknown-order error and no order;
 * bapA's order must keep its meter and state; bapA must still be able to ask about it.
 */
const CALLBACK_DEADLINE_MS = 10_000;
const B_METER = "der://ssf.meter/B0000001";

interface Order {
  readonly transactionId: string;
  readonly id: string;
  readonly state: string;
  readonly endMeter: string;
}

const contextOf = (c: RawCallback): { transaction_id?: unknown; message_id?: unknown } =>
  ((c.body as { context?: object } | undefined)?.context ?? {}) as { transaction_id?: unknown; message_id?: unknown };

/** Sends bapA's select, init and confirm, each after the last one's callback; returns the order. */
async function confirmOrder(kit: Kit): Promise<Order> {
  const { bapA } = kit.fuzz.subscribers;
  const transactionId = randomUUID();
  let callback: RawCallback | undefined;
  for (const action of ["select", "init", "confirm"]) {
    const wire = wireOf(JSON.stringify(messageFor(action, kit.toBpp(bapA, transactionId))), { by: bapA });
    const request = { name: `bapA's ${action}`, url: `${kit.urls.bpp}/${action}`, answer: "beckn" as const, wire };
    const problem = answerProblem(request, await send(request));
    if (problem !== undefined) {
      throw new Error(`bapA's ${action} was refused: ${problem}`);
    }
    callback = await kit.fuzz.inboxes.bapA.waitFor(
      (c) => c.action === `on_${action}` && contextOf(c).transaction_id === transactionId,
      CALLBACK_DEADLINE_MS,
      `bapA's on_${action}`,
    );
  }
  const id = String((callback?.body as { message?: { order?: { id?: unknown } } } | undefined)?.message?.order?.id ?? "");
  const deal = kit.fuzz.network.bpp.handle.engine.order(id);
  if (!deal) {
    throw new Error(`bapA's on_confirm names no order the BPP knows: ${callback?.rawBody.slice(0, 200)}`);
  }
  return { transactionId, id, state: deal.state, endMeter: deal.terms.endMeter };
}

/** bapB's request about bapA's order: `action` in `transactionId`, signed by bapB as `bapId`. */
function byB(kit: Kit, order: Order, action: string, transactionId: string, asA: boolean): Json {
  const { bapA, bapB } = kit.fuzz.subscribers;
  const body = messageFor(action, { ...kit.toBpp(bapB, transactionId), ...(asA ? { bapId: bapA.subscriberId, bapUri: kit.fuzz.inboxes.bapA.url } : {}) });
  if (action === "update") {
    setAt(body, ["message", "update_target"], kit.pick(["fulfillments", "order.fulfillments", "billing", "items"]));
    setAt(body, ["message", "order", "id"], order.id);
    setAt(body, ["message", "order", "fulfillments"], [{ end: { location: { address: B_METER } } }]);
  } else {
    setAt(body, ["message", "order_id"], order.id);
  }
  return body;
}

/** bapA's own status of its order still shows it. */
async function ownerStillAsks(kit: Kit, order: Order): Promise<string[]> {
  const { bapA } = kit.fuzz.subscribers;
  const messageId = randomUUID();
  const body = setAt(
    setAt(messageFor("status", kit.toBpp(bapA, order.transactionId)), ["message", "order_id"], order.id),
    ["context", "message_id"],
    messageId,
  );
  const request = { name: "bapA's status", url: `${kit.urls.bpp}/status`, answer: "beckn" as const, wire: wireOf(JSON.stringify(body), { by: bapA }) };
  const problem = answerProblem(request, await send(request));
  if (problem !== undefined) {
    return [`bapA's own status was refused: ${problem}`];
  }
  const shown = await kit.fuzz.inboxes.bapA
    .waitFor(
      (c) =>
        c.action === "on_status" &&
        (c.body as { message?: { order?: { id?: unknown } } }).message?.order?.id === order.id &&
        contextOf(c).message_id === messageId,
      CALLBACK_DEADLINE_MS,
      "bapA's on_status",
    )
    .catch((error: Error) => error);
  return shown instanceof Error ? [`bapA cannot see its own order any more: ${shown.message}`] : [];
}

export const ownershipClass = (): FuzzClass => {
  let order: Order;
  let acked = 0;
  const countAck = (answer: Answer): string | undefined => {
    acked += answer.status === 200 ? 1 : 0;
    return undefined;
  };
  return {
    id: "ownership",
    title: "finding 4: a second BAP's status, update and cancel of the first BAP's order",
    seed: 4,
    prepare: async (kit) => {
      order = await confirmOrder(kit);
      kit.fuzz.inboxes.bapB.clear();
    },
    requests: (kit): FuzzRequest[] => {
      const { bapB } = kit.fuzz.subscribers;
      return Array.from({ length: 12 }, () => {
        const action = kit.pick(["status", "update", "cancel", "status", "update", "cancel", "track", "support"]);
        const inTheirs = kit.random() < 0.5;
        const asA = kit.random() < 0.2;
        const body = byB(kit, order, action, inTheirs ? order.transactionId : randomUUID(), asA);
        return {
          name: `bpp /${action} of bapA's order by bapB${asA ? " signing as bapA" : ""}, in ${inTheirs ? "bapA's" : "its own"} transaction`,
          url: `${kit.urls.bpp}/${action}`,
          answer: "beckn" as const,
          wire: wireOf(JSON.stringify(body), { by: bapB }),
          also: asA ? (answer) => (answer.status === 401 ? undefined : "bapB's key must not sign as bapA (expected HTTP 401)") : countAck,
        };
      });
    },
    verify: async (kit) => {
      const reasons: string[] = [];
      const inbox = kit.fuzz.inboxes.bapB;
      await inbox
        .waitFor(() => inbox.received.length >= acked, CALLBACK_DEADLINE_MS, `${acked} callbacks to bapB`)
        .catch((error: Error) => reasons.push(error.message));
      for (const callback of inbox.received) {
        const { message, error } = callback.body as { message?: unknown; error?: { code?: unknown } };
        if (message !== undefined || (["on_status", "on_update", "on_cancel"].includes(callback.action) && error?.code !== "30010")) {
          reasons.push(`bapB's ${callback.action} is not the unknown-order error (30010, no message): ${callback.rawBody.slice(0, 200)}`);
        }
      }
      const now = kit.fuzz.network.bpp.handle.engine.order(order.id);
      if (now?.terms.endMeter !== order.endMeter || now.state === "CANCELLED") {
        reasons.push(`bapA's order changed: end meter ${now?.terms.endMeter} (was ${order.endMeter}), state ${now?.state} (was ${order.state})`);
      }
      return [...reasons, ...(await ownerStillAsks(kit, order))];
    },
  };
};
