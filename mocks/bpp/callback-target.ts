import { ERROR, type BecknError } from "../../protocol/ack.js";
import { parseSignatureHeader } from "../../protocol/signing/index.js";
import { isCallbackAction, type BecknAction } from "../../schemas/index.js";
import type { BecknInbound } from "../common/inbound.js";

/**
 * The registered callback URL of a BAP (its registry entry's `subscriber_url`), of the entry of the
 * key id that signed the request when known, or undefined when it has none.
 */
export type SubscriberUrlLookup = (bapId: string, uniqueKeyId: string | undefined) => Promise<string | undefined>;

/** The key id of `Authorization` when it names this BAP, else undefined. */
export function signingKeyOf(headers: Readonly<Record<string, string | undefined>>, bapId: unknown): string | undefined {
  const header = headers["authorization"];
  const parsed = header === undefined ? undefined : parseSignatureHeader(header);
  return parsed?.ok && parsed.params.keyId.subscriberId === bapId ? parsed.params.keyId.uniqueKeyId : undefined;
}

/** The BAP a verified request came from: the subscriber whose key signed it, else its `bap_id`. */
export const requesterOf = (inbound: BecknInbound): unknown => inbound.signer ?? inbound.context["bap_id"];

const parse = (url: string): URL | undefined => {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
};

const segments = (path: string): string[] => path.split("/").filter((s) => s !== "");

/** True when `bapUri` is the registered URL or a path under it: same scheme, host and port, the registered path as its prefix. */
export function isUnderRegistered(bapUri: string, registered: string): boolean {
  const uri = parse(bapUri);
  const base = parse(registered);
  if (!uri || !base || uri.origin !== base.origin || uri.username !== "" || uri.password !== "") {
    return false;
  }
  const prefix = segments(base.pathname);
  const path = segments(uri.pathname);
  return prefix.every((segment, i) => path[i] === segment);
}

/** What the rule reads of a request: its action, its BAP, its bap_uri, and its headers (for the signing key id). */
export interface TargetRequest {
  readonly action: BecknAction;
  readonly bapId: unknown;
  readonly bapUri: unknown;
  readonly headers: Readonly<Record<string, string | undefined>>;
}

const refusal = (message: string): BecknError => ({ code: ERROR.invalidRequest, message, paths: "$.context.bap_uri" });

/**
 * Why the BPP will not call back to this request's `bap_uri`, or undefined when it will: the
 * callback goes only to the requesting BAP's registered `subscriber_url` or a path under it, so a
 * signed request cannot point the BPP's signed callbacks at another server (issue 19, docs/limits.md).
 */
export async function callbackTargetRefusal(request: TargetRequest, lookup: SubscriberUrlLookup): Promise<BecknError | undefined> {
  const { action, bapId, bapUri } = request;
  // A request without a bap_uri is called back nowhere (validation refuses it first, but for neg.accept-invalid-body).
  if (isCallbackAction(action) || typeof bapUri !== "string" || bapUri === "") {
    return undefined;
  }
  const shown = JSON.stringify(bapUri.slice(0, 200));
  if (typeof bapId !== "string" || bapId === "") {
    return refusal(`context.bap_uri ${shown}: the BPP calls back only to the requesting BAP's registered subscriber_url, and this request names no BAP.`);
  }
  const registered = await lookup(bapId, signingKeyOf(request.headers, bapId)).catch(() => undefined);
  if (registered === undefined) {
    return refusal(
      `context.bap_uri ${shown}: ${JSON.stringify(bapId.slice(0, 200))} has no subscriber_url registered as a BAP, so the BPP has nowhere to call back.`,
    );
  }
  return isUnderRegistered(bapUri, registered)
    ? undefined
    : refusal(
        `context.bap_uri ${shown} is not at or under ${JSON.stringify(registered)}, the subscriber_url ${JSON.stringify(bapId.slice(0, 200))} registered: the BPP will not call back there.`,
      );
}
