/**
 * What a gateway under test talks to: the harness's registry, its BAP and its BPPs (see roster.ts),
 * and the SUT itself, the embedded reference gateway unless `--target` names one.
 */
import { HarnessError } from "../../../protocol/errors.js";
import { createRegistryClient } from "../../../protocol/registry-client.js";
import { createIdentity } from "../../../mocks/common/identity.js";
import { gatewayFaults, startGateway } from "../../../mocks/gateway/index.js";
import { enrol, startRegistry } from "../../../mocks/registry/index.js";
import type { RunConfig } from "../../core/config.js";
import { Closers, externalSut } from "../../core/network.js";
import type { Sut } from "../../../results/index.js";
import { HARNESS_BAP_ID } from "../../core/network.js";
import { ArrivalLog, startInbox, type Inbox } from "./inbox.js";
import { ROSTER, whereOf, type RosterBpp } from "./checks/roster.js";

const REFERENCE_GATEWAY_ID = "gateway.reference.p2p-conformance.local";

export interface GatewayNetwork {
  readonly registryUrl: string;
  readonly bap: Inbox;
  readonly bpps: readonly (RosterBpp & { readonly inbox: Inbox })[];
  readonly arrivals: ArrivalLog;
  readonly sut: Sut;
  close(): Promise<void>;
}

/** `--fault` switches faults on in the embedded reference gateway: a usage error with --target, or for an unknown id. */
function checkFaults(config: RunConfig): void {
  if (!config.faults?.length) {
    return;
  }
  if (config.target) {
    throw new HarnessError("P2PC_ERR_USAGE", "--fault switches a fault on in the embedded reference gateway; it has no effect on a --target.");
  }
  try {
    gatewayFaults(config.faults);
  } catch (error) {
    throw new HarnessError("P2PC_ERR_USAGE", (error as Error).message);
  }
}

/** Starts the registry, the BAP, the BPPs and (without --target) the reference gateway; one close() for all. */
export async function startGatewayNetwork(config: RunConfig): Promise<GatewayNetwork> {
  checkFaults(config);
  if (config.registryUrl) {
    throw new HarnessError(
      "P2PC_ERR_USAGE",
      "--registry-url is not supported for --role gateway: the harness preloads its BPPs in its own registry, which the gateway must use.",
    );
  }
  return Closers.starting(async (closers) => {
    const registry = await startRegistry({ host: config.host, port: config.registryPort });
    closers.push(() => registry.close());
    const client = createRegistryClient(registry.url);
    const lookupPublicKey = (s: string, k: string) => client.publicKeyFor(s, k);
    const arrivals = new ArrivalLog();
    const bap = await startInbox(createIdentity("BAP", HARNESS_BAP_ID), config.host, arrivals, lookupPublicKey);
    closers.push(() => bap.close());
    enrol(registry.registry, bap.identity, bap.url, config.domain);
    const bpps = [];
    for (const spec of ROSTER) {
      const inbox = await startInbox(createIdentity("BPP", spec.subscriberId), config.host, arrivals, lookupPublicKey);
      closers.push(() => inbox.close());
      const where = whereOf(spec.placement, config);
      enrol(registry.registry, inbox.identity, inbox.url, where.domain, { city: where.city });
      bpps.push({ ...spec, inbox });
    }
    const sut = config.target ? externalSut(config) : await embeddedGateway(config, registry.url, closers);
    enrol(
      registry.registry,
      { subscriberId: sut.subscriberId, type: "BG", uniqueKeyId: sut.uniqueKeyId ?? "default", signingPublicKey: sut.publicKey },
      sut.url,
      config.domain,
    );
    return { registryUrl: registry.url, bap, bpps, arrivals, sut, close: closers.close };
  });
}

async function embeddedGateway(config: RunConfig, registryUrl: string, closers: Closers): Promise<Sut> {
  const identity = createIdentity("BG", REFERENCE_GATEWAY_ID);
  const client = createRegistryClient(registryUrl);
  const gateway = await startGateway({
    identity,
    lookup: (f) => client.lookup(f),
    lookupPublicKey: (s, k) => client.publicKeyFor(s, k),
    host: config.host,
    profile: config.profile,
    ...(config.faults ? { faults: config.faults } : {}),
    ...(config.variants ? { variants: config.variants } : {}),
  });
  closers.push(() => gateway.close());
  return { url: gateway.url, subscriberId: identity.subscriberId, publicKey: identity.signingPublicKey, uniqueKeyId: identity.uniqueKeyId, embedded: true };
}
