import type { AckBody } from "../../protocol/ack.js";
import type { Clock } from "../../protocol/clock.js";
import type { ProfileName } from "../../schemas/index.js";
import type { BecknInbound, RoleKeyLookup } from "../common/inbound.js";
import type { Identity } from "../common/identity.js";
import type { SendOptions } from "../common/send.js";
import type { GridOptions } from "../grid/index.js";
import type { SubscriberUrlLookup } from "./callback-target.js";
import type { CatalogueOptions } from "./catalogue.js";

/** Which forms the BPP writes: the guide's, core 1.1.0's, or whichever the request used (default). */
export type ShapeOption = "guide" | "core" | "follow";

export interface BppOptions {
  readonly identity: Identity;
  /** Signing keys; binds them to roles when it honours the type it is given (mocks/common/inbound.ts). */
  readonly lookupPublicKey: RoleKeyLookup;
  /**
   * The registered callback URL of a BAP (`subscriber_url`); when given, a request whose `bap_uri`
   * is not at or under it gets a 400 NACK (30000, `$.context.bap_uri`) and no callback (docs/limits.md).
   */
  readonly lookupSubscriberUrl?: SubscriberUrlLookup;
  readonly profile?: ProfileName;
  readonly now?: Clock;
  /** Named faults (mocks/bpp/faults.ts); an unknown id throws. */
  readonly faults?: Iterable<string>;
  /** Variants: `bpp.…` ones (mocks/bpp/variants.ts) and `grid.…` ones for its grid (mocks/grid/variants.ts); an unknown id throws. */
  readonly variants?: Iterable<string>;
  /** The guide's offer, then `providers` as given, then `extraProviders` prosumers built from `seed`. */
  readonly catalogue?: Omit<CatalogueOptions, "now">;
  /** The ttl the BPP stamps on its callbacks; defaults to PT10S. */
  readonly ttl?: string;
  readonly gatewayUrl?: string;
  /** "direct" (default): on_search to `bap_uri`; "gateway": to `gatewayUrl/on_search` when the search came through a gateway. */
  readonly onSearchRouting?: "direct" | "gateway";
  readonly grid?: GridOptions;
  /** Defaults that fill a callback's context where the request left them out. */
  readonly domain?: string;
  readonly city?: string;
  readonly country?: string;
  readonly shape?: ShapeOption;
  /** The URL the BPP is reached at (`bpp_uri`); `setPublicUrl` changes it once the port is known. */
  readonly publicUrl?: string;
  /** Sends one callback; defaults to a signed POST as `identity` (mocks/common/send.ts). */
  readonly send?: (callback: PlannedCallback) => Promise<unknown>;
}

/** A callback the BPP will send after its ACK. */
export interface PlannedCallback {
  readonly url: string;
  readonly body: Record<string, unknown>;
  /** Wait this long before sending (the late-callback fault). */
  readonly delayMs?: number;
  readonly sendOptions?: SendOptions;
}

/** The synchronous answer: JSON unless `contentType` says text/plain (the not-JSON fault). */
export interface BppAnswer {
  readonly status: number;
  /** An ACK or NACK body; a NACK without `error.code` under ack.no-error-code; a string for text/plain. */
  readonly body:
    | AckBody
    | { readonly message: AckBody["message"]; readonly error: { readonly message?: string; readonly paths?: string } }
    | { readonly context: Readonly<Record<string, unknown>>; readonly message: { readonly ack: { readonly status: "ACK"; readonly tags: readonly unknown[] } } }
    | string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly contentType?: "application/json" | "text/plain";
}

export interface EngineResult {
  readonly answer: BppAnswer;
  readonly callbacks: readonly PlannedCallback[];
  /** Orders the callbacks of one transaction. */
  readonly key: string;
  /** Runs once the callbacks went out, or were dropped (starts the grid transfer after on_confirm). */
  readonly after?: () => void;
  /** Send the callbacks before answering (the callback-before-ack fault). */
  readonly callbacksFirst?: boolean;
  /** Send the callbacks, and never the answer: hold the connection until the client gives up or the BPP closes (ack.hang). */
  readonly hang?: boolean;
  /** Hold the answer this long before sending it (ack.late); the callbacks follow it as usual. */
  readonly answerDelayMs?: number;
}

export type { BecknInbound };
