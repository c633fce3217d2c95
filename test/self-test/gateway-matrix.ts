import type { MatrixRow } from "./fault-matrix.js";

/**
 * The self-test matrix of the gateway suite: each fault of the reference gateway, and exactly the
 * checks that must fail (`ID`) or warn (`ID~`) when the suite runs against it. `clean` must
 * produce none. Each note says what the checks find and, where a fault trips more than one check,
 * why. docs/faults-bap-gateway.md prints these rows.
 */
export const GATEWAY_MATRIX: readonly MatrixRow[] = [
  { fault: "clean", expected: [] },
  { fault: "gw.drop-matching-bpp", expected: ["GW-001"], note: "GW-001 finds a subscribed BPP of the search's domain and city that got no search." },
  { fault: "gw.forward-non-matching", expected: ["GW-002"], note: "GW-002 finds a search at a BPP of another domain." },
  { fault: "gw.ignore-city", expected: ["GW-003~"], note: "GW-003 finds a search at a BPP of another city." },
  { fault: "gw.alter-body", expected: ["GW-004"], note: "GW-004 finds forwarded bytes that differ from the bytes the sender signed." },
  {
    fault: "gw.no-gateway-header",
    expected: ["GW-005"],
    note: "GW-005 finds a forward with no X-Gateway-Authorization. GW-006 is skipped: there is no gateway header to verify.",
  },
  { fault: "gw.bad-gateway-signature", expected: ["GW-006"], note: "GW-006 finds a gateway signature that does not verify with the gateway's registered key." },
  { fault: "gw.strip-authorization", expected: ["GW-007"], note: "GW-007 finds the sender's Authorization missing from a forward." },
  { fault: "gw.empty-ack", expected: ["GW-008"], note: "GW-008 finds no ACK body in the answer to a valid search." },
  {
    fault: "gw.accept-bad-signature",
    expected: ["GW-009", "GW-010", "GW-012", "GW-013"],
    note: "GW-009 and GW-012 find an ACK where a 401 NACK is needed; GW-010 and GW-013 find the forged message forwarded. One missing verification: forged searches and on_searches are both ACKed and both passed on (GW-014 is skipped: no 401 to judge).",
  },
  { fault: "gw.drop-on-search", expected: ["GW-011"], note: "GW-011 finds no on_search at the BAP it answers." },
  { fault: "gw.no-authenticate-header", expected: ["GW-014~"], note: "GW-014 finds a 401 NACK that names no signature scheme." },
  { fault: "gw.slow-ack", expected: ["GW-015"], note: "GW-015 finds an answer later than the 3 s ACK deadline." },
  { fault: "gw.ignore-bpp-id", expected: ["GW-016~"], note: "GW-016 finds a search naming a bpp_id at another BPP." },
  { fault: "gw.accept-stale", expected: ["GW-018~"], note: "GW-018 (SHOULD) finds a stale message accepted instead of refused." },
  { fault: "gw.verify-reserialised", expected: ["GW-017"], note: "GW-017 finds a validly signed message sent as other JSON bytes refused." },
  {
    fault: "gw.text-content-type",
    expected: ["GW-019~"],
    note: "GW-019 (SHOULD) finds ACKs, NACKs and forwards that are JSON but not declared application/json: the bytes and signatures are unchanged, so only the declared media type is wrong.",
  },
];

/** Checks no fault of the reference gateway provokes, and why. */
export const GATEWAY_UNPROVOKED: Readonly<Record<string, string>> = {
  "RUN-001": "only a gateway that never connects runs no check, and that ends the run with exit 2 before judging",
  "RUN-002": "the same rows as the BPP suite (shared engine code, proven by its ack.* faults); a gateway that NACKs every valid request fails GW-008 first",
  "RUN-003": "the same rows as the BPP suite (proven by tim.no-callback); a gateway that forwards nothing fails GW-001 and GW-011 first",
};
