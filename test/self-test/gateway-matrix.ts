import type { MatrixRow } from "./bpp-matrix.js";

/**
 * The self-test matrix of the gateway suite: each fault of the reference gateway, and exactly the
 * checks that must fail (`ID`) or warn (`ID~`) when the suite runs against it. `clean` must
 * produce none. Where a fault trips more than one check, the note says why.
 */
export const GATEWAY_MATRIX: readonly MatrixRow[] = [
  { fault: "clean", expected: [] },
  { fault: "gw.drop-matching-bpp", expected: ["GW-001"] },
  { fault: "gw.forward-non-matching", expected: ["GW-002"] },
  { fault: "gw.ignore-city", expected: ["GW-003~"] },
  { fault: "gw.alter-body", expected: ["GW-004"] },
  { fault: "gw.no-gateway-header", expected: ["GW-005"], note: "GW-006 is skipped: there is no gateway header to verify" },
  { fault: "gw.bad-gateway-signature", expected: ["GW-006"] },
  { fault: "gw.strip-authorization", expected: ["GW-007"] },
  { fault: "gw.empty-ack", expected: ["GW-008"] },
  {
    fault: "gw.accept-bad-signature",
    expected: ["GW-009", "GW-010", "GW-012", "GW-013"],
    note: "one missing verification: forged searches and on_searches are both ACKed and both passed on (GW-014 is skipped: no 401 to judge)",
  },
  { fault: "gw.drop-on-search", expected: ["GW-011"] },
  { fault: "gw.no-authenticate-header", expected: ["GW-014~"] },
  { fault: "gw.slow-ack", expected: ["GW-015"] },
  { fault: "gw.ignore-bpp-id", expected: ["GW-016~"] },
  { fault: "gw.accept-stale", expected: ["GW-018~"] },
  { fault: "gw.verify-reserialised", expected: ["GW-017"] },
  { fault: "gw.text-content-type", expected: ["GW-019~"], note: "the bytes and signatures are unchanged, so only the declared media type is wrong (SHOULD)" },
];

/** Checks no fault of the reference gateway provokes, and why. */
export const UNPROVOKED: Readonly<Record<string, string>> = {
  "RUN-001": "only a gateway that never connects runs no check, and that ends the run with exit 2 before judging",
  "RUN-002": "the same rows as the BPP suite (shared engine code, proven by its ack.* faults); a gateway that NACKs every valid request fails GW-008 first",
  "RUN-003": "the same rows as the BPP suite (proven by tim.no-callback); a gateway that forwards nothing fails GW-001 and GW-011 first",
};
