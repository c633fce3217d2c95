import Fastify, { type FastifyInstance } from "fastify";
import { ERROR, nackBody } from "../../protocol/ack.js";
import type { Grid } from "./types.js";

/**
 * The grid operator's log over HTTP: `GET /orders/:orderId/events` answers
 * `{ orderId, state, events }` (the two-way log, oldest first), or a 404 JSON error for an order
 * the grid never saw. App only; the caller listens.
 */
export function buildGridApp(grid: Grid): FastifyInstance {
  // GET only: a body is never needed, so a small limit; what it refuses gets a coded NACK.
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    const message = error.code === "FST_ERR_CTP_BODY_TOO_LARGE" ? "The body is larger than the grid operator's log accepts." : error.message;
    return reply.code(status).send(nackBody({ code: ERROR.invalidRequest, message }));
  });
  app.get<{ Params: { orderId: string } }>("/orders/:orderId/events", async (request, reply) => {
    const { orderId } = request.params;
    const events = grid.events(orderId);
    const transfer = grid.transfer(orderId);
    if (!events || !transfer) {
      return reply.code(404).send({ error: { code: "30010", message: `The grid has no transfer for order ${JSON.stringify(orderId.slice(0, 200))}.` } });
    }
    return reply.send({ orderId, state: transfer.state, running: transfer.running, events });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: { code: "30000", message: `No grid endpoint at ${request.method} ${request.url.slice(0, 200)}; try GET /orders/<orderId>/events.` } }),
  );
  return app;
}
