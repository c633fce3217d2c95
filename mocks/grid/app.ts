import type { FastifyInstance } from "fastify";
import { ERROR, nackBody } from "../../protocol/ack.js";
import { createBecknApp } from "../common/beckn-receiver.js";
import type { Grid } from "./types.js";

/**
 * The grid operator's log over HTTP: `GET /orders/:orderId/events` answers
 * `{ orderId, state, events }` (the two-way log, oldest first), or a 404 JSON error for an order
 * the grid never saw. App only; the caller listens.
 */
export function buildGridApp(grid: Grid): FastifyInstance {
  // GET only: a body is never needed, so a small limit. The shared Beckn edges (mocks/common/beckn-receiver.ts)
  // answer every framework refusal (no Host, over-long URL, too large a body, unknown route) with a coded NACK.
  const app = createBecknApp({ bodyLimit: 64 * 1024, notFoundHint: " Try GET /orders/<orderId>/events." });
  app.get<{ Params: { orderId: string } }>("/orders/:orderId/events", async (request, reply) => {
    const { orderId } = request.params;
    const events = grid.events(orderId);
    const transfer = grid.transfer(orderId);
    if (!events || !transfer) {
      return reply
        .code(404)
        .type("application/json")
        .send(nackBody({ code: ERROR.orderNotFound, message: `The grid has no transfer for order ${JSON.stringify(orderId.slice(0, 200))}.` }));
    }
    return reply.send({ orderId, state: transfer.state, running: transfer.running, events });
  });
  return app;
}
