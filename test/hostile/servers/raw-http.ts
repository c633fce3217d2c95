import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A deliberately minimal HTTP/1.1 server on raw sockets, so a hostile SUT can write whatever bytes
 * it likes: CRLF inside header values, a body byte by byte, a reset, HTTP/0.9 garbage. It parses
 * one request per connection (request line, headers, Content-Length body, capped) and hands it on.
 */
export interface RawRequest {
  readonly method: string;
  readonly path: string;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly socket: Socket;
}

export interface RawServer {
  readonly url: string;
  /** Every connection accepted so far. */
  readonly connections: () => number;
  close(): Promise<void>;
}

const MAX_REQUEST_BYTES = 2 * 1024 * 1024;

function parseHead(head: string): { method: string; path: string; headers: Record<string, string> } {
  const [requestLine = "", ...lines] = head.split("\r\n");
  const [method = "", path = ""] = requestLine.split(" ");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) {
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
  }
  return { method, path, headers };
}

function readRequest(socket: Socket, onRequest: (request: RawRequest) => void): void {
  let buffered = Buffer.alloc(0);
  const onData = (chunk: Buffer): void => {
    buffered = Buffer.concat([buffered, chunk]);
    const end = buffered.indexOf("\r\n\r\n");
    if (buffered.length > MAX_REQUEST_BYTES) {
      socket.destroy();
      return;
    }
    if (end < 0) {
      return;
    }
    const head = parseHead(buffered.subarray(0, end).toString("latin1"));
    const length = Number(head.headers["content-length"] ?? "0");
    if (buffered.length - end - 4 < length) {
      return;
    }
    socket.off("data", onData);
    onRequest({ ...head, body: buffered.subarray(end + 4, end + 4 + length), socket });
  };
  socket.on("data", onData);
}

/** Listens on 127.0.0.1:0; `close()` destroys every socket it still holds. */
export async function startRawServer(onRequest: (request: RawRequest) => void, onConnection?: (socket: Socket) => boolean): Promise<RawServer> {
  const sockets = new Set<Socket>();
  let count = 0;
  const server: Server = createServer((socket) => {
    count += 1;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    if (onConnection?.(socket)) {
      return;
    }
    readRequest(socket, onRequest);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) {
          socket.destroy();
        }
        server.close(() => resolve());
      }),
  };
}

/** Writes a whole HTTP/1.1 response and closes the connection. */
export function writeResponse(socket: Socket, status: number, headers: Readonly<Record<string, string>>, body: Buffer | string): void {
  if (socket.destroyed) {
    return;
  }
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  const head = Object.entries({ "content-length": String(bytes.length), connection: "close", ...headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("");
  socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 ${status} X\r\n${head}\r\n`), bytes]));
}

/** Writes `bytes` one at a time, `intervalMs` apart, until done or the peer goes away. */
export function dribble(socket: Socket, bytes: Buffer, intervalMs: number): Promise<void> {
  return new Promise((resolve) => {
    let at = 0;
    const timer = setInterval(() => {
      if (socket.destroyed || at >= bytes.length) {
        clearInterval(timer);
        socket.end();
        resolve();
        return;
      }
      socket.write(bytes.subarray(at, at + 1));
      at += 1;
    }, intervalMs);
    socket.once("close", () => {
      clearInterval(timer);
      resolve();
    });
  });
}

/**
 * POSTs raw bytes over a fresh socket, optionally byte by byte, and resolves when the peer has
 * answered and closed, or at `timeoutMs`. Never throws: a hostile SUT does not care how it ends.
 */
export function rawPost(
  url: string,
  headers: Readonly<Record<string, string>>,
  body: Buffer,
  options: { dribbleMs?: number; timeoutMs?: number } = {},
): Promise<void> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve(); // a probe without bap_uri: nowhere to call back
  }
  return new Promise((resolve) => {
    const socket = connect(Number(target.port), target.hostname);
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    };
    const timer = setTimeout(done, options.timeoutMs ?? 10_000);
    socket.on("error", done);
    socket.on("close", done);
    socket.on("data", () => undefined);
    socket.on("connect", () => {
      const head = Object.entries({ host: target.host, "content-length": String(body.length), connection: "close", ...headers })
        .map(([n, v]) => `${n}: ${v}\r\n`)
        .join("");
      const bytes = Buffer.concat([Buffer.from(`POST ${target.pathname} HTTP/1.1\r\n${head}\r\n`), body]);
      if (options.dribbleMs === undefined) {
        socket.write(bytes);
      } else {
        void dribble(socket, bytes, options.dribbleMs);
      }
    });
  });
}
