/**
 * The signature debugger in a whole run: the reference BPP with `sig.tampered-digest` (a space added
 * after signing) fails SIG-003 on every callback with a finding that names the mistake (the
 * signature covers the bytes without that trailing space), and the reference gateway with
 * `gw.bad-gateway-signature` (a signature over other bytes, which no known mistake explains) fails
 * GW-006 with the plain finding and no invented mistake.
 */
import { describe, expect, test } from "vitest";
import type { Finding } from "../../results/index.js";
import { DEFAULT_RUN, type RunConfig } from "../../suites/core/config.js";
import { runRole } from "../../suites/roles/index.js";

const findingsOf = async (options: Partial<RunConfig>, id: string): Promise<Finding[]> => {
  const result = await runRole({ ...DEFAULT_RUN, registryPort: 0, ...options });
  return result.results.filter((r) => r.id === id).flatMap((r) => r.findings);
};

describe("findings name the signature mistake in a run", () => {
  test("a BPP that adds a space after signing: SIG-003 says the signature covers the bytes without it", { timeout: 120_000 }, async () => {
    const findings = await findingsOf(
      { role: "bpp", faults: ["sig.tampered-digest"], scenarios: ["happy-path"], ttl: "PT3S", quietWindowMs: 1000, transferTimeoutMs: 8000, maxTimeMs: 90_000 },
      "SIG-003",
    );
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) {
      expect(finding.message).toMatch(
        /^The callback's signature does not verify over the bytes received with the key you registered: the signature verifies over the body without its trailing whitespace; the bytes you sent differ from those at byte \d+ \(` ` where the signature covers `\(the end\)`\)/,
      );
      expect(finding.actual).toMatchObject({
        reason: "bad-signature",
        diagnosis: { mistake: "body-trailing-whitespace", evidence: { difference: { expected: " " } } },
      });
    }
  });

  test("a gateway that signs other bytes than it forwards: GW-006 keeps the plain finding", { timeout: 60_000 }, async () => {
    const findings = await findingsOf({ role: "gateway", faults: ["gw.bad-gateway-signature"], ttl: "PT2S", quietWindowMs: 500, maxTimeMs: 30_000 }, "GW-006");
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) {
      expect(finding.message).toMatch(/^The gateway header does not verify; sign the exact bytes you forward/);
      expect(finding.actual).not.toHaveProperty("diagnosis");
    }
  });
});
