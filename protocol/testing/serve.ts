/** What protocol's tests share: a loopback HTTP server. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface LoopbackServer {
  /** Its base URL, `http://127.0.0.1:<port>/`. */
  readonly url: string;
  /** Closes it, its open connections too. */
  close(): Promise<void>;
}

/** Serves `handler` on a free loopback port (a test closes it with onTestFinished). */
export async function serveOnLoopback(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<LoopbackServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
