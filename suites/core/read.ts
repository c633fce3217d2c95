/**
 * Readers every role's checks share: the context of a Beckn body, a non-empty string, a URL without
 * its trailing slash, a header by name, and what a synchronous answer said (ACK, or a coded NACK).
 */
import { ackStatusOf, errorOf } from "../../protocol/ack.js";
import { asObject } from "../../protocol/shapes.js";
import type { ExchangeResponse } from "./check.js";

/** The `context` object of a Beckn body; empty when the body is not JSON or has none. */
export const contextOf = (body: unknown): Readonly<Record<string, unknown>> => asObject(asObject(body)?.["context"]) ?? {};

/** A value that is a non-empty string, else undefined. */
export const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** A URL without its trailing slashes, so `https://x/` and `https://x` compare equal. */
export const withoutTrailingSlash = (url: string | undefined): string | undefined => url?.replace(/\/+$/, "");

/** A header by its name in any case; undefined when absent, empty or not a string. */
export function headerOf(headers: Readonly<Record<string, string | undefined>> | undefined, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === name && typeof value === "string" && value.trim() !== "") {
      return value;
    }
  }
  return undefined;
}

/** An ACK: HTTP 200 or 202 whose body says `message.ack.status` "ACK" (core 1.1.0 Ack). */
export const isAck = (r: ExchangeResponse): boolean => r.kind === "response" && (r.status === 200 || r.status === 202) && ackStatusOf(r.body) === "ACK";

/**
 * A NACK with an error code, judged by its body whatever its HTTP status (core 1.1.0 fixes none: every
 * path has only a `default` response), short of a 5xx, which says the receiver broke (DESIGN "Contracts": ACK and NACK).
 */
export const isCodedNack = (r: ExchangeResponse): boolean =>
  r.kind === "response" && r.status >= 200 && r.status < 500 && ackStatusOf(r.body) === "NACK" && text(String(errorOf(r.body)?.code ?? "")) !== undefined;
