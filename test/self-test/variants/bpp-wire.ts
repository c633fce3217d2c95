import { SYNC_NACK_STATUSES } from "../../../mocks/bpp/variants.js";
import { parseSignatureHeader } from "../../../protocol/signing/index.js";
import type { RunResult } from "../../../suites/core/run-result.js";
import type { VariantRow } from "./row.js";
import { ackBodyOf, callbacks, codeOf, contextOf, messageOf, object, responses } from "./evidence.js";

/** The BPP's variants on the wire: ACKs, synchronous refusals, signatures, repeats and routing. */

/** An error's non-empty paths. */
const pathsOf = (body: unknown): string | undefined => {
  const paths = object(object(body)?.["error"])?.["paths"];
  return typeof paths === "string" && paths !== "" ? paths : undefined;
};

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
  return result.exchanges.some(
    (e) =>
      e.expectation === "error-callback" &&
      e.response.kind === "response" &&
      e.response.status === status &&
      (e.response.body as { message?: { ack?: { status?: unknown } } } | undefined)?.message?.ack?.status === "NACK" &&
      typeof (e.response.body as { error?: { code?: unknown } } | undefined)?.error?.code === "string" &&
      !e.callbacks.some((c) => c.matchedBy === "message_id"),
  );
}

/** Each of the probes ACKed and answered by an error callback (no message, code 30000; with error.paths if `withPaths`) that reached its exchange. */
function refusedByCallback(result: RunResult, probes: readonly string[] = ["missing-transaction-id", "missing-message-id"], withPaths = false): boolean {
  return probes.every((probe) =>
    result.exchanges.some(
      (e) =>
        e.probe?.name === probe &&
        e.response.kind === "response" &&
        ackBodyOf(e.response.body)?.status === "ACK" &&
        e.callbacks.some(
          (c) =>
            c.matchedBy !== "unsolicited" && messageOf(c.body) === undefined && codeOf(c.body) === "30000" && (!withPaths || pathsOf(c.body) !== undefined),
        ),
    ),
  );
}

/** The broken bodies with a whole context that bpp.invalid-body-error-callback refuses by callback (NEG-002, NEG-006…008, NEG-012). */
const INVALID_BODIES = ["action-mismatch", "missing-order", "missing-order-id", "missing-update-target", "wrong-type-deep"] as const;

export const BPP_WIRE_ROWS: readonly VariantRow[] = [
  {
    role: "bpp",
    variant: "bpp.ack-202-with-context",
    seen: (r) => responses(r).some((a) => a.status === 202 && typeof (a.body as { context?: unknown } | undefined)?.context === "object"),
  },
  ...SYNC_NACK_STATUSES.map((status): VariantRow => ({
    role: "bpp",
    variant: `bpp.sync-nack-${status}`,
    seen: (r) => refusedSynchronously(r, status),
  })),
  {
    role: "bpp",
    variant: "bpp.signature-created-past",
    seen: (r) => signatures(r).some(({ params, at }) => params.expires - params.created === 3600 && params.created <= at / 1000 - 55),
  },
  { role: "bpp", variant: "bpp.header-comma-space", seen: (r) => signatures(r).some(({ header }) => header.includes('", ')) },
  { role: "bpp", variant: "bpp.signature-minimal-header", seen: (r) => signatures(r).some(({ header }) => !/algorithm=|headers=/i.test(header)) },
  { role: "bpp", variant: "bpp.callback-ttl-pt10m", seen: (r) => callbacks(r).some((c) => contextOf(c.body)?.["ttl"] === "PT10M") },
  {
    role: "bpp",
    variant: "bpp.repeat-answered-twice",
    seen: (r) => r.exchanges.some((e) => e.step.endsWith("-repeat") && e.callbacks.some((c) => c.action === `on_${e.action}` && c.matchedBy === "message_id")),
  },
  { role: "bpp", variant: "bpp.missing-id-error-callback", alsoProfiles: ["core-1.1.0"], seen: (r) => refusedByCallback(r) },
  {
    role: "bpp",
    variant: "bpp.on-search-via-gateway",
    seen: (r) =>
      r.exchanges.some(
        (e) =>
          e.viaGateway &&
          e.callbacks.some((c) => c.action === "on_search" && Object.keys(c.headers).some((h) => h.toLowerCase() === "x-gateway-authorization")),
      ),
  },
  { role: "bpp", variant: "bpp.context-refused-by-callback", seen: (r) => refusedByCallback(r, ["stale-request", "other-bpp-id"]) },
  { role: "bpp", variant: "bpp.invalid-body-error-callback", alsoProfiles: ["core-1.1.0"], seen: (r) => refusedByCallback(r, INVALID_BODIES, true) },
];
