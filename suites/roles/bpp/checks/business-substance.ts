import { allMeasures, asObject } from "../../../../protocol/shapes.js";
import { defineCheck } from "../../../core/define-check.js";
import type { Check, Exchange, CheckFinding } from "../../../core/check.js";
import { ORDER, callbackItems, codeOf, decimalOf, orders, pathOf, quoteOf, solicited, tagsOf, type Json } from "./business-read.js";
import { finding } from "../../../core/finding.js";

/**
 * BIZ-011 and BIZ-012: answers that carry their substance. An on_select or on_init with an order
 * must quote it; each offer of a catalogue should state its price, quantity, source and certifications.
 */

/** The actions whose answer is a quote: the guide's on_select "Confirms availability, pricing", its on_init "Returns final quote". */
const QUOTING_ACTIONS: ReadonlySet<string> = new Set(["select", "init"]);

/** The order callbacks of a valid select or init: an error callback is a refusal, judged elsewhere. */
function quotingOrders(exchange: Exchange): { index: number; order: Json }[] {
  if (!QUOTING_ACTIONS.has(exchange.action) || exchange.expectation !== "callback") {
    return [];
  }
  const withError = new Set(
    solicited(exchange)
      .filter(({ body }) => body["error"] !== undefined)
      .map(({ index }) => index),
  );
  return orders(exchange).filter(({ index }) => !withError.has(index));
}

const BIZ_011 = defineCheck({
  id: "BIZ-011",
  title: "on_select and on_init quote the order",
  severity: "MUST",
  ref: 'guide §on_select ("Confirms availability, pricing") and §on_init ("Returns final quote"); core 1.1.0 Order.quote',
  fix: "Put `message.order.quote` with a decimal `price.value` in every on_select and on_init that carries an order.",
  appliesTo: (exchange) => quotingOrders(exchange).length > 0,
  run: (exchange) =>
    quotingOrders(exchange).flatMap(({ index, order }): CheckFinding[] => {
      const price = asObject(quoteOf(order)?.["price"]);
      return decimalOf(price?.["value"]) !== undefined
        ? []
        : [
            finding(
              `on_${exchange.action} must quote the order: \`message.order.quote\` with its total in \`quote.price.value\` (a decimal string) and \`quote.price.currency\`.`,
              {
                path: pathOf(index, [...ORDER, "quote", ...(quoteOf(order) ? ["price", "value"] : [])]),
                expected: { quote: { price: { value: "<decimal>", currency: "<ISO 4217>" } } },
                actual: quoteOf(order) ?? null,
              },
            ),
          ];
    }),
});

/** A certification tag: a tag of the `Certifications` group, or one whose code names a certification (the guide's `Carbon_Offset_Certified`). */
const isCertification = ({ groupCode, tag }: ReturnType<typeof tagsOf>[number]): boolean =>
  groupCode === "Certifications" || (typeof codeOf(tag) === "string" && /certif/i.test(String(codeOf(tag))));

const hasText = (value: unknown): boolean => typeof value === "string" && value.trim() !== "";

/** What an offer lacks of the guide's four: price, quantity, source type, certification tags. */
function lacking(item: Json): string[] {
  const tags = tagsOf(item);
  return [
    decimalOf(asObject(item["price"])?.["value"]) === undefined ? "price (`price.value`)" : [],
    allMeasures(item).some((m) => decimalOf(m.value["value"]) !== undefined) ? [] : "quantity (`quantity.available.measure`)",
    tags.some(({ tag }) => codeOf(tag) === "Source_Type" && hasText(tag?.["value"])) ? [] : "source type (a `Source_Type` tag)",
    tags.some(isCertification) ? [] : "certification tags (a `Certifications` group, or a tag such as `Carbon_Offset_Certified`)",
  ].flat();
}

/** The offers of the catalogues the SUT sent back. */
const offers = (exchange: Exchange) => callbackItems(exchange).filter(({ path }) => path[1] === "catalog");

const BIZ_012 = defineCheck({
  id: "BIZ-012",
  title: "Each catalogue offer states its price, quantity, source type and certifications",
  severity: "SHOULD",
  ref: 'guide §on_search ("Each offer has price, quantity, source type, and certification tags"); the guide is the P2P profile, not core, so a SHOULD',
  fix: "Give every catalogue item a decimal `price.value`, a quantity with a measure, a Source_Type tag and a certification tag, as the guide's offer has.",
  appliesTo: (exchange) => offers(exchange).length > 0,
  run: (exchange) =>
    offers(exchange).flatMap(({ index, path, item }): CheckFinding[] => {
      const missing = lacking(item);
      return missing.length === 0
        ? []
        : [
            finding(
              `Each offer in \`catalog.providers[].items[]\` should state its price, quantity, source type and certification tags (guide §on_search); this one lacks its ${missing.join(", ")}.`,
              {
                path: pathOf(index, path),
                expected: ["price", "quantity", "Source_Type", "certification tags"],
                actual: { id: item["id"], lacks: missing },
              },
            ),
          ];
    }),
});

export const SUBSTANCE_CHECKS: readonly Check[] = [BIZ_011, BIZ_012];
