// The modules, not their functions: msw (mocks/msw) and other interceptors patch `http.request` on them.
import http, { type ClientRequest, type IncomingMessage, type RequestOptions } from "node:http";
import https from "node:https";
import type { Readable } from "node:stream";
import { constants, createBrotliDecompress, createGunzip, createInflate } from "node:zlib";

/**
 * One HTTP request over node:http (or node:https), the way the bounded POST needs it: the whole
 * exchange under one deadline, the answer read up to a cap, no redirect followed, and the answer's
 * content codings (gzip, deflate, br) decoded as fetch decodes them, the cap counting decoded bytes.
 * It costs a quarter of fetch's CPU per request on loopback (fetch writes a body as a web stream).
 */
export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The decoded body; undefined when it ran past the cap (the read stops there). */
  readonly bytes: Buffer | undefined;
}

export interface TransportRequest {
  readonly method: "GET" | "POST";
  readonly rawBody?: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface TransportLimits {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** Called once the answer's status line and headers are in. */
  readonly onHeaders: () => void;
}

/** A deadline's error: classify reads it as a timeout, as it read fetch's AbortSignal.timeout. */
function timeoutError(): Error {
  const error = new Error("no complete answer before the deadline");
  error.name = "TimeoutError";
  return error;
}

const FLUSH = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };

function decoderFor(coding: string): NodeJS.ReadWriteStream | undefined {
  if (coding === "gzip" || coding === "x-gzip") {
    return createGunzip(FLUSH);
  }
  if (coding === "deflate") {
    return createInflate(FLUSH);
  }
  return coding === "br" ? createBrotliDecompress({ flush: constants.BROTLI_OPERATION_FLUSH, finishFlush: constants.BROTLI_OPERATION_FLUSH }) : undefined;
}

/** The body as fetch reads it: decoded coding by coding, last applied first; as sent when a coding is unknown. */
function decoded(response: IncomingMessage): Readable {
  const codings = String(response.headers["content-encoding"] ?? "")
    .toLowerCase()
    .split(",")
    .map((coding) => coding.trim())
    .filter((coding) => coding !== "")
    .reverse();
  const decoders = codings.map(decoderFor);
  if (decoders.length === 0 || decoders.some((d) => d === undefined)) {
    return response;
  }
  let stream: Readable = response;
  for (const decoder of decoders as NodeJS.ReadWriteStream[]) {
    const source = stream;
    stream = source.pipe(decoder) as unknown as Readable;
    source.on("error", (error) => (decoder as unknown as Readable).destroy(error));
  }
  return stream;
}

/** Header names in lower case, one value each (the last of a repeated `set-cookie`), sorted by name as fetch's Headers iterate. */
function headersOf(response: IncomingMessage): Record<string, string> {
  const entries = Object.entries(response.headers).flatMap(([name, value]): [string, string][] =>
    value === undefined ? [] : [[name, Array.isArray(value) ? (value[value.length - 1] ?? "") : value]],
  );
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function read(stream: Readable, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on("data", (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) {
        stream.destroy();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    stream.once("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}

/** The headers fetch added where the caller gave none, kept so the wire stays as it was (brotli offered over https only). */
const fetchDefaults = (url: URL): Record<string, string> => ({
  accept: "*/*",
  "accept-encoding": url.protocol === "https:" ? "gzip, deflate, br" : "gzip, deflate",
});

function start(url: URL, request: TransportRequest): ClientRequest {
  const body = request.rawBody === undefined ? undefined : Buffer.from(request.rawBody, "utf8");
  const options: RequestOptions = {
    method: request.method,
    headers: { ...fetchDefaults(url), ...request.headers, ...(body ? { "content-length": String(body.byteLength) } : {}) },
  };
  const outgoing = url.protocol === "https:" ? https.request(url, options) : http.request(url, options);
  outgoing.end(body);
  return outgoing;
}

/** Sends one request and reads its answer under `limits`; rejects on any network trouble or the deadline. */
export function transport(url: string, request: TransportRequest, limits: TransportLimits): Promise<Answer> {
  const target = new URL(url);
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    return Promise.reject(new Error(`${target.protocol} URLs are not supported; expected http: or https:`));
  }
  return new Promise<Answer>((resolve, reject) => {
    const outgoing = start(target, request);
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        outcome();
      }
    };
    // The deadline settles first, so the reset that destroying the socket causes is not what is reported.
    const timer = setTimeout(() => {
      settle(() => reject(timeoutError()));
      outgoing.destroy();
    }, limits.timeoutMs);
    outgoing.on("error", (error) => settle(() => reject(error)));
    outgoing.once("response", (response) => {
      limits.onHeaders();
      response.on("error", (error) => outgoing.destroy(error));
      read(decoded(response), limits.maxBytes).then(
        (bytes) => {
          if (bytes === undefined) {
            outgoing.destroy();
          }
          settle(() => resolve({ status: response.statusCode ?? 0, headers: headersOf(response), bytes }));
        },
        (error: unknown) => settle(() => reject(error)),
      );
    });
  });
}
