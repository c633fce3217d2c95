import { postRaw } from "./http/post.js";

/** A registry entry as the mock registry emits it: core's names and the common variants side by side. */
export interface SubscriberEntry {
  readonly subscriber_id: string;
  readonly url: string;
  readonly subscriber_url: string;
  readonly type: "BAP" | "BPP" | "BG";
  readonly domain: string;
  readonly city?: string;
  readonly country?: string;
  readonly key_id: string;
  readonly unique_key_id: string;
  readonly ukId: string;
  readonly signing_public_key: string;
  readonly encr_public_key: string;
  readonly valid_from: string;
  readonly valid_until: string;
  readonly status: string;
  readonly created: string;
  readonly updated: string;
}

/** What a subscriber is registered as: the role its keys sign for. */
export type SubscriberType = SubscriberEntry["type"];

/** Every filter is optional; `{}` returns every SUBSCRIBED entry. Key id under any of its names. */
export interface LookupFilter {
  readonly subscriber_id?: string;
  readonly type?: string;
  readonly domain?: string;
  readonly city?: string;
  readonly country?: string;
  readonly key_id?: string;
  readonly unique_key_id?: string;
  readonly ukId?: string;
}

export interface RegistryClient {
  readonly baseUrl: string;
  lookup(filter: LookupFilter): Promise<SubscriberEntry[]>;
  /**
   * The signing key of a subscriber's key id, or undefined: the shape signature verification wants.
   * With `type`, only a key registered under that type counts (a BAP's key does not sign as a BG).
   */
  publicKeyFor(subscriberId: string, uniqueKeyId: string, type?: SubscriberType): Promise<string | undefined>;
  /**
   * The registered callback URL (`subscriber_url`, else `url`) of a subscriber of this type, of the
   * entry of that key id when one is given (a shared registry may hold one subscriber under several keys), or undefined.
   */
  subscriberUrlFor(subscriberId: string, type: SubscriberEntry["type"], uniqueKeyId?: string): Promise<string | undefined>;
}

export interface RegistryClientOptions {
  readonly timeoutMs?: number;
  /** How long a found key is reused without asking again. Keys are never cached negatively. */
  readonly cacheMs?: number;
  readonly now?: () => number;
}

/** A client of `POST <registry>/lookup` (no signature needed), with a small positive key cache. */
export function createRegistryClient(baseUrl: string, options: RegistryClientOptions = {}): RegistryClient {
  const cache = new Map<string, { key: string; until: number }>();
  const now = options.now ?? Date.now;
  const lookupUrl = `${baseUrl.replace(/\/+$/, "")}/lookup`;

  async function lookup(filter: LookupFilter): Promise<SubscriberEntry[]> {
    const outcome = await postRaw(lookupUrl, JSON.stringify(filter), {}, { timeoutMs: options.timeoutMs ?? 3000 });
    if (outcome.kind === "failure") {
      throw new Error(`Registry lookup at ${lookupUrl} failed: ${outcome.failure}: ${outcome.detail}`);
    }
    if (outcome.status !== 200 || !Array.isArray(outcome.body)) {
      throw new Error(`Registry lookup at ${lookupUrl} answered HTTP ${outcome.status} with ${outcome.rawBody.slice(0, 200)}; expected a JSON array.`);
    }
    return outcome.body as SubscriberEntry[];
  }

  /**
   * One lookup at a time per key: the requests that need a key while it is being looked up share
   * that lookup (when the cache lapses under load, a hundred requests asked the registry a hundred times).
   */
  const inFlight = new Map<string, Promise<string | undefined>>();
  function shared(cacheKey: string, ask: () => Promise<string | undefined>): Promise<string | undefined> {
    const pending = inFlight.get(cacheKey);
    if (pending) {
      return pending;
    }
    const asked = ask().finally(() => inFlight.delete(cacheKey));
    inFlight.set(cacheKey, asked);
    return asked;
  }

  async function publicKeyFor(subscriberId: string, uniqueKeyId: string, type?: SubscriberType): Promise<string | undefined> {
    const cacheKey = `${subscriberId}|${uniqueKeyId}|${type ?? ""}`;
    const hit = cache.get(cacheKey);
    if (hit && hit.until > now()) {
      return hit.key;
    }
    return shared(`key ${cacheKey}`, () => lookUpKey(cacheKey, subscriberId, uniqueKeyId, type));
  }

  async function lookUpKey(cacheKey: string, subscriberId: string, uniqueKeyId: string, type?: SubscriberType): Promise<string | undefined> {
    const entries = await lookup({ subscriber_id: subscriberId, unique_key_id: uniqueKeyId, ...(type ? { type } : {}) });
    const entry = entries.find(
      (e) => e.subscriber_id === subscriberId && (e.unique_key_id ?? e.key_id ?? e.ukId) === uniqueKeyId && (type === undefined || e.type === type),
    );
    if (!entry) {
      return undefined;
    }
    cache.set(cacheKey, { key: entry.signing_public_key, until: now() + (options.cacheMs ?? 5000) });
    return entry.signing_public_key;
  }

  const urls = new Map<string, { url: string; until: number }>();
  async function subscriberUrlFor(subscriberId: string, type: SubscriberEntry["type"], uniqueKeyId?: string): Promise<string | undefined> {
    const cacheKey = `${subscriberId}|${type}|${uniqueKeyId ?? ""}`;
    const hit = urls.get(cacheKey);
    if (hit && hit.until > now()) {
      return hit.url;
    }
    return shared(`url ${cacheKey}`, () => lookUpUrl(cacheKey, subscriberId, type, uniqueKeyId));
  }

  async function lookUpUrl(cacheKey: string, subscriberId: string, type: SubscriberEntry["type"], uniqueKeyId?: string): Promise<string | undefined> {
    const entries = await lookup({ subscriber_id: subscriberId, type, ...(uniqueKeyId === undefined ? {} : { unique_key_id: uniqueKeyId }) });
    const ofKey = (e: SubscriberEntry): boolean => uniqueKeyId === undefined || (e.unique_key_id ?? e.key_id ?? e.ukId) === uniqueKeyId;
    const entry = entries.find((e) => e.subscriber_id === subscriberId && e.type === type && ofKey(e));
    const url = entry?.subscriber_url ?? entry?.url;
    if (typeof url !== "string" || url === "") {
      return undefined;
    }
    urls.set(cacheKey, { url, until: now() + (options.cacheMs ?? 5000) });
    return url;
  }

  return { baseUrl, lookup, publicKeyFor, subscriberUrlFor };
}
