import type { FastifyInstance, FastifyReply } from "fastify";
import sjson from "secure-json-parse";
import { becknShapeRefusal } from "../../protocol/json/depth.js";
import { CALLBACK_ACTIONS } from "../../schemas/index.js";
import { createBecknApp, DEFAULT_BODY_LIMIT, flatHeaders, sendAnswer } from "../common/beckn-receiver.js";
import type { SyncAnswer } from "../common/inbound.js";
import { createBapEngine, type BapEngine } from "./engine.js";
import { triggerFlow } from "./flow-route.js";
import type { BapOptions } from "./state.js";
import { TRIGGER_ERROR, triggerError, type TriggerAnswer } from "./trigger-answer.js";

export interface Bap {
  readonly app: FastifyInstance;
  readonly engine: BapEngine;
  /** Tells the BAP its own URL (its `bap_uri`), once it listens. */
  setPublicUrl(url: string): void;
}

const rawOf = (body: unknown): string => (Buffer.isBuffer(body) ? body.toString("utf8") : "");

/** The trigger's JSON body; an empty body reads as undefined. */
function parseJson(raw: string): { ok: true; value: unknown } | { ok: false; answer: TriggerAnswer } {
  if (raw.trim() === "") {
    return { ok: true, value: undefined };
  }
  try {
    const shape = becknShapeRefusal(raw);
    if (shape) {
      return { ok: false, answer: triggerError(400, TRIGGER_ERROR.badInput, shape.message) };
    }
    return { ok: true, value: sjson.parse(raw, undefined, { protoAction: "remove", constructorAction: "remove" }) as unknown };
  } catch (error) {
    return { ok: false, answer: triggerError(400, TRIGGER_ERROR.notJson, `The trigger body is not JSON: ${(error as Error).message}`) };
  }
}

/**
 * The answer to a callback, declared as JSON: `application/json; charset=utf-8` by default, bare
 * `application/json` under variant bap.json-no-charset, `text/plain` under fault bap.ack-text-plain.
 */
function sendCallbackAnswer(engine: BapEngine, reply: FastifyReply, answer: SyncAnswer): FastifyReply {
  if (engine.faults.has("bap.ack-text-plain")) {
    return reply
      .code(answer.status)
      .headers(answer.headers ?? {})
      .type("text/plain")
      .send(JSON.stringify(answer.body));
  }
  if (engine.variants.has("bap.json-no-charset")) {
    // fastify appends "; charset=utf-8" to application/json unless the reply brings its own serializer.
    return reply
      .code(answer.status)
      .headers(answer.headers ?? {})
      .header("content-type", "application/json")
      .serializer((body: unknown) => JSON.stringify(body))
      .send(answer.body);
  }
  return sendAnswer(reply, answer);
}

function sendJson(reply: FastifyReply, answer: TriggerAnswer): FastifyReply {
  return reply
    .code(answer.status)
    .headers(answer.headers ?? {})
    .type("application/json")
    .send(JSON.stringify(answer.body));
}

/**
 * The reference BAP as a fastify app (it does not listen): `POST /on_<action>` for every callback,
 * `POST /trigger/<action>` and `POST /trigger/flow` for whoever drives it, `GET /exchanges`.
 */
export function buildBap(opts: BapOptions): Bap {
  const engine = createBapEngine(opts);
  const app = createBecknApp({ bodyLimit: DEFAULT_BODY_LIMIT });
  for (const action of CALLBACK_ACTIONS) {
    app.post(`/${action}`, async (request, reply) => {
      const answer = await engine.receive(action, rawOf(request.body), flatHeaders(request.headers));
      return sendCallbackAnswer(engine, reply, answer);
    });
  }
  app.post("/trigger/flow", async (request, reply) => {
    const parsed = parseJson(rawOf(request.body));
    return sendJson(reply, parsed.ok ? await triggerFlow(engine, parsed.value) : parsed.answer);
  });
  app.post<{ Params: { action: string } }>("/trigger/:action", async (request, reply) => {
    const parsed = parseJson(rawOf(request.body));
    return sendJson(reply, parsed.ok ? await engine.trigger(request.params.action, parsed.value) : parsed.answer);
  });
  app.get<{ Querystring: { transaction_id?: string } }>("/exchanges", async (request, reply) => {
    const id = request.query.transaction_id;
    return sendJson(reply, { status: 200, body: engine.exchanges(typeof id === "string" && id !== "" ? id : undefined) });
  });
  return { app, engine, setPublicUrl: (url) => engine.setPublicUrl(url) };
}
