import type { Socket } from "node:net";
import type { FastifyReply } from "fastify";

/**
 * The connections ack.hang holds open without an answer. Each is forgotten when the client gives
 * up (its socket closes); `releaseAll()` destroys the rest, so closing the BPP never waits on them.
 */
export class HeldConnections {
  readonly #sockets = new Set<Socket>();

  /** Takes the reply out of fastify's hands and never answers it. */
  hold(reply: FastifyReply): void {
    reply.hijack();
    const socket = reply.raw.socket;
    if (!socket || socket.destroyed) {
      return;
    }
    this.#sockets.add(socket);
    socket.once("close", () => this.#sockets.delete(socket));
  }

  releaseAll(): void {
    for (const socket of this.#sockets) {
      socket.destroy();
    }
    this.#sockets.clear();
  }
}
