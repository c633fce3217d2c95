import type { RunResult } from "../../../suites/core/run-result.js";

/** What the variant rows read from a run's evidence: plain JSON walked safely. */
export type Json = Record<string, unknown>;
export type Callback = RunResult["exchanges"][number]["callbacks"][number];

export const object = (value: unknown): Json | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
/** The objects of an array (anything else is dropped). */
export const list = (value: unknown): Json[] => (Array.isArray(value) ? value.flatMap((v): Json[] => (object(v) ? [object(v) as Json] : [])) : []);
export const callbacks = (result: RunResult): Callback[] => result.exchanges.flatMap((e) => e.callbacks);
export const contextOf = (body: unknown): Json | undefined => object(object(body)?.["context"]);
export const messageOf = (body: unknown): Json | undefined => object(object(body)?.["message"]);
export const orderOfBody = (body: unknown): Json | undefined => object(messageOf(body)?.["order"]);
export const responses = (result: RunResult) => result.exchanges.flatMap((e) => (e.response.kind === "response" ? [e.response] : []));
export const ackBodyOf = (body: unknown): { status?: unknown; tags?: unknown } | undefined => object(messageOf(body)?.["ack"]);
export const codeOf = (body: unknown): unknown => object(object(body)?.["error"])?.["code"];
