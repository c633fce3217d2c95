import { describe, expect, test } from "vitest";
import { runSuite } from "../../core/run-suite.js";
import { DEFAULT_RUN } from "../../core/config.js";
import type { CheckResult, Exchange } from "../../core/check.js";
import { whyNoSubscriber, withoutSubscriber } from "./no-subscriber.js";
import { REGISTRY_SUITE } from "./suite.js";

const row = (id: string, status: CheckResult["status"]): CheckResult => ({
  id,
  status,
  severity: "MUST",
  title: id,
  ref: "r",
  scenario: "registry",
  step: "s",
  exchange: "e",
  findings: status === "fail" ? [{ checkId: id, message: "found" }] : [],
});
const subscription = (reply?: number): Exchange => ({
  id: "s",
  scenario: "registry",
  step: "subscribe:bpp-1",
  action: "subscribe",
  expectation: "callback",
  viaGateway: false,
  ttlMs: 1000,
  request: { url: "u", headers: {}, rawBody: "{}", body: {}, sentAt: 0 },
  response: { kind: "response", status: 200, headers: {}, rawBody: "{}", body: {}, headersMs: 1, ms: 1 },
  callbacks:
    reply === undefined
      ? []
      : [{ action: "on_subscribe", headers: {}, rawBody: "{}", body: {}, atMs: 1, receivedAt: 1, matchedBy: "endpoint", reply: { status: reply, note: "n" } }],
});

describe("checks that need a SUBSCRIBED subscriber of the harness", () => {
  test("say why they cannot run: no key, no challenge, or no challenge that decrypted; and run once one was answered", () => {
    expect(whyNoSubscriber([subscription(400)], false)).toMatch(/--sut-encr-key/);
    expect(whyNoSubscriber([subscription()], true)).toMatch(/challenged none/);
    expect(whyNoSubscriber([subscription(400)], true)).toMatch(/AES-256-ECB/);
    expect(whyNoSubscriber([subscription(400), subscription(200)], true)).toBeUndefined();
  });

  test("a vacuous pass becomes one skip with the reason; a real finding stays", () => {
    const out = withoutSubscriber(
      [row("REG-002", "pass"), row("REG-003", "pass"), row("REG-003", "fail"), row("REG-020", "pass"), row("REG-025", "warn")],
      "why",
      false,
    );
    expect(out.map((r) => [r.id, r.status])).toEqual([
      ["REG-002", "skip"],
      ["REG-003", "fail"],
      ["REG-020", "pass"],
      ["REG-025", "skip"],
    ]);
    expect(out[0]?.findings[0]?.message).toBe("why");
  });

  test(
    "a registry that publishes no keys, run without --sut-encr-key: no failure, and the checks that need a subscriber say why they did not run",
    { timeout: 30_000 },
    async () => {
      const result = await runSuite(REGISTRY_SUITE, {
        ...DEFAULT_RUN,
        role: "registry",
        registryPort: 0,
        ttl: "PT2S",
        quietWindowMs: 500,
        variants: ["registry.no-published-keys"],
      });
      const statusOf = (id: string) => result.results.filter((r) => r.id === id).map((r) => r.status);
      expect(result.results.filter((r) => r.status === "fail" || r.status === "error")).toEqual([]);
      for (const id of ["REG-002", "REG-008", "REG-017", "REG-018", "REG-025"]) {
        expect(statusOf(id)).toEqual(["skip"]);
        expect(result.results.find((r) => r.id === id)?.findings[0]?.message).toMatch(/--sut-encr-key/);
      }
      expect(statusOf("REG-015")).toEqual(["warn"]);
      expect(statusOf("REG-016")).toContain("pass");
      expect(result.skipped[0]?.reason).toMatch(/--sut-encr-key/);
      // A prerequisite the harness needed was missing: those checks are gaps, and the run exits 2 (docs/rules.md "Coverage").
      expect(result.coverage.gaps.map((e) => e.checkId)).toEqual(expect.arrayContaining(["REG-002", "REG-017", "REG-025"]));
      expect(result.coverage.gaps.every((e) => /--sut-encr-key/.test(e.reason))).toBe(true);
      expect(result.exitCode).toBe(2);
    },
  );
});
