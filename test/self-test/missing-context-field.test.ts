import { expect, test } from "vitest";
import { runSuite } from "../../suites/core/run-suite.js";
import { BPP_CHECKS } from "../../suites/roles/bpp/checks/index.js";
import { DEFAULT_RUN } from "../../suites/core/config.js";
import { BPP_SUITE } from "../../suites/roles/bpp/suite.js";
import type { ProfileName } from "../../schemas/index.js";

/**
 * NEG-003…005 against the reference BPP that accepts every broken body (neg.accept-invalid-body): it
 * ACKs them, answers the requests without transaction_id or message_id with an on_select, and cannot
 * call back the one without bap_uri. Core 1.1.0 requires none of the three fields, so only that
 * silence after an ACK fails there (Ack.status); the P2P profile requires all three, so all fail.
 */
const RUN = {
  ...DEFAULT_RUN,
  registryPort: 0,
  ttl: "PT3S",
  quietWindowMs: 1000,
  transferTimeoutMs: 8000,
  maxTimeMs: 60_000,
  faults: ["neg.accept-invalid-body"],
};

const JUDGED = ["NEG-003", "NEG-004", "NEG-005"];

/** Each check's status, and the first clause of each finding: why it failed. */
async function verdicts(profile: ProfileName): Promise<Record<string, string[]>> {
  const { results } = await runSuite({ ...BPP_SUITE, checks: BPP_CHECKS.filter((c) => JUDGED.includes(c.id)) }, { ...RUN, profile });
  const byId: Record<string, string[]> = {};
  for (const r of results.filter((result) => JUDGED.includes(result.id))) {
    (byId[r.id] ??= []).push(r.status, ...r.findings.map((f) => f.message.split(";")[0] ?? ""));
  }
  return byId;
}

const SILENCE = "The request was ACKed and no callback followed";
const processed = (field: string): string => `The request without context.${field} was processed like a valid one`;

test.concurrent.for([
  { profile: "core-1.1.0", expected: { "NEG-003": ["pass"], "NEG-004": ["pass"], "NEG-005": ["fail", SILENCE] } },
  {
    profile: "p2p-trade-guide-v1",
    expected: { "NEG-003": ["fail", processed("transaction_id")], "NEG-004": ["fail", processed("message_id")], "NEG-005": ["fail", SILENCE] },
  },
] as const)(
  "under $profile an ACK answered by on_select passes only where core decides; ACK then silence always fails",
  { timeout: 90_000 },
  async ({ profile, expected }) => {
    expect(await verdicts(profile)).toEqual(expected);
  },
);
