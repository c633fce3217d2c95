import type { OutgoingBudget } from "../common/outgoing-budget.js";
import type { Clock } from "../../protocol/clock.js";
import type { ProfileName } from "../../schemas/index.js";
import type { Identity } from "../common/identity.js";
import type { RoleKeyLookup } from "../common/inbound.js";
import type { BapFaultId } from "./faults.js";
import type { BapVariantId } from "./variants.js";
import type { ExchangeStore } from "./store.js";

export interface BapOptions {
  readonly identity: Identity;
  /** Signing keys; binds them to roles when it honours the type it is given (mocks/common/inbound.ts). */
  readonly lookupPublicKey: RoleKeyLookup;
  /** Where a search without `bpp_uri` goes (`<gatewayUrl>/search`). */
  readonly gatewayUrl: string;
  /** The BAP's own URL, its `bap_uri`; buildBap and startBap set it once they know it. */
  readonly publicUrl?: string;
  readonly profile?: ProfileName;
  /** Milliseconds since the epoch; defaults to the system clock. */
  readonly now?: Clock;
  /** Defaults to PT10S. */
  readonly ttl?: string;
  /** Defaults to trade. */
  readonly domain?: string;
  /** City code; defaults to the guide's NANP:628. */
  readonly city?: string;
  /** Country code; defaults to the guide's USA. */
  readonly country?: string;
  readonly faults?: Iterable<string>;
  /** Variants (mocks/bap/variants.ts); an unknown id throws. */
  readonly variants?: Iterable<string>;
  /** How many requests and callbacks are kept (oldest dropped); defaults to 1000. */
  readonly maxExchanges?: number;
  /** The deadline of each request the BAP sends; defaults to 3000 ms (the ACK deadline). */
  readonly timeoutMs?: number;
}

/** What the engine's parts share: its options, its faults, its records and what it last did. */
export interface BapState {
  readonly opts: BapOptions;
  readonly faults: ReadonlySet<BapFaultId>;
  readonly variants: ReadonlySet<BapVariantId>;
  readonly store: ExchangeStore;
  /** The requests the BAP has in flight, bounded (docs/limits.md "Outgoing calls"). */
  readonly outgoing: OutgoingBudget;
  readonly now: Clock;
  publicUrl: string | undefined;
  lastTransactionId: string | undefined;
  lastMessageId: string | undefined;
  /** The last BPP URL the BAP heard of (a trigger's context or a callback's). */
  lastBppUri: string | undefined;
  /** Whether an accepted callback named a transaction the BAP never started (for bap.wedged-after-unknown-transaction). */
  unknownTransactionSeen: boolean;
}
