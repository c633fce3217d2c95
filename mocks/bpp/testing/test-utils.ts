import { EventEmitter } from "node:events";
import type { AddressInfo } from "node:net";
import Fastify from "fastify";
import { ackBody } from "../../../protocol/ack.js";
import { flatHeaders, installBecknDefaults } from "../../common/beckn-receiver.js";

/**
 * Test helpers for the BPP and grid tests (no vitest here, so the mocks' layering holds): a tiny
 * BAP-side receiver that records every callback, and a wait with a deadline instead of sleeps.
 */

export interface ReceivedCallback {
  /** The path's last segment, e.g. `on_select`. */
  readonly action: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly rawBody: string;
  /** The parsed body, or an empty object when it did not parse. */
  readonly body: Record<string, unknown>;
  /** performance.now() when it arrived. */
  readonly atMs: number;
  /** Date.now() when it arrived. */
  readonly receivedAt: number;
}

export interface Receiver {
  readonly url: string;
  readonly received: readonly ReceivedCallback[];
  /** The first callback (already received or still to come) that matches, or a rejection at the deadline. */
  waitFor(predicate: (callback: ReceivedCallback) => boolean, timeoutMs?: number): Promise<ReceivedCallback>;
  /** The first `count` matching callbacks. */
  waitForCount(predicate: (callback: ReceivedCallback) => boolean, count: number, timeoutMs?: number): Promise<ReceivedCallback[]>;
  close(): Promise<void>;
}

export const DEFAULT_WAIT_MS = 3000;

function parse(raw: string): Record<string, unknown> {
  try {
    const value = JSON.parse(raw) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Waits for an event-driven condition: `check` runs now and on every `event`, until it returns a value or the deadline passes. */
export function untilDeadline<T>(emitter: EventEmitter, event: string, check: () => T | undefined, timeoutMs: number, what: () => string): Promise<T> {
  return new Promise((resolve, reject) => {
    const attempt = (): boolean => {
      const found = check();
      if (found === undefined) {
        return false;
      }
      cleanup();
      resolve(found);
      return true;
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Nothing matched within ${timeoutMs} ms: ${what()}`));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      emitter.off(event, attempt);
    };
    emitter.on(event, attempt);
    attempt();
  });
}

/** A receiver on 127.0.0.1 and an ephemeral port, answering ACK to every `POST /<action>` (any prefix). */
export async function startReceiver(): Promise<Receiver> {
  const app = Fastify({ logger: false });
  installBecknDefaults(app);
  const received: ReceivedCallback[] = [];
  const events = new EventEmitter();
  app.post("/*", async (request, reply) => {
    const rawBody = Buffer.isBuffer(request.body) ? request.body.toString("utf8") : "";
    const action = request.url.split("?")[0]?.split("/").pop() ?? "";
    received.push({ action, headers: flatHeaders(request.headers), rawBody, body: parse(rawBody), atMs: performance.now(), receivedAt: Date.now() });
    events.emit("callback");
    return reply.code(200).type("application/json").send(ackBody());
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const seen = (): string => `received ${received.length}: ${received.map((r) => r.action).join(", ") || "none"}`;
  const waitForCount = (predicate: (c: ReceivedCallback) => boolean, count: number, timeoutMs = DEFAULT_WAIT_MS) =>
    untilDeadline(
      events,
      "callback",
      () => {
        const matching = received.filter(predicate);
        return matching.length >= count ? matching.slice(0, count) : undefined;
      },
      timeoutMs,
      seen,
    );
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    waitForCount,
    waitFor: async (predicate, timeoutMs) => (await waitForCount(predicate, 1, timeoutMs))[0] as ReceivedCallback,
    close: () => app.close(),
  };
}

/** The context of a recorded callback. */
export function contextOf(callback: ReceivedCallback): Record<string, unknown> {
  const context = callback.body["context"];
  return typeof context === "object" && context !== null ? (context as Record<string, unknown>) : {};
}
