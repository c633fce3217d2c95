/**
 * The self-test matrix of the registry suite: each fault of the mock registry, and exactly the
 * checks that must fail (`ID`) or warn (`ID~`) when the suite runs against it. `clean` must produce
 * none. Each note says what the checks find and, where a fault trips more than its own check, why.
 * docs/faults-registry.md prints these rows.
 */
import type { MatrixRow } from "./fault-matrix.js";

export const REGISTRY_MATRIX: readonly MatrixRow[] = [
  { fault: "clean", expected: [] },
  {
    fault: "reg.wrapped-array",
    expected: ["REG-001"],
    note: "REG-001 finds a lookup answer that is not a bare JSON array. The checks that read entries skip an answer that is not an array.",
  },
  { fault: "reg.empty-lookup-empty", expected: ["REG-002"], note: "REG-002 finds subscribed entries missing from the answer to {}." },
  { fault: "reg.ignore-type-filter", expected: ["REG-003"], note: "REG-003 finds an entry of another type in a lookup by type." },
  { fault: "reg.ignore-domain-filter", expected: ["REG-004"], note: "REG-004 finds an entry of another domain in a lookup by domain." },
  { fault: "reg.ignore-city-filter", expected: ["REG-005"], note: "REG-005 finds an entry of another city in a lookup by city." },
  { fault: "reg.ignore-country-filter", expected: ["REG-006"], note: "REG-006 finds an entry of another country in a lookup by country." },
  { fault: "reg.ignore-subscriber-id-filter", expected: ["REG-007"], note: "REG-007 finds another subscriber in a lookup by subscriber_id." },
  { fault: "reg.ignore-key-id-filter", expected: ["REG-008"], note: "REG-008 finds another key in a lookup by key id." },
  { fault: "reg.return-unsubscribed", expected: ["REG-009"], note: "REG-009 finds an entry whose status is not SUBSCRIBED." },
  { fault: "reg.ignore-validity", expected: ["REG-010"], note: "REG-010 finds a key outside valid_from..valid_until." },
  { fault: "reg.drop-signing-key", expected: ["REG-011"], note: "REG-011 finds an entry without signing_public_key." },
  { fault: "reg.no-validity-fields", expected: ["REG-012~"], note: "REG-012 warns about an entry without its validity." },
  { fault: "reg.hex-signing-key", expected: ["REG-013"], note: "REG-013 finds a signing key that is not base64 ed25519." },
  { fault: "reg.leak-private-key", expected: ["REG-014"], note: "REG-014 finds a private-key field in an entry." },
  {
    fault: "reg.unpublished-signing-key",
    expected: ["REG-015~"],
    note: "REG-015 warns about no signing key at GET /. GET / is a harness policy, not core 1.1.0's: a SHOULD.",
  },
  {
    fault: "reg.challenge-wrong-key",
    expected: ["REG-025~"],
    exitCode: 2,
    note: "REG-025 warns about a challenge the subscriber cannot decrypt with X25519 and AES-256-ECB. Core names no challenge scheme, so X25519 + AES-256-ECB is a SHOULD; with no challenge answered, the checks that need a SUBSCRIBED subscriber are skipped with the reason: gaps (a scheme the harness can answer was missing), so exit 2, never a certificate for lookups that were never judged.",
  },
  {
    fault: "reg.no-challenge",
    expected: ["REG-016", "RUN-003"],
    note: "REG-016 finds a valid subscription that was never challenged. The challenge is the only callback of a registry run; the checks that need a SUBSCRIBED subscriber are skipped with the reason.",
  },
  { fault: "reg.never-subscribe", expected: ["REG-017"], note: "REG-017 finds a subscriber that answered its challenge missing from lookups." },
  { fault: "reg.accept-wrong-challenge", expected: ["REG-018"], note: "REG-018 finds the subscriber that answered wrongly in a lookup." },
  { fault: "reg.unsigned-on-subscribe", expected: ["REG-019~"], note: "REG-019 warns about an on_subscribe call without the registry's signature." },
  {
    fault: "reg.500-on-malformed",
    expected: ["REG-020"],
    note: "REG-020 finds a 5xx for a malformed lookup. REG-021 and REG-022 judge only answers below 500, so a 5xx is reported once.",
  },
  { fault: "reg.not-json-as-empty", expected: ["REG-021"], note: "REG-021 finds a 2xx for a lookup that is not JSON." },
  { fault: "reg.ignore-bad-filter", expected: ["REG-022"], note: "REG-022 finds a 2xx for a filter of the wrong type." },
  { fault: "reg.no-body-limit", expected: ["REG-023~"], note: "REG-023 warns about a 2xx for an oversized lookup." },
  { fault: "reg.silent-400", expected: ["REG-024~"], note: "REG-024 warns about a refusal that does not say what is wrong." },
];

/** Run-level checks no fault of the mock registry provokes, and why; their unit tests prove them. */
export const REGISTRY_UNPROVOKED: Readonly<Record<string, string>> = {
  "RUN-001":
    "a registry that refuses its first connection ends the run with exit 2 before judging; otherwise GET / alone is judged by REG-015 (suites/roles/registry/vacuity.test.ts)",
  "RUN-002": "no single fault makes every lookup, subscription and GET / fail (suites/roles/registry/vacuity.test.ts)",
  "RUN-003": "no fault stops the challenges altogether (suites/roles/registry/vacuity.test.ts)",
};
