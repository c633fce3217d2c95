import { buildMeter, buildProvider, createFaker, gridOperatorOf, type Faker, type Provider } from "../../fixtures/builders/index.js";
import { availableMeasure } from "../../protocol/shapes.js";
import { guideProvider, type CatalogueItem, type CatalogueProvider } from "./guide-offer.js";

export type { CatalogueItem, CatalogueProvider };

export interface CatalogueOptions {
  readonly seed?: number;
  /** Prosumers built with the fixture builders, after the guide's; defaults to 0. */
  readonly extraProviders?: number;
  /** Prosumers given whole, listed after the guide's and before the generated ones. */
  readonly providers?: readonly CatalogueProvider[];
  readonly now?: () => number;
}

/** An offer with what the business rules need of it. */
export interface CatalogueOffer {
  readonly provider: CatalogueProvider;
  readonly item: CatalogueItem;
  /** The prosumer's meter (the fulfillment's start stop), where the grid takes the energy from. */
  readonly sourceMeter: string;
  /** kWh available, a decimal string. */
  readonly availableKwh: string;
}

export interface Catalogue {
  readonly providers: readonly CatalogueProvider[];
  provider(id: string): CatalogueProvider | undefined;
  offer(providerId: string, itemId: string): CatalogueOffer | undefined;
}

/** A generated prosumer, given a fulfillment like the guide's: its grid operator and its meter. */
function generatedProvider(faker: Faker, now: () => Date, taken: Set<string>): CatalogueProvider {
  let provider: Provider = buildProvider(faker, { now, offers: faker.number.int({ min: 1, max: 2 }) });
  while (taken.has(provider.id)) {
    provider = buildProvider(faker, { now });
  }
  taken.add(provider.id);
  const meter = buildMeter(faker);
  const fulfillmentId = `f-${provider.id}`;
  const range = provider.items[0]?.time.range ?? { start: now().toISOString(), end: now().toISOString() };
  return {
    ...provider,
    fulfillments: [
      {
        id: fulfillmentId,
        agent: { organization: { descriptor: { name: gridOperatorOf(meter) } } },
        stops: [{ type: "start", location: { address: meter }, time: { range } }],
      },
    ],
    items: provider.items.map((item) => ({ ...item, fulfillment_ids: [fulfillmentId] })),
  };
}

function offerOf(provider: CatalogueProvider, item: CatalogueItem): CatalogueOffer {
  const fulfillment = provider.fulfillments.find((f) => item.fulfillment_ids.includes(f.id)) ?? provider.fulfillments[0];
  const measure = availableMeasure(item)?.value;
  return {
    provider,
    item,
    sourceMeter: fulfillment?.stops[0]?.location.address ?? "",
    availableKwh: typeof measure?.["value"] === "string" ? measure["value"] : "0",
  };
}

/** The BPP's catalogue: the guide's offer first, then the generated prosumers (seeded). */
export function buildCatalogue(opts: CatalogueOptions = {}): Catalogue {
  const now = (): Date => new Date((opts.now ?? Date.now)());
  const faker = createFaker(opts.seed ?? 1072);
  const taken = new Set<string>();
  const given = [guideProvider(now()), ...(opts.providers ?? [])];
  given.forEach((p) => taken.add(p.id));
  const providers = [...given, ...Array.from({ length: opts.extraProviders ?? 0 }, () => generatedProvider(faker, now, taken))];
  return {
    providers,
    provider: (id) => providers.find((p) => p.id === id),
    offer(providerId, itemId) {
      const provider = providers.find((p) => p.id === providerId);
      const item = provider?.items.find((i) => i.id === itemId);
      return provider && item ? offerOf(provider, item) : undefined;
    },
  };
}
