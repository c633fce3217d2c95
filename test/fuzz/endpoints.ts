import type { Identity } from "../../mocks/common/identity.js";
import { CALLBACK_ACTIONS, REQUEST_ACTIONS } from "../../schemas/index.js";
import type { Kit } from "./kit.js";
import type { Parties } from "./messages.js";

/** A Beckn endpoint of the network, with the fuzz subscriber whose role may sign for it. */
export interface BecknEndpoint {
  readonly name: string;
  readonly url: string;
  readonly action: string;
  /** The subscriber registered in the role that sends this action (a BAP for requests, a BPP for callbacks). */
  readonly signer: Identity;
  readonly parties: Parties;
}

/** Every Beckn endpoint of the network: the BPP's requests, the BAP's callbacks, the gateway's two. */
export function becknEndpoints(kit: Kit): BecknEndpoint[] {
  const { bapA, bpp } = kit.fuzz.subscribers;
  const inboxes = kit.fuzz.inboxes;
  const onSearchParties = { bapId: bapA.subscriberId, bapUri: inboxes.bapA.url, bppId: bpp.subscriberId, bppUri: inboxes.bpp.url };
  return [
    ...REQUEST_ACTIONS.map((action) => ({ name: `bpp /${action}`, url: `${kit.urls.bpp}/${action}`, action, signer: bapA, parties: kit.toBpp(bapA) })),
    ...CALLBACK_ACTIONS.map((action) => ({ name: `bap /${action}`, url: `${kit.urls.bap}/${action}`, action, signer: bpp, parties: kit.toBap() })),
    {
      name: "gateway /search",
      url: `${kit.urls.gateway}/search`,
      action: "search",
      signer: bapA,
      parties: { bapId: bapA.subscriberId, bapUri: inboxes.bapA.url },
    },
    { name: "gateway /on_search", url: `${kit.urls.gateway}/on_search`, action: "on_search", signer: bpp, parties: onSearchParties },
  ];
}

/** The paths of the objects in `value` (to `depth`), where a mutation may add a key. */
export function objectPaths(value: unknown, depth = 6, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== "object" || value === null || depth < 0) {
    return [];
  }
  const here = Array.isArray(value) ? [] : [path];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [...here, ...entries.flatMap(([key, child]) => objectPaths(child, depth - 1, [...path, key]))];
}
