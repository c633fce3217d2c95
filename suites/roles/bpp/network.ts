import { createRegistryClient, type LookupFilter, type RegistryClient, type SubscriberEntry } from "../../../protocol/registry-client.js";
import { startBpp } from "../../../mocks/bpp/index.js";
import { createIdentity, type Identity } from "../../../mocks/common/identity.js";
import { startGateway } from "../../../mocks/gateway/index.js";
import { enrol, startRegistry } from "../../../mocks/registry/index.js";
import type { Sut } from "../../../results/index.js";
import type { RunConfig } from "../../core/config.js";
import { Closers, externalSut } from "../../core/network.js";
import type { ChallengeKeys } from "../../../mocks/common/on-subscribe.js";
import { joinRegistry, registryEncryptionKey } from "./join-registry.js";
import { createCallbackReceiver, type CallbackReceiver } from "./drive/receiver.js";
import { HARNESS_BAP_ID, HARNESS_GATEWAY_ID } from "../../core/network.js";

export const REFERENCE_BPP_ID = "bpp.reference.p2p-conformance.local";

export type { Sut } from "../../../results/index.js";

/** The URL the SUT is known by in the network: its registered subscriber_url and the `bpp_uri` it stamps. */
export function publicUrlOf(sut: Sut): string {
  return sut.publicUrl ?? sut.url;
}

/** The harness's side of a BPP run: registry, gateway, callback receiver, and the SUT's identity. */
export interface BppNetwork {
  readonly bap: Identity;
  readonly receiver: CallbackReceiver;
  readonly bapUri: string;
  readonly gatewayUrl: string;
  /** The harness gateway's registered identity: relayed probes carry its signatures. */
  readonly gateway: Identity;
  readonly registryUrl: string;
  readonly sut: Sut;
  close(): Promise<void>;
}

async function embeddedSut(config: RunConfig, registryUrl: string, gatewayUrl: string, closers: Closers): Promise<Sut & { identity: Identity }> {
  const identity = createIdentity("BPP", REFERENCE_BPP_ID);
  const client = createRegistryClient(registryUrl);
  const bpp = await startBpp({
    identity,
    lookupPublicKey: (s, k, type) => client.publicKeyFor(s, k, type),
    lookupSubscriberUrl: (bapId, keyId) => client.subscriberUrlFor(bapId, "BAP", keyId),
    gatewayUrl,
    host: config.host,
    domain: config.domain,
    city: config.city,
    country: config.country,
    profile: config.profile,
    ...(config.faults ? { faults: config.faults } : {}),
    ...(config.variants ? { variants: config.variants } : {}),
  });
  closers.push(() => bpp.close());
  return {
    url: bpp.publicUrl,
    subscriberId: identity.subscriberId,
    publicKey: identity.signingPublicKey,
    uniqueKeyId: identity.uniqueKeyId,
    embedded: true,
    identity,
  };
}

/**
 * The registry as a run's gateway sees it: of the BPPs only the SUT, and of the harness's BAP only
 * this run's key. Runs that share a registry (bulk runs, a sandbox's) so never send their searches
 * to each other's SUTs, nor relay an on_search to another run's callback receiver.
 */
function runView(client: RegistryClient, sutId: string, bap: Identity): (filter: LookupFilter) => Promise<SubscriberEntry[]> {
  return async (filter) =>
    (await client.lookup(filter)).filter(
      (e) => (e.type !== "BPP" || e.subscriber_id === sutId) && (e.subscriber_id !== bap.subscriberId || e.unique_key_id === bap.uniqueKeyId),
    );
}

/** Starts what the SUT talks to, registers everyone, and returns one `close()` for all of it. */
export function startBppNetwork(config: RunConfig): Promise<BppNetwork> {
  return Closers.starting(async (closers) => {
    const registry = config.registryUrl ? undefined : await startRegistry({ host: config.host, port: config.registryPort });
    if (registry) {
      closers.push(() => registry.close());
    }
    const registryUrl = registry?.url ?? String(config.registryUrl).replace(/\/+$/, "");
    const client = createRegistryClient(registryUrl);
    const bap = createIdentity("BAP", HARNESS_BAP_ID);
    const gatewayIdentity = createIdentity("BG", HARNESS_GATEWAY_ID);
    let challengeKeys: ChallengeKeys | undefined;
    const gateway = await startGateway({
      identity: gatewayIdentity,
      lookup: runView(client, config.target ? String(config.sutId) : REFERENCE_BPP_ID, bap),
      lookupPublicKey: (s, k) => client.publicKeyFor(s, k),
      host: config.host,
      port: config.gatewayPort ?? 0,
      challengeKeys: () => challengeKeys,
    });
    closers.push(() => gateway.close());
    const receiver = createCallbackReceiver();
    const listened = await receiver.listen(config.host, config.callbackPort ?? 0);
    closers.push(() => receiver.close());
    const bapUri = config.publicUrl ?? listened;
    const domain = config.domain;
    const counterparts = (sut: Sut): BppNetwork => ({
      bap,
      receiver,
      bapUri,
      gatewayUrl: gateway.url,
      gateway: gatewayIdentity,
      registryUrl,
      sut,
      close: closers.close,
    });
    if (!registry) {
      challengeKeys = {
        registryEncryptionKey: await registryEncryptionKey(registryUrl),
        identities: new Map([
          [bap.subscriberId, bap],
          [`${bap.subscriberId}.other`, bap],
          [gatewayIdentity.subscriberId, gatewayIdentity],
        ]),
      };
      receiver.answerChallenges(challengeKeys);
      const joiners = [
        { identity: bap, subscriberId: bap.subscriberId, url: bapUri },
        { identity: bap, subscriberId: `${bap.subscriberId}.other`, url: bapUri },
        { identity: gatewayIdentity, subscriberId: gatewayIdentity.subscriberId, url: gateway.url },
      ];
      await joinRegistry(registryUrl, client, joiners, domain);
      return counterparts(config.target ? externalBpp(config) : await embeddedSut(config, registryUrl, gateway.url, closers));
    }
    const sut = config.target ? externalBpp(config) : await embeddedSut(config, registry.url, gateway.url, closers);
    enrol(registry.registry, bap, bapUri, domain);
    // keyid-not-sender: another subscriber registered with the harness's own key, so only the keyId check can refuse it.
    enrol(registry.registry, { ...bap, subscriberId: `${bap.subscriberId}.other`, encryptionPublicKey: undefined }, bapUri, domain);
    enrol(registry.registry, { ...gatewayIdentity, encryptionPublicKey: undefined }, gateway.url, domain); // signs only: no challenge to answer
    enrol(
      registry.registry,
      { subscriberId: sut.subscriberId, type: "BPP", uniqueKeyId: sut.uniqueKeyId ?? "default", signingPublicKey: sut.publicKey },
      publicUrlOf(sut),
      domain,
    );
    return counterparts(sut);
  });
}

/** The BPP under test as --target names it, known in the network by --sut-url when given. */
function externalBpp(config: RunConfig): Sut {
  const publicUrl = config.sutUrl?.replace(/\/+$/, "");
  return { ...externalSut(config), ...(publicUrl ? { publicUrl } : {}) };
}
