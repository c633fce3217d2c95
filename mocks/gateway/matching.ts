import type { SubscriberEntry } from "../../protocol/registry-client.js";
import { asObject } from "../../protocol/shapes.js";
import type { GatewayFaultId } from "./faults.js";

/** What a search asks of the multicast: its domain, its city and, when it names one, its BPP. */
export interface SearchTarget {
  readonly domain?: string;
  readonly city?: string;
  readonly bppId?: string;
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

export function searchTargetOf(context: Record<string, unknown>): SearchTarget {
  const domain = text(context["domain"]);
  const city = text(asObject(asObject(context["location"])?.["city"])?.["code"]);
  const bppId = text(context["bpp_id"]);
  return { ...(domain ? { domain } : {}), ...(city ? { city } : {}), ...(bppId ? { bppId } : {}) };
}

/** A city rule: an entry with no city matches any search, and a search with no city any entry. */
function cityMatches(entry: SubscriberEntry, city: string | undefined): boolean {
  return city === undefined || entry.city === undefined || entry.city === "" || entry.city === city;
}

/**
 * The BPPs a search goes to: subscribed BPPs of the search's domain and city, only the named one
 * when the search names a `bpp_id`, once each (a registry may list one subscriber per key).
 */
export function matchingBpps(entries: readonly SubscriberEntry[], target: SearchTarget, faults: ReadonlySet<GatewayFaultId>): SubscriberEntry[] {
  const seen = new Set<string>();
  const matches = entries.filter((entry) => {
    const ok =
      entry.type === "BPP" &&
      entry.status === "SUBSCRIBED" &&
      (faults.has("gw.forward-non-matching") || entry.domain === target.domain) &&
      (faults.has("gw.ignore-city") || cityMatches(entry, target.city)) &&
      (target.bppId === undefined || faults.has("gw.ignore-bpp-id") || entry.subscriber_id === target.bppId) &&
      !seen.has(entry.subscriber_id);
    if (ok) {
      seen.add(entry.subscriber_id);
    }
    return ok;
  });
  return faults.has("gw.drop-matching-bpp") ? matches.slice(1) : matches;
}

/** Where a subscriber receives calls: `subscriber_url`, or core's `url`. */
export function subscriberUrl(entry: Pick<SubscriberEntry, "subscriber_url" | "url">): string | undefined {
  return text(entry.subscriber_url) ?? text(entry.url);
}
