import { gzipSync } from "node:zlib";
import type { Socket } from "node:net";
import type { Behaviour, HostileKit } from "./hostile-sut.js";
import { dribble, writeResponse, type RawRequest } from "./raw-http.js";

/**
 * Hostile behaviours on the synchronous answer: what comes back on the connection the harness
 * opened. Each answers every request the same way; callbacks, where a behaviour sends them, are the
 * plain ones, so only the answer is hostile.
 */
const ACK = JSON.stringify({ message: { ack: { status: "ACK" } } });

/** What a plain BPP does: ACK, then the guide's callback for the action. */
export async function plain(request: RawRequest, kit: HostileKit): Promise<void> {
  kit.ack(request.socket);
  const callback = kit.callbackFor(request);
  await kit.send(callback.url, Buffer.from(JSON.stringify(callback.body)));
}

function callbackAfter(request: RawRequest, kit: HostileKit): void {
  const callback = kit.callbackFor(request);
  kit.track(kit.send(callback.url, Buffer.from(JSON.stringify(callback.body))));
}

/** Streams `total` bytes of filler after the headers, respecting back-pressure, until the peer leaves. */
function stream(socket: Socket, headers: string, total: number): void {
  const chunk = Buffer.alloc(1024 * 1024, 0x61);
  let sent = 0;
  const pump = (): void => {
    while (sent < total && !socket.destroyed) {
      sent += chunk.length;
      if (!socket.write(chunk)) {
        socket.once("drain", pump);
        return;
      }
    }
    socket.end();
  };
  socket.write(headers);
  pump();
}

const GZIP_BOMB = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
export const DEEP_JSON = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;

export const WIRE_BEHAVIOURS: readonly Behaviour[] = [
  { id: "never-answers", title: "reads the request and never answers", answer: () => undefined },
  {
    id: "slowloris-answer",
    title: "answers an ACK one byte every 100 ms",
    answer: (request, kit) => {
      const body = Buffer.from(ACK);
      void dribble(
        request.socket,
        Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`), body]),
        100,
      );
      callbackAfter(request, kit);
    },
  },
  {
    id: "fifty-megabyte-answer",
    title: "answers with a 50 MB body",
    answer: (request) =>
      stream(
        request.socket,
        `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${50 * 1024 * 1024}\r\nconnection: close\r\n\r\n`,
        50 * 1024 * 1024,
      ),
  },
  {
    id: "not-json-answer",
    title: "answers 200 with a body that is not JSON",
    answer: (request, kit) => {
      writeResponse(request.socket, 200, { "content-type": "application/json" }, "<html>ACK</html>");
      callbackAfter(request, kit);
    },
  },
  {
    id: "deep-json-answer",
    title: "answers with JSON nested 100,000 levels deep",
    answer: (request, kit) => {
      writeResponse(request.socket, 200, { "content-type": "application/json" }, DEEP_JSON);
      callbackAfter(request, kit);
    },
  },
  {
    id: "proto-keys-answer",
    title: "answers with its ACK hidden under __proto__ and constructor.prototype",
    answer: (request, kit) => {
      const body = `{"__proto__":{"message":{"ack":{"status":"ACK"}},"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}`;
      writeResponse(request.socket, 200, { "content-type": "application/json" }, body);
      callbackAfter(request, kit);
    },
  },
  {
    id: "invalid-utf8-answer",
    title: "answers with an ACK whose bytes are not UTF-8",
    answer: (request, kit) => {
      const body = Buffer.concat([Buffer.from(`{"message":{"ack":{"status":"ACK"}},"note":"`), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(`"}`)]);
      writeResponse(request.socket, 200, { "content-type": "application/json" }, body);
      callbackAfter(request, kit);
    },
  },
  { id: "connection-reset", title: "resets the connection on every request", answer: (request) => void request.socket.resetAndDestroy() },
  { id: "half-open", title: "closes its side without a byte of answer", answer: (request) => void request.socket.end() },
  {
    id: "http09-garbage",
    title: "answers bytes that are no HTTP status line",
    answer: (request) => void request.socket.end("ACK ACK ACK\r\n\u0000\u0001garbage\r\n\r\n"),
  },
  {
    id: "redirect-loop",
    title: "redirects every request to itself",
    answer: (request) => writeResponse(request.socket, 307, { location: request.path, "content-type": "application/json" }, ACK),
  },
  {
    id: "server-error",
    title: "answers 503 with an HTML page",
    answer: (request) => writeResponse(request.socket, 503, { "content-type": "text/html" }, "<h1>Service Unavailable</h1>"),
  },
  {
    id: "wrong-content-type",
    title: "answers its ACK as text/html",
    answer: (request, kit) => {
      writeResponse(request.socket, 200, { "content-type": "text/html; charset=utf-16" }, "<p>ACK</p>");
      callbackAfter(request, kit);
    },
  },
  {
    id: "header-injection",
    title: "answers with CR, NUL and a smuggled header inside header values",
    answer: (request) =>
      void request.socket.end(`HTTP/1.1 200 OK\r\nx-note: a\rset-cookie: injected=1\r\nx-nul: a\u0000b\r\ncontent-length: ${ACK.length}\r\n\r\n${ACK}`),
  },
  {
    id: "giant-headers",
    title: "answers with 256 KB of headers",
    answer: (request) => writeResponse(request.socket, 200, { "content-type": "application/json", "x-filler": "a".repeat(256 * 1024) }, ACK),
  },
  {
    id: "gzip-bomb-answer",
    title: "answers with a gzip bomb (64 MB of spaces in 64 KB, Content-Encoding: gzip)",
    answer: (request) => writeResponse(request.socket, 200, { "content-type": "application/json", "content-encoding": "gzip" }, GZIP_BOMB),
  },
];

export { GZIP_BOMB };
