import type { Expectation, Probe, Severity } from "../../../core/check.js";

/**
 * The adversarial callbacks the harness's BPP sends to the BAP, and what a correct BAP answers:
 * a 401 NACK for a bad signature, a NACK for a broken body, and for a callback it cannot place
 * (unknown, late, repeated) an ACK or a coded NACK, never a 5xx or a hang; for one that no longer
 * holds valid or is not its own (stale, misaddressed, signed by another subscriber) a coded NACK.
 */
export const BAP_PROBES = [
  {
    name: "tampered-body",
    kind: "forgery",
    severity: "MUST",
    group: "forged",
    description: "A valid signature, then one character of context.message_id changed.",
  },
  { name: "expired", kind: "forgery", severity: "MUST", group: "forged", description: "A signature whose expires is 300 s in the past." },
  { name: "future-created", kind: "forgery", severity: "MUST", group: "forged", description: "A signature whose created is 300 s in the future." },
  { name: "unknown-key", kind: "forgery", severity: "MUST", group: "forged", description: "Signed by a key the registry does not have." },
  { name: "wrong-algorithm", kind: "forgery", severity: "MUST", group: "forged", description: 'algorithm="rsa-sha256" on an ed25519 signature.' },
  { name: "missing-header", kind: "forgery", severity: "MUST", group: "forged", description: "No Authorization header." },
  {
    name: "bad-gateway-header",
    kind: "forgery",
    severity: "MUST",
    group: "gateway",
    description: "A relayed on_search: the BPP's valid Authorization plus an X-Gateway-Authorization signed by an unregistered key.",
  },
  { name: "no-context", kind: "negative", severity: "MUST", group: "structure", description: "A callback without context." },
  { name: "no-message", kind: "negative", severity: "MUST", group: "structure", description: "A callback with neither message nor error." },
  { name: "action-mismatch", kind: "negative", severity: "MUST", group: "structure", description: "context.action names another callback than the endpoint." },
  { name: "not-json", kind: "negative", severity: "MUST", group: "structure", description: "A body that is not JSON (signed over its bytes)." },
  { name: "wrong-type-deep", kind: "negative", severity: "SHOULD", group: "schema", description: "message.order.id is the number 42 where a string belongs." },
  {
    name: "unknown-message",
    kind: "negative",
    severity: "MUST",
    group: "unknown",
    description: "An on_select in the flow's transaction with a message_id the BAP never sent.",
  },
  { name: "unknown-transaction", kind: "negative", severity: "MUST", group: "unknown", description: "A callback in a transaction the BAP never started." },
  {
    name: "late",
    kind: "negative",
    severity: "MUST",
    group: "late",
    description: "An on_select for the flow's select, sent after the select's timestamp + ttl.",
  },
  { name: "duplicate", kind: "duplicate", severity: "MUST", group: "duplicate", description: "The flow's on_init again, the same bytes, signed again." },
  // How the BAP receives signed callbacks (issue 20); each starts from the flow's on_status (the relayed one from its on_search).
  {
    name: "stale",
    kind: "negative",
    severity: "SHOULD",
    group: "stale",
    description: "A valid unsolicited on_status, signed now, whose context.timestamp + ttl passed an hour ago.",
  },
  {
    name: "misaddressed",
    kind: "negative",
    severity: "SHOULD",
    group: "misaddressed",
    description: "A valid unsolicited on_status whose context.bap_id names another BAP.",
  },
  {
    name: "other-signer",
    kind: "forgery",
    severity: "SHOULD",
    group: "other-signer",
    description: "A valid unsolicited on_status signed by another registered BPP with its own key, not the bpp_id in its context.",
  },
  {
    name: "relayed-forged",
    kind: "forgery",
    severity: "MUST",
    group: "relayed",
    description:
      "A relayed on_search: a valid X-Gateway-Authorization (and Proxy-Authorization) from the harness's gateway around an Authorization signed by a key the registry does not have.",
  },
] as const satisfies readonly (Probe & { group: string; description: string })[];

export type BapProbeName = (typeof BAP_PROBES)[number]["name"];
export type BapProbeGroup = (typeof BAP_PROBES)[number]["group"];

const GROUP: ReadonlyMap<string, BapProbeGroup> = new Map(BAP_PROBES.map((p) => [p.name, p.group]));

export const probeGroupOf = (probe: Probe | undefined): BapProbeGroup | undefined => (probe ? GROUP.get(probe.name) : undefined);

export function probeNamed(name: BapProbeName): Probe {
  const p = BAP_PROBES.find((x) => x.name === name) as (typeof BAP_PROBES)[number];
  return { kind: p.kind, name: p.name, severity: p.severity as Severity };
}

/** What a probe's exchange expects of the BAP's answer. */
export function expectationOf(probe: Probe): Expectation {
  const group = probeGroupOf(probe);
  return group === "unknown" || group === "late" || group === "duplicate" ? "ack-or-nack" : "nack";
}
