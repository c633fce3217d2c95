/**
 * A bounded HTTP POST (and, in get.ts, GET) for Beckn traffic: a deadline on the whole exchange, a
 * cap on the response size, no redirects followed, and a typed outcome instead of a thrown error.
 * Whatever the peer does (hang, reset, garbage, a huge body), the caller gets an outcome within its
 * deadline.
 */
import { jsonDepthExceeds } from "../json/depth.js";
import { transport } from "./transport.js";

export interface HttpResponse {
  readonly kind: "response";
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly rawBody: string;
  /** The parsed JSON body, or undefined when it is not JSON (or not UTF-8, or nested deeper than MAX_JSON_DEPTH). */
  readonly body: unknown;
  /** When the response headers arrived, in ms since the request started. */
  readonly headersMs: number;
  /** When the response headers arrived, as wall-clock ms since the epoch (`Date.now()`, the clock callbacks are stamped on). */
  readonly headersAt?: number;
  /** When the whole body had arrived, in ms since the request started. */
  readonly ms: number;
}

export type NetworkFailure = "refused" | "dns" | "timeout" | "reset" | "too-large" | "other";

export interface HttpFailure {
  readonly kind: "failure";
  readonly failure: NetworkFailure;
  readonly detail: string;
  /** Whether a TCP connection was made before it failed (DESIGN: after connect, it is the SUT's fault). */
  readonly connected: boolean;
  readonly ms: number;
}

export type HttpOutcome = HttpResponse | HttpFailure;

export interface PostOptions {
  readonly timeoutMs?: number;
  readonly maxResponseBytes?: number;
}

export const DEFAULT_POST_TIMEOUT_MS = 3000;
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
/** Deeper JSON is not judged by the harness: serialising it again (reports, evidence) would overflow the stack. The measure is protocol/json/depth.ts's. */
export const MAX_JSON_DEPTH = 256;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The text of a body, and whether its bytes were valid UTF-8 (JSON must be, RFC 8259 §8.1). */
export function decodeBody(bytes: Uint8Array): { text: string; utf8: boolean } {
  try {
    return { text: utf8.decode(bytes), utf8: true };
  } catch {
    return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"), utf8: false };
  }
}

function classify(error: unknown): { failure: NetworkFailure; connected: boolean; detail: string } {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as { code?: string }).code ?? "";
  const detail = `${(error as Error).message}${cause?.message ? `: ${cause.message}` : ""}`;
  if ((error as Error).name === "TimeoutError" || (error as Error).name === "AbortError") {
    return { failure: "timeout", connected: true, detail: "no complete answer before the deadline" };
  }
  if (code === "ECONNREFUSED") {
    return { failure: "refused", connected: false, detail };
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return { failure: "dns", connected: false, detail };
  }
  if (code === "ECONNRESET" || code === "EPIPE") {
    return { failure: "reset", connected: true, detail };
  }
  return { failure: "other", connected: true, detail };
}

/** JSON.parse that never throws: undefined for text that is not JSON or nests deeper than MAX_JSON_DEPTH. */
export function parseJsonBounded(text: string): unknown {
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** What a bounded request sends: its method, and for a POST its exact bytes. */
export interface RawRequest {
  readonly method: "GET" | "POST";
  readonly rawBody?: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Sends one request under the bounds (a deadline on the whole exchange, a cap on the answer's size,
 * no redirects followed) and parses a UTF-8 answer with parseJsonBounded; never throws.
 */
export async function sendRaw(url: string, request: RawRequest, options: PostOptions = {}): Promise<HttpOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  let headersMs = 0;
  let headersAt = 0;
  try {
    const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]));
    const answer = await transport(
      url,
      { ...request, headers },
      {
        timeoutMs: options.timeoutMs ?? DEFAULT_POST_TIMEOUT_MS,
        maxBytes,
        onHeaders: () => {
          headersMs = elapsed();
          headersAt = Date.now();
        },
      },
    );
    if (answer.bytes === undefined) {
      return { kind: "failure", failure: "too-large", connected: true, detail: `response body over ${maxBytes} bytes`, ms: elapsed() };
    }
    const read = decodeBody(answer.bytes);
    // Bytes that are not UTF-8 are not JSON (RFC 8259 §8.1): kept as evidence, never parsed.
    return {
      kind: "response",
      status: answer.status,
      headers: answer.headers,
      rawBody: read.text,
      body: read.utf8 ? parseJsonBounded(read.text) : undefined,
      headersMs,
      headersAt,
      ms: elapsed(),
    };
  } catch (error) {
    return { kind: "failure", ...classify(error), ms: elapsed() };
  }
}

/** POSTs raw bytes (as `application/json` unless the headers say otherwise); never throws. */
export function postRaw(url: string, rawBody: string, headers: Readonly<Record<string, string>>, options: PostOptions = {}): Promise<HttpOutcome> {
  const lowered = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return sendRaw(url, { method: "POST", rawBody, headers: { "content-type": "application/json", ...lowered } }, options);
}
