import type { NetworkFailure } from "../../protocol/http/post.js";
import type { CallbackAction, RequestAction } from "../../schemas/index.js";
import type { SyncAnswer } from "../common/inbound.js";

/** A request the BAP sent: the exact bytes and headers, and the synchronous answer or the failure. */
export interface RequestRecord {
  readonly kind: "request";
  readonly seq: number;
  readonly action: RequestAction;
  readonly transactionId: string;
  readonly messageId: string;
  readonly request: {
    readonly url: string;
    readonly headers: Readonly<Record<string, string>>;
    readonly rawBody: string;
    readonly body: unknown;
  };
  readonly response:
    | { readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly rawBody: string; readonly body: unknown; readonly ms: number }
    | undefined;
  readonly failure: { readonly failure: NetworkFailure; readonly detail: string; readonly ms: number } | undefined;
  /** When it was sent, in ms since the epoch. */
  readonly atMs: number;
}

/** How a callback's signatures fared. `skipped`: not checked because of a fault. */
export interface Verification {
  readonly signature: "verified" | "failed" | "not-checked" | "skipped";
  readonly gateway: "verified" | "failed" | "absent" | "not-checked" | "skipped";
  /** Why the BAP refused the callback, when it did. */
  readonly detail: string | undefined;
}

/** A callback the BAP received, whatever it answered: NACKed callbacks are kept, flagged. */
export interface CallbackRecord {
  readonly kind: "callback";
  readonly seq: number;
  readonly action: CallbackAction;
  readonly transactionId: string | undefined;
  readonly messageId: string | undefined;
  readonly bppId: string | undefined;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The body's text; for a refused (flagged) callback only its first 4 KiB (docs/limits.md "Stored bytes"). */
  readonly rawBody: string;
  /** True when `rawBody` is the start of a longer refused body. */
  readonly truncated: boolean;
  /** The parsed body of an ACKed callback; undefined when it is not JSON, and for every refused (flagged) one. */
  readonly body: unknown;
  readonly verification: Verification;
  /** What the BAP answered. */
  readonly answer: SyncAnswer;
  /** True when the BAP did not ACK it (a bad signature, a bad body, or a fault). */
  readonly flagged: boolean;
  /** True when its message_id matches no request the BAP sent (e.g. a transfer's on_status). */
  readonly unsolicited: boolean;
  /** The `seq` of the request whose message_id it carries, when there is one. */
  readonly inReplyTo: number | undefined;
  /** When it arrived, in ms since the epoch. */
  readonly atMs: number;
}

export type BapRecord = RequestRecord | CallbackRecord;

/** What `GET /exchanges` answers: every request and callback kept, in arrival order. */
export interface ExchangesView {
  readonly transaction_id: string | null;
  readonly requests: readonly RequestRecord[];
  readonly callbacks: readonly CallbackRecord[];
  /** How many older records the view leaves out (EXCHANGES_VIEW_BYTES), when any. */
  readonly omitted?: number;
  readonly note?: string;
}
