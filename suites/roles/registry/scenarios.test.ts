import { expect, test } from "vitest";
import { malformedLookups, plannedLookups } from "./lookups.js";
import { registrationsOf } from "./registrations.js";
import { readRegistryScenarios, registryReferences, type RegistryScenario, type RegistryStep } from "./scenario.js";

const [scenario] = readRegistryScenarios() as [RegistryScenario];
const NOW = Date.parse("2026-06-01T00:00:00Z");
const registrations = registrationsOf(scenario.steps, { domain: "energy", city: "std:080", country: "IND" }, "t1", NOW);
const byLabel = (label: string) => registrations.find((r) => r.label === label);

test("the registry's scenario names every step as the checks find it", () => {
  expect(scenario.steps.map((s) => s.id)).toEqual([
    "registry-keys",
    ...["bpp-1", "bpp-1-key-2", "bap-2", "bg-3", "wrong-answer", "expired-key", "future-key"].map((l) => `subscribe:${l}`),
    ...["bpp-1", "bpp-1-key-2", "bap-2", "bg-3"].map((l) => `confirm:${l}`),
    ...["all", "type", "domain", "city", "country", "subscriber-id", "key-id"].map((f) => `lookup:${f}`),
    "confirm:wrong-answer",
    "malformed:not-json",
    "malformed:wrong-type",
    "malformed:oversized",
  ]);
});

test("its registrations differ in each filter's field, and its probes in what must keep them out", () => {
  expect(
    registrations.map((r) => [r.label, r.identity.type, r.domain, r.city, r.country, r.answer, r.validFrom ?? "", r.validUntil ?? "", r.probe?.name ?? ""]),
  ).toEqual([
    ["bpp-1", "BPP", "energy", "std:080", "IND", "right", "", "", ""],
    ["bpp-1-key-2", "BPP", "energy", "std:080", "IND", "right", "", "", ""],
    ["bap-2", "BAP", "energy", "std:011", "IND", "right", "", "", ""],
    ["bg-3", "BG", "energy-other", "std:080", "USA", "right", "", "", ""],
    ["wrong-answer", "BPP", "energy", "std:080", "IND", "wrong", "", "", "wrong-challenge-answer"],
    ["expired-key", "BPP", "energy", "std:080", "IND", "right", "2026-05-30T00:00:00.000Z", "2026-05-31T00:00:00.000Z", "expired-key"],
    ["future-key", "BPP", "energy", "std:080", "IND", "right", "2026-06-02T00:00:00.000Z", "2026-06-03T00:00:00.000Z", "not-yet-valid-key"],
  ]);
  expect(byLabel("bpp-1-key-2")?.identity.subscriberId).toBe(byLabel("bpp-1")?.identity.subscriberId);
  expect(byLabel("bpp-1-key-2")?.identity.uniqueKeyId).not.toBe(byLabel("bpp-1")?.identity.uniqueKeyId);
});

test("its lookups take their values from the registrations they name; the malformed ones are sent as written", () => {
  const key2 = byLabel("bpp-1-key-2")?.identity;
  expect(plannedLookups(scenario.steps, registrations)).toEqual([
    { step: "lookup:all", filter: {} },
    { step: "lookup:type", filter: { type: "BAP" } },
    { step: "lookup:domain", filter: { domain: "energy-other" } },
    { step: "lookup:city", filter: { city: "std:011" } },
    { step: "lookup:country", filter: { country: "USA" } },
    { step: "lookup:subscriber-id", filter: { subscriber_id: byLabel("bpp-1")?.identity.subscriberId } },
    { step: "lookup:key-id", filter: { subscriber_id: key2?.subscriberId, unique_key_id: key2?.uniqueKeyId } },
  ]);
  expect(malformedLookups(scenario.steps).map((m) => [m.step, m.probe.severity, m.rawBody])).toEqual([
    ["malformed:not-json", "MUST", '{"subscriber_id": "bpp.example", '],
    ["malformed:wrong-type", "MUST", JSON.stringify({ subscriber_id: 42, domain: ["trade"] })],
    ["malformed:oversized", "SHOULD", JSON.stringify({ subscriber_id: "x".repeat(2 * 1024 * 1024) })],
  ]);
});

const lookup: RegistryStep = { id: "lookup:all", action: "lookup", expect: "answer", filter: {} };

test.for([
  ["a lookup not named as its checks find it", { ...lookup, id: "all" }, 'must be named "lookup:…"'],
  ["a confirmation under another name", { ...lookup, id: "confirm:x", filter: undefined, confirms: "bpp-1" }, 'must be named "confirm:bpp-1"'],
  [
    "a registration nobody subscribes",
    { ...lookup, id: "confirm:nobody", filter: undefined, confirms: "nobody" },
    'names "nobody", which no subscribe step registers.',
  ],
  [
    "a probe's confirmation that is no probe",
    { ...lookup, id: "confirm:wrong-answer", filter: undefined, confirms: "wrong-answer" },
    "it is a probe exactly when",
  ],
  ["a lookup by both a filter and fields", { ...lookup, of: "bpp-1", fields: ["city"] }, "filters either by `filter`"],
  ["a malformed lookup without its probe", { ...lookup, id: "malformed:x", filter: undefined, rawBody: "{", expect: "nack" }, "names its probe"],
] as const)("a registry step is refused for %s", ([, step, fault]) => {
  expect(registryReferences(step as RegistryStep, scenario)).toContain(fault);
});
