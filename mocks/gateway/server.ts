import type { AddressInfo } from "node:net";
import { buildGateway, type GatewayOptions } from "./app.js";
import type { ForwardLog } from "./forward-log.js";

export interface GatewayServerOptions extends GatewayOptions {
  /** Defaults to 127.0.0.1. */
  readonly host?: string;
  /** Defaults to 0 (an ephemeral port). */
  readonly port?: number;
  /** The URL peers reach it at, when not the one it listens on. */
  readonly publicUrl?: string;
}

export interface RunningGateway {
  readonly url: string;
  readonly forwarded: ForwardLog;
  close(): Promise<void>;
}

/** Builds the gateway and listens. */
export async function startGateway(opts: GatewayServerOptions): Promise<RunningGateway> {
  const { host = "127.0.0.1", port = 0, publicUrl, ...gatewayOptions } = opts;
  const { app, forwarded } = buildGateway(gatewayOptions);
  await app.listen({ host, port });
  const address = app.server.address() as AddressInfo;
  return {
    url: publicUrl ?? `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`,
    forwarded,
    close: () => app.close(),
  };
}
