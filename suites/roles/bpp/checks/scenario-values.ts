/**
 * SCN: what a scenario made from a capture expects of the replayed callbacks beyond the protocol's
 * rules: the values the captured callbacks carried that do not depend on the data (the order's and
 * fulfillments' states, the units, currencies and quantities, which callbacks came). It is the
 * scenario's own expectation, a regression test, judged only on steps that state one
 * (docs/rules.md "Scenarios from captures").
 */
import type { ExpectedValues } from "../../../../results/index.js";
import { asArray, asObject, fulfillmentStates, orderState, selectedMeasure } from "../../../../protocol/shapes.js";
import { defineCheck } from "../../../core/define-check.js";
import type { CheckFinding, Exchange } from "../../../core/check.js";
import { finding } from "../../../core/finding.js";

type Values = Required<ExpectedValues>;

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/** A state as text: a string, or a descriptor's code. */
function stateText(value: unknown): string | undefined {
  if (typeof value === "string") {
    return value;
  }
  const code = asObject(asObject(value)?.["descriptor"])?.["code"];
  return typeof code === "string" ? code : undefined;
}

/** A decimal as one spelling: `5`, `5.0` and `"5.00"` are all `5`. */
const decimal = (value: unknown): string | undefined =>
  (typeof value === "string" || typeof value === "number") && value !== "" && Number.isFinite(Number(value)) ? String(Number(value)) : undefined;

/** The values of one callback body that a scenario made from a capture can expect (all but `callbacks`). */
export function callbackValues(body: unknown): Omit<Values, "callbacks"> {
  const message = asObject(asObject(body)?.["message"]);
  const order = asObject(message?.["order"]);
  const items = asArray(order?.["items"]);
  const measures = items.flatMap((item): Record<string, unknown>[] => {
    const measure = selectedMeasure(item);
    return measure ? [measure.value] : [];
  });
  const quote = asObject(order?.["quote"]);
  const prices = [asObject(quote?.["price"]), ...asArray(quote?.["breakup"]).map((b) => asObject(asObject(b)?.["price"]))];
  const state = stateText(orderState(order)?.value);
  return {
    orderState: state ?? "",
    fulfillmentStates: sorted(fulfillmentStates(order)),
    units: sorted(measures.flatMap((m) => (typeof m["unit"] === "string" ? [m["unit"]] : []))),
    currencies: sorted(prices.flatMap((p) => (typeof p?.["currency"] === "string" ? [p["currency"]] : []))),
    quantities: sorted(measures.flatMap((m) => decimal(m["value"]) ?? [])),
  };
}

/** The actions of the callbacks that answer the request. */
export const solicitedActions = (exchange: Exchange): string[] => sorted(exchange.callbacks.filter((c) => c.matchedBy !== "unsolicited").map((c) => c.action));

function differences(expected: ExpectedValues, actual: Values): CheckFinding[] {
  const out: CheckFinding[] = [];
  const compare = (key: keyof ExpectedValues, what: string, path: string): void => {
    const want = expected[key];
    if (want === undefined) {
      return;
    }
    const wanted = typeof want === "string" ? want : sorted(want);
    const got = actual[key];
    if (JSON.stringify(wanted) !== JSON.stringify(got)) {
      out.push(finding(`The replayed callback's ${what} differ from the captured one's.`, { path, expected: wanted, actual: got }));
    }
  };
  compare("callbacks", "callbacks (the actions that answered the request)", "callbacks[*].action");
  compare("orderState", "order state", "$.message.order.status");
  compare("fulfillmentStates", "fulfillment states", "$.message.order.fulfillments[*].state.descriptor.code");
  compare("units", "quantity units", "$.message.order.items[*].quantity");
  compare("currencies", "currencies", "$.message.order.quote");
  compare("quantities", "quantities", "$.message.order.items[*].quantity");
  return out;
}

export const SCN_001 = defineCheck({
  id: "SCN-001",
  title: "A replayed callback carries the states, units, currencies and quantities its scenario expects",
  severity: "MUST",
  ref: 'docs/rules.md "Scenarios from captures" (the scenario\'s own expectation: what the captured transaction showed)',
  fix: "Answer the replayed request as the captured transaction was answered, or make the scenario again from a capture of the behaviour you now intend.",
  appliesTo: (e) => e.expectedValues !== undefined && e.callbacks.some((c) => c.matchedBy !== "unsolicited"),
  notApplicable: () => "no step of this run states values to expect: only scenario files made from a capture (`scenario from-har`) do.",
  run: (e) => {
    const callback = e.callbacks.find((c) => c.matchedBy !== "unsolicited" && c.body !== undefined);
    return differences(e.expectedValues ?? {}, { ...callbackValues(callback?.body), callbacks: solicitedActions(e) });
  },
});

export const SCENARIO_CHECKS = [SCN_001] as const;
