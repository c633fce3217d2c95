/**
 * The self-test matrix of the registry suite: each fault of the mock registry, and exactly the
 * checks that must fail (`ID`) or warn (`ID~`) when the suite runs against it. `clean` must produce
 * none. Where a fault trips more than its own check, the note says why.
 */
import type { MatrixRow } from "./bpp-matrix.js";

export const REGISTRY_MATRIX: readonly MatrixRow[] = [
  { fault: "clean", expected: [] },
  { fault: "reg.wrapped-array", expected: ["REG-001"], note: "the checks that read entries skip an answer that is not an array" },
  { fault: "reg.empty-lookup-empty", expected: ["REG-002"] },
  { fault: "reg.ignore-type-filter", expected: ["REG-003"] },
  { fault: "reg.ignore-domain-filter", expected: ["REG-004"] },
  { fault: "reg.ignore-city-filter", expected: ["REG-005"] },
  { fault: "reg.ignore-country-filter", expected: ["REG-006"] },
  { fault: "reg.ignore-subscriber-id-filter", expected: ["REG-007"] },
  { fault: "reg.ignore-key-id-filter", expected: ["REG-008"] },
  { fault: "reg.return-unsubscribed", expected: ["REG-009"] },
  { fault: "reg.ignore-validity", expected: ["REG-010"] },
  { fault: "reg.drop-signing-key", expected: ["REG-011"] },
  { fault: "reg.no-validity-fields", expected: ["REG-012~"] },
  { fault: "reg.hex-signing-key", expected: ["REG-013"] },
  { fault: "reg.leak-private-key", expected: ["REG-014"] },
  { fault: "reg.unpublished-signing-key", expected: ["REG-015~"], note: "GET / is a harness policy, not core 1.1.0's: a SHOULD" },
  {
    fault: "reg.challenge-wrong-key", expected: ["REG-025~"], exitCode: 2,
    note: "core names no challenge scheme, so X25519 + AES-256-ECB is a SHOULD; with no challenge answered, the checks that need a SUBSCRIBED subscriber are skipped with the reason: gaps (a scheme the harness can answer was missing), so exit 2, never a certificate for lookups that were never judged",
  },
  { fault: "reg.no-challenge", expected: ["REG-016", "RUN-003"], note: "the challenge is the only callback of a registry run; the checks that need a SUBSCRIBED subscriber are skipped with the reason" },
  { fault: "reg.never-subscribe", expected: ["REG-017"] },
  { fault: "reg.accept-wrong-challenge", expected: ["REG-018"] },
  { fault: "reg.unsigned-on-subscribe", expected: ["REG-019~"] },
  { fault: "reg.500-on-malformed", expected: ["REG-020"], note: "REG-021 and REG-022 judge only answers below 500, so a 5xx is reported once" },
  { fault: "reg.not-json-as-empty", expected: ["REG-021"] },
  { fault: "reg.ignore-bad-filter", expected: ["REG-022"] },
  { fault: "reg.no-body-limit", expected: ["REG-023~"] },
  { fault: "reg.silent-400", expected: ["REG-024~"] },
];

/** Run-level checks no fault of the mock registry provokes, and why; their unit tests prove them. */
export const REGISTRY_UNPROVOKED: Readonly<Record<string, string>> = {
  "RUN-001": "a registry that refuses its first connection ends the run with exit 2 before judging; otherwise GET / alone is judged by REG-015 (suites/roles/registry/vacuity.test.ts)",
  "RUN-002": "no single fault makes every lookup, subscription and GET / fail (suites/roles/registry/vacuity.test.ts)",
  "RUN-003": "no fault stops the challenges altogether (suites/roles/registry/vacuity.test.ts)",
};
