import Fastify, { type FastifyInstance } from "fastify";
import type { Grid } from "./types.js";

/**
 * The grid operator's log over HTTP: `GET /orders/:orderId/events` answers
 * `{ orderId, state, events }` (the two-way log, oldest first), or a 404 JSON error for an order
 * the grid never saw. App only; the caller listens.
 */
export function buildGridApp(grid: Grid): FastifyInstance {
  const app = Fastify({ logger: false });
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
