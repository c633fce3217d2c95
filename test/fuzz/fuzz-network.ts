import { EventEmitter } from "node:events";
import { createIdentity, type Identity } from "../../mocks/common/identity.js";
import { waitForEvent } from "../../mocks/common/wait-for-event.js";
import { startNetwork, type NetworkOptions, type RunningNetwork } from "../../mocks/network/index.js";
import { createRegistryClient } from "../../protocol/registry-client.js";
import { joinRegistry, registryEncryptionKey } from "../../suites/roles/bpp/join-registry.js";
import { createCallbackReceiver, type CallbackReceiver, type RawCallback } from "../../suites/roles/bpp/drive/receiver.js";
import { Traffic } from "./traffic.js";

/**
 * The network the fuzz suite attacks: the five servers of `mock up` (the same `startNetwork` call,
 * so the same wiring: keys bound to their registered type, callbacks only to a BAP's registered
 * URL), and the fuzz's own subscribers, registered through the registry's real `POST /subscribe`
 * and its `on_subscribe` challenge, each answered by an inbox of the suite. Their signatures pass
 * the signature check, so the mutations reach the business logic.
 */
export interface Inbox {
  readonly url: string;
  /** The callbacks received since the last `clear()`, parsed. */
  readonly received: readonly RawCallback[];
  waitFor(match: (callback: RawCallback) => boolean, deadlineMs: number, what: string): Promise<RawCallback>;
  clear(): void;
}

export interface FuzzSubscribers {
  /** A BAP: the sender of most mutations and the owner of the fuzz's orders. */
  readonly bapA: Identity;
  /** A second BAP, which tries to read, redirect and cancel bapA's orders. */
  readonly bapB: Identity;
  /** A BPP: signs the callbacks sent to the BAP and the gateway. */
  readonly bpp: Identity;
  /** A gateway (BG): signs gateway headers, its registered role. */
  readonly bg: Identity;
}

export interface FuzzNetwork {
  readonly network: RunningNetwork;
  readonly subscribers: FuzzSubscribers;
  /** Each subscriber's inbox, at its registered subscriber_url. */
  readonly inboxes: Readonly<Record<keyof FuzzSubscribers, Inbox>>;
  /** A server registered nowhere: no mock may ever send it anything. */
  readonly bait: Inbox;
  readonly traffic: Traffic;
  /** The subscriber_url a fuzz subscriber registered. */
  registeredUrl(identity: Identity): string | undefined;
  stop(): Promise<void>;
}

const MAX_KEPT_CALLBACKS = 200;

async function startInbox(receiver: CallbackReceiver): Promise<Inbox> {
  const url = await receiver.listen("127.0.0.1", 0);
  const arrivals = new EventEmitter();
  const received: RawCallback[] = [];
  receiver.onCallback((callback) => {
    received.push(callback);
    received.splice(0, Math.max(0, received.length - MAX_KEPT_CALLBACKS));
    arrivals.emit("callback", callback);
  });
  return {
    url,
    received,
    waitFor: (match, deadlineMs, what) => waitForEvent({ emitter: arrivals, event: "callback", match, deadlineMs, what, already: received.find(match) }),
    clear: () => received.splice(0),
  };
}

const SUBSCRIBER_IDS = {
  bapA: ["BAP", "a.bap.fuzz.test"],
  bapB: ["BAP", "b.bap.fuzz.test"],
  bpp: ["BPP", "bpp.fuzz.test"],
  bg: ["BG", "bg.fuzz.test"],
} as const;
type Role = keyof FuzzSubscribers;
const ROLES = Object.keys(SUBSCRIBER_IDS) as Role[];

/** Starts the network and registers the fuzz's subscribers through `/subscribe`. */
export async function startFuzzNetwork(options: NetworkOptions = {}): Promise<FuzzNetwork> {
  const traffic = new Traffic();
  const network = await startNetwork(options);
  const receivers = [...ROLES.map(() => createCallbackReceiver()), createCallbackReceiver()];
  const stop = async (): Promise<void> => {
    await Promise.all(receivers.map((r) => r.close()));
    await network.stop();
    traffic.close();
  };
  try {
    const subscribers = Object.fromEntries(
      ROLES.map((role) => [role, createIdentity(SUBSCRIBER_IDS[role][0], SUBSCRIBER_IDS[role][1])]),
    ) as unknown as FuzzSubscribers;
    const opened = await Promise.all(receivers.map(startInbox));
    const inboxes = Object.fromEntries(ROLES.map((role, i) => [role, opened[i]])) as Record<Role, Inbox>;
    const bait = opened[ROLES.length] as Inbox;
    const keys = {
      registryEncryptionKey: await registryEncryptionKey(network.registry.url),
      identities: new Map(ROLES.map((r) => [subscribers[r].subscriberId, subscribers[r]])),
    };
    receivers.forEach((r) => r.answerChallenges(keys));
    const joiners = ROLES.map((role) => ({ identity: subscribers[role], subscriberId: subscribers[role].subscriberId, url: inboxes[role].url }));
    await joinRegistry(network.registry.url, createRegistryClient(network.registry.url), joiners, network.domain);
    for (const [name, url] of [
      ["registry", network.registry.url],
      ["gateway", network.gateway.url],
      ["bap", network.bap.url],
      ["bpp", network.bpp.url],
      ["grid", network.grid.url],
      ["bait", bait.url],
    ] as const) {
      traffic.name(url, name);
    }
    ROLES.forEach((role) => traffic.name(inboxes[role].url, `inbox ${role}`));
    const registeredUrl = (identity: Identity): string | undefined => {
      const role = ROLES.find((r) => subscribers[r] === identity);
      return role === undefined ? undefined : inboxes[role].url;
    };
    return { network, subscribers, inboxes, bait, traffic, registeredUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
