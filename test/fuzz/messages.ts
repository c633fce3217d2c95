import { randomUUID } from "node:crypto";
import { GUIDE_ACTIONS, loadGuideMessage, type GuideAction } from "../../fixtures/guide/index.js";
import type { Identity } from "../../mocks/common/identity.js";
import { gatewayHeaders } from "../../mocks/common/send.js";
import { signBody } from "../../protocol/signing/index.js";
import type { Wire } from "./fuzz-request.js";

/**
 * The fuzz's messages: the guide's (fixtures/guide) with a fresh context, mutated at named JSON
 * positions, and turned into wires that are stamped and signed anew for each send.
 */
export type Json = Record<string, unknown>;

/** Placeholders a wire replaces on each send: a fresh message_id and timestamp. */
export const FRESH_MESSAGE_ID = "@@message_id@@";
export const FRESH_TIMESTAMP = "@@timestamp@@";

/** The guide's message for an action; for one the guide does not print, the smallest message of its kind. */
export function guideMessage(action: string): Json {
  if ((GUIDE_ACTIONS as readonly string[]).includes(action)) {
    return loadGuideMessage(action as GuideAction) as unknown as Json;
  }
  const base = action.startsWith("on_") ? loadGuideMessage("on_status") : loadGuideMessage("status");
  const body = base as unknown as { context: Json; message: Json };
  return {
    context: { ...body.context, action },
    message: action === "rating" ? { ratings: [{ id: "order-1", value: "5" }] } : action === "support" ? { support: { ref_id: "order-1" } } : body.message,
  };
}

export interface Parties {
  readonly bapId: string;
  readonly bapUri: string;
  readonly bppId?: string;
  readonly bppUri?: string;
  readonly transactionId?: string;
}

/** The guide's message for `action`, its context naming these parties, a fresh transaction unless given. */
export function messageFor(action: string, parties: Parties): Json {
  const message = guideMessage(action);
  message["context"] = {
    ...(message["context"] as Json),
    action,
    bap_id: parties.bapId,
    bap_uri: parties.bapUri,
    ...(parties.bppId !== undefined ? { bpp_id: parties.bppId } : {}),
    ...(parties.bppUri !== undefined ? { bpp_uri: parties.bppUri } : {}),
    transaction_id: parties.transactionId ?? randomUUID(),
    message_id: FRESH_MESSAGE_ID,
    timestamp: FRESH_TIMESTAMP,
    ttl: "PT10S",
  };
  return message;
}

export type Path = readonly (string | number)[];

/** Sets `value` at `path`, creating the objects and arrays on the way (a number makes an array). */
export function setAt(target: Json, path: Path, value: unknown): Json {
  let node: Record<string | number, unknown> = target;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      node[key] = value;
      return;
    }
    const next = path[i + 1];
    const existing = node[key];
    if (typeof existing !== "object" || existing === null) {
      node[key] = typeof next === "number" ? [] : {};
    }
    node = node[key] as Record<string | number, unknown>;
  });
  return target;
}

const SPLICE = "@@splice@@";

/**
 * The JSON text of `body` with `rawJson` at `path`: a huge array or a deep nesting is written as
 * text, never built as objects, so a 1 MB body costs the fuzz a string, not a parse.
 */
export function spliced(body: Json, path: Path, rawJson: string): string {
  return JSON.stringify(setAt(body, path, SPLICE)).replace(JSON.stringify(SPLICE), () => rawJson);
}

/** A JSON array of `unit`, as long as fits in `bytes` once inside `around` (the rest of the body). */
export function filledArray(unit: string, bytes: number, around: number): string {
  const count = Math.max(0, Math.floor((bytes - around - 2) / (unit.length + 1)));
  return `[${new Array<string>(count).fill(unit).join(",")}]`;
}

/** A body of about `bytes`: `body` with an array of `unit` at `path` filling the rest. */
export function sizedBody(body: Json, path: Path, unit: string, bytes: number): string {
  const around = spliced(structuredClone(body), path, "[]").length;
  return spliced(body, path, filledArray(unit, bytes, around));
}

export interface Signing {
  readonly by: Identity;
  /** Signature times, for lifetime mutations. */
  readonly created?: number;
  readonly expires?: number;
  /** Also signs a gateway header with this identity's key. */
  readonly gateway?: Identity;
  /** Changes the body after signing (a tampered body). */
  readonly tamper?: (body: string) => string;
}

/** Each send stamps a fresh message_id and timestamp into `text` and signs the result. */
export function wireOf(text: string, signing?: Signing, extraHeaders: Readonly<Record<string, string>> = {}): () => Wire {
  return () => {
    const body = text
      .replace(JSON.stringify(FRESH_MESSAGE_ID), () => JSON.stringify(randomUUID()))
      .replace(JSON.stringify(FRESH_TIMESTAMP), () => JSON.stringify(new Date().toISOString()));
    const headers: Record<string, string> = { "content-type": "application/json", ...extraHeaders };
    if (signing !== undefined) {
      const { by } = signing;
      const times = {
        ...(signing.created !== undefined ? { created: signing.created } : {}),
        ...(signing.expires !== undefined ? { expires: signing.expires } : {}),
      };
      headers["authorization"] = signBody({
        rawBody: body,
        subscriberId: by.subscriberId,
        uniqueKeyId: by.uniqueKeyId,
        privateKey: by.signingPrivateKey,
        ...times,
      }).header;
      Object.assign(headers, signing.gateway ? gatewayHeaders(signing.gateway, body) : {});
    }
    return { body: signing?.tamper ? signing.tamper(body) : body, headers };
  };
}
