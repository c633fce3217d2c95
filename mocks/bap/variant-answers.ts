/** The answers of the reference BAP's variants (mocks/bap/variants.ts) to the callbacks it receives. */
import { ERROR, nackBody, type AckBody } from "../../protocol/ack.js";
import type { CallbackAction } from "../../schemas/index.js";
import type { SyncAnswer } from "../common/inbound.js";
import type { BapState } from "./state.js";

/** Where a callback stands against what the BAP sent and already accepted. */
export interface Placement {
  readonly unknownTransaction: boolean;
  /** Its message_id matches no request the BAP sent. */
  readonly unknownMessage: boolean;
  /** It answers a request whose timestamp + ttl has passed. */
  readonly late: boolean;
  /** The BAP already accepted a callback of this action and message_id from this BPP. */
  readonly repeated: boolean;
}

/** Callbacks a BPP may send on its own, with a new message_id (core 1.1.0 Context.message_id). */
const UNSOLICITED: ReadonlySet<string> = new Set(["on_status", "on_update", "on_cancel"]);

/** The HTTP status of the NACK variants, or undefined when neither is on. */
function nackStatus(state: BapState): number | undefined {
  return state.variants.has("bap.nack-200") ? 200 : state.variants.has("bap.nack-202") ? 202 : undefined;
}

function whyUnplaceable(action: CallbackAction, p: Placement): string | undefined {
  if (p.unknownTransaction) {
    return "No request of this BAP started this transaction.";
  }
  if (p.unknownMessage && !UNSOLICITED.has(action)) {
    return `No request of this BAP has this message_id, and an unsolicited ${action} is not expected.`;
  }
  if (p.late) {
    return "The callback came after its request's timestamp + ttl.";
  }
  return p.repeated ? "This callback was already received." : undefined;
}

/** The ACK of an ignored duplicate: an ACK, with a tag that says it was dropped (core 1.1.0 Ack.tags). */
function ignoredAck(): AckBody {
  const ack = { status: "ACK", tags: [{ descriptor: { code: "duplicate" }, list: [{ descriptor: { code: "handling" }, value: "ignored" }] }] };
  return { message: { ack } } as AckBody;
}

/** What a variant answers a callback that verified and validated, or undefined for the default ACK. */
export function variantAnswer(state: BapState, action: CallbackAction, placement: Placement): SyncAnswer | undefined {
  const status = nackStatus(state);
  const why = status === undefined ? undefined : whyUnplaceable(action, placement);
  if (status !== undefined && why !== undefined) {
    return { status, body: nackBody({ code: ERROR.invalidRequest, message: why }) };
  }
  return state.variants.has("bap.ignore-duplicates") && placement.repeated ? { status: 200, body: ignoredAck() } : undefined;
}

/** A body the receiving pipeline refused (HTTP 400) as the NACK variants send it; a 401 stays a 401. */
export function withVariantStatus(state: BapState, answer: SyncAnswer): SyncAnswer {
  const status = nackStatus(state);
  return status !== undefined && answer.status === 400 ? { ...answer, status } : answer;
}

/** Whether the BAP already accepted (ACKed) a callback of this action and message_id from this BPP. */
export function alreadyAccepted(state: BapState, action: CallbackAction, messageId: string | undefined, bppId: string | undefined): boolean {
  return (
    messageId !== undefined && state.store.view().callbacks.some((c) => !c.flagged && c.action === action && c.messageId === messageId && c.bppId === bppId)
  );
}
