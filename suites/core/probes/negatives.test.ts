import { expect, test } from "vitest";
import { buildTransaction } from "../../../fixtures/builders/index.js";
import { isBecknAction, validate } from "../../../schemas/index.js";
import { NEGATIVES, negativeBody } from "./negatives.js";

const fixtures = {
  guide: buildTransaction({ seed: 5, now: () => new Date("2025-05-09T10:00:00.000Z") }).messages,
  core: buildTransaction({ seed: 5, shape: "core", now: () => new Date("2025-05-09T10:00:00.000Z") }).messages,
};

const ROWS = NEGATIVES.flatMap((negative) => (["guide", "core"] as const).map((shape) => ({ ...negative, shape })));
const VALIDATED = ROWS.filter((row) => row.name !== "action-mismatch" && !("schemaValid" in row));

test.for(ROWS)("the $action bodies ($shape) are valid before they are broken", ({ action, shape }) => {
  expect(validate(fixtures[shape][action]).valid).toBe(true);
});

test.for(VALIDATED)("$name on $action ($shape) fails validate() at $path", ({ name, action, shape, path }) => {
  const result = validate(negativeBody(name, fixtures[shape][action]));
  const errors = result.findings.filter((f) => f.severity === "error").map((f) => f.path);
  expect(result.valid).toBe(false);
  expect(errors.some((p) => p === path || p.startsWith(`${path}.`))).toBe(true);
});

test.for(ROWS.filter((row) => row.name === "action-mismatch"))(
  "action-mismatch on $action ($shape) names another known action, which only the endpoint contradicts",
  ({ action, shape }) => {
    const body = negativeBody("action-mismatch", fixtures[shape][action]) as { context: { action: unknown } };
    expect(body.context.action).not.toBe(action);
    expect(isBecknAction(body.context.action)).toBe(true);
  },
);

test.for(ROWS)("$name leaves the valid $action body unchanged", ({ name, action, shape }) => {
  const valid = fixtures[shape][action];
  const before = JSON.stringify(valid);
  negativeBody(name, valid);
  expect(JSON.stringify(valid)).toBe(before);
});

test("wrong-type-deep puts the number 42 where the item id belongs", () => {
  const body = negativeBody("wrong-type-deep", fixtures.guide.select) as { message: { order: { items: { id: unknown }[] } } };
  expect(body.message.order.items[0]?.id).toBe(42);
});

test.for(["guide", "core"] as const)("wrong-unit writes MWh on every %s quantity", (shape) => {
  const body = negativeBody("wrong-unit", fixtures[shape].select);
  expect(JSON.stringify(body)).toMatch(/"unit":"MWh"/);
  expect(JSON.stringify(body)).not.toMatch(/"unit":"kWH"/);
});

test.for([
  ["wrong-type-deep", { context: {}, message: {} }],
  ["wrong-unit", { context: {}, message: { order: { items: [{ id: "x" }] } } }],
  ["action-mismatch", { message: {} }],
  ["no-context", "not an object"],
] as const)("%s refuses a body without the part it breaks", ([name, body]) => {
  expect(() => negativeBody(name, body)).toThrow(/needs a valid body/);
});

test("MUST and SHOULD negatives are the ones the contract names", () => {
  const bySeverity = (severity: string): string[] => [...new Set(NEGATIVES.filter((n) => n.severity === severity).map((n) => n.name))];
  expect({ must: bySeverity("MUST"), should: bySeverity("SHOULD") }).toEqual({
    must: [
      "no-context",
      "action-mismatch",
      "missing-transaction-id",
      "missing-message-id",
      "missing-bap-uri",
      "missing-order",
      "missing-order-id",
      "missing-update-target",
    ],
    should: ["wrong-type-deep", "wrong-unit", "stale-request", "other-bpp-id"],
  });
});

test.for(ROWS.filter((row) => "schemaValid" in row))(
  "$name on $action ($shape) still passes validate(): it is refused for what it says",
  ({ name, action, shape }) => {
    expect(validate(negativeBody(name, fixtures[shape][action])).valid).toBe(true);
  },
);

test("stale-request is hours past its ttl when it is sent", () => {
  const now = Date.parse("2026-01-01T12:00:00.000Z");
  const body = negativeBody("stale-request", fixtures.guide.select, now) as { context: { timestamp: string; ttl: string } };
  expect(body.context).toMatchObject({ timestamp: "2026-01-01T10:00:00.000Z", ttl: "PT30S" });
});

test("other-bpp-id names another BPP than the one it is sent to", () => {
  const body = negativeBody("other-bpp-id", fixtures.guide.select) as { context: { bpp_id: string } };
  expect(body.context.bpp_id).toBe(`${fixtures.guide.select.context.bpp_id}.other`);
});
