import { randomUUID } from "node:crypto";
import type { Socket } from "node:net";
import { loadGuideMessage, type GuideAction } from "../../../fixtures/guide/index.js";
import { createIdentity, type Identity } from "../../../mocks/common/identity.js";
import { ackBody } from "../../../protocol/ack.js";
import { signBody } from "../../../protocol/signing/index.js";
import { rawPost, startRawServer, writeResponse, type RawRequest, type RawServer } from "./raw-http.js";

/**
 * A hostile BPP: a raw-socket server whose every answer is one behaviour's to write. The kit gives
 * a behaviour what a plain BPP would do (an ACK, a signed callback built from the guide's own
 * message for that action, with the request's context echoed), so each behaviour changes one thing.
 */
export interface HostileKit {
  readonly identity: Identity;
  /** Writes a 200 ACK and closes. */
  ack(socket: Socket): void;
  /** The callback a plain BPP would send for this request: the guide's on_<action> with the request's context. */
  callbackFor(request: RawRequest, context?: Record<string, unknown>): { url: string; action: string; body: Record<string, unknown> };
  /** Signs and POSTs a callback body (bytes as given), or raw bytes with the headers given. */
  send(url: string, bytes: Buffer, options?: { headers?: Record<string, string>; sign?: boolean; dribbleMs?: number; timeoutMs?: number }): Promise<void>;
  /** Background work (callbacks still being sent), awaited before the SUT closes. */
  track(work: Promise<unknown>): void;
}

export interface Behaviour {
  readonly id: string;
  readonly title: string;
  /** Handles one request of the harness. */
  readonly answer: (request: RawRequest, kit: HostileKit) => void | Promise<void>;
  /** Takes the raw connection before any request is read (returns true to keep it from the parser). */
  readonly onConnection?: (socket: Socket) => boolean;
}

export interface HostileSut {
  readonly url: string;
  readonly identity: Identity;
  readonly server: RawServer;
  close(): Promise<void>;
}

const CALLBACK_TEMPLATE: Record<string, GuideAction> = {
  search: "on_search",
  select: "on_select",
  init: "on_init",
  confirm: "on_confirm",
  status: "on_status",
  update: "on_update",
  cancel: "on_status",
};

const actionOf = (path: string): string => path.replace(/^\/+/, "").split(/[/?]/)[0] ?? "";

export function requestContext(request: RawRequest): Record<string, unknown> {
  try {
    const context = (JSON.parse(request.body.toString("utf8")) as { context?: unknown }).context;
    return typeof context === "object" && context !== null ? (context as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function createKit(identity: Identity, url: () => string, work: Set<Promise<unknown>>): HostileKit {
  return {
    identity,
    ack: (socket) => writeResponse(socket, 200, { "content-type": "application/json" }, JSON.stringify(ackBody())),
    callbackFor(request, context = requestContext(request)) {
      const action = `on_${actionOf(request.path)}`;
      const template = loadGuideMessage(CALLBACK_TEMPLATE[actionOf(request.path)] ?? "on_status");
      const echoed = { ...template.context, ...context, action, bpp_id: identity.subscriberId, bpp_uri: url(), timestamp: new Date().toISOString() };
      return { url: `${String(context["bap_uri"] ?? "").replace(/\/+$/, "")}/${action}`, action, body: { ...template, context: echoed } };
    },
    send(target, bytes, options = {}) {
      const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
      if (options.sign !== false) {
        headers["authorization"] = signBody({
          rawBody: bytes,
          subscriberId: identity.subscriberId,
          uniqueKeyId: identity.uniqueKeyId,
          privateKey: identity.signingPrivateKey,
        }).header;
      }
      const sent = rawPost(target, headers, bytes, {
        ...(options.dribbleMs !== undefined ? { dribbleMs: options.dribbleMs } : {}),
        timeoutMs: options.timeoutMs ?? 10_000,
      });
      work.add(sent);
      void sent.finally(() => work.delete(sent));
      return sent;
    },
    track(promise) {
      const settled = promise.catch(() => undefined);
      work.add(settled);
      void settled.finally(() => work.delete(settled));
    },
  };
}

/** Starts a hostile SUT; `close()` stops the server, then waits for its background callbacks. */
export async function startHostileSut(behaviour: Behaviour): Promise<HostileSut> {
  const identity = createIdentity("BPP", `bpp.hostile-${behaviour.id}.example`);
  const work = new Set<Promise<unknown>>();
  let base = "";
  const kit = createKit(identity, () => base, work);
  const server = await startRawServer((request) => {
    void Promise.resolve(behaviour.answer(request, kit)).catch(() => request.socket.destroy());
  }, behaviour.onConnection);
  base = server.url;
  return {
    url: server.url,
    identity,
    server,
    async close() {
      await server.close();
      await Promise.all([...work]);
    },
  };
}

/** A fresh id for callbacks that must not match anything the harness sent. */
export const freshId = (): string => randomUUID();
