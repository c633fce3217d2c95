import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Exchange, ReceivedCallback, RunResult } from "../results/index.js";

/**
 * evidence.har (HAR 1.2): every request the harness sent, with the SUT's answer, and every callback
 * the SUT sent back. Only what went on the wire: headers and raw bodies as sent and received.
 */

export const HAR_CREATOR = { name: "p2p-energy-conformance", version: "0.1.0" } as const;

export interface HarHeader {
  readonly name: string;
  readonly value: string;
}

export interface HarEntry {
  readonly startedDateTime: string;
  readonly time: number;
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly httpVersion: string;
    readonly cookies: readonly never[];
    readonly headers: readonly HarHeader[];
    readonly queryString: readonly never[];
    readonly postData?: { readonly mimeType: string; readonly text: string };
    readonly headersSize: -1;
    readonly bodySize: number;
  };
  readonly response: {
    readonly status: number;
    readonly statusText: string;
    readonly httpVersion: string;
    readonly cookies: readonly never[];
    readonly headers: readonly HarHeader[];
    readonly content: { readonly size: number; readonly mimeType: string; readonly text?: string };
    readonly redirectURL: "";
    readonly headersSize: -1;
    readonly bodySize: number;
    readonly _error?: { readonly failure: string; readonly detail: string; readonly connected: boolean };
  };
  readonly cache: Record<string, never>;
  readonly timings: { readonly send: number; readonly wait: number; readonly receive: number };
  readonly comment?: string;
  /** Which exchange this entry belongs to (Exchange.id). */
  readonly _exchange: string;
  readonly _scenario: string;
  readonly _step: string;
  /** For callbacks: how it was attributed to its exchange. */
  readonly _matchedBy?: ReceivedCallback["matchedBy"];
}

export interface Har {
  readonly log: {
    readonly version: "1.2";
    readonly creator: { readonly name: string; readonly version: string };
    readonly entries: readonly HarEntry[];
  };
}

const bytes = (text: string): number => Buffer.byteLength(text, "utf8");

const headerList = (headers: Readonly<Record<string, string | undefined>>): HarHeader[] =>
  Object.entries(headers).flatMap(([name, value]) => (value === undefined ? [] : [{ name, value }]));

const contentType = (headers: Readonly<Record<string, string | undefined>>, fallback: string): string =>
  Object.entries(headers).find(([name]) => name.toLowerCase() === "content-type")?.[1] ?? fallback;

const ms = (n: number): number => (Number.isFinite(n) ? Math.max(0, n) : 0);
const iso = (epochMs: number): string => new Date(Math.abs(epochMs) <= 8.64e15 ? epochMs : 0).toISOString();

/** HAR's way of saying no response was recorded (status 0, sizes unknown): a failed request, or a callback whose reply the harness did not keep. */
export const NO_RESPONSE = {
  status: 0,
  statusText: "",
  httpVersion: "",
  cookies: [],
  headers: [],
  content: { size: 0, mimeType: "x-unknown" },
  redirectURL: "",
  headersSize: -1,
  bodySize: -1,
} as const;

function requestEntry(e: Exchange): HarEntry {
  const r = e.response;
  // Every Beckn call is a POST with a body; the only bodiless request is a read such as a registry's GET /.
  const bodiless = e.request.rawBody === "";
  const request: HarEntry["request"] = {
    method: bodiless ? "GET" : "POST",
    url: e.request.url,
    httpVersion: "HTTP/1.1",
    cookies: [],
    headers: headerList(e.request.headers),
    queryString: [],
    ...(bodiless ? {} : { postData: { mimeType: "application/json", text: e.request.rawBody } }),
    headersSize: -1,
    bodySize: bytes(e.request.rawBody),
  };
  const base = { startedDateTime: iso(e.request.sentAt), request, cache: {}, _exchange: e.id, _scenario: e.scenario, _step: e.step };
  if (r.kind === "failure") {
    return {
      ...base,
      time: ms(r.ms),
      response: { ...NO_RESPONSE, _error: { failure: r.failure, detail: r.detail, connected: r.connected } },
      timings: { send: 0, wait: ms(r.ms), receive: 0 },
    };
  }
  const size = bytes(r.rawBody);
  return {
    ...base,
    time: ms(r.ms),
    response: {
      status: r.status,
      statusText: "",
      httpVersion: "HTTP/1.1",
      cookies: [],
      headers: headerList(r.headers),
      content: { size, mimeType: contentType(r.headers, "application/octet-stream"), text: r.rawBody },
      redirectURL: "",
      headersSize: -1,
      bodySize: size,
    },
    timings: { send: 0, wait: ms(r.headersMs), receive: ms(r.ms - r.headersMs) },
  };
}

/** The `bap_uri` the harness gave in its request: the receiver that callbacks were posted to. */
function bapUriOf(e: Exchange, c: ReceivedCallback): string {
  const uriIn = (body: unknown): string | undefined => {
    if (typeof body !== "object" || body === null) {
      return undefined;
    }
    const context = (body as { context?: unknown }).context;
    const uri = typeof context === "object" && context !== null ? (context as { bap_uri?: unknown }).bap_uri : undefined;
    return typeof uri === "string" ? uri : undefined;
  };
  return (uriIn(e.request.body) ?? uriIn(c.body) ?? "").replace(/\/+$/, "");
}

function callbackEntry(e: Exchange, c: ReceivedCallback): HarEntry {
  return {
    startedDateTime: iso(c.receivedAt),
    time: 0,
    request: {
      method: "POST",
      url: `${c.receivedBy ? c.receivedBy.url.replace(/\/+$/, "") : bapUriOf(e, c)}/${c.action}`,
      httpVersion: "HTTP/1.1",
      cookies: [],
      headers: headerList(c.headers),
      queryString: [],
      postData: { mimeType: contentType(c.headers, "application/json"), text: c.rawBody },
      headersSize: -1,
      bodySize: bytes(c.rawBody),
    },
    response: NO_RESPONSE,
    cache: {},
    timings: { send: 0, wait: 0, receive: 0 },
    comment: "A callback the SUT sent to the harness; the harness's reply is not recorded.",
    _exchange: e.id,
    _scenario: e.scenario,
    _step: e.step,
    _matchedBy: c.matchedBy,
  };
}

/** The HAR document, entries in order of time. Pure: same result, same document. */
export function renderHar(result: RunResult, creatorVersion: string = HAR_CREATOR.version): Har {
  const entries = result.exchanges
    .flatMap((e) => [requestEntry(e), ...e.callbacks.map((c) => callbackEntry(e, c))])
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => a.entry.startedDateTime.localeCompare(b.entry.startedDateTime) || a.i - b.i)
    .map(({ entry }) => entry);
  return { log: { version: "1.2", creator: { name: HAR_CREATOR.name, version: creatorVersion }, entries } };
}

/** Writes evidence.har into `dir` (created if needed); returns its path. */
export function writeHar(result: RunResult, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "evidence.har");
  writeFileSync(path, `${JSON.stringify(renderHar(result), null, 2)}\n`);
  return path;
}
