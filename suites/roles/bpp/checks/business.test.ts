import { expect, test } from "vitest";
import { checkCaseTables, type CheckCase } from "../../../core/testing/case-table.js";
import type { Check, CheckContext } from "../../../core/check.js";
import { BUSINESS_CHECKS } from "./business.js";
import { Decimal } from "../../../../fixtures/builders/decimal.js";
import {
  checkContext,
  cleanScenario,
  compose,
  errorCallback,
  hostileCases,
  runAll,
  set,
  stepExchange,
  transaction,
  type Mutation,
} from "../../../core/testing/exchange.js";

type Case = CheckCase;

const core = transaction("core");
const guide = transaction("guide", 11);

const ORDER = ["message", "order"] as const;
const ITEM = [...ORDER, "items", 0] as const;
const QUOTE = [...ORDER, "quote"] as const;
const LISTED = ["message", "catalog", "providers", 0, "items", 0] as const;
const coreEnd = [...ORDER, "fulfillments", 0, "stops", 0] as const;
const guideEnd = [...ORDER, "fulfillments", 0, "end"] as const;
const offerRange = core.offer.time.range;
const hoursAfter = (iso: string, hours: number): string => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();

/** One named change per case, to a callback (or, for the catalogue, to the scenario's on_search). */
const mutations = {
  otherUnitPrice: set([...ITEM, "price", "value"], "9.99"),
  noItemPrice: set([...ITEM, "price"], undefined),
  breakupOff: set(
    [...QUOTE, "breakup"],
    [
      { title: "Energy Cost", price: { ...core.quote.price } },
      { title: "WHEELING_CHARGE", price: { value: "1.00", currency: "USD" } },
    ],
  ),
  withCharges: compose(
    set([...QUOTE, "price", "value"], new Decimal(core.quote.price.value).plus("7.50").toFixed()),
    set(
      [...QUOTE, "breakup"],
      [
        { title: "Energy Cost", price: { ...core.quote.price } },
        { title: "WHEELING_CHARGE", price: { value: "4.00", currency: "USD" } },
        { title: "PLATFORM_CHARGE", price: { value: "2.50", currency: "USD" } },
        { title: "Tax", price: { value: "1.00", currency: "USD" } },
      ],
    ),
  ),
  noEnergyLineAbove: compose(
    set([...QUOTE, "price", "value"], new Decimal(core.quote.price.value).plus("3").toFixed()),
    set([...QUOTE, "breakup"], [{ title: "Total", price: { value: new Decimal(core.quote.price.value).plus("3").toFixed(), currency: "USD" } }]),
  ),
  noEnergyLineBelow: compose(
    set([...QUOTE, "price", "value"], "0.01"),
    set([...QUOTE, "breakup"], [{ title: "Total", price: { value: "0.01", currency: "USD" } }]),
  ),
  unitLowerKwh: set([...ITEM, "quantity", "selected", "measure", "unit"], "kWh"),
  unitUpperKwh: set([...ITEM, "quantity", "selected", "measure", "unit"], "KWH"),
  twoBreakupLines: set(
    [...QUOTE, "breakup"],
    [
      { title: "Energy Cost", price: { value: "70.00", currency: "USD" } },
      { title: "Wheeling Charge", price: { value: "9.25", currency: "USD" } },
    ],
  ),
  breakupInEuro: set([...QUOTE, "breakup", 0, "price", "currency"], "EUR"),
  unitPriceInEuro: set([...ITEM, "price", "currency"], "EUR/kWH"),
  almostNothingAvailable: set([...LISTED, "quantity", "available", "measure", "value"], "0.5"),
  exactlyAvailable: set([...LISTED, "quantity", "available", "measure", "value"], core.quantityKwh),
  unitInWh: set([...ITEM, "quantity", "selected", "measure", "unit"], "Wh"),
  meterNotDer: set([...coreEnd, "location", "address"], "meter://sdge/60352998"),
  windowInsideOffer: set([...coreEnd, "time", "range"], { start: hoursAfter(offerRange.start, 1), end: hoursAfter(offerRange.end, -1) }),
  windowPastOffer: set([...coreEnd, "time", "range"], { start: hoursAfter(offerRange.end, -1), end: hoursAfter(offerRange.end, 2) }),
  zonelessWindowFarFromZonedOffer: set([...guideEnd, "time", "range"], { start: "2001-01-01T00:00:00", end: "2001-01-01T01:00:00" }),
  zonelessOffer: set([...LISTED, "time", "range"], { start: "2030-01-01T10:00:00", end: "2030-01-01T18:00:00" }),
  zonelessWindowPastZonelessOffer: set([...coreEnd, "time", "range"], { start: "2030-01-01T17:00:00", end: "2030-01-01T19:00:00" }),
  guideWindowInsideOffer: set([...guideEnd, "time", "range"], {
    start: guide.offer.time.range.start.replace("Z", ""),
    end: guide.offer.time.range.end.replace("Z", ""),
  }),
  coalSource: set([...LISTED, "tags", 0, "list", 0, "value"], "Coal"),
  unknownCertification: set([...LISTED, "tags", 1, "list", 0, "descriptor", "code"], "ISO9001"),
  otherItemId: set([...ITEM, "id"], "energy-someone-else"),
  halfAKwh: set([...ITEM, "quantity", "selected", "measure", "value"], "0.5"),
  noQuote: set([...QUOTE], undefined),
  offerWithoutPrice: set([...LISTED, "price"], undefined),
  offerWithoutQuantity: set([...LISTED, "quantity"], undefined),
  offerWithoutTags: set([...LISTED, "tags"], []),
  guideTagsOnly: set([...LISTED, "tags"], [core.offer.tags[0]]),
} satisfies Record<string, Mutation>;

/** The scenario so far: the search whose on_search listed the offer. */
const catalogueOf = (t = core, mutation?: Mutation): CheckContext =>
  checkContext({ scenarioExchanges: [stepExchange(t, "search", mutation ? { callback: mutation } : {})] });
const catalogue = catalogueOf();

const passing: Case[] = [
  { id: "BIZ-001", case: "an on_select quoting price times quantity", exchange: stepExchange(core, "select"), ctx: catalogue },
  { id: "BIZ-001", case: "a guide-shaped on_init", exchange: stepExchange(guide, "init"), ctx: catalogueOf(guide) },
  {
    id: "BIZ-001",
    case: "an item without a price, priced from the catalogue",
    exchange: stepExchange(core, "select", { callback: mutations.noItemPrice }),
    ctx: catalogue,
  },
  {
    id: "BIZ-001",
    case: "a quote with wheeling, platform and tax lines beside the energy",
    exchange: stepExchange(core, "select", { callback: mutations.withCharges }),
    ctx: catalogue,
  },
  {
    id: "BIZ-001",
    case: "a quote without an energy line, above price times quantity",
    exchange: stepExchange(core, "select", { callback: mutations.noEnergyLineAbove }),
    ctx: catalogue,
  },
  {
    id: "BIZ-002",
    case: "a breakup with wheeling, platform and tax lines",
    exchange: stepExchange(core, "select", { callback: mutations.withCharges }),
    ctx: catalogue,
  },
  { id: "BIZ-005", case: "an on_select in kWh", exchange: stepExchange(core, "select", { callback: mutations.unitLowerKwh }), ctx: catalogue },
  { id: "BIZ-005", case: "an on_select in KWH", exchange: stepExchange(core, "select", { callback: mutations.unitUpperKwh }), ctx: catalogue },
  {
    id: "BIZ-007",
    case: "a zone-less window is not compared with a zoned offer's",
    exchange: stepExchange(guide, "select", { callback: mutations.zonelessWindowFarFromZonedOffer }),
    ctx: catalogueOf(guide),
  },
  { id: "BIZ-002", case: "a breakup of one line", exchange: stepExchange(core, "select"), ctx: catalogue },
  { id: "BIZ-002", case: "a breakup of two lines", exchange: stepExchange(core, "init", { callback: mutations.twoBreakupLines }), ctx: catalogue },
  { id: "BIZ-003", case: "a quote in USD with prices in USD/kWH", exchange: stepExchange(core, "select"), ctx: catalogue },
  { id: "BIZ-004", case: "a quantity within what is available", exchange: stepExchange(core, "select"), ctx: catalogue },
  { id: "BIZ-004", case: "a quantity of exactly what is available", exchange: stepExchange(core, "init"), ctx: catalogueOf(core, mutations.exactlyAvailable) },
  { id: "BIZ-005", case: "an on_search in kWH", exchange: stepExchange(core, "search") },
  { id: "BIZ-005", case: "an on_select in kWH", exchange: stepExchange(guide, "select") },
  { id: "BIZ-006", case: "an on_select delivering to a der:// meter", exchange: stepExchange(core, "select") },
  { id: "BIZ-006", case: "a guide-shaped on_status", exchange: stepExchange(guide, "status") },
  {
    id: "BIZ-007",
    case: "a delivery window inside the offer's",
    exchange: stepExchange(core, "select", { callback: mutations.windowInsideOffer }),
    ctx: catalogue,
  },
  {
    id: "BIZ-007",
    case: "a zone-less guide-shaped window inside the offer's",
    exchange: stepExchange(guide, "select", { callback: mutations.guideWindowInsideOffer }),
    ctx: catalogueOf(guide),
  },
  { id: "BIZ-008", case: "a catalogue of Wind", exchange: stepExchange(core, "search") },
  { id: "BIZ-009", case: "a catalogue certified P2PTL", exchange: stepExchange(core, "search") },
  { id: "BIZ-010", case: "an on_select echoing the item and quantity", exchange: stepExchange(core, "select") },
  { id: "BIZ-010", case: "a guide-shaped on_confirm echoing the item and quantity", exchange: stepExchange(guide, "confirm") },
  { id: "BIZ-011", case: "an on_select with its quote", exchange: stepExchange(core, "select") },
  { id: "BIZ-011", case: "a guide-shaped on_init with its quote", exchange: stepExchange(guide, "init") },
  { id: "BIZ-012", case: "a catalogue whose offer has price, quantity, source and certifications", exchange: stepExchange(core, "search") },
  { id: "BIZ-012", case: "a guide-shaped catalogue", exchange: stepExchange(guide, "search") },
  {
    id: "BIZ-012",
    case: "the guide's own offer: Carbon_Offset_Certified is its certification tag",
    exchange: stepExchange(core, "search", { callback: mutations.guideTagsOnly }),
  },
];

const failing: Case[] = [
  {
    id: "BIZ-001",
    case: "a quote that is not price times quantity",
    exchange: stepExchange(core, "select", { callback: mutations.otherUnitPrice }),
    ctx: catalogue,
  },
  {
    id: "BIZ-001",
    case: "a quote without an energy line, below price times quantity",
    exchange: stepExchange(core, "select", { callback: mutations.noEnergyLineBelow }),
    ctx: catalogue,
  },
  {
    id: "BIZ-007",
    case: "a zone-less window running past a zone-less offer",
    exchange: stepExchange(core, "select", { callback: mutations.zonelessWindowPastZonelessOffer }),
    ctx: catalogueOf(core, mutations.zonelessOffer),
  },
  { id: "BIZ-002", case: "a breakup that does not add up", exchange: stepExchange(core, "select", { callback: mutations.breakupOff }), ctx: catalogue },
  { id: "BIZ-003", case: "a breakup line in another currency", exchange: stepExchange(core, "init", { callback: mutations.breakupInEuro }), ctx: catalogue },
  { id: "BIZ-003", case: "a unit price in another currency", exchange: stepExchange(core, "select", { callback: mutations.unitPriceInEuro }), ctx: catalogue },
  {
    id: "BIZ-004",
    case: "a quantity beyond what the catalogue has",
    exchange: stepExchange(core, "select"),
    ctx: catalogueOf(core, mutations.almostNothingAvailable),
  },
  { id: "BIZ-005", case: "a quantity in Wh", exchange: stepExchange(core, "select", { callback: mutations.unitInWh }), ctx: catalogue },
  { id: "BIZ-006", case: "a meter that is not der://", exchange: stepExchange(core, "select", { callback: mutations.meterNotDer }), ctx: catalogue },
  {
    id: "BIZ-007",
    case: "a delivery window running past the offer's",
    exchange: stepExchange(core, "select", { callback: mutations.windowPastOffer }),
    ctx: catalogue,
  },
  { id: "BIZ-008", case: "a Source_Type outside the taxonomy", exchange: stepExchange(core, "search", { callback: mutations.coalSource }) },
  { id: "BIZ-009", case: "a certification outside the taxonomy", exchange: stepExchange(core, "search", { callback: mutations.unknownCertification }) },
  { id: "BIZ-010", case: "an on_confirm for another item", exchange: stepExchange(core, "confirm", { callback: mutations.otherItemId }), ctx: catalogue },
  { id: "BIZ-010", case: "an on_confirm for another quantity", exchange: stepExchange(core, "confirm", { callback: mutations.halfAKwh }), ctx: catalogue },
  { id: "BIZ-011", case: "an on_select without a quote", exchange: stepExchange(core, "select", { callback: mutations.noQuote }) },
  { id: "BIZ-011", case: "an on_init without a quote", exchange: stepExchange(guide, "init", { callback: mutations.noQuote }) },
  { id: "BIZ-012", case: "an offer without a price", exchange: stepExchange(core, "search", { callback: mutations.offerWithoutPrice }) },
  { id: "BIZ-012", case: "an offer without a quantity", exchange: stepExchange(core, "search", { callback: mutations.offerWithoutQuantity }) },
  {
    id: "BIZ-012",
    case: "an offer without source type or certification tags",
    exchange: stepExchange(core, "search", { callback: mutations.offerWithoutTags }),
  },
];

const skipped: Case[] = [
  { id: "BIZ-001", case: "an on_confirm without a quote", exchange: stepExchange(core, "confirm") },
  { id: "BIZ-002", case: "a quote without a breakup", exchange: stepExchange(core, "select", { callback: set([...QUOTE, "breakup"], undefined) }) },
  {
    id: "BIZ-003",
    case: "an error callback",
    exchange: stepExchange(core, "select", { callbackBody: errorCallback(core, "select", "30004"), expectation: "error-callback" }),
  },
  { id: "BIZ-004", case: "an on_status without items", exchange: stepExchange(core, "status") },
  { id: "BIZ-005", case: "an on_update without items", exchange: stepExchange(core, "update") },
  { id: "BIZ-006", case: "an on_search, which names no meter", exchange: stepExchange(core, "search") },
  { id: "BIZ-007", case: "an order whose end stop gives no window", exchange: stepExchange(core, "select") },
  { id: "BIZ-008", case: "an order, whose items carry no tags", exchange: stepExchange(core, "select") },
  {
    id: "BIZ-009",
    case: "a catalogue without certifications",
    exchange: stepExchange(core, "search", { callback: set([...LISTED, "tags"], [core.offer.tags[0]]) }),
  },
  { id: "BIZ-010", case: "an on_status, which answers no item list", exchange: stepExchange(core, "status") },
  { id: "BIZ-011", case: "an on_confirm (quoted by its on_init already)", exchange: stepExchange(core, "confirm", { callback: mutations.noQuote }) },
  {
    id: "BIZ-011",
    case: "an error callback",
    exchange: stepExchange(core, "select", { callbackBody: errorCallback(core, "select", "30004"), expectation: "error-callback" }),
  },
  { id: "BIZ-012", case: "an order, which lists no offers", exchange: stepExchange(core, "select") },
];

function check(id: string): Check {
  const found = BUSINESS_CHECKS.find((c) => c.id === id);
  if (!found) {
    throw new Error(`No check ${id}`);
  }
  return found;
}

checkCaseTables("BIZ", BUSINESS_CHECKS, { passing, failing, skipped, findingPath: /^\$\.callbacks\[0\]\.body\.message\./ });

test("BIZ-001 gives the quote it expected, to two decimals", async () => {
  const exchange = stepExchange(core, "select", { callback: mutations.otherUnitPrice });
  expect(await check("BIZ-001").run(exchange, catalogue)).toEqual([
    {
      message:
        "The quote's energy line (`quote.breakup[]` for the item, or titled Energy Cost) must equal the unit price times the quantity ordered (within 0.01).",
      path: "$.callbacks[0].body.message.order.quote.breakup",
      expected: "249.75",
      actual: [core.quote.price.value],
    },
  ]);
});

test("BIZ-001 accepts a quote rounded to the cent", async () => {
  const exchange = stepExchange(core, "select", {
    callback: compose(
      set([...ITEM, "price", "value"], "0.123"),
      set([...QUOTE, "price", "value"], "3.08"),
      set([...QUOTE, "breakup", 0, "price", "value"], "3.08"),
    ),
  });
  expect(await check("BIZ-001").run(exchange, catalogue)).toEqual([]);
});

test("BIZ-001 skips an item priced nowhere", async () => {
  const exchange = stepExchange(core, "select", { callback: mutations.noItemPrice });
  expect(await check("BIZ-001").run(exchange, checkContext())).toEqual([]);
});

test.for(["core", "guide"] as const)("a clean %s-shaped scenario passes every BIZ check", async (shape) => {
  const t = shape === "core" ? core : guide;
  const exchanges = cleanScenario(t, shape);
  expect(await runAll(BUSINESS_CHECKS, exchanges, checkContext({ scenarioExchanges: exchanges }))).toEqual([]);
});

test.for(hostileCases(core))("no BIZ check throws on $case", async ({ exchanges, ctx }) => {
  const findings = await runAll(BUSINESS_CHECKS, exchanges, ctx);
  expect(findings.every((finding) => typeof finding.message === "string" && finding.message !== "")).toBe(true);
});

test.for([
  ["BIZ-008", "a Source_Type tag"],
  ["BIZ-009", "a Certifications group"],
] as const)("%s is not applicable, never a gap, to a catalogue whose items carry no %s", ([id, tag]) => {
  expect(check(id).notApplicable?.(stepExchange(core, "search", { callback: mutations.offerWithoutTags }))).toContain(`carry no ${tag}`);
  expect(check(id).notApplicable?.(stepExchange(core, "search", { silent: true }))).toBeUndefined();
});
