import { Decimal, type TimeRange } from "../../fixtures/builders/index.js";
import { asArray, asObject, selectedMeasure } from "../../protocol/shapes.js";
import type { CatalogueProvider } from "./catalogue.js";

/** The city the reference BPP's prosumers are in: the guide's San Francisco. */
export const SERVED_CITY = "NANP:628";

/** What a search's intent asks for, as bpp.filtered-catalogue reads it; each part is absent when the intent leaves it out. */
interface Wanted {
  readonly window?: { readonly start: number; readonly end: number };
  readonly name?: string;
  readonly kwh?: string;
  readonly city?: string;
}

function wantedBy(context: Readonly<Record<string, unknown>>, message: Readonly<Record<string, unknown>>): Wanted {
  const intent = asObject(message["intent"]);
  const item = asObject(intent?.["item"]);
  const fulfillment = asObject(intent?.["fulfillment"]);
  const stops = [...asArray(fulfillment?.["stops"]), fulfillment?.["end"]];
  const range = stops.map((s) => asObject(asObject(asObject(s)?.["time"])?.["range"])).find((r) => r !== undefined);
  const [start, end] = [Date.parse(String(range?.["start"])), Date.parse(String(range?.["end"]))];
  const name = asObject(item?.["descriptor"])?.["name"];
  const kwh = selectedMeasure(item)?.value["value"];
  const city = asObject(asObject(asObject(context["location"])?.["city"]))?.["code"];
  return {
    ...(Number.isFinite(start) && Number.isFinite(end) ? { window: { start, end } } : {}),
    ...(typeof name === "string" && name.trim() !== "" ? { name: name.trim().toLowerCase() } : {}),
    ...(typeof kwh === "string" || typeof kwh === "number" ? { kwh: String(kwh) } : {}),
    ...(typeof city === "string" ? { city } : {}),
  };
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** The part of the offer's window inside the wanted one, or undefined when they do not overlap. */
function overlap(range: TimeRange, wanted: Wanted["window"]): TimeRange | undefined {
  if (!wanted) {
    return range;
  }
  const [start, end] = [Math.max(Date.parse(range.start), wanted.start), Math.min(Date.parse(range.end), wanted.end)];
  return start < end
    ? { start: start === Date.parse(range.start) ? range.start : iso(start), end: end === Date.parse(range.end) ? range.end : iso(end) }
    : undefined;
}

function enough(available: string, kwh: string | undefined): boolean {
  try {
    return kwh === undefined || new Decimal(available).greaterThanOrEqualTo(kwh);
  } catch {
    return true;
  }
}

/**
 * bpp.filtered-catalogue: the providers and offers that match the search's intent (guide §search:
 * "matching location, time, and quantity"): in the search's city, with a window that overlaps the
 * intent's (listed narrowed to that overlap), an item name that contains the one asked for, and at
 * least the quantity asked for. Providers left with no offer are left out.
 */
export function filterCatalogue(
  providers: readonly CatalogueProvider[],
  context: Readonly<Record<string, unknown>>,
  message: Readonly<Record<string, unknown>>,
): CatalogueProvider[] {
  const wanted = wantedBy(context, message);
  if (wanted.city !== undefined && wanted.city !== SERVED_CITY) {
    return [];
  }
  return providers.flatMap((provider) => {
    const items = provider.items.flatMap((item) => {
      const range = overlap(item.time.range, wanted.window);
      const named =
        wanted.name === undefined ||
        String(item.descriptor.name ?? "")
          .toLowerCase()
          .includes(wanted.name);
      return range && named && enough(item.quantity.available.measure.value, wanted.kwh) ? [{ ...item, time: { ...item.time, range } }] : [];
    });
    return items.length > 0 ? [{ ...provider, items }] : [];
  });
}
