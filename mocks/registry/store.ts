/**
 * The registry's participants, in memory. One entry per (subscriber_id, unique_key_id, type,
 * domain): a subscriber may hold several keys, and one key may serve several domains. Every status
 * change is an event, so `waitForStatus` resolves without polling.
 */
import { EventEmitter } from "node:events";
import type { SubscriberEntry } from "../../protocol/registry-client.js";
import { retainedBytes } from "../../protocol/retained.js";
import { isCurrent, matchesLookup, toSubscriberEntry, type LookupCriteria, type LookupLeniency } from "./lookup.js";
import { readParticipant } from "./participant.js";
import type { ParticipantEntry, ParticipantStatus, PreloadInput } from "./types.js";

const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * How much `/subscribe` may store (docs/limits.md "Stored bytes"): 10,000 entries and 64 MiB,
 * counted as held (protocol/retained.ts). An entry of the guide's network counts about 3 KiB, so
 * the count binds first; one made of a 64 KiB subscription counts up to about 140 KiB. Past either
 * bound a new subscription is refused (an existing key may still subscribe again); preloaded
 * entries, the network's own, are always stored.
 */
export const MAX_REGISTRY_ENTRIES = 10_000;
export const MAX_REGISTRY_BYTES = 64 * 1024 * 1024;

/** The registry as tests, the harness and the CLI drive it. */
export interface Registry {
  /** Adds or replaces an entry (SUBSCRIBED, valid from now for a year, unless given). Throws naming bad fields. */
  preload(input: PreloadInput): ParticipantEntry;
  /** Every stored entry, whatever its status, with the reason of a failed challenge. */
  entries(): ParticipantEntry[];
  /** Removes every entry of a subscriber; returns how many there were. */
  remove(subscriberId: string): number;
  /** What `POST /lookup` answers for these criteria (`leniency` only for faults). */
  lookup(criteria: LookupCriteria, leniency?: LookupLeniency): SubscriberEntry[];
  /**
   * Resolves with the first entry of the subscriber that has (or reaches) the status; rejects
   * after `deadlineMs` milliseconds, naming the statuses it has and why its challenge failed.
   */
  waitForStatus(subscriberId: string, status: ParticipantStatus, deadlineMs: number): Promise<ParticipantEntry>;
}

/** The store, with the write paths `/subscribe` needs. */
export interface RegistryStore extends Registry {
  /** Stores an entry with the given status (a new subscription attempt replaces the old one). */
  put(input: PreloadInput, status: ParticipantStatus): ParticipantEntry;
  /** Moves `entry` to a status, unless it was replaced or removed meanwhile. Returns whether it did. */
  transition(entry: ParticipantEntry, status: ParticipantStatus, reason?: string): boolean;
  /** Why a new subscription with this input cannot be stored (the store is full), or undefined when it can. */
  fullFor(input: PreloadInput): string | undefined;
  /** The bytes the stored entries hold, as counted. */
  keptBytes(): number;
}

const keyOf = (e: Pick<ParticipantEntry, "subscriber_id" | "unique_key_id" | "type" | "domain">): string =>
  JSON.stringify([e.subscriber_id, e.unique_key_id, e.type, e.domain]);

function checked(input: PreloadInput): PreloadInput {
  const read = readParticipant(input, { prefix: "participant", strict: false, readStatus: true, requireEncryptionKey: false });
  if (!read.ok) {
    throw new Error(`Cannot preload ${JSON.stringify(input.subscriber_id)}: ${read.errors.map((e) => `${e.path}: ${e.message}`).join(" ")}`);
  }
  return read.value;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** A stored entry, built field by field so that nothing else a caller passed (a private key, say) is kept. */
function buildEntry(input: PreloadInput, status: ParticipantStatus, stamp: number, previous: ParticipantEntry | undefined): ParticipantEntry {
  const from = input.valid_from ?? iso(stamp);
  return Object.freeze({
    subscriber_id: input.subscriber_id,
    url: input.url,
    type: input.type,
    domain: input.domain,
    ...(input.city !== undefined ? { city: input.city } : {}),
    ...(input.country !== undefined ? { country: input.country } : {}),
    unique_key_id: input.unique_key_id,
    signing_public_key: input.signing_public_key,
    encr_public_key: input.encr_public_key ?? "",
    valid_from: from,
    valid_until: input.valid_until ?? iso(Date.parse(from) + YEAR_MS),
    status,
    created: previous?.created ?? iso(stamp),
    updated: iso(stamp),
  });
}

function describeEntries(mine: readonly ParticipantEntry[], nowMs: number): string {
  if (mine.length === 0) {
    return "it has no entry";
  }
  return mine
    .map((e) => `key ${e.unique_key_id} is ${e.status}${isCurrent(e, nowMs) ? "" : " (outside its validity)"}${e.reason ? `: ${e.reason}` : ""}`)
    .join("; ");
}

/** Resolves on the first `status` event `wanted` accepts, or rejects at the deadline with `why()`. */
function waitForEvent(events: EventEmitter, wanted: (e: ParticipantEntry) => boolean, deadlineMs: number, why: () => string): Promise<ParticipantEntry> {
  return new Promise((resolve, reject) => {
    const onStatus = (entry: ParticipantEntry): void => {
      if (wanted(entry)) {
        clearTimeout(timer);
        events.off("status", onStatus);
        resolve(entry);
      }
    };
    const timer = setTimeout(() => {
      events.off("status", onStatus);
      reject(new Error(why()));
    }, deadlineMs);
    events.on("status", onStatus);
  });
}

export function createRegistryStore(now: () => number = Date.now): RegistryStore {
  const byKey = new Map<string, ParticipantEntry>();
  const sizes = new Map<string, number>();
  let bytes = 0;
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const entries = (): ParticipantEntry[] => [...byKey.values()];

  function store(entry: ParticipantEntry): ParticipantEntry {
    const key = keyOf(entry);
    const size = retainedBytes(entry) + 2 * key.length;
    bytes += size - (sizes.get(key) ?? 0);
    sizes.set(key, size);
    byKey.set(key, entry);
    events.emit("status", entry);
    return entry;
  }

  function fullFor(input: PreloadInput): string | undefined {
    if (byKey.has(keyOf(input))) {
      return undefined;
    }
    const adding = retainedBytes(input) * 2;
    return byKey.size >= MAX_REGISTRY_ENTRIES || bytes + adding > MAX_REGISTRY_BYTES
      ? `The registry holds as many subscriptions as it keeps (${MAX_REGISTRY_ENTRIES} entries, ${MAX_REGISTRY_BYTES / (1024 * 1024)} MiB; docs/limits.md "Stored bytes"); a key already registered may subscribe again.`
      : undefined;
  }

  const put = (input: PreloadInput, status: ParticipantStatus): ParticipantEntry => store(buildEntry(input, status, now(), byKey.get(keyOf(input))));

  function transition(entry: ParticipantEntry, status: ParticipantStatus, reason?: string): boolean {
    if (byKey.get(keyOf(entry)) !== entry) {
      return false;
    }
    const { reason: _old, ...rest } = entry;
    store(Object.freeze({ ...rest, status, updated: iso(now()), ...(reason !== undefined ? { reason } : {}) }));
    return true;
  }

  function remove(subscriberId: string): number {
    const keys = [...byKey].filter(([, e]) => e.subscriber_id === subscriberId).map(([key]) => key);
    keys.forEach((key) => {
      byKey.delete(key);
      bytes -= sizes.get(key) ?? 0;
      sizes.delete(key);
    });
    return keys.length;
  }

  function waitForStatus(subscriberId: string, status: ParticipantStatus, deadlineMs: number): Promise<ParticipantEntry> {
    const wanted = (e: ParticipantEntry): boolean => e.subscriber_id === subscriberId && e.status === status;
    const already = entries().find(wanted);
    const why = () =>
      `${subscriberId} did not reach ${status} within ${deadlineMs} ms: ${describeEntries(
        entries().filter((e) => e.subscriber_id === subscriberId),
        now(),
      )}.`;
    return already ? Promise.resolve(already) : waitForEvent(events, wanted, deadlineMs, why);
  }

  function preload(input: PreloadInput): ParticipantEntry {
    const value = checked(input);
    return put(value, value.status ?? "SUBSCRIBED");
  }

  const lookup = (criteria: LookupCriteria, leniency?: LookupLeniency): SubscriberEntry[] =>
    entries()
      .filter((e) => matchesLookup(e, criteria, now(), leniency))
      .map(toSubscriberEntry);
  return { preload, entries, remove, lookup, waitForStatus, put, transition, fullFor, keptBytes: () => bytes };
}
