import type { Socket } from "node:net";
import Fastify, { type FastifyInstance, type FastifyReply } from "fastify";
import { ackBody, ERROR, nackBody, type BecknError } from "../../protocol/ack.js";
import type { BecknAction } from "../../schemas/index.js";
import { receiveBeckn, type BecknInbound, type InboundOptions, type SyncAnswer } from "./inbound.js";

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export type BecknHandler = (inbound: BecknInbound, reply: FastifyReply) => Promise<unknown> | unknown;

function nack(reply: FastifyReply, status: number, error: BecknError): FastifyReply {
  return reply.code(status).type("application/json").send(nackBody(error));
}

/** Sends a synchronous answer (ACK or NACK) with its headers. */
export function sendAnswer(reply: FastifyReply, answer: SyncAnswer): FastifyReply {
  return reply
    .code(answer.status)
    .headers(answer.headers ?? {})
    .type("application/json")
    .send(answer.body);
}

export function sendAck(reply: FastifyReply): FastifyReply {
  return reply.code(200).type("application/json").send(ackBody());
}

/**
 * Makes a fastify app speak Beckn at its edges: every body is read as raw bytes (whatever its
 * content type), unknown routes get a 404 NACK, and framework errors (an oversized body, say) a
 * NACK with the right 4xx status. Never a 5xx for bad input.
 */
export function installBecknDefaults(app: FastifyInstance, notFoundHint = ""): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_req, body, done) => done(null, body));
  app.setNotFoundHandler((request, reply) =>
    nack(reply, 404, { code: ERROR.invalidRequest, message: `No endpoint at ${request.method} ${request.url.slice(0, 200)}.${notFoundHint}` }),
  );
  app.addHook("onRequest", async (request, reply) => {
    if (request.headers.host === undefined || request.headers.host === "") {
      return nack(reply, 400, { code: ERROR.invalidRequest, message: "The request has no Host header (RFC 9112 §3.2: a client MUST send one)." });
    }
    return undefined;
  });
  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    const message = error.code === "FST_ERR_CTP_BODY_TOO_LARGE" ? "The body is larger than this endpoint accepts." : error.message;
    return nack(reply, status, { code: ERROR.invalidRequest, message });
  });
}

/**
 * Answers what Node's HTTP parser refuses before fastify sees it (headers over 16 KiB, a broken
 * request line) with a NACK too, instead of fastify's own error JSON.
 */
function nackClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed) {
    return;
  }
  const [status, reason] =
    error.code === "HPE_HEADER_OVERFLOW"
      ? [431, "Request Header Fields Too Large"]
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "Request Timeout"]
        : [400, "Bad Request"];
  const body = JSON.stringify(nackBody({ code: ERROR.invalidRequest, message: `${reason}: the request could not be read.` }));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/**
 * What fastify's router refuses before any route or hook runs (a path parameter over
 * `maxParamLength`: 414; a malformed URL: 400) answers a NACK too.
 */
function nackFrameworkError(error: Error & { statusCode?: number; code?: string }, _request: unknown, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const message =
    error.code === "FST_ERR_MAX_PARAM_LENGTH" ? "The URL is longer than this server accepts." : `The URL could not be read: ${error.message.slice(0, 200)}`;
  void nack(reply, status, { code: ERROR.invalidRequest, message });
}

/** How long one request may take to arrive whole (a client sending a byte at a time gets a 408). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * A fastify app that speaks Beckn at every edge: see `installBecknDefaults` and `nackClientError`.
 * Bounded against slow clients: a request must arrive whole within `requestTimeoutMs`, and
 * `close()` drops connections still open instead of waiting on them.
 */
export function createBecknApp(
  options: { readonly bodyLimit?: number; readonly requestTimeoutMs?: number; readonly notFoundHint?: string } = {},
): FastifyInstance {
  const app = Fastify({
    logger: false,
    // Node's own 400 for a request without Host has an empty body: the onRequest hook answers it instead.
    http: { requireHostHeader: false },
    frameworkErrors: nackFrameworkError,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    clientErrorHandler: nackClientError,
    requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    forceCloseConnections: true,
  });
  installBecknDefaults(app, options.notFoundHint);
  return app;
}

/** Lower-cased single-valued headers, as the receiving pipeline wants them. */
export function flatHeaders(headers: Readonly<Record<string, string | string[] | undefined>>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value[0] : value]));
}

/** Registers `POST /<action>` running the receiving pipeline, then the handler. */
export function becknRoute(app: FastifyInstance, action: BecknAction, options: InboundOptions, handler: BecknHandler): void {
  app.post(`/${action}`, async (request, reply) => {
    const raw = Buffer.isBuffer(request.body) ? request.body.toString("utf8") : "";
    const received = await receiveBeckn(action, raw, flatHeaders(request.headers), options);
    return received.ok ? handler(received.inbound, reply) : sendAnswer(reply, received.answer);
  });
}
