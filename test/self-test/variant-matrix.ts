import { SYNC_NACK_STATUSES } from "../../mocks/bpp/variants.js";
import { parseSignatureHeader } from "../../protocol/signing/index.js";
import type { ProfileName } from "../../schemas/index.js";
import type { Role, RunConfig } from "../../suites/engine/config.js";
import type { RunResult } from "../../suites/engine/run-result.js";

/**
 * The variant matrix: each legitimate variant of a reference mock, and what the suite of its role
 * must say of it: exit 0, no failure, no error, and no warning but those the row lists, each with
 * its reason. A row names any run option it needs and any other profile it must also pass. Per
 * role, one more row switches on every variant at once except those `INCOMPATIBLE` names.
 */
export interface VariantRow {
  readonly role: Role;
  readonly variant: string;
  /** Run options the row needs (for example the request shape). */
  readonly options?: Partial<RunConfig>;
  /** Other profiles the variant must pass as well (the default profile always runs). */
  readonly alsoProfiles?: readonly ProfileName[];
  /** Warnings the variant earns, check id → why a SHOULD still holds against this behaviour. */
  readonly warns?: Readonly<Record<string, string>>;
  /**
   * Proof that the variant really ran: what the run's evidence shows of it. A variant that changed
   * nothing would pass vacuously; this makes the row fail instead.
   */
  readonly seen: (result: RunResult) => boolean;
}

const callbacks = (result: RunResult) => result.exchanges.flatMap((e) => e.callbacks);
const contextOf = (body: unknown): Record<string, unknown> | undefined => (body as { context?: Record<string, unknown> } | undefined)?.context;

/** Every callback's Signature header that parses, with when it arrived. */
function signatures(result: RunResult) {
  return callbacks(result).flatMap((c) => {
    const header = Object.entries(c.headers).find(([name]) => name.toLowerCase() === "authorization")?.[1] ?? "";
    const parsed = parseSignatureHeader(header);
    return parsed.ok ? [{ header, params: parsed.params, at: c.receivedAt }] : [];
  });
}

/** An error step refused by a NACK with a code and HTTP `status`, and no reply by its message_id. */
function refusedSynchronously(result: RunResult, status: number): boolean {
  return result.exchanges.some((e) =>
    e.expectation === "error-callback" && e.response.kind === "response" && e.response.status === status &&
    (e.response.body as { message?: { ack?: { status?: unknown } } } | undefined)?.message?.ack?.status === "NACK" &&
    typeof (e.response.body as { error?: { code?: unknown } } | undefined)?.error?.code === "string" &&
    !e.callbacks.some((c) => c.matchedBy === "message_id"));
}

const responses = (result: RunResult) => result.exchanges.flatMap((e) => (e.response.kind === "response" ? [e.response] : []));

export const VARIANT_MATRIX: readonly VariantRow[] = [
  {
    role: "bpp", variant: "bpp.ack-202-with-context",
    seen: (r) => responses(r).some((a) => a.status === 202 && typeof (a.body as { context?: unknown } | undefined)?.context === "object"),
  },
  ...SYNC_NACK_STATUSES.map((status): VariantRow => ({
    role: "bpp", variant: `bpp.sync-nack-${status}`,
    seen: (r) => refusedSynchronously(r, status),
  })),
  { role: "bpp", variant: "bpp.signature-created-past", seen: (r) => signatures(r).some(({ params, at }) => params.expires - params.created === 3600 && params.created <= at / 1000 - 55) },
  { role: "bpp", variant: "bpp.header-comma-space", seen: (r) => signatures(r).some(({ header }) => header.includes('", ')) },
  { role: "bpp", variant: "bpp.signature-minimal-header", seen: (r) => signatures(r).some(({ header }) => !/algorithm=|headers=/i.test(header)) },
  { role: "bpp", variant: "bpp.callback-ttl-pt10m", seen: (r) => callbacks(r).some((c) => contextOf(c.body)?.["ttl"] === "PT10M") },
  {
    role: "bpp", variant: "bpp.repeat-answered-twice",
    seen: (r) => r.exchanges.some((e) => e.step.endsWith("-repeat") && e.callbacks.some((c) => c.action === `on_${e.action}` && c.matchedBy === "message_id")),
  },
  {
    role: "bpp", variant: "bpp.on-search-via-gateway",
    seen: (r) => r.exchanges.some((e) => e.viaGateway && e.callbacks.some((c) => c.action === "on_search" && Object.keys(c.headers).some((h) => h.toLowerCase() === "x-gateway-authorization"))),
  },
];

/** Variants left out of their role's all-at-once row, each with the reason it cannot combine. */
export const INCOMPATIBLE: Readonly<Record<string, string>> = {
  "bpp.sync-nack-200": "a synchronous refusal has one HTTP status; the all-at-once row refuses with bpp.sync-nack-202",
  "bpp.sync-nack-400": "a synchronous refusal has one HTTP status; the all-at-once row refuses with bpp.sync-nack-202",
};
