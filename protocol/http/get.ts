/**
 * A bounded HTTP GET: postRaw's deadline, answer cap, no redirects and bounded JSON parse, for the
 * few reads that have no body (a registry's keys at `GET /`).
 */
import { sendRaw, type HttpOutcome, type PostOptions } from "./post.js";

/** GETs `url`; never throws. */
export function getRaw(url: string, headers: Readonly<Record<string, string>> = {}, options: PostOptions = {}): Promise<HttpOutcome> {
  return sendRaw(url, { method: "GET", headers }, options);
}
