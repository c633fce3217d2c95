import { createIdentity, type Identity } from "../../common/identity.js";
import { startGateway, type RunningGateway } from "../../gateway/server.js";
import { staticRegistry, subscriberEntry, type StaticRegistry } from "../../common/testing/static-registry.js";
import { startBap, type BapServerOptions, type RunningBap } from "../server.js";
import { startFakeBpp, type FakeBpp, type FakeBppOptions } from "../../common/testing/fake-bpp.js";

/**
 * A small network on loopback for tests: an in-memory registry, the mock gateway, one fake BPP
 * (on_search through the gateway) and as many BAPs as a test starts, each with its own id.
 */
export interface TestNetwork {
  readonly registry: StaticRegistry;
  readonly gateway: RunningGateway;
  readonly gatewayIdentity: Identity;
  readonly bpp: FakeBpp;
  readonly bppIdentity: Identity;
  /** Starts a BAP registered in the registry; the network closes it. */
  startBap(opts?: Partial<BapServerOptions>): Promise<RunningBap & { identity: Identity }>;
  close(): Promise<void>;
}

export interface TestNetworkOptions {
  readonly gatewayFaults?: Iterable<string>;
  readonly bpp?: Partial<FakeBppOptions>;
}

export async function startTestNetwork(opts: TestNetworkOptions = {}): Promise<TestNetwork> {
  const registry = staticRegistry();
  const gatewayIdentity = createIdentity("BG", "gateway.test");
  const bppIdentity = createIdentity("BPP", "bpp.test");
  const gateway = await startGateway({
    identity: gatewayIdentity,
    lookup: registry.lookup,
    lookupPublicKey: registry.lookupPublicKey,
    faults: opts.gatewayFaults ?? [],
  });
  const bpp = await startFakeBpp({ identity: bppIdentity, onSearchVia: gateway.url, ...opts.bpp });
  registry.entries.push(subscriberEntry(gatewayIdentity, gateway.url), subscriberEntry(bppIdentity, bpp.url));
  const baps: RunningBap[] = [];
  let count = 0;
  return {
    registry,
    gateway,
    gatewayIdentity,
    bpp,
    bppIdentity,
    async startBap(bapOptions = {}) {
      count += 1;
      const identity = bapOptions.identity ?? createIdentity("BAP", `bap-${count}.test`);
      const bap = await startBap({ lookupPublicKey: registry.lookupPublicKey, gatewayUrl: gateway.url, ...bapOptions, identity });
      baps.push(bap);
      registry.entries.push(subscriberEntry(identity, bap.url));
      return { ...bap, identity };
    },
    async close() {
      await Promise.all([...baps.map((b) => b.close()), bpp.close(), gateway.close()]);
    },
  };
}

/**
 * A vitest fixture function (file scope) that starts a network and closes it afterwards:
 * `test.extend("net", { scope: "file" }, networkFixture())`.
 */
export function networkFixture(opts: TestNetworkOptions = {}) {
  // eslint-disable-next-line no-empty-pattern -- vitest reads the fixture's dependencies from this pattern
  return async ({}: object, { onCleanup }: { onCleanup: (cleanup: () => Promise<void>) => void }): Promise<TestNetwork> => {
    const net = await startTestNetwork(opts);
    onCleanup(() => net.close());
    return net;
  };
}
