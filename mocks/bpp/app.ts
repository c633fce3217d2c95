import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { REQUEST_ACTIONS } from "../../schemas/index.js";
import { createBecknApp, flatHeaders } from "../common/beckn-receiver.js";
import { createBppEngine, type BppEngine } from "./engine.js";
import { HeldConnections } from "./held-connections.js";
import type { BppAnswer, BppOptions, EngineResult } from "./types.js";

/** How long the `tim.callback-before-ack` fault holds its answer after the callback went out. */
const CALLBACK_LEAD_MS = 200;

export interface BuiltBpp {
  readonly app: FastifyInstance;
  readonly engine: BppEngine;
  /** The URL the BPP is reached at, written as `bpp_uri` on its callbacks. */
  setPublicUrl(url: string): void;
}

function sendBppAnswer(reply: FastifyReply, answer: BppAnswer): FastifyReply {
  const type = answer.contentType ?? "application/json";
  return reply
    .code(answer.status)
    .headers(answer.headers ?? {})
    .type(type)
    .send(typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body));
}

/**
 * The reference BPP over HTTP: `POST /<action>` for every request action. Each request goes
 * through the engine's receiving pipeline (parse, verify, validate, with the BPP's faults), is
 * answered at once, and its callbacks are dispatched only after the answer went out (the
 * `onResponse` hook). Under ack.hang the callbacks go out and the answer never does: the
 * connection is held until the client gives up, or cut when the app closes. App only: `startBpp` listens.
 */
export function buildBpp(opts: BppOptions): BuiltBpp {
  const engine = createBppEngine(opts);
  const app = createBecknApp();
  const pending = new WeakMap<FastifyRequest, EngineResult>();

  app.addHook("onResponse", async (request) => {
    const result = pending.get(request);
    if (result) {
      pending.delete(request);
      void engine.dispatch(result);
    }
  });
  const held = new HeldConnections();
  app.addHook("preClose", async () => held.releaseAll());
  app.addHook("onClose", async () => engine.close());

  for (const action of REQUEST_ACTIONS) {
    app.post(`/${action}`, async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body.toString("utf8") : "";
      const result = await engine.receive(action, raw, flatHeaders(request.headers));
      if (result.hang) {
        void engine.dispatch(result);
        held.hold(reply);
        return reply;
      }
      if (result.answerDelayMs !== undefined) {
        await new Promise((resolve) => setTimeout(resolve, result.answerDelayMs));
      }
      if (result.callbacksFirst) {
        await engine.dispatch(result);
        // The fault's point is a callback clearly before the ACK: hold the answer a little longer
        // than the 50 ms a receiver tolerates (DESIGN "Timing").
        await new Promise((resolve) => setTimeout(resolve, CALLBACK_LEAD_MS));
      } else if (result.callbacks.length > 0 || result.after) {
        pending.set(request, result);
      }
      return sendBppAnswer(reply, result.answer);
    });
  }
  return { app, engine, setPublicUrl: (url) => engine.setPublicUrl(url) };
}
