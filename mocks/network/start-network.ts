import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { createRegistryClient, type SubscriberType } from "../../protocol/registry-client.js";
import type { ProfileName } from "../../schemas/index.js";
import { startBap, type RunningBap } from "../bap/index.js";
import { startBpp, type RunningBpp } from "../bpp/index.js";
import { createIdentity, publicIdentity, type Identity, type PublicIdentity } from "../common/identity.js";
import { enrol } from "../registry/enrol.js";
import { startGateway, type RunningGateway } from "../gateway/index.js";
import { buildGridApp } from "../grid/index.js";
import { startRegistry, type RunningRegistry } from "../registry/index.js";
import { variantsOf } from "../common/variant-set.js";

/** The ports `mock up` uses unless told otherwise (DESIGN "Network and keys"). */
export const DEFAULT_MOCK_PORTS = { registry: 7300, gateway: 7301, bap: 7302, bpp: 7303, grid: 7304 } as const;
export type MockName = keyof typeof DEFAULT_MOCK_PORTS;

export const DEFAULT_SUBSCRIBER_IDS = {
  registry: "registry.p2p-conformance.local",
  gateway: "gateway.p2p-conformance.local",
  bap: "bap.p2p-conformance.local",
  bpp: "bpp.p2p-conformance.local",
} as const;

export interface NetworkOptions {
  /** Bind address of every server; 127.0.0.1 by default. */
  readonly host?: string;
  /** Ports; 0 (ephemeral) for each one not given. */
  readonly ports?: Partial<Record<MockName, number>>;
  /** Public base URLs, when servers are reached through a proxy or tunnel. */
  readonly publicUrls?: Partial<Record<MockName, string>>;
  readonly faults?: { readonly bpp?: Iterable<string>; readonly bap?: Iterable<string>; readonly gateway?: Iterable<string> };
  /** Variants (mocks/variants): each id goes to the mock its prefix names; `grid.` ones to the BPP's grid. An unknown id throws. */
  readonly variants?: readonly string[];
  readonly profile?: ProfileName;
  readonly domain?: string;
  readonly city?: string;
  readonly country?: string;
  readonly ttl?: string;
  readonly onSearchRouting?: "direct" | "gateway";
  /** Run the grid's transfers in real time instead of on the compressed clock. */
  readonly realTimeGrid?: boolean;
}

export interface NetworkMember {
  readonly url: string;
  readonly identity: PublicIdentity;
}

export interface RunningNetwork {
  readonly registry: { readonly url: string; readonly handle: RunningRegistry };
  readonly gateway: NetworkMember & { readonly handle: RunningGateway };
  readonly bap: NetworkMember & { readonly handle: RunningBap };
  readonly bpp: NetworkMember & { readonly handle: RunningBpp };
  readonly grid: { readonly url: string };
  readonly domain: string;
  /** Stops every server, in reverse order of start; safe to call twice. */
  stop(): Promise<void>;
}

async function listenGrid(app: FastifyInstance, host: string, port: number): Promise<string> {
  await app.listen({ host, port });
  return `http://${host.includes(":") ? `[${host}]` : host}:${(app.server.address() as AddressInfo).port}`;
}

/** Drops the keys whose value is undefined, so optional options stay absent (exactOptionalPropertyTypes). */
function compact<T extends Record<string, unknown>>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

type Stops = (() => Promise<void>)[];

async function startServers(opts: NetworkOptions, ids: Record<"registry" | "gateway" | "bap" | "bpp", Identity>, stops: Stops) {
  const host = opts.host ?? "127.0.0.1";
  const port = (name: MockName): number => opts.ports?.[name] ?? 0;
  const variants = (mock: Parameters<typeof variantsOf>[0]): string[] => variantsOf(mock, opts.variants);
  const registry = await startRegistry({
    host,
    port: port("registry"),
    identity: ids.registry,
    variants: variants("registry"),
    ...compact({ publicUrl: opts.publicUrls?.registry }),
  });
  stops.push(() => registry.close());
  const client = createRegistryClient(registry.url);
  const common = {
    lookupPublicKey: (s: string, k: string, type?: SubscriberType) => client.publicKeyFor(s, k, type),
    host,
    ...compact({ profile: opts.profile }),
  };
  const gateway = await startGateway({
    ...common,
    identity: ids.gateway,
    lookup: (f) => client.lookup(f),
    port: port("gateway"),
    variants: variants("gateway"),
    ...compact({ faults: opts.faults?.gateway, publicUrl: opts.publicUrls?.gateway }),
  });
  stops.push(() => gateway.close());
  const place = { domain: opts.domain ?? "trade", ...compact({ city: opts.city, country: opts.country, ttl: opts.ttl }) };
  const bpp = await startBpp({
    ...common,
    ...place,
    identity: ids.bpp,
    gatewayUrl: gateway.url,
    lookupSubscriberUrl: (bapId, keyId) => client.subscriberUrlFor(bapId, "BAP", keyId),
    port: port("bpp"),
    grid: { realTime: opts.realTimeGrid ?? false },
    variants: [...variants("bpp"), ...variants("grid")],
    ...compact({ onSearchRouting: opts.onSearchRouting, faults: opts.faults?.bpp, publicUrl: opts.publicUrls?.bpp }),
  });
  stops.push(() => bpp.close());
  const bap = await startBap({
    ...common,
    ...place,
    identity: ids.bap,
    gatewayUrl: gateway.url,
    port: port("bap"),
    variants: variants("bap"),
    ...compact({ faults: opts.faults?.bap, publicUrl: opts.publicUrls?.bap }),
  });
  stops.push(() => bap.close());
  const gridApp = buildGridApp(bpp.engine.grid);
  const listened = await listenGrid(gridApp, host, port("grid"));
  stops.push(() => gridApp.close());
  return { registry, gateway, bpp, bap, gridUrl: opts.publicUrls?.grid ?? listened };
}

/**
 * Starts the whole mock network: registry, gateway, BPP (with its grid operator) and BAP, wired
 * together through the registry with fresh keys. Every server is a real fastify server.
 */
export async function startNetwork(opts: NetworkOptions = {}): Promise<RunningNetwork> {
  const domain = opts.domain ?? "trade";
  const ids = {
    registry: createIdentity("BG", DEFAULT_SUBSCRIBER_IDS.registry),
    gateway: createIdentity("BG", DEFAULT_SUBSCRIBER_IDS.gateway),
    bap: createIdentity("BAP", DEFAULT_SUBSCRIBER_IDS.bap),
    bpp: createIdentity("BPP", DEFAULT_SUBSCRIBER_IDS.bpp),
  };
  const stops: Stops = [];
  const stop = async (): Promise<void> => {
    for (const close of stops.splice(0).reverse()) {
      await close();
    }
  };
  try {
    const { registry, gateway, bpp, bap, gridUrl } = await startServers(opts, ids, stops);
    enrol(registry.registry, ids.gateway, gateway.url, domain);
    enrol(registry.registry, ids.bpp, bpp.publicUrl, domain, { city: opts.city, country: opts.country });
    enrol(registry.registry, ids.bap, bap.url, domain);
    return {
      registry: { url: registry.url, handle: registry },
      gateway: { url: gateway.url, identity: publicIdentity(ids.gateway), handle: gateway },
      bap: { url: bap.url, identity: publicIdentity(ids.bap), handle: bap },
      bpp: { url: bpp.publicUrl, identity: publicIdentity(ids.bpp), handle: bpp },
      grid: { url: gridUrl },
      domain,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
