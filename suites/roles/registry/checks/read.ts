/**
 * Reading a registry's answers and the harness's own registrations out of the exchanges, so every
 * REG check works on the recorded evidence alone. Entries are read under core's names and the
 * common variants (`url`/`subscriber_url`; `unique_key_id`/`key_id`/`ukId`; flat `city` or core's
 * `location.city.code`).
 */
import type { CheckContext, Exchange } from "../../../core/check.js";
import { text } from "../../../core/read.js";

export type Entry = Readonly<Record<string, unknown>>;

/** The step of `GET /`: judged by REG-015 only when the harness relies on it for the registry's key. */
export const KEYS_STEP = "registry-keys";
/** The step of `GET /` when the operator gave the key (`--sut-encr-key`): recorded, not judged by REG-015. */
export const KEYS_GIVEN_STEP = "registry-keys:key-given";

const isObject = (value: unknown): value is Entry => typeof value === "object" && value !== null && !Array.isArray(value);

/** A lookup the harness expects to be answered with entries (not a malformed probe). */
export const isLookup = (exchange: Exchange): boolean => exchange.action === "lookup" && exchange.expectation === "answer";

/** The answer's entries, when it is HTTP 200 with a JSON array; undefined otherwise. Non-objects are skipped. */
export function entriesOf(exchange: Exchange): Entry[] | undefined {
  const { response } = exchange;
  if (response.kind !== "response" || response.status !== 200 || !Array.isArray(response.body)) {
    return undefined;
  }
  return (response.body as unknown[]).filter(isObject);
}

/** A lookup answered with a bare array: what the entry checks judge. */
export const isAnsweredLookup = (exchange: Exchange): boolean => isLookup(exchange) && entriesOf(exchange) !== undefined;

export const subscriberIdOf = (entry: Entry): string | undefined => text(entry["subscriber_id"]);
export const keyIdOf = (entry: Entry): string | undefined => text(entry["unique_key_id"]) ?? text(entry["key_id"]) ?? text(entry["ukId"]);
export const urlOf = (entry: Entry): string | undefined => text(entry["url"]) ?? text(entry["subscriber_url"]);

function nestedCode(entry: Entry, name: "city" | "country"): string | undefined {
  const location = entry["location"];
  const part = isObject(location) ? location[name] : undefined;
  return isObject(part) ? text(part["code"]) : undefined;
}

export const cityOf = (entry: Entry): string | undefined => text(entry["city"]) ?? nestedCode(entry, "city");
export const countryOf = (entry: Entry): string | undefined => text(entry["country"]) ?? nestedCode(entry, "country");

/** A short name of an entry for a finding. */
export const nameOf = (entry: Entry): string => `${subscriberIdOf(entry) ?? "(no subscriber_id)"} key ${keyIdOf(entry) ?? "(no key id)"}`;

/** One registration the harness made, as it sent it, and whether a confirming lookup found it. */
export interface HarnessRegistration {
  readonly label: string;
  readonly subscription: Readonly<Record<string, string>>;
  readonly probe?: string;
  /** The subscribe exchange, with the on_subscribe calls it got. */
  readonly exchange: Exchange;
  /** Whether its `confirm:<label>` lookup returned it. */
  readonly confirmed: boolean;
}

/** Whether an entry is this registration: the same subscriber id and key id. */
export const isRegistration = (entry: Entry, registration: HarnessRegistration): boolean =>
  subscriberIdOf(entry) === registration.subscription["subscriber_id"] && keyIdOf(entry) === registration.subscription["unique_key_id"];

/** The harness's registrations of this run, from its subscribe exchanges. */
export function registrationsOf(ctx: CheckContext): HarnessRegistration[] {
  const exchanges = ctx.scenarioExchanges;
  return exchanges
    .filter((e) => e.action === "subscribe" && e.step.startsWith("subscribe:") && isObject(e.request.body))
    .map((e) => {
      const label = e.step.slice("subscribe:".length);
      const subscription = e.request.body as Record<string, string>;
      const confirm = exchanges.find((c) => c.step === `confirm:${label}`);
      const base = { label, subscription, exchange: e, ...(e.probe ? { probe: e.probe.name } : {}) };
      const confirmed = confirm !== undefined && (entriesOf(confirm) ?? []).some((entry) => isRegistration(entry, { ...base, confirmed: false }));
      return { ...base, confirmed };
    });
}

/** The lookup filter the harness sent (a flat object of strings). */
export function filterOf(exchange: Exchange): Readonly<Record<string, string>> {
  const body = exchange.request.body;
  return isObject(body) ? (Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === "string")) as Record<string, string>) : {};
}

/** Whether a registration matches every filter the harness sent (the registry must return it). */
export function registrationMatches(subscription: Readonly<Record<string, string>>, filter: Readonly<Record<string, string>>): boolean {
  return Object.entries(filter).every(([name, wanted]) =>
    name === "type" ? subscription["type"]?.toUpperCase() === wanted.toUpperCase() : subscription[name] === wanted,
  );
}

/** At most this many findings per check and exchange: enough to fix, short enough to read. */
export const MAX_FINDINGS = 5;
