/**
 * REG-001…REG-008: the shape of a lookup answer and each filter. A filter check fails when the
 * answer holds an entry the filter excludes, or leaves out one of the harness's SUBSCRIBED
 * registrations that the filter names.
 */
import { defineCheck } from "../../../core/define-check.js";
import type { Check, CheckContext, Exchange, CheckFinding } from "../../../core/check.js";
import {
  cityOf,
  countryOf,
  entriesOf,
  filterOf,
  isLookup,
  keyIdOf,
  MAX_FINDINGS,
  nameOf,
  registrationMatches,
  registrationsOf,
  subscriberIdOf,
  type Entry,
} from "./read.js";
import { finding } from "../../../core/finding.js";

const LOOKUP_REF = 'core 1.1.0 registry POST /lookup; docs/registry.md "The rules the REG checks apply"';

export const REG_001 = defineCheck({
  id: "REG-001",
  title: "A lookup is answered with HTTP 200 and a bare JSON array",
  severity: "MUST",
  ref: `${LOOKUP_REF} (Lookup answers)`,
  fix: "Answer POST /lookup with HTTP 200 and a bare JSON array of entries ([] when none match), not an object around it.",
  appliesTo: isLookup,
  run: (exchange) => {
    const { response } = exchange;
    if (response.kind === "failure") {
      return [
        finding(`The lookup got no answer (${response.failure}: ${response.detail}); answer every lookup with HTTP 200 and a JSON array.`, {
          expected: "HTTP 200 with a JSON array",
          actual: response.failure,
        }),
      ];
    }
    const findings: CheckFinding[] = [];
    if (response.status !== 200) {
      findings.push(
        finding(`The lookup was answered with HTTP ${response.status}; a well-formed lookup gets HTTP 200.`, { expected: 200, actual: response.status }),
      );
    }
    if (!Array.isArray(response.body)) {
      findings.push(
        finding(
          "The lookup answer is not a bare JSON array; answer `[ {subscriber entry}, ... ]`, not an object wrapping the list (core 1.1.0: the response is an array of Subscription).",
          {
            expected: "a JSON array",
            actual: response.rawBody.slice(0, 200),
          },
        ),
      );
    }
    return findings;
  },
});

/** Harness registrations the filter names, confirmed SUBSCRIBED, that the answer left out. */
function missing(exchange: Exchange, ctx: CheckContext, entries: readonly Entry[]): CheckFinding[] {
  const filter = filterOf(exchange);
  return registrationsOf(ctx)
    .filter((r) => !r.probe && r.confirmed && registrationMatches(r.subscription, filter))
    .filter((r) => !entries.some((e) => subscriberIdOf(e) === r.subscription["subscriber_id"] && keyIdOf(e) === r.subscription["unique_key_id"]))
    .slice(0, MAX_FINDINGS)
    .map((r) =>
      finding(
        `The lookup ${JSON.stringify(filter)} left out ${r.subscription["subscriber_id"]} key ${r.subscription["unique_key_id"]}, which is SUBSCRIBED and matches it; return every SUBSCRIBED entry that matches every filter given.`,
        {
          expected: { subscriber_id: r.subscription["subscriber_id"], unique_key_id: r.subscription["unique_key_id"] },
          actual: entries.map(nameOf).slice(0, 20),
        },
      ),
    );
}

export const REG_002 = defineCheck({
  id: "REG-002",
  title: "A lookup of {} returns every SUBSCRIBED entry",
  severity: "MUST",
  ref: `${LOOKUP_REF} (Lookup answers)`,
  fix: "Treat every lookup filter as optional: answer {} with every SUBSCRIBED entry.",
  appliesTo: (exchange) => exchange.step === "lookup:all" && entriesOf(exchange) !== undefined,
  run: (exchange, ctx) => missing(exchange, ctx, entriesOf(exchange) ?? []),
});

interface FilterSpec {
  readonly id: string;
  readonly step: string;
  /** The filter's field, as the harness sends it. */
  readonly field: string;
  readonly title: string;
  /** What the registry must change when it fails this filter (the check's fix). */
  readonly fix: string;
  /** Whether an entry may be in the answer to this filter value. */
  readonly admits: (entry: Entry, wanted: string) => boolean;
  readonly rule: string;
}

function filterCheck(spec: FilterSpec): Check {
  return defineCheck({
    id: spec.id,
    title: spec.title,
    severity: "MUST",
    ref: `${LOOKUP_REF} (Lookup answers: ${spec.field})`,
    fix: spec.fix,
    appliesTo: (exchange) => exchange.step === spec.step && entriesOf(exchange) !== undefined,
    run: (exchange, ctx) => {
      const entries = entriesOf(exchange) ?? [];
      const wanted = filterOf(exchange)[spec.field] ?? "";
      const excluded: CheckFinding[] = entries
        .filter((e) => !spec.admits(e, wanted))
        .slice(0, MAX_FINDINGS)
        .map((e) =>
          finding(`The lookup by ${spec.field} ${JSON.stringify(wanted)} returned ${nameOf(e)}, which does not match it; ${spec.rule}`, {
            expected: { [spec.field]: wanted },
            actual: e,
          }),
        );
      return [...excluded, ...missing(exchange, ctx, entries)];
    },
  });
}

const sameOrNone = (value: string | undefined, wanted: string): boolean => value === undefined || value === wanted;

const FILTERS: readonly FilterSpec[] = [
  {
    id: "REG-003",
    step: "lookup:type",
    field: "type",
    title: "A lookup by type returns only and every entry of that type",
    fix: "Filter by `type` exactly (BAP, BPP, BG): return every entry of that type and no other.",
    admits: (e, w) => typeof e["type"] === "string" && e["type"].toUpperCase() === w.toUpperCase(),
    rule: "return only entries whose type is the one asked for.",
  },
  {
    id: "REG-004",
    step: "lookup:domain",
    field: "domain",
    title: "A lookup by domain returns only and every entry of that domain",
    fix: "Filter by `domain` exactly: return every entry of that domain and no other.",
    admits: (e, w) => e["domain"] === w,
    rule: "return only entries of the domain asked for.",
  },
  {
    id: "REG-005",
    step: "lookup:city",
    field: "city",
    title: "A lookup by city returns only and every entry of that city",
    fix: "Filter by `city`: return every entry of that city and those with no city (they serve every city), and none of another city.",
    admits: (e, w) => sameOrNone(cityOf(e), w),
    rule: "return only entries of that city (or with no city, which serve every city).",
  },
  {
    id: "REG-006",
    step: "lookup:country",
    field: "country",
    title: "A lookup by country returns only and every entry of that country",
    fix: "Filter by `country`: return every entry of that country and those with no country (they serve every country), and none of another.",
    admits: (e, w) => sameOrNone(countryOf(e), w),
    rule: "return only entries of that country (or with no country, which serve every country).",
  },
  {
    id: "REG-007",
    step: "lookup:subscriber-id",
    field: "subscriber_id",
    title: "A lookup by subscriber_id returns only and every key of that subscriber",
    fix: "Filter by `subscriber_id`: return every key of that subscriber and no other subscriber's.",
    admits: (e, w) => subscriberIdOf(e) === w,
    rule: "return only the entries of the subscriber asked for.",
  },
  {
    id: "REG-008",
    step: "lookup:key-id",
    field: "unique_key_id",
    title: "A lookup by key id returns only that key",
    fix: "Filter by the key id asked for (`unique_key_id`, `key_id` or `ukId`): return that key alone.",
    admits: (e, w) => keyIdOf(e) === w,
    rule: "trim the answer to the key asked for (unique_key_id, key_id or ukId).",
  },
];

/** REG-003…REG-008: one check for each lookup filter. */
export const FILTER_CHECKS: readonly Check[] = FILTERS.map(filterCheck);
