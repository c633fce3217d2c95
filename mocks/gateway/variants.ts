import type { VariantSpec } from "../common/behaviour.js";
import { variantSet } from "../common/variant-set.js";

const DIRECT_ON_SEARCH =
  "FACTS §5: both patterns exist in 1.1.0 networks; the MISSIONS generic guide has the responder call `context.bap_uri` for every `on_xxx` (BPPs call the BAP's on_search directly), and beckn-onix v1 routes on_search straight to `bap_uri`";

/**
 * The reference gateway's variants: legitimate behaviours that differ from its default, each changing
 * one behaviour (the mirror of its faults). Every check must pass each of them; the variant matrix
 * (test/self-test/variant-matrix.ts) proves it and docs/variants.md prints this table.
 */
export const GATEWAY_VARIANTS = [
  {
    id: "gateway.no-on-search-relay-nack",
    description: "on_search not relayed: NACK",
    changes:
      "Does not relay on_search (the BPP answers the BAP directly): a validly signed on_search gets HTTP 200 and a NACK with `error.code` 40001. Its search multicast is the reference's.",
    source: `BECKN-005: 40001 "Action not applicable"; ${DIRECT_ON_SEARCH}.`,
  },
  {
    id: "gateway.no-on-search-relay-404",
    description: "on_search not relayed: 404",
    changes: "Does not relay on_search and has no `/on_search` endpoint: an on_search gets HTTP 404. Its search multicast is the reference's.",
    source: `${DIRECT_ON_SEARCH}; core 1.1.0 tags /on_search for the BAP and the BG, and no text makes the BG's a MUST.`,
  },
  {
    id: "gateway.x-gateway-authorization-only",
    description: "X-Gateway-Authorization alone",
    changes: "Signs what it forwards with `X-Gateway-Authorization` alone, without the `Proxy-Authorization` the reference sends beside it.",
    source:
      "BECKN-006: the gateway signs the forwarded body and sends its signature as `X-Gateway-Authorization`; `Proxy-Authorization` is core 0.9.4's name for it, marked there for deprecation (the reference sends both, as beckn-gateway does).",
  },
  {
    id: "gateway.json-no-charset",
    description: "application/json without charset",
    changes:
      "Declares its answers (ACKs and NACKs) `Content-Type: application/json`, with no `charset` parameter (the reference's answers say `application/json; charset=utf-8`; its forwards say `application/json` either way).",
    source:
      "core 1.1.0 transaction.yaml: every request body and response is `content: application/json`; RFC 8259 §11: \"No 'charset' parameter is defined for this registration\" (JSON text is UTF-8).",
  },
] as const satisfies readonly VariantSpec[];

export type GatewayVariantId = (typeof GATEWAY_VARIANTS)[number]["id"];

export function gatewayVariants(given?: Iterable<string>): ReadonlySet<GatewayVariantId> {
  return variantSet<GatewayVariantId>(GATEWAY_VARIANTS, given, "gateway");
}
