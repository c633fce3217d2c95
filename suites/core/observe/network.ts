/**
 * The network `observe` stands up between real participants: the harness's registry and gateway,
 * a recording forwarder in front of the gateway and one in front of each participant. Each
 * participant is registered under its forwarder's URL, so every request and callback between them
 * passes through the harness unchanged, and is recorded.
 */
import { HarnessError } from "../../../protocol/errors.js";
import { createRegistryClient } from "../../../protocol/registry-client.js";
import { createIdentity } from "../../../mocks/common/identity.js";
import { startGateway } from "../../../mocks/gateway/index.js";
import { enrol, startRegistry } from "../../../mocks/registry/index.js";
import type { ProfileName } from "../../../schemas/index.js";
import { Closers, HARNESS_GATEWAY_ID } from "../network.js";
import { startForwarder, type RunningForwarder } from "./forwarder.js";
import type { ForwardedExchange, ForwarderLimits } from "./recording.js";

/** A participant as `observe.json` names it. */
export interface ObserveParticipant {
  readonly name: string;
  readonly role: "bap" | "bpp";
  /** A BPP's Beckn base URL; a BAP's, when its callbacks are served there too. */
  readonly target: string;
  readonly sutId: string;
  /** base64 of its raw 32-byte ed25519 public key. */
  readonly sutKey: string;
  readonly sutKeyId?: string;
  /** A BAP's callback base URL (default `target`): where its forwarder passes the callbacks on. */
  readonly sutCallbackUrl?: string;
  /** Where its forwarder listens (any free port when left out). */
  readonly observePort?: number;
}

/** A participant as the harness registered it: behind its forwarder. */
export interface ObservedParty {
  readonly name: string;
  readonly role: "bap" | "bpp";
  readonly subscriberId: string;
  readonly uniqueKeyId: string;
  readonly publicKey: string;
  /** Its forwarder's URL: its registered subscriber_url, the `bap_uri` or `bpp_uri` it must give as its own. */
  readonly url: string;
  /** Where the forwarder passes its traffic on. */
  readonly forwardsTo: string;
}

export interface ObserveSettings {
  /** Where every server listens (an address of this machine). */
  readonly host: string;
  /** The host name participants reach the harness at, when not `host` (`--public-host`): in every URL printed and registered. */
  readonly publicHost?: string;
  readonly registryPort: number;
  readonly gatewayPort: number;
  readonly domain: string;
  readonly profile: ProfileName;
  readonly ackTimeoutMs: number;
  readonly limits?: ForwarderLimits;
}

/** What one forwarder recorded. */
export interface ForwarderRecord {
  /** The party's name, or `gateway`. */
  readonly name: string;
  readonly url: string;
  readonly exchanges: readonly ForwardedExchange[];
  /** Exchanges forwarded but not recorded, past the forwarder's bound. */
  readonly dropped: number;
}

export interface ObservedNetwork {
  readonly registryUrl: string;
  /** The gateway's forwarder: where BAPs send their searches, and BPPs their on_search if they use the gateway. */
  readonly gatewayUrl: string;
  readonly parties: readonly ObservedParty[];
  /** What every forwarder recorded so far. */
  records(): ForwarderRecord[];
  /** Stops every server and frees its port (the forwarders record connections still open as `cut`). */
  close(): Promise<void>;
}

/** A forwarder, the name of whom it stands in front of, and the URL participants reach it at. */
interface Forwarding {
  readonly name: string;
  readonly forwarder: RunningForwarder;
  readonly url: string;
}

/** The key id a participant is registered under when observe.json names none. */
export const DEFAULT_KEY_ID = "default";

const withoutSlash = (url: string): string => url.replace(/\/+$/, "");

function startFailure(what: string, port: number, error: Error): HarnessError {
  return /EADDRINUSE/.test(error.message)
    ? new HarnessError("P2PC_ERR_PORT_IN_USE", `Cannot start ${what}: port ${port} is taken. Free it, or give another port.`)
    : new HarnessError("P2PC_ERR_RUN_FAILED", `Cannot start ${what}: ${error.message}`);
}

/** The host in the URLs participants are given: `publicHost`, else where the servers listen (loopback for a wildcard address). */
function hostForUrls(settings: ObserveSettings): string {
  const host = settings.publicHost ?? (settings.host === "0.0.0.0" ? "127.0.0.1" : settings.host === "::" ? "::1" : settings.host);
  return host.includes(":") ? `[${host}]` : host;
}

const portOfUrl = (url: string): string => new URL(url).port;

/** Starts the registry, the gateway and a forwarder per participant, and registers each participant under its forwarder's URL. */
export function startObservedNetwork(participants: readonly ObserveParticipant[], settings: ObserveSettings): Promise<ObservedNetwork> {
  return Closers.starting(async (closers) => {
    const { host, domain, limits } = settings;
    const publicUrl = (listening: string): string => `http://${hostForUrls(settings)}:${portOfUrl(listening)}`;
    const registry = await startRegistry({ host, port: settings.registryPort }).catch((e: Error) => {
      throw startFailure("the registry", settings.registryPort, e);
    });
    closers.push(() => registry.close());
    const client = createRegistryClient(registry.url);
    const gatewayIdentity = createIdentity("BG", HARNESS_GATEWAY_ID);
    const gateway = await startGateway({
      identity: gatewayIdentity,
      lookup: (f) => client.lookup(f),
      lookupPublicKey: (s, k, type) => client.publicKeyFor(s, k, type),
      profile: settings.profile,
      timeoutMs: settings.ackTimeoutMs,
      host,
    });
    closers.push(() => gateway.close());
    const forward = async (name: string, target: string, port: number): Promise<Forwarding> => {
      const forwarder = await startForwarder({ target, host, port, ...(limits ? { limits } : {}) }).catch((e: Error) => {
        throw startFailure(`the forwarder in front of ${name === "gateway" ? "the gateway" : name}`, port, e);
      });
      closers.push(() => forwarder.close());
      return { name, forwarder, url: publicUrl(forwarder.url) };
    };
    const gatewayForwarder = await forward("gateway", gateway.url, settings.gatewayPort);
    enrol(registry.registry, gatewayIdentity, gatewayForwarder.url, domain);
    const forwarders: Forwarding[] = [gatewayForwarder];
    const parties: ObservedParty[] = [];
    for (const p of participants) {
      const forwardsTo = withoutSlash(p.role === "bap" ? (p.sutCallbackUrl ?? p.target) : p.target);
      const forwarder = await forward(p.name, forwardsTo, p.observePort ?? 0);
      forwarders.push(forwarder);
      const uniqueKeyId = p.sutKeyId ?? DEFAULT_KEY_ID;
      enrol(
        registry.registry,
        { subscriberId: p.sutId, type: p.role === "bap" ? "BAP" : "BPP", uniqueKeyId, signingPublicKey: p.sutKey },
        forwarder.url,
        domain,
      );
      parties.push({ name: p.name, role: p.role, subscriberId: p.sutId, uniqueKeyId, publicKey: p.sutKey, url: forwarder.url, forwardsTo });
    }
    return {
      registryUrl: publicUrl(registry.url),
      gatewayUrl: gatewayForwarder.url,
      parties,
      records: () => forwarders.map(({ name, forwarder, url }) => ({ name, url, exchanges: forwarder.exchanges(), dropped: forwarder.dropped() })),
      close: closers.close,
    };
  });
}
