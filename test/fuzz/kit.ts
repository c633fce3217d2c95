import { DEFAULT_BODY_LIMIT } from "../../mocks/common/beckn-receiver.js";
import type { Identity } from "../../mocks/common/identity.js";
import { REGISTRY_BODY_LIMIT } from "../../mocks/registry/index.js";
import type { FuzzNetwork } from "./fuzz-network.js";
import type { FuzzRequest } from "./fuzz-request.js";
import { prng } from "./malformed-inputs.js";
import type { Parties } from "./messages.js";

/** What a class's generator draws on: the network, its subscribers, and a seeded PRNG. */
export interface Kit {
  readonly fuzz: FuzzNetwork;
  readonly random: () => number;
  pick<T>(items: readonly T[]): T;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** A request from a fuzz subscriber to the network's BPP, called back at the sender's registered URL. */
  toBpp(sender: Identity, transactionId?: string): Parties;
  /** A callback from the fuzz BPP to the network's BAP. */
  toBap(transactionId?: string): Parties;
  /** Base URLs by name. */
  readonly urls: Readonly<Record<"registry" | "gateway" | "bap" | "bpp" | "grid" | "bait", string>>;
}

/** The mocks' body limit (the registry's is smaller): "just under" and "over" are measured from it. */
export const BODY_LIMIT = DEFAULT_BODY_LIMIT;
export const REGISTRY_LIMIT = REGISTRY_BODY_LIMIT;
/** Just under a limit: room for what a sender adds around a body. */
export const UNDER = (limit: number): number => limit - 2048;
export const OVER = (limit: number): number => limit + 4096;

export function kitFor(fuzz: FuzzNetwork, seed: number): Kit {
  const random = prng(seed);
  const { network, subscribers, inboxes, bait } = fuzz;
  return {
    fuzz,
    random,
    pick: (items) => items[Math.floor(random() * items.length)] as (typeof items)[number],
    int: (min, max) => min + Math.floor(random() * (max - min + 1)),
    toBpp: (sender, transactionId) => ({
      bapId: sender.subscriberId,
      bapUri: fuzz.registeredUrl(sender) ?? bait.url,
      bppId: network.bpp.identity.subscriberId,
      bppUri: network.bpp.url,
      ...(transactionId !== undefined ? { transactionId } : {}),
    }),
    toBap: (transactionId) => ({
      bapId: network.bap.identity.subscriberId,
      bapUri: network.bap.url,
      bppId: subscribers.bpp.subscriberId,
      bppUri: inboxes.bpp.url,
      ...(transactionId !== undefined ? { transactionId } : {}),
    }),
    urls: { registry: network.registry.url, gateway: network.gateway.url, bap: network.bap.url, bpp: network.bpp.url, grid: network.grid.url, bait: bait.url },
  };
}

/** One class of the attacks: its mutations, and what must hold once they are done. */
export interface FuzzClass {
  /** Short id, used in test names and to reproduce (`FUZZ_CLASS`). */
  readonly id: string;
  /** What it attacks, with the finding. */
  readonly title: string;
  /** Its PRNG's seed, offset by `FUZZ_SEED`. */
  readonly seed: number;
  /** Sets up what the mutations need (an order to attack), before anything is measured. */
  prepare?(kit: Kit): Promise<void>;
  requests(kit: Kit): FuzzRequest[];
  /** What must hold once the network is quiet again, beyond the common properties; the reasons when it does not. */
  verify?(kit: Kit): Promise<string[]>;
}
