/**
 * The recording forwarder `observe` puts in front of each participant: it passes every request to
 * the participant on the same path (method, path and query, headers but the hop-by-hop ones, the
 * body's exact bytes) and the answer back unchanged (status, reason, headers but the hop-by-hop
 * ones, body), streaming both ways, so a signature made over the bytes still verifies. It records
 * each exchange (recording.ts). When the target cannot be reached or stays silent, the caller gets a
 * 502 with a Beckn NACK; BECKN-005 has no code for an unreachable receiver, so its code is
 * `FORWARDER_NO_ANSWER`, as the trigger contract's `TRIGGER_NO_ANSWER` (docs/bap-trigger-contract.md).
 */
import { createServer, request as httpRequest, type ClientRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { nackBody } from "../../../protocol/ack.js";
import { endToEndHeaders, headerPairs } from "./headers.js";
import {
  BodyTap,
  cutNote,
  DEFAULT_FORWARDER_LIMITS,
  ExchangeLog,
  type ForwardedExchange,
  type ForwarderLimits,
  type ForwardOutcome,
  type RecordedBody,
  type RecordedHeader,
} from "./recording.js";

export interface ForwarderOptions {
  /** The participant's base URL (http or https); a request for `/x?y` goes to `<target>/x?y`. */
  readonly target: string;
  /** Defaults to 127.0.0.1. */
  readonly host?: string;
  /** Defaults to 0 (any free port). */
  readonly port?: number;
  readonly limits?: ForwarderLimits;
}

export interface RunningForwarder {
  /** Where it listens, `http://<host>:<port>`: the URL to register as the participant's. */
  readonly url: string;
  readonly target: string;
  /** The exchanges recorded so far, in the order their requests arrived (an exchange is recorded once it ended). */
  exchanges(): readonly ForwardedExchange[];
  /** How many exchanges were forwarded but not recorded, past `limits.maxExchanges`. */
  dropped(): number;
  /** Stops listening, cuts the connections still open (recorded as `cut`) and frees the port. */
  close(): Promise<void>;
}

export const NO_ANSWER_CODE = "FORWARDER_NO_ANSWER";

/** What one exchange has gathered while it runs. */
interface InFlight {
  readonly seq: number;
  readonly startedAt: number;
  readonly t0: number;
  readonly requestTap: BodyTap;
  readonly responseTap: BodyTap;
  requestEnd?: number;
  responseStart?: number;
  answer?: { status: number; headers: readonly RecordedHeader[]; fromForwarder: boolean };
  outcome?: ForwardOutcome;
  failure?: string;
}

function targetOf(target: string): URL {
  const url = new URL(target);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`The forwarder's target ${JSON.stringify(target)} is not an http(s) URL.`);
  }
  return url;
}

/** Why the target gave no answer, in a few words: its error code, or the message. */
function reasonOf(error: Error): string {
  return (error as NodeJS.ErrnoException).code ?? error.message;
}

function finish(state: InFlight, outcome: ForwardOutcome, failure?: string): void {
  state.outcome ??= outcome;
  if (failure !== undefined) {
    state.failure ??= failure;
  }
}

/** Answers the caller with a Beckn NACK written by the forwarder itself. */
function sendNack(res: ServerResponse, state: InFlight, status: number, message: string): void {
  const body = Buffer.from(JSON.stringify(nackBody({ code: NO_ANSWER_CODE, message })), "utf8");
  const headers = ["Content-Type", "application/json", "Content-Length", String(body.length)];
  state.answer = { status, headers: headerPairs(headers), fromForwarder: true };
  state.responseTap.push(body);
  res.writeHead(status, headers);
  res.end(body);
}

function recordOf(req: IncomingMessage, state: InFlight): ForwardedExchange {
  const requestBody = state.requestTap.body();
  const responseBody: RecordedBody = state.responseTap.body();
  const notes = [cutNote("request", requestBody), state.answer ? cutNote("response", responseBody) : undefined].filter((n): n is string => n !== undefined);
  return {
    seq: state.seq,
    request: { method: req.method ?? "", path: req.url ?? "", headers: headerPairs(req.rawHeaders), body: requestBody },
    ...(state.answer ? { response: { ...state.answer, body: responseBody } } : {}),
    outcome: state.outcome ?? "cut",
    ...(state.failure === undefined ? {} : { failure: state.failure }),
    timings: {
      startedAt: state.startedAt,
      ...(state.requestEnd === undefined ? {} : { requestEnd: state.requestEnd }),
      ...(state.responseStart === undefined ? {} : { responseStart: state.responseStart }),
      end: performance.now() - state.t0,
    },
    notes,
  };
}

/** Passes the target's answer back as it comes, recording it. */
function passAnswer(upstreamAnswer: IncomingMessage, res: ServerResponse, state: InFlight): void {
  state.responseStart = performance.now() - state.t0;
  const status = upstreamAnswer.statusCode ?? 502;
  state.answer = { status, headers: headerPairs(upstreamAnswer.rawHeaders), fromForwarder: false };
  res.writeHead(status, upstreamAnswer.statusMessage, endToEndHeaders(upstreamAnswer.rawHeaders));
  upstreamAnswer.on("data", (chunk: Buffer) => state.responseTap.push(chunk));
  upstreamAnswer.on("end", () => finish(state, "answered"));
  upstreamAnswer.on("error", (error) => {
    finish(state, "cut", `the target broke off its answer: ${reasonOf(error)}`);
    res.destroy();
  });
  upstreamAnswer.pipe(res);
}

class Forwarder {
  private readonly base: URL;
  private readonly limits: Required<ForwarderLimits>;
  private readonly log: ExchangeLog;
  private readonly upstream = new Set<ClientRequest>();
  /** The answers still open, each settled once its exchange is recorded. */
  private readonly open = new Map<ServerResponse, Promise<void>>();
  private closing = false;

  constructor(target: string, limits: ForwarderLimits = {}) {
    this.base = targetOf(target);
    this.limits = { ...DEFAULT_FORWARDER_LIMITS, ...limits };
    this.log = new ExchangeLog(this.limits.maxExchanges);
  }

  get exchanges(): ExchangeLog {
    return this.log;
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    const state: InFlight = {
      seq: this.log.take(),
      startedAt: Date.now(),
      t0: performance.now(),
      requestTap: new BodyTap(this.limits.maxRecordedBodyBytes),
      responseTap: new BodyTap(this.limits.maxRecordedBodyBytes),
    };
    req.on("data", (chunk: Buffer) => state.requestTap.push(chunk));
    req.on("end", () => (state.requestEnd = performance.now() - state.t0));
    this.open.set(
      res,
      new Promise<void>((recorded) =>
        res.on("close", () => {
          if (!res.writableFinished) {
            finish(state, "cut", state.answer ? "the caller left before the answer ended" : "the caller left before any answer");
          }
          this.log.add(recordOf(req, state));
          this.open.delete(res);
          recorded();
        }),
      ),
    );
    const upstream = this.connect(req, res, state);
    if (upstream) {
      req.pipe(upstream);
    } else {
      req.resume();
    }
  }

  /** The request to the target, or undefined when the forwarder refused it (answered with a 400 NACK). */
  private connect(req: IncomingMessage, res: ServerResponse, state: InFlight): ClientRequest | undefined {
    const path = req.url ?? "";
    if (!path.startsWith("/")) {
      finish(state, "refused", "the request target is not a path (a forwarder is no open proxy)");
      sendNack(res, state, 400, "The request target must be a path on this host.");
      return undefined;
    }
    let upstream: ClientRequest;
    try {
      upstream = (this.base.protocol === "https:" ? httpsRequest : httpRequest)({
        protocol: this.base.protocol,
        hostname: this.base.hostname.replace(/^\[(.*)\]$/, "$1"),
        port: this.base.port,
        method: req.method,
        path: this.base.pathname.replace(/\/+$/, "") + path,
        headers: ["Host", this.base.host, ...endToEndHeaders(req.rawHeaders, ["host"])],
        timeout: this.limits.targetTimeoutMs,
      });
    } catch (error) {
      finish(state, "refused", `the request cannot be passed on: ${reasonOf(error as Error)}`);
      sendNack(res, state, 400, "The request cannot be passed on as received.");
      return undefined;
    }
    this.watch(upstream, req, res, state);
    return upstream;
  }

  private watch(upstream: ClientRequest, req: IncomingMessage, res: ServerResponse, state: InFlight): void {
    this.upstream.add(upstream);
    upstream.on("close", () => this.upstream.delete(upstream));
    upstream.on("response", (answer) => passAnswer(answer, res, state));
    upstream.on("timeout", () => upstream.destroy(new Error(`timeout: the target was silent for ${this.limits.targetTimeoutMs} ms`)));
    upstream.on("error", (error) => {
      if (res.headersSent || this.closing) {
        finish(state, "cut", this.closing ? "the forwarder closed" : `the target broke off its answer: ${reasonOf(error)}`);
        res.destroy();
        return;
      }
      finish(state, "no-answer", reasonOf(error));
      req.unpipe(upstream);
      req.resume();
      sendNack(res, state, 502, `The forwarder got no answer from the participant (${reasonOf(error)}).`);
    });
    res.on("close", () => {
      if (!res.writableFinished) {
        upstream.destroy();
      }
    });
  }

  /** Cuts every exchange still open; resolves once each is recorded. */
  async cutAll(): Promise<void> {
    this.closing = true;
    const recorded = [...this.open.values()];
    for (const upstream of this.upstream) {
      upstream.destroy(new Error("the forwarder closed"));
    }
    for (const res of this.open.keys()) {
      res.destroy();
    }
    await Promise.all(recorded);
  }
}

/** Starts a recording forwarder to `target`; resolves once it listens. */
export async function startForwarder(opts: ForwarderOptions): Promise<RunningForwarder> {
  const forwarder = new Forwarder(opts.target, opts.limits);
  const server = createServer((req, res) => forwarder.handle(req, res));
  server.requestTimeout = 60_000;
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    target: opts.target,
    exchanges: () => forwarder.exchanges.all(),
    dropped: () => forwarder.exchanges.dropped(),
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await forwarder.cutAll();
      server.closeAllConnections();
      await closed;
    },
  };
}
