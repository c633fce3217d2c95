import type { AddressInfo } from "node:net";
import { buildBpp } from "./app.js";
import type { BppEngine } from "./engine.js";
import type { BppOptions } from "./types.js";

export interface StartBppOptions extends BppOptions {
  /** Defaults to 127.0.0.1. */
  readonly host?: string;
  /** Defaults to 0 (an ephemeral port). */
  readonly port?: number;
}

export interface RunningBpp {
  /** Where the BPP listens, `http://<host>:<port>`. */
  readonly url: string;
  /** Its `bpp_uri`: `publicUrl` when given, else its own URL (`http://127.0.0.1:<port>` when bound to every address). */
  readonly publicUrl: string;
  readonly engine: BppEngine;
  /** Stops listening, cancels the grid's transfers and the delayed callbacks, waits for sends in flight. */
  close(): Promise<void>;
}

/** Builds the reference BPP and listens. */
export async function startBpp(opts: StartBppOptions): Promise<RunningBpp> {
  const { host = "127.0.0.1", port = 0, ...bppOptions } = opts;
  const { app, engine, setPublicUrl } = buildBpp(bppOptions);
  await app.listen({ host, port });
  const address = app.server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
  const wildcard = host === "0.0.0.0" || host === "::";
  const publicUrl = opts.publicUrl ?? (wildcard ? `http://127.0.0.1:${address.port}` : url);
  setPublicUrl(publicUrl);
  return { url, publicUrl, engine, close: () => app.close() };
}
