/**
 * `observe`'s capture.har: every exchange its forwarders recorded, as HAR 1.2 entries in the order
 * the requests arrived, with the bytes and headers exactly as they passed. The same document is what
 * `observe` judges (read back by suites/core/capture/captured.ts, as `validate` reads any HAR), so
 * judging the file later gives the same findings.
 */
import type { NetworkFailure } from "../../results/index.js";
import { HAR_CREATOR, NO_RESPONSE, type Har, type HarEntry } from "../../reports/har.js";
import type { ForwarderRecord } from "../../suites/core/observe/network.js";
import type { ForwardedExchange, RecordedBody, RecordedHeader } from "../../suites/core/observe/recording.js";

const iso = (epochMs: number): string => new Date(Math.abs(epochMs) <= 8.64e15 ? epochMs : 0).toISOString();
const text = (body: RecordedBody): string => body.bytes.toString("utf8");
const nonNegative = (n: number | undefined): number => (n !== undefined && Number.isFinite(n) ? Math.max(0, n) : 0);

const contentType = (headers: readonly RecordedHeader[], fallback: string): string =>
  headers.find((h) => h.name.toLowerCase() === "content-type")?.value ?? fallback;

/** The forwarder's reason for no answer, as HAR readers of the harness's own evidence know failures. */
function failureOf(e: ForwardedExchange): { failure: NetworkFailure; detail: string; connected: boolean } {
  const reason = e.failure ?? "";
  const failure: NetworkFailure = /ECONNREFUSED/.test(reason)
    ? "refused"
    : /ENOTFOUND|EAI_AGAIN/.test(reason)
      ? "dns"
      : /timeout/i.test(reason)
        ? "timeout"
        : /ECONNRESET|EPIPE|cut/i.test(reason) || e.outcome === "cut"
          ? "reset"
          : "other";
  const what = e.outcome === "refused" ? "The forwarder refused the request itself" : "The participant gave no whole answer";
  return { failure, detail: `${what}${reason ? ` (${reason})` : ""}.`, connected: failure !== "refused" && failure !== "dns" && e.outcome !== "refused" };
}

function responseOf(e: ForwardedExchange): HarEntry["response"] {
  const r = e.response;
  if (e.outcome !== "answered" || r === undefined || r.fromForwarder) {
    return { ...NO_RESPONSE, _error: failureOf(e) };
  }
  return {
    status: r.status,
    statusText: "",
    httpVersion: "HTTP/1.1",
    cookies: [],
    headers: [...r.headers],
    content: { size: r.body.size, mimeType: contentType(r.headers, "application/octet-stream"), text: text(r.body) },
    redirectURL: "",
    headersSize: -1,
    bodySize: r.body.size,
  };
}

function entryOf(record: ForwarderRecord, e: ForwardedExchange): HarEntry {
  const { timings } = e;
  const sent = nonNegative(timings.requestEnd);
  const headersAt = timings.responseStart ?? timings.end;
  return {
    startedDateTime: iso(timings.startedAt),
    time: nonNegative(timings.end),
    request: {
      method: e.request.method,
      url: `${record.url}${e.request.path}`,
      httpVersion: "HTTP/1.1",
      cookies: [],
      headers: [...e.request.headers],
      queryString: [],
      ...(e.request.body.size > 0 ? { postData: { mimeType: contentType(e.request.headers, "application/json"), text: text(e.request.body) } } : {}),
      headersSize: -1,
      bodySize: e.request.body.size,
    },
    response: responseOf(e),
    cache: {},
    timings: { send: sent, wait: nonNegative(headersAt - sent), receive: nonNegative(timings.end - headersAt) },
    ...(e.notes.length > 0 ? { comment: e.notes.join(" ") } : {}),
    _exchange: `${record.name}#${e.seq}`,
    _scenario: record.name,
    _step: `${e.request.method} ${e.request.path}`,
  };
}

/** Every recorded exchange of every forwarder, in the order the requests arrived. */
export function captureHar(records: readonly ForwarderRecord[], creatorVersion: string = HAR_CREATOR.version): Har {
  const entries = records
    .flatMap((record) => record.exchanges.map((e) => ({ at: e.timings.startedAt, entry: entryOf(record, e) })))
    .sort((a, b) => a.at - b.at)
    .map(({ entry }) => entry);
  return { log: { version: "1.2", creator: { name: HAR_CREATOR.name, version: creatorVersion }, entries } };
}
