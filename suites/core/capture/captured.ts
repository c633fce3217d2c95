/**
 * Captured traffic as one list of Beckn messages, whatever it was read from: a HAR (the evidence.har
 * a run writes, or any HAR 1.2 a proxy or browser saved) or a log of JSON messages. Pure: the caller
 * reads the file; a role's suite pairs the messages into its exchanges.
 */
import type { ExchangeResponse } from "../check.js";
import { asObject } from "../../../protocol/shapes.js";

/** One Beckn message as the capture holds it. */
export interface CapturedMessage {
  /** Where it came from: `file#entries[3]` for a HAR entry, the log's own label (`file:12`) otherwise. */
  readonly source: string;
  /** The endpoint it was posted to (the URL's last path segment), else the `context.action` its body names. */
  readonly action: string;
  /** The URL it was posted to, when the capture has it (a HAR). */
  readonly url?: string;
  /** Its headers as sent, when the capture has them (a HAR); undefined for a log of bodies. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The bytes as sent (a HAR's `postData.text`, a JSON-lines log's line), else the body written compact. */
  readonly rawBody: string;
  /** The parsed body, or undefined when the bytes are not JSON. */
  readonly body: unknown;
  /** Wall-clock ms since the epoch when it was sent: the HAR's `startedDateTime`, else the body's `context.timestamp`. */
  readonly at: number;
  /** The synchronous answer, when the capture has it (a HAR entry with a status): the receiver's ACK or NACK, of a callback too. */
  readonly response?: ExchangeResponse;
  /** The exchange id a run's own evidence.har names (`_exchange`), so a capture of a run reads back under the run's ids. */
  readonly exchangeId?: string;
}

/** A log's message as `cli/read-messages.ts` reads it: its label, its body and, for a JSON-lines log, its line. */
export interface LoggedMessage {
  readonly source: string;
  readonly body: unknown;
  readonly raw?: string;
}

/** Every action of core 1.1.0's transaction API: a request, or `on_` one as its callback. */
export const BECKN_ACTIONS: ReadonlySet<string> = new Set(
  ["search", "select", "init", "confirm", "status", "track", "cancel", "update", "rating", "support"].flatMap((a) => [a, `on_${a}`]),
);

export const contextOfBody = (body: unknown): Record<string, unknown> => asObject(asObject(body)?.["context"]) ?? {};

/** A request's action (`select`), or a callback's (`on_select`). */
export const isCallbackAction = (action: string): boolean => action.startsWith("on_");

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function endpointOf(url: string): string {
  try {
    return new URL(url).pathname.replace(/\/+$/, "").split("/").pop() ?? "";
  } catch {
    return "";
  }
}

function timeOf(body: unknown): number {
  const stamp = contextOfBody(body)["timestamp"];
  const ms = typeof stamp === "string" ? Date.parse(stamp) : Number.NaN;
  return Number.isFinite(ms) ? ms : 0;
}

/** Whether a parsed JSON document is a HAR (`log.entries` an array). */
export const isHar = (doc: unknown): boolean => Array.isArray(asObject(asObject(doc)?.["log"])?.["entries"]);

interface HarHeaderLike {
  readonly name?: unknown;
  readonly value?: unknown;
}

function headersOf(list: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const h of Array.isArray(list) ? (list as HarHeaderLike[]) : []) {
    if (typeof h?.name === "string" && typeof h.value === "string") {
      headers[h.name] = headers[h.name] === undefined ? h.value : `${headers[h.name]}, ${h.value}`;
    }
  }
  return headers;
}

const num = (value: unknown): number => (typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : 0);

/**
 * The synchronous answer of a HAR entry: status 0 (HAR's "no response") is none, an `_error` a
 * failure. A run's evidence.har records no answer to a callback; observe's capture.har does.
 */
function responseOf(entry: Record<string, unknown>, at: number): ExchangeResponse | undefined {
  const response = asObject(entry["response"]);
  const status = response?.["status"];
  const time = num(entry["time"]);
  const error = asObject(response?.["_error"]);
  if (error) {
    const failure = String(error["failure"]);
    const known = ["refused", "dns", "timeout", "reset", "too-large", "other"].includes(failure);
    return {
      kind: "failure",
      failure: known ? (failure as "other") : "other",
      detail: String(error["detail"] ?? ""),
      connected: error["connected"] === true,
      ms: time,
    };
  }
  if (typeof status !== "number" || status <= 0) {
    return undefined;
  }
  const text = asObject(response?.["content"])?.["text"];
  const rawBody = typeof text === "string" ? text : "";
  const headersMs = num(asObject(entry["timings"])?.["wait"]) || time;
  return { kind: "response", status, headers: headersOf(response?.["headers"]), rawBody, body: parse(rawBody), headersMs, headersAt: at + headersMs, ms: time };
}

/** The Beckn messages of a HAR, in the order of its entries; entries that are no Beckn message (a registry lookup, a page) are left out. */
export function messagesOfHar(doc: unknown, file: string): CapturedMessage[] {
  const entries = asObject(asObject(doc)?.["log"])?.["entries"] as unknown[];
  return entries.flatMap((raw, index) => {
    const entry = asObject(raw);
    const request = asObject(entry?.["request"]);
    const url = request?.["url"];
    const text = asObject(request?.["postData"])?.["text"];
    if (!entry || typeof url !== "string" || typeof text !== "string") {
      return [];
    }
    const body = parse(text);
    const named = contextOfBody(body)["action"];
    const endpoint = endpointOf(url);
    const action = BECKN_ACTIONS.has(endpoint) ? endpoint : typeof named === "string" && BECKN_ACTIONS.has(named) ? named : undefined;
    if (action === undefined) {
      return [];
    }
    const started = Date.parse(String(entry["startedDateTime"]));
    const at = Number.isFinite(started) ? started : timeOf(body);
    const response = responseOf(entry, at);
    const exchangeId = entry["_exchange"];
    return [
      {
        source: `${file}#entries[${index}]`,
        action,
        url,
        headers: headersOf(request?.["headers"]),
        rawBody: text,
        body,
        at,
        ...(response ? { response } : {}),
        ...(typeof exchangeId === "string" ? { exchangeId } : {}),
      },
    ];
  });
}

/** The Beckn messages of a log of bodies: each names its action in `context.action`; one that names none is left out. */
export function messagesOfLog(logged: readonly LoggedMessage[]): CapturedMessage[] {
  return logged.flatMap(({ source, body, raw }) => {
    const action = contextOfBody(body)["action"];
    if (typeof action !== "string" || action === "") {
      return [];
    }
    return [{ source, action, rawBody: raw ?? JSON.stringify(body), body, at: timeOf(body) }];
  });
}
