import type { FastifyInstance } from "fastify";
import { parseJsonBounded } from "../../../protocol/http/post.js";
import { retainedBytes, stringBytes, stringsBytes } from "../../../protocol/retained.js";
import { asObject } from "../../../protocol/shapes.js";
import { waitForEvent } from "../../../mocks/common/wait-for-event.js";
import { REQUEST_ACTIONS } from "../../../schemas/index.js";
import { EvidenceLog } from "../../core/evidence-budget.js";

/** A request that arrived at one of the harness's servers, with the harness's answer. */
export interface Arrival {
  readonly at: "gateway" | "bpp";
  readonly action: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly rawBody: string;
  readonly body: unknown;
  /** Wall-clock ms since the epoch. */
  readonly receivedAt: number;
  readonly response: {
    readonly status: number;
    readonly headers: Readonly<Record<string, string>>;
    readonly rawBody: string;
    readonly body: unknown;
    readonly ms: number;
  };
}

const REQUESTS: ReadonlySet<string> = new Set(REQUEST_ACTIONS);

/** What an arrival holds, counted as held (protocol/retained.ts): both texts, both header sets, both parsed bodies. */
export const arrivalBytes = (a: Arrival): number =>
  stringBytes(a.rawBody) +
  stringsBytes(a.headers) +
  retainedBytes(a.body) +
  stringBytes(a.response.rawBody) +
  stringsBytes(a.response.headers) +
  retainedBytes(a.response.body) +
  stringBytes(a.url);

export const contextOf = (body: unknown): Record<string, unknown> => asObject(asObject(body)?.["context"]) ?? {};
export const messageIdOf = (body: unknown): string | undefined => {
  const id = contextOf(body)["message_id"];
  return typeof id === "string" ? id : undefined;
};

/** Every request that reached the harness's gateway and BPP, in arrival order (the first ones, within an EvidenceBudget). */
export class ArrivalLog extends EvidenceLog<Arrival> {
  constructor() {
    super(arrivalBytes);
  }

  all(): readonly Arrival[] {
    return this.kept;
  }

  /** Settles on the first arrival that matches (one already kept counts), or rejects at the deadline. */
  waitFor(match: (a: Arrival) => boolean, deadlineMs: number, what: string): Promise<Arrival> {
    return waitForEvent({ emitter: this.events, event: "arrival", match, deadlineMs, what, already: this.kept.find(match) });
  }
}

function flat(headers: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).flatMap(([k, v]) => (v === undefined ? [] : [[k.toLowerCase(), Array.isArray(v) ? v.join(", ") : String(v)]])),
  );
}

/**
 * Records every Beckn request (`POST /<request action>`) the app answers: the exact bytes and
 * headers that arrived and what the app answered. Added as an onSend hook, so the app's own
 * behaviour does not change.
 */
export function tapRequests(app: FastifyInstance, at: Arrival["at"], baseUrl: () => string, log: ArrivalLog): void {
  app.addHook("onSend", async (request, reply, payload) => {
    const action = request.url.split("?")[0]?.replace(/^\/+/, "") ?? "";
    if (request.method !== "POST" || !REQUESTS.has(action)) {
      return payload;
    }
    const rawBody = Buffer.isBuffer(request.body) ? request.body.toString("utf8") : typeof request.body === "string" ? request.body : "";
    const answer = typeof payload === "string" ? payload : Buffer.isBuffer(payload) ? payload.toString("utf8") : "";
    const ms = reply.elapsedTime;
    log.add({
      at,
      action,
      url: `${baseUrl()}${request.url}`,
      headers: flat(request.headers),
      rawBody,
      body: parseJsonBounded(rawBody),
      receivedAt: Date.now() - ms,
      response: { status: reply.statusCode, headers: flat(reply.getHeaders()), rawBody: answer, body: parseJsonBounded(answer), ms },
    });
    return payload;
  });
}
