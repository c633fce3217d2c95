import { readdirSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { readBppScenarios } from "./read-scenarios.js";

const scenarios = readBppScenarios();

describe("the BPP scenarios", () => {
  test("every scenario file loads, validates against its schema and names its steps once", () => {
    const files = readdirSync(new URL("../scenarios/", import.meta.url)).filter((f) => f.endsWith(".json"));
    expect(scenarios).toHaveLength(files.length);
    expect(new Set(scenarios.map((s) => s.id)).size).toBe(scenarios.length);
  });

  test.for(scenarios.map((s) => [s.id, s.title] as const))("%s has a short title without 'should'", ([, title]) => {
    expect(title.length).toBeLessThanOrEqual(80);
    expect(title.toLowerCase()).not.toContain("should");
  });

  test("the issue's scenarios are all there", () => {
    expect(scenarios.map((s) => s.id)).toEqual(
      expect.arrayContaining([
        "happy-path",
        "discovery-direct",
        "over-quantity",
        "unknown-item",
        "unknown-provider",
        "unknown-order",
        "init-without-select",
        "transfer",
        "update-order",
        "duplicate-message",
        "signature-attacks",
        "schema-invalid",
      ]),
    );
  });

  test("crash-prone probes, and every scenario made only of probes, are in the probe phase", () => {
    expect(scenarios.find((s) => s.id === "schema-invalid")?.phase).toBe("probe");
    const onlyProbes = scenarios.filter((s) => s.steps.every((step) => step.forgery !== undefined || step.negative !== undefined));
    expect(onlyProbes.map((s) => s.id)).toEqual(expect.arrayContaining(["signature-attacks", "relayed-forgeries"]));
    expect(onlyProbes.filter((s) => s.phase !== "probe")).toEqual([]);
  });

  test("the no-context probe, which crashed protocol-server, goes last in its scenario and alone (docs/rules.md)", () => {
    const steps = scenarios.find((s) => s.id === "schema-invalid")?.steps ?? [];
    expect(steps.at(-1)).toMatchObject({ negative: "no-context", alone: true });
    expect(steps.filter((step) => step.alone).length).toBe(1);
  });
});
