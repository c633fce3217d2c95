import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { createRegistryClient } from "../../../protocol/registry-client.js";
import { startBap } from "../../../mocks/bap/index.js";
import { buildBpp, type PlannedCallback } from "../../../mocks/bpp/index.js";
import { createIdentity, type Identity } from "../../../mocks/common/identity.js";
import { buildGateway } from "../../../mocks/gateway/index.js";
import { enrol, startRegistry } from "../../../mocks/registry/index.js";
import type { RunConfig } from "../../core/config.js";
import { Closers, externalSut, HARNESS_GATEWAY_ID } from "../../core/network.js";
import type { Sut } from "../../../results/index.js";
import { evidenceDroppedNote } from "../../core/evidence-budget.js";
import { deliverSigned, DeliveryLog } from "./deliveries.js";
import { ArrivalLog, tapRequests } from "./tap.js";

export const HARNESS_BPP_ID = "bpp.harness.p2p-conformance.local";
export const REFERENCE_BAP_ID = "bap.reference.p2p-conformance.local";
/** Another BPP registered with its own key: it signs the callback the BAP must not take as the harness BPP's. */
export const OTHER_BPP_ID = "bpp.other.p2p-conformance.local";
/** The gateway's port for an external BAP, which must be configured with it (DESIGN "Network and keys"). */
export const DEFAULT_GATEWAY_PORT = 7301;

/** The BAP under test: its identity, where its trigger API is, and where it takes callbacks. */
export interface BapSut extends Sut {
  /** Base URL of `/trigger/<action>`. */
  readonly triggerUrl: string;
  /** Its registered callback base URL (its `bap_uri`). */
  readonly callbackUrl: string;
}

/** The harness's side of a BAP run: registry, gateway and BPP, each recording what the BAP sends. */
export interface BapNetwork {
  readonly registryUrl: string;
  readonly gatewayUrl: string;
  readonly bpp: { readonly identity: Identity; readonly url: string };
  readonly gatewayIdentity: Identity;
  /** A registered BPP that is not the one the callbacks name (OTHER_BPP_ID). */
  readonly otherBpp: Identity;
  readonly sut: BapSut;
  readonly arrivals: ArrivalLog;
  readonly deliveries: DeliveryLog;
  close(): Promise<void>;
}

const urlOf = (app: FastifyInstance, host: string): string => `http://${host.includes(":") ? `[${host}]` : host}:${(app.server.address() as AddressInfo).port}`;

/** The BAP under test as --target names it: its trigger API there, its callbacks at --sut-callback-url (the target unless given). */
function externalBap(config: RunConfig): BapSut {
  const sut = externalSut(config);
  const callbackUrl = (config.sutCallbackUrl ?? sut.url).replace(/\/+$/, "");
  return { ...sut, url: callbackUrl, triggerUrl: sut.url, callbackUrl };
}

/** Starts the counterparts a BAP talks to, and the embedded reference BAP when there is no --target. */
export function startBapNetwork(config: RunConfig): Promise<BapNetwork> {
  return Closers.starting(async (closers) => {
    const arrivals = new ArrivalLog();
    const deliveries = new DeliveryLog();
    const registry = await startRegistry({ host: config.host, port: config.registryPort });
    closers.push(() => registry.close());
    const client = createRegistryClient(registry.url);
    // The SUT's key is the one given on the command line, whatever key id it signs under (--sut-key-id is optional).
    const sutKey: { current?: { id: string; key: string } } = {};
    const lookupPublicKey = (s: string, k: string): Promise<string | undefined> =>
      s === sutKey.current?.id ? Promise.resolve(sutKey.current.key) : client.publicKeyFor(s, k);
    const gatewayIdentity = createIdentity("BG", HARNESS_GATEWAY_ID);
    const gateway = buildGateway({
      identity: gatewayIdentity,
      lookup: (f) => client.lookup(f),
      lookupPublicKey,
      profile: config.profile,
      timeoutMs: config.ackTimeoutMs,
    });
    tapRequests(gateway.app, "gateway", () => urlOf(gateway.app, config.host), arrivals);
    closers.push(() => gateway.app.close());
    await gateway.app.listen({ host: config.host, port: config.gatewayPort ?? (config.target ? DEFAULT_GATEWAY_PORT : 0) });
    const gatewayUrl = urlOf(gateway.app, config.host);
    const sut = config.target ? externalBap(config) : await embeddedBap(config, gatewayUrl, (id, k) => client.publicKeyFor(id, k), closers);
    sutKey.current = { id: sut.subscriberId, key: sut.publicKey };
    const bppIdentity = createIdentity("BPP", HARNESS_BPP_ID);
    const send = (cb: PlannedCallback) => deliverSigned(deliveries, bppIdentity, cb.url, cb.body, { phase: deliveries.phase, timeoutMs: config.ackTimeoutMs });
    const bpp = buildBpp({
      identity: bppIdentity,
      lookupPublicKey,
      profile: config.profile,
      shape: config.profile === "p2p-trade-guide-v1" ? "follow" : "core",
      ttl: config.ttl,
      gatewayUrl,
      domain: config.domain,
      city: config.city,
      country: config.country,
      send,
    });
    tapRequests(bpp.app, "bpp", () => urlOf(bpp.app, config.host), arrivals);
    // Started after the BAP, so closed before it (and its grid's transfers with it): nothing is sent to a closed BAP.
    closers.push(() => bpp.app.close());
    await bpp.app.listen({ host: config.host, port: config.bppPort ?? 0 });
    const bppUrl = urlOf(bpp.app, config.host);
    bpp.setPublicUrl(bppUrl);
    enrol(registry.registry, gatewayIdentity, gatewayUrl, config.domain);
    enrol(registry.registry, bppIdentity, bppUrl, config.domain);
    const otherBpp = createIdentity("BPP", OTHER_BPP_ID);
    enrol(registry.registry, otherBpp, bppUrl, config.domain);
    enrol(
      registry.registry,
      { subscriberId: sut.subscriberId, type: "BAP", uniqueKeyId: sut.uniqueKeyId ?? "default", signingPublicKey: sut.publicKey },
      sut.callbackUrl,
      config.domain,
    );
    return {
      registryUrl: registry.url,
      gatewayUrl,
      bpp: { identity: bppIdentity, url: bppUrl },
      gatewayIdentity,
      otherBpp,
      sut,
      arrivals,
      deliveries,
      close: closers.close,
    };
  });
}

async function embeddedBap(
  config: RunConfig,
  gatewayUrl: string,
  lookupPublicKey: (s: string, k: string) => Promise<string | undefined>,
  closers: Closers,
): Promise<BapSut> {
  const identity = createIdentity("BAP", REFERENCE_BAP_ID);
  const bap = await startBap({
    identity,
    lookupPublicKey,
    gatewayUrl,
    host: config.host,
    profile: config.profile,
    ttl: config.ttl,
    domain: config.domain,
    city: config.city,
    country: config.country,
    timeoutMs: config.ackTimeoutMs,
    ...(config.faults ? { faults: config.faults } : {}),
    ...(config.variants ? { variants: config.variants } : {}),
  });
  closers.push(() => bap.close());
  return {
    url: bap.url,
    triggerUrl: bap.url,
    callbackUrl: bap.url,
    subscriberId: identity.subscriberId,
    publicKey: identity.signingPublicKey,
    uniqueKeyId: identity.uniqueKeyId,
    embedded: true,
  };
}

/** The BAP as the run's result names it: its identity, without the harness's trigger and callback URLs. */
export function bapSutOf(net: BapNetwork): Sut {
  const { triggerUrl: _t, callbackUrl: _c, ...sut } = net.sut;
  return sut;
}

/** Why a share of the BAP's traffic was not judged, when the harness's gateway or BPP dropped some past its bounds. */
export const bapEvidenceDropped = (net: BapNetwork): string | undefined => evidenceDroppedNote(net.arrivals.dropped, "the harness's gateway and BPP");
