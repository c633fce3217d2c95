import type { VariantSpec } from "../common/behaviour.js";
import { variantSet } from "../common/variant-set.js";

const NO_STATUS_FIXED =
  'core 1.1.0 transaction.yaml: every path answers only a `default` response, so no HTTP status is fixed for an ACK or a NACK; Ack.status: "If the request fails the validation criteria, then this is set to NACK"';

/**
 * The reference bap's variants: legitimate behaviours that differ from its default, each changing
 * one behaviour (the mirror of its faults). Every check must pass each of them; the variant matrix
 * (test/self-test/variant-matrix.ts) proves it and docs/variants.md prints this table.
 */
export const BAP_VARIANTS = [
  {
    id: "bap.nack-200",
    description: "NACKs with HTTP 200",
    changes:
      "NACKs with HTTP 200 and `error.code` 30000 what it cannot place or read: a callback in a transaction it never started, one whose `message_id` it never sent (an unsolicited `on_status`, `on_update` or `on_cancel` excepted), a late one, a repeated one, and a broken body. A bad signature still gets 401.",
    source: `${NO_STATUS_FIXED}.`,
  },
  {
    id: "bap.nack-202",
    description: "NACKs with HTTP 202",
    changes: "The same NACKs as `bap.nack-200`, with HTTP 202. A bad signature still gets 401.",
    source: `${NO_STATUS_FIXED}; protocol-server answers its NACKs with HTTP 202 (src/utils/acknowledgement.utils.ts).`,
  },
  {
    id: "bap.ignore-duplicates",
    description: "Repeated callbacks ACKed and dropped",
    changes:
      "ACKs a callback whose action and `message_id` it has already accepted from the same BPP (after verifying its signature and body) and drops it; its ACK says so in `message.ack.tags` (`duplicate`: `ignored`); GET /exchanges still lists it.",
    source:
      'core 1.1.0 Context.message_id: "This value can also be used to ignore duplicate messages coming from the BPP"; Ack.tags: "additional information sent along with the Acknowledgement".',
  },
  {
    id: "bap.queued-requests",
    description: "Requests queued for 8 s",
    changes:
      "Queues what it sends: each request is stamped (`context.timestamp`) when it is generated and leaves the queue 8 s later (the wait is reproduced by stamping 8 s before sending), with a `ttl` of PT15S that covers the wait.",
    source:
      'core 1.1.0 Context.timestamp: "Time of request generation in RFC3339 format"; Context.ttl: "The duration in ISO8601 format after timestamp for which this message holds valid".',
  },
  {
    id: "bap.trigger-remembers-transaction",
    description: "Trigger adapter keeps the transaction",
    changes:
      "Its trigger adapter keeps state: after search it ignores the trigger's `context.transaction_id` and sends each request in the transaction of its last request (the search's, in the harness's flow). Its trigger answer says so (`transaction_from`: `last-request`).",
    source:
      'core 1.1.0 Context.transaction_id: "a unique value which persists across all API calls from `search` through `confirm`" (how a BAP keeps it is its own); docs/bap-trigger-contract.md: a BAP may fill a missing transaction_id from its last request.',
  },
  {
    id: "bap.json-no-charset",
    description: "application/json without charset",
    changes: "Declares its ACKs and NACKs to callbacks as `Content-Type: application/json`, with no `charset` parameter.",
    source:
      "core 1.1.0 transaction.yaml: every path's `default` response is `content: application/json`; RFC 8259 §11: \"No 'charset' parameter is defined for this registration\" (JSON text is UTF-8).",
  },
] as const satisfies readonly VariantSpec[];

export type BapVariantId = (typeof BAP_VARIANTS)[number]["id"];

export function bapVariants(given?: Iterable<string>): ReadonlySet<BapVariantId> {
  return variantSet<BapVariantId>(BAP_VARIANTS, given, "bap");
}
