import type { TimeRange } from "../../fixtures/builders/index.js";
import type { Catalogue, CatalogueProvider } from "./catalogue.js";
import { GUIDE_PROVIDER_ID, guideWindow } from "./guide-offer.js";
import type { BppVariants } from "./variants.js";

const SECOND_MS = 1000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** bpp.future-window: the offer's window opens this long after the BPP starts. */
export const FUTURE_WINDOW_DELAY_MS = 3 * SECOND_MS;
/** bpp.filtered-catalogue: the id of yesterday's offer, which the filter always leaves out. */
export const EXPIRED_PROVIDER_ID = "p1072-yesterday";

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** Sets every window of a provider (its items' and its fulfillments' start stops) to `range`. */
function setWindow(provider: CatalogueProvider, range: TimeRange): void {
  provider.items.forEach((item) => Object.assign(item.time, { range: { ...range } }));
  provider.fulfillments.forEach((f) => f.stops.forEach((stop) => Object.assign(stop.time, { range: { ...range } })));
}

/**
 * Keeps the guide's offer containing the present in a BPP that runs for days (`mock up`): once its
 * window has ended, it moves to the guide window of the present (docs/rules.md "What the harness
 * orders"). Not under bpp.future-window, whose window is in the future on purpose.
 */
export function keepGuideWindowCurrent(catalogue: Catalogue, variants: BppVariants, now: number): void {
  const guide = catalogue.provider(GUIDE_PROVIDER_ID);
  const range = guide?.items[0]?.time.range;
  if (guide && range && !variants.has("bpp.future-window") && Date.parse(range.end) <= now) {
    setWindow(guide, guideWindow(new Date(now)));
  }
}

/** A copy of a provider whose offer was for yesterday: its window ended a day ago. */
function yesterdays(provider: CatalogueProvider): CatalogueProvider {
  const copy = structuredClone(provider);
  const range = copy.items[0]?.time.range;
  const shift = (at: string | undefined): string => iso(Date.parse(String(at)) - DAY_MS);
  setWindow(copy, { start: shift(range?.start), end: shift(range?.end) });
  copy.items.forEach((item) => Object.assign(item, { id: `${item.id}-yesterday` }));
  return { ...copy, id: EXPIRED_PROVIDER_ID };
}

/**
 * The catalogue as the variants change it: bpp.future-window opens the guide's offer
 * FUTURE_WINDOW_DELAY_MS after `startedAt`, for 8 hours; bpp.filtered-catalogue adds yesterday's
 * offer, which its filter leaves out of every search with a window.
 */
export function withVariants(catalogue: Catalogue, variants: BppVariants, startedAt: number): Catalogue {
  const [guide] = catalogue.providers;
  if (guide && variants.has("bpp.future-window")) {
    const start = Math.ceil((startedAt + FUTURE_WINDOW_DELAY_MS) / SECOND_MS) * SECOND_MS;
    setWindow(guide, { start: iso(start), end: iso(start + 8 * HOUR_MS) });
  }
  if (!guide || !variants.has("bpp.filtered-catalogue")) {
    return catalogue;
  }
  const providers = [...catalogue.providers, yesterdays(guide)];
  return {
    providers,
    provider: (id) => providers.find((p) => p.id === id),
    offer: (providerId, itemId) => catalogue.offer(providerId, itemId) ?? (providerId === EXPIRED_PROVIDER_ID ? expiredOffer(providers, itemId) : undefined),
  };
}

function expiredOffer(providers: readonly CatalogueProvider[], itemId: string): ReturnType<Catalogue["offer"]> {
  const provider = providers.find((p) => p.id === EXPIRED_PROVIDER_ID);
  const item = provider?.items.find((i) => i.id === itemId);
  const meter = provider?.fulfillments[0]?.stops[0]?.location.address ?? "";
  return provider && item ? { provider, item, sourceMeter: meter, availableKwh: item.quantity.available.measure.value } : undefined;
}
