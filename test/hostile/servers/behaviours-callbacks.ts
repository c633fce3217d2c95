import type { Behaviour, HostileKit } from "./hostile-sut.js";
import { freshId, requestContext } from "./hostile-sut.js";
import { DEEP_JSON, GZIP_BOMB, plain } from "./behaviours-wire.js";
import type { RawRequest } from "./raw-http.js";

/**
 * Hostile behaviours on the callbacks: the answer is a plain ACK, the callback to `bap_uri` is
 * hostile. `FLOOD` unsolicited on_status go out after the first confirm only, so one run stays short.
 */
export const FLOOD = 10_000;

/** ACKs, then sends the plain callback's bytes changed by `bytes`, with extra headers. */
function ackThen(
  bytes: (body: Record<string, unknown>) => Buffer,
  options: { headers?: Record<string, string>; sign?: boolean; dribbleMs?: number; path?: (url: string) => string; only?: string } = {},
) {
  return async (request: RawRequest, kit: HostileKit): Promise<void> => {
    if (options.only !== undefined && request.path !== options.only) {
      return plain(request, kit);
    }
    kit.ack(request.socket);
    const callback = kit.callbackFor(request);
    const url = options.path ? options.path(callback.url) : callback.url;
    kit.track(
      kit.send(url, bytes(callback.body), {
        ...(options.headers ? { headers: options.headers } : {}),
        ...(options.sign === false ? { sign: false } : {}),
        ...(options.dribbleMs ? { dribbleMs: options.dribbleMs, timeoutMs: 60_000 } : {}),
      }),
    );
  };
}

async function flood(request: RawRequest, kit: HostileKit): Promise<void> {
  const context = requestContext(request);
  const unsolicited = kit.callbackFor({ ...request, path: "/status" }, context);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < FLOOD) {
      next += 1;
      const body = { ...unsolicited.body, context: { ...(unsolicited.body["context"] as object), message_id: freshId() } };
      await kit.send(unsolicited.url, Buffer.from(JSON.stringify(body)), { timeoutMs: 5000 });
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
}

/** Kits (one per SUT) that already flooded: the flood fires once per run. */
const flooded = new WeakSet<HostileKit>();

export const CALLBACK_BEHAVIOURS: readonly Behaviour[] = [
  {
    id: "flood-unsolicited",
    title: `floods ${FLOOD.toLocaleString("en-US")} unsolicited on_status after the first confirm`,
    answer: async (request, kit) => {
      await plain(request, kit);
      if (request.path === "/confirm" && !flooded.has(kit)) {
        flooded.add(kit);
        kit.track(flood(request, kit));
      }
    },
  },
  {
    id: "other-transactions",
    title: "calls back with another transaction_id and message_id",
    answer: (request, kit) => {
      kit.ack(request.socket);
      const callback = kit.callbackFor(request, { ...requestContext(request), transaction_id: freshId(), message_id: freshId() });
      kit.track(kit.send(callback.url, Buffer.from(JSON.stringify(callback.body))));
    },
  },
  {
    id: "callback-before-ack",
    title: "sends the callback, waits for its answer, then ACKs 200 ms later",
    answer: async (request, kit) => {
      const callback = kit.callbackFor(request);
      await kit.send(callback.url, Buffer.from(JSON.stringify(callback.body)));
      await new Promise((resolve) => setTimeout(resolve, 200));
      kit.ack(request.socket);
    },
  },
  { id: "not-json-callbacks", title: "calls back with bytes that are not JSON", answer: ackThen(() => Buffer.from("on_whatever ok")) },
  { id: "deep-json-callbacks", title: "calls back with JSON nested 100,000 levels deep", answer: ackThen(() => Buffer.from(DEEP_JSON)) },
  {
    id: "proto-keys-callbacks",
    title: "calls back with __proto__ and constructor.prototype keys in context and message",
    answer: ackThen((body) => {
      const text = JSON.stringify(body);
      return Buffer.from(
        `{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},${text.slice(1, -1).replace(`"context":{`, `"context":{"__proto__":{"polluted":"yes"},`)}}`,
      );
    }),
  },
  {
    id: "invalid-utf8-callbacks",
    title: "calls back with bytes that are not UTF-8 inside a string",
    answer: ackThen((body) => {
      const text = JSON.stringify(body);
      const cut = text.indexOf(`"context":{`) + `"context":{`.length;
      return Buffer.concat([
        Buffer.from(text.slice(0, cut)),
        Buffer.from(`"note":"`),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
        Buffer.from(`",`),
        Buffer.from(text.slice(cut)),
      ]);
    }),
  },
  {
    id: "gzip-bomb-callbacks",
    title: "calls back with a gzip bomb (Content-Encoding: gzip)",
    answer: ackThen(() => GZIP_BOMB, { headers: { "content-encoding": "gzip" } }),
  },
  {
    id: "fifty-megabyte-callbacks",
    title: "calls back to each search with a 50 MB body",
    answer: ackThen((body) => Buffer.from(JSON.stringify({ ...body, padding: "a".repeat(50 * 1024 * 1024) })), { only: "/search" }),
  },
  {
    id: "giant-header-callbacks",
    title: "calls back with a 64 KB header",
    answer: ackThen((body) => Buffer.from(JSON.stringify(body)), { headers: { "x-filler": "a".repeat(64 * 1024) } }),
  },
  { id: "slowloris-callbacks", title: "calls back one byte every 200 ms", answer: ackThen((body) => Buffer.from(JSON.stringify(body)), { dribbleMs: 200 }) },
  {
    id: "wrong-path-callbacks",
    title: "calls back to the wrong path (bap_uri/callbacks/on_<action>)",
    answer: ackThen((body) => Buffer.from(JSON.stringify(body)), { path: (url) => url.replace(/\/(on_\w+)$/, "/callbacks/$1") }),
  },
];
