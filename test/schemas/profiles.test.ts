import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { GUIDE_ACTIONS, loadGuideMessage } from "../../fixtures/guide/index.js";
import { buildTransaction } from "../../fixtures/builders/index.js";
import { NAMED_RULES, PROFILE_NAMES, validate, type ProfileName } from "../../schemas/index.js";

const departures = [
  { rule: "guide-fulfillment-end", action: "select", path: "$.message.order.fulfillments[0].end" },
  { rule: "guide-quantity-measure", action: "select", path: "$.message.order.items[0].quantity.measure" },
  { rule: "guide-order-state", action: "on_status", path: "$.message.order.state" },
  { rule: "guide-time-range-without-zone", action: "search", path: "$.message.intent.fulfillment.stops[0].time.range.start" },
  { rule: "guide-non-uuid-id", action: "search", path: "$.context.message_id" },
] as const;

const severityIn: Record<ProfileName, "error" | "warning"> = {
  "core-1.1.0": "error",
  "p2p-trade-guide-v1": "warning",
  "p2p-trade-strict": "error",
};

describe("the guide's messages", () => {
  test.for(GUIDE_ACTIONS)("%s passes the default profile with no error", (action) => {
    const result = validate(loadGuideMessage(action));
    expect(result.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.action).toBe(action);
  });

  test.for(GUIDE_ACTIONS)("%s fails p2p-trade-strict, where every warning is an error", (action) => {
    const result = validate(loadGuideMessage(action), "p2p-trade-strict");
    expect(result.valid).toBe(false);
    expect(result.findings.every((f) => f.severity === "error")).toBe(true);
  });
});

describe("single-message departures of the guide", () => {
  const rows = departures.flatMap((d) => PROFILE_NAMES.map((profile) => ({ ...d, profile })));
  test.for(rows)("$rule in $action is an issue of the $profile profile at $path", (row) => {
    const result = validate(loadGuideMessage(row.action), row.profile);
    const hit = result.findings.find((f) => f.rule === row.rule && f.path === row.path);
    expect(hit?.severity).toBe(severityIn[row.profile]);
    expect(hit?.message).toMatch(/core 1\.1\.0/);
    // The named rule replaces the bare schema error at the same place.
    expect(result.findings.filter((f) => f.path === row.path)).toHaveLength(1);
  });
});

describe("error callbacks", () => {
  const context = buildTransaction({ seed: 3 }).messages.on_select.context;
  test.for(PROFILE_NAMES)("an on_select with an error and no message is valid under %s", (profile) => {
    const result = validate({ context, error: { code: "30001", message: "Provider not found" } }, profile);
    expect(result.findings.filter((f) => f.severity === "error")).toEqual([]);
  });
});

describe("built transactions", () => {
  const core = buildTransaction({ seed: 11, shape: "core" }).messages;
  test.for(Object.keys(core))("a built core-shape %s passes core-1.1.0", (action) => {
    const result = validate(core[action as keyof typeof core], "core-1.1.0");
    expect(result.findings).toEqual([]);
  });
});

describe("core-1.1.0 as published, and --closed", () => {
  const on_select = () => {
    const body = structuredClone(buildTransaction({ seed: 3, shape: "core" }).messages.on_select) as unknown as { context: Record<string, unknown> };
    Object.assign(body.context, { country: "USA", city: "NANP:628" });
    return body;
  };

  test("flat context.country and context.city beside location pass core-1.1.0: core never sets additionalProperties: false", () => {
    expect(validate(on_select(), "core-1.1.0").findings).toEqual([]);
  });

  test.for(PROFILE_NAMES)("--closed under %s warns each unknown property and never makes the message invalid", (profile) => {
    const result = validate(on_select(), profile, { closed: true });
    const unknown = result.findings.filter((f) => f.keyword === "additionalProperties");
    expect(unknown.map((f) => [f.path, f.severity])).toEqual([
      ["$.context.country", "warning"],
      ["$.context.city", "warning"],
    ]);
    expect(validate(on_select(), profile).valid).toBe(result.valid);
  });

  test("core's own enums still hold: order.status COMPLETED is not core's", () => {
    const body = structuredClone(buildTransaction({ seed: 3, shape: "core" }).messages.on_confirm) as unknown as {
      message: { order: Record<string, unknown> };
    };
    body.message.order["status"] = "COMPLETED";
    expect(validate(body, "core-1.1.0").findings.map((f) => [f.path, f.keyword])).toEqual([["$.message.order.status", "enum"]]);
  });
});

describe("envelope", () => {
  test.for([
    { name: "null", body: null, path: "$" },
    { name: "an array", body: [], path: "$" },
    { name: "a string", body: "search", path: "$" },
    { name: "no context", body: { message: {} }, path: "$.context" },
    { name: "an unknown action", body: { context: { action: "buy" }, message: {} }, path: "$.context.action" },
  ])("$name is an error at $path in every profile", ({ body, path }) => {
    for (const profile of PROFILE_NAMES) {
      const result = validate(body, profile);
      expect(result.valid).toBe(false);
      expect(result.action).toBeNull();
      expect(result.findings.map((f) => f.path)).toEqual([path]);
    }
  });
});

describe("docs/profiles.md", () => {
  const doc = readFileSync(new URL("../../docs/profiles.md", import.meta.url), "utf8");
  test.for(NAMED_RULES.map((r) => r.id))("documents the named rule %s", (id) => {
    expect(doc).toContain(`\`${id}\``);
  });
  test.for(PROFILE_NAMES)("documents the profile %s", (profile) => {
    expect(doc).toContain(`\`${profile}\``);
  });
});

describe("order.status: core's enum, and the P2P layer-2's values in the guide profiles", () => {
  const withStatus = (status: string): unknown => {
    const onStatus = structuredClone(buildTransaction({ seed: 5, shape: "core" }).messages.on_status) as { message: { order: Record<string, unknown> } };
    onStatus.message.order["status"] = status;
    return onStatus;
  };
  const statusErrors = (status: string, profile: ProfileName) =>
    validate(withStatus(status), profile).findings.filter((f) => f.severity === "error" && f.path === "$.message.order.status");

  test.for(["COMPLETED", "SOFT_CANCEL"] as const)("%s passes the default profile and fails core-1.1.0, whose enum lacks it", (status) => {
    expect(statusErrors(status, "p2p-trade-guide-v1")).toEqual([]);
    expect(statusErrors(status, "core-1.1.0")).not.toEqual([]);
  });

  test("COMPLETE passes both; a value neither names fails both", () => {
    expect([statusErrors("COMPLETE", "p2p-trade-guide-v1"), statusErrors("COMPLETE", "core-1.1.0")]).toEqual([[], []]);
    expect(statusErrors("FINISHED", "p2p-trade-guide-v1")).not.toEqual([]);
    expect(statusErrors("FINISHED", "core-1.1.0")).not.toEqual([]);
  });
});
