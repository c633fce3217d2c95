import type { Socket } from "node:net";
import type { FastifyReply } from "fastify";

/**
 * The most connections ack.hang holds at once (docs/limits.md "Stored bytes"): past it the oldest
 * is closed. A held connection keeps its socket, not its request's body; a harness run sends a few
 * dozen requests, so a thousand are never reached but by a flood.
 */
export const MAX_HELD_CONNECTIONS = 1000;

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
    if (this.#sockets.size > MAX_HELD_CONNECTIONS) {
      const oldest = this.#sockets.values().next().value as Socket;
      this.#sockets.delete(oldest);
      oldest.destroy();
    }
  }

  releaseAll(): void {
    for (const socket of this.#sockets) {
      socket.destroy();
    }
    this.#sockets.clear();
  }
}
