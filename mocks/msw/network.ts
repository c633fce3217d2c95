import type { HttpHandler } from "msw";
import { createRegistryClient, type SubscriberType } from "../../protocol/registry-client.js";
import type { ProfileName } from "../../schemas/index.js";
import { buildBap, type BapEngine } from "../bap/index.js";
import { buildBpp, type BppEngine } from "../bpp/index.js";
import { createIdentity, publicIdentity, type PublicIdentity } from "../common/identity.js";
import { buildGateway } from "../gateway/index.js";
import { buildRegistry, enrol, type Registry } from "../registry/index.js";
import { injectHandler } from "./inject-handler.js";

/** Where the in-process network lives: hosts that only msw answers. */
export const MSW_URLS = {
  registry: "http://registry.p2p.mock",
  gateway: "http://gateway.p2p.mock",
  bap: "http://bap.p2p.mock",
  bpp: "http://bpp.p2p.mock",
} as const;

export interface MswNetworkOptions {
  readonly urls?: Partial<Record<keyof typeof MSW_URLS, string>>;
  readonly profile?: ProfileName;
  readonly domain?: string;
  readonly faults?: { readonly bpp?: Iterable<string>; readonly bap?: Iterable<string>; readonly gateway?: Iterable<string> };
}

export interface MswNetwork {
  /** Give these to msw's `setupServer(...handlers)`. */
  readonly handlers: HttpHandler[];
  readonly urls: Readonly<Record<keyof typeof MSW_URLS, string>>;
  readonly identities: Readonly<Record<"gateway" | "bap" | "bpp", PublicIdentity>>;
  readonly registry: Registry;
  readonly bap: BapEngine;
  readonly bpp: BppEngine;
  /** Stops the BPP's grid transfers and delayed callbacks. */
  close(): Promise<void>;
}

/**
 * The whole mock network inside the calling process, for a team's own unit tests: the same
 * registry, gateway, BPP and BAP apps as `mock up`, answered through msw instead of sockets.
 * Callbacks go out with `fetch`, so msw must intercept them too (use all of `handlers`).
 */
export function createMswNetwork(options: MswNetworkOptions = {}): MswNetwork {
  const urls = { ...MSW_URLS, ...options.urls };
  const domain = options.domain ?? "trade";
  const ids = { gateway: createIdentity("BG", "gateway.p2p.mock"), bap: createIdentity("BAP", "bap.p2p.mock"), bpp: createIdentity("BPP", "bpp.p2p.mock") };
  const registry = buildRegistry({ publicUrl: urls.registry });
  const client = createRegistryClient(urls.registry);
  const profile = options.profile ? { profile: options.profile } : {};
  const common = { lookupPublicKey: (s: string, k: string, type?: SubscriberType) => client.publicKeyFor(s, k, type), ...profile };
  const gateway = buildGateway({
    ...common,
    identity: ids.gateway,
    lookup: (f) => client.lookup(f),
    ...(options.faults?.gateway ? { faults: options.faults.gateway } : {}),
  });
  const bpp = buildBpp({
    ...common,
    identity: ids.bpp,
    lookupSubscriberUrl: (bapId, keyId) => client.subscriberUrlFor(bapId, "BAP", keyId),
    gatewayUrl: urls.gateway,
    domain,
    publicUrl: urls.bpp,
    ...(options.faults?.bpp ? { faults: options.faults.bpp } : {}),
  });
  const bap = buildBap({
    ...common,
    identity: ids.bap,
    gatewayUrl: urls.gateway,
    domain,
    publicUrl: urls.bap,
    ...(options.faults?.bap ? { faults: options.faults.bap } : {}),
  });
  bpp.setPublicUrl(urls.bpp);
  bap.setPublicUrl(urls.bap);
  enrol(registry.registry, ids.gateway, urls.gateway, domain);
  enrol(registry.registry, ids.bpp, urls.bpp, domain);
  enrol(registry.registry, ids.bap, urls.bap, domain);
  const apps = [registry.app, gateway.app, bpp.app, bap.app];
  return {
    handlers: [
      injectHandler(urls.registry, registry.app),
      injectHandler(urls.gateway, gateway.app),
      injectHandler(urls.bpp, bpp.app),
      injectHandler(urls.bap, bap.app),
    ],
    urls,
    identities: { gateway: publicIdentity(ids.gateway), bap: publicIdentity(ids.bap), bpp: publicIdentity(ids.bpp) },
    registry: registry.registry,
    bap: bap.engine,
    bpp: bpp.engine,
    close: async () => {
      await Promise.all(apps.map((app) => app.close()));
    },
  };
}
