import type { AddressInfo } from "node:net";
import { buildBap } from "./app.js";
import type { BapEngine } from "./engine.js";
import type { BapOptions } from "./state.js";

export interface BapServerOptions extends BapOptions {
  /** Defaults to 127.0.0.1. */
  readonly host?: string;
  /** Defaults to 0 (an ephemeral port). */
  readonly port?: number;
}

export interface RunningBap {
  /** Its `bap_uri`: `publicUrl` when given, else where it listens. */
  readonly url: string;
  /** Where it listens, \`http://<host>:<port>\` (its \`url\` too unless \`publicUrl\` was given). */
  readonly listenUrl: string;
  readonly engine: BapEngine;
  close(): Promise<void>;
}

/** Builds the BAP, listens, and tells it its public URL. */
export async function startBap(opts: BapServerOptions): Promise<RunningBap> {
  const { host = "127.0.0.1", port = 0, ...bapOptions } = opts;
  const { app, engine, setPublicUrl } = buildBap(bapOptions);
  await app.listen({ host, port });
  const address = app.server.address() as AddressInfo;
  const listenUrl = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
  const url = opts.publicUrl ?? listenUrl;
  setPublicUrl(url);
  return { url, listenUrl, engine, close: () => app.close() };
}
