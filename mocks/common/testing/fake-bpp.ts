import { EventEmitter } from "node:events";
import type { AddressInfo } from "node:net";
import Fastify from "fastify";
import { ackBody } from "../../../protocol/ack.js";
import type { HttpOutcome } from "../../../protocol/http/post.js";
import { buildProvider, createFaker } from "../../../fixtures/builders/index.js";
import { flatHeaders, installBecknDefaults } from "../beckn-receiver.js";
import type { Identity } from "../identity.js";
import { endpoint, sendSigned, type SentRequest } from "../send.js";
import { waitForEvent } from "../wait-for-event.js";
import { replyTo, type FakeBppBook } from "./fake-bpp-replies.js";

/**
 * A small BPP for tests: it records every request, ACKs it (or answers as told), then sends a
 * signed `on_<action>` built from the request to `bap_uri` (or on_search to a gateway). It checks
 * nothing: tests read what it received.
 */
export interface FakeBppOptions {
  readonly identity: Identity;
  /** Send on_search here (a gateway's URL) rather than to the context's bap_uri. */
  readonly onSearchVia?: string;
  /** The synchronous answer to give for an action instead of an ACK. */
  readonly answer?: (action: string) => { status: number; body: unknown } | undefined;
  /** Actions it ACKs but never calls back for. */
  readonly silent?: Iterable<string>;
  readonly seed?: number;
}

export interface ReceivedRequest {
  readonly action: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly rawBody: string;
  readonly body: Record<string, unknown> | undefined;
}

export interface SentCallback {
  readonly request: SentRequest;
  readonly outcome: HttpOutcome;
}

export interface FakeBpp {
  readonly url: string;
  readonly received: ReceivedRequest[];
  readonly callbacks: SentCallback[];
  waitForRequest(match: (r: ReceivedRequest) => boolean, deadlineMs: number): Promise<ReceivedRequest>;
  waitForCallbackSent(match: (c: SentCallback) => boolean, deadlineMs: number): Promise<SentCallback>;
  close(): Promise<void>;
}

function parse(raw: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(raw) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

interface Outbox {
  readonly events: EventEmitter;
  readonly log: SentCallback[];
}

async function callBack(opts: FakeBppOptions, book: FakeBppBook, request: ReceivedRequest, outbox: Outbox): Promise<void> {
  const reply = request.body ? replyTo(book, request.body) : undefined;
  const bapUri = (request.body?.["context"] as { bap_uri?: unknown } | undefined)?.bap_uri;
  const base = request.action === "search" && opts.onSearchVia ? opts.onSearchVia : bapUri;
  if (!reply || typeof base !== "string") {
    return;
  }
  const result = await sendSigned(opts.identity, endpoint(base, `on_${request.action}`), reply);
  outbox.log.push(result);
  outbox.events.emit("callback", result);
}

export async function startFakeBpp(opts: FakeBppOptions): Promise<FakeBpp> {
  const events = new EventEmitter();
  const received: ReceivedRequest[] = [];
  const callbacks: SentCallback[] = [];
  const silent = new Set(opts.silent ?? []);
  const app = Fastify();
  installBecknDefaults(app);
  const provider = buildProvider(createFaker(opts.seed ?? 7), { minAvailableKwh: 20 });
  const ready: { book?: FakeBppBook } = {};
  app.post<{ Params: { action: string } }>("/:action", async (req, reply) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body.toString("utf8") : "";
    const request: ReceivedRequest = { action: req.params.action, headers: flatHeaders(req.headers), rawBody, body: parse(rawBody) };
    received.push(request);
    events.emit("request", request);
    const answer = opts.answer?.(request.action) ?? { status: 200, body: ackBody() };
    reply.code(answer.status).type("application/json").send(JSON.stringify(answer.body));
    const known = ready.book;
    if (known && answer.status === 200 && !silent.has(request.action)) {
      setImmediate(() => void callBack(opts, known, request, { events, log: callbacks }));
    }
    return reply;
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  ready.book = { bppId: opts.identity.subscriberId, bppUri: url, provider, meters: new Map() };
  return {
    url,
    received,
    callbacks,
    waitForRequest: (match, deadlineMs) =>
      waitForEvent({ emitter: events, event: "request", match, deadlineMs, what: "request at the fake BPP", already: received.find(match) }),
    waitForCallbackSent: (match, deadlineMs) =>
      waitForEvent({ emitter: events, event: "callback", match, deadlineMs, what: "callback from the fake BPP", already: callbacks.find(match) }),
    close: () => app.close(),
  };
}
