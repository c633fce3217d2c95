import { expect, test } from "vitest";
import { stepCount } from "./run-scenarios.js";
import { gatewayReferences, readGatewayScenarios, stepKey, type GatewayScenario, type GatewayStep } from "./scenario.js";

const scenarios = readGatewayScenarios();

test("the gateway's scenarios load and name every exchange a run records, as the checks read them", () => {
  expect(stepCount(scenarios)).toBe(13);
  expect(scenarios.flatMap((s) => s.steps.map((step) => `${stepKey(s.id, step.id)} ${step.expect}${step.afterRelay ? " after the relay" : ""}`))).toEqual([
    "forged-on-search/on_search nack after the relay",
    "forged-search/search nack",
    "multicast/search callback",
    "multicast/search in other bytes (whitespace) callback",
    "multicast/search in other bytes (key-order) callback",
    "multicast/search in other bytes (escapes) callback",
    "relay/on_search callback",
    "relay/on_search in other bytes (whitespace) callback after the relay",
    "relay/on_search in other bytes (key-order) callback after the relay",
    "relay/on_search in other bytes (escapes) callback after the relay",
    "stale-on-search/on_search nack after the relay",
    "stale-search/search nack",
    "targeted-search/search callback",
  ]);
});

const relay = scenarios.find((s) => s.id === "relay") as GatewayScenario;
const search: GatewayStep = { id: "search", action: "search", expect: "callback", seed: 0 };

test.for([
  ["a forgery the harness does not know", { ...search, forgery: "nope", expect: "nack" }, 'names an unknown forgery "nope".'],
  ["a probe that expects a callback", { ...search, negative: "stale" }, "expects callback: a forgery or a stale message expects nack, and only they do."],
  ["a step in other bytes under another name", { ...search, spelling: "escapes" }, 'is in other bytes: its id must be "search in other bytes (escapes)"'],
  ["an on_search sent to the targeted BPP", { ...search, action: "on_search", to: "targeted-bpp" }, "names a BPP to send to: only a search does."],
  ["an on_search answering no search", { id: "on_search", action: "on_search", expect: "callback", answers: "relay/on_search" }, 'answers "relay/on_search"'],
] as const)("a gateway step is refused for %s", ([, step, fault]) => {
  expect(gatewayReferences(step as GatewayStep, relay, scenarios)).toContain(fault);
});
