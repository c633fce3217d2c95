import { buildTransaction, type BecknMessage } from "../../../fixtures/builders/index.js";
import { createIdentity, type Identity } from "../../common/identity.js";
import { sendSigned, type SendOptions } from "../../common/send.js";
import { startFakeBpp, type FakeBpp } from "../../common/testing/fake-bpp.js";
import { startGateway, type RunningGateway } from "../server.js";
import { staticRegistry, subscriberEntry, type EntryOptions, type StaticRegistry } from "../../common/testing/static-registry.js";

/** The BPPs of the gateway tests: who they are, and where they operate. */
export const RECEIVERS = {
  a: { domain: "trade", city: "NANP:628" },
  b: { domain: "trade" },
  c: { domain: "trade", city: "std:080" },
  d: { domain: "mobility" },
  e: { domain: "trade", status: "INITIATED" },
} as const satisfies Record<string, EntryOptions>;
export type ReceiverName = keyof typeof RECEIVERS;

/**
 * A registry holding a sending BAP, a BAP that receives relayed on_search, and five BPPs that
 * only record what reaches them; gateways are started per test, each with its own faults.
 */
export interface GatewayNetwork {
  readonly registry: StaticRegistry;
  readonly bap: Identity;
  /** Records what the gateway relays to the registered BAP. */
  readonly bapInbox: FakeBpp;
  readonly bpps: Record<ReceiverName, { identity: Identity; server: FakeBpp }>;
  startGateway(faults?: Iterable<string>): Promise<RunningGateway & { identity: Identity }>;
  close(): Promise<void>;
}

export async function startGatewayNetwork(): Promise<GatewayNetwork> {
  const registry = staticRegistry();
  const bap = createIdentity("BAP", "bap.gw-test");
  const bapInbox = await startFakeBpp({ identity: bap, silent: ["on_search"] });
  registry.entries.push(subscriberEntry(bap, bapInbox.url));
  const bpps = {} as Record<ReceiverName, { identity: Identity; server: FakeBpp }>;
  for (const [name, where] of Object.entries(RECEIVERS) as [ReceiverName, EntryOptions][]) {
    const identity = createIdentity("BPP", `bpp-${name}.test`);
    const server = await startFakeBpp({ identity, silent: ["search"] });
    bpps[name] = { identity, server };
    registry.entries.push(subscriberEntry(identity, server.url, where));
  }
  const gateways: RunningGateway[] = [];
  return {
    registry,
    bap,
    bapInbox,
    bpps,
    async startGateway(faults = []) {
      const identity = createIdentity("BG", `gateway-${gateways.length + 1}.test`);
      registry.entries.push(subscriberEntry(identity, "http://127.0.0.1:9"));
      const gateway = await startGateway({ identity, lookup: registry.lookup, lookupPublicKey: registry.lookupPublicKey, faults });
      gateways.push(gateway);
      return { ...gateway, identity };
    },
    async close() {
      await Promise.all([...gateways.map((g) => g.close()), bapInbox.close(), ...Object.values(bpps).map((b) => b.server.close())]);
    },
  };
}

/** A search from the registered BAP, in the guide's city unless told otherwise. */
export function searchBody(net: GatewayNetwork, where: { city?: string | null; bppId?: string; domain?: string } = {}): BecknMessage {
  const search = buildTransaction({ bapId: net.bap.subscriberId, bapUri: net.bapInbox.url }).messages.search;
  const { location: _location, ...context } = search.context;
  const location = where.city === null ? {} : { location: { country: { code: "USA" }, city: { code: where.city ?? "NANP:628" } } };
  const domain = where.domain ?? context.domain;
  return { ...search, context: { ...context, domain, ...location, ...(where.bppId ? { bpp_id: where.bppId } : {}) } };
}

export function sendSearch(net: GatewayNetwork, gatewayUrl: string, body: BecknMessage, opts: SendOptions & { signer?: Identity } = {}) {
  const { signer = net.bap, ...send } = opts;
  return sendSigned(signer, `${gatewayUrl}/search`, body, send);
}

/** Test fixture (file scope): `test.extend("net", { scope: "file" }, gatewayNetworkFixture())`. */
export function gatewayNetworkFixture() {
  // eslint-disable-next-line no-empty-pattern -- vitest reads the fixture's dependencies from this pattern
  return async ({}: object, { onCleanup }: { onCleanup: (cleanup: () => Promise<void>) => void }): Promise<GatewayNetwork> => {
    const net = await startGatewayNetwork();
    onCleanup(() => net.close());
    return net;
  };
}
