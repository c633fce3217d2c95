import { randomUUID } from "node:crypto";
import type { Identity } from "../../../mocks/common/identity.js";
import { becknEndpoints } from "../endpoints.js";
import type { Answer, FuzzRequest } from "../fuzz-request.js";
import type { FuzzClass, Kit } from "../kit.js";
import { messageFor, wireOf, type Signing } from "../messages.js";

/**
 * Finding 7, signatures and keys: lifetimes (created=0 with a huge expires, over a day, in the
 * future, expired, inverted), keys used outside the role the registry gives them, a gateway header
 * signed by a BAP or a BPP, tampered bodies, unknown key ids; and the framework's refusals (no Host,
 * long URLs, bad JSON, no body, huge headers, unknown routes) at every server.
 */
const status =
  (expected: number) =>
  (answer: Answer): string | undefined =>
    answer.status === expected ? undefined : `expected HTTP ${expected}`;

function lifetimes(kit: Kit): FuzzRequest[] {
  const now = Math.floor(Date.now() / 1000);
  const times: { name: string; created: number; expires: number }[] = [
    { name: "created=0, expires=999999999999", created: 0, expires: 999_999_999_999 },
    { name: "a lifetime of a day and a second", created: now, expires: now + 86_401 },
    { name: "created an hour from now", created: now + 3600, expires: now + 3660 },
    { name: "expired an hour ago", created: now - 7200, expires: now - 3600 },
    { name: "expires before created", created: now, expires: now - 60 },
  ];
  return Array.from({ length: 10 }, () => {
    const e = kit.pick(becknEndpoints(kit));
    const t = kit.pick(times);
    return {
      name: `${e.name}: ${t.name}, signed by ${e.signer.subscriberId}`,
      url: e.url,
      answer: "beckn" as const,
      wire: wireOf(JSON.stringify(messageFor(e.action, e.parties)), { by: e.signer, created: t.created, expires: t.expires }),
      also: status(401),
    };
  });
}

interface KeyCase {
  readonly name: string;
  readonly url: string;
  readonly body: string;
  readonly signing: Signing;
  readonly expect: number;
}

function keyCases(kit: Kit): KeyCase[] {
  const { bapA, bapB, bpp, bg } = kit.fuzz.subscribers;
  const { urls } = kit;
  const asSender = (who: Identity, action: string): string => JSON.stringify(messageFor(action, { ...kit.toBpp(who), bapId: who.subscriberId }));
  const unknownKey: Identity = { ...bapA, uniqueKeyId: randomUUID() };
  return [
    { name: "a BPP's key signing a select as a BAP", url: `${urls.bpp}/select`, body: asSender(bpp, "select"), signing: { by: bpp }, expect: 401 },
    { name: "a BG's key signing a select as a BAP", url: `${urls.bpp}/select`, body: asSender(bg, "select"), signing: { by: bg }, expect: 401 },
    {
      name: "a BAP's key signing an on_select as a BPP",
      url: `${urls.bap}/on_select`,
      body: JSON.stringify(messageFor("on_select", { ...kit.toBap(), bppId: bapA.subscriberId })),
      signing: { by: bapA },
      expect: 401,
    },
    { name: "a gateway header signed by a BAP", url: `${urls.bpp}/search`, body: asSender(bapA, "search"), signing: { by: bapA, gateway: bapA }, expect: 401 },
    {
      name: "a gateway header signed by a BPP",
      url: `${urls.bap}/on_search`,
      body: JSON.stringify(messageFor("on_search", kit.toBap())),
      signing: { by: bpp, gateway: bpp },
      expect: 401,
    },
    {
      name: "a gateway header signed by a registered BG",
      url: `${urls.bpp}/search`,
      body: asSender(bapA, "search"),
      signing: { by: bapA, gateway: bg },
      expect: 200,
    },
    {
      name: "bapA's key for a request naming bapB",
      url: `${urls.bpp}/select`,
      body: JSON.stringify(messageFor("select", kit.toBpp(bapB))),
      signing: { by: bapA },
      expect: 401,
    },
    {
      name: "a body changed after signing",
      url: `${urls.bpp}/select`,
      body: asSender(bapA, "select"),
      signing: { by: bapA, tamper: (b) => b.replace('"10"', '"99"') },
      expect: 401,
    },
    { name: "a key id the registry does not have", url: `${urls.bpp}/select`, body: asSender(bapA, "select"), signing: { by: unknownKey }, expect: 401 },
  ];
}

function keys(kit: Kit): FuzzRequest[] {
  return keyCases(kit).map((c) => ({
    name: `${new URL(c.url).pathname}: ${c.name}`,
    url: c.url,
    answer: "beckn" as const,
    wire: wireOf(c.body, c.signing),
    also: status(c.expect),
  }));
}

/** Raw HTTP/1.1 requests the framework refuses, each closing its connection. */
function rawRequests(): { name: string; raw: (path: string) => string; trigger?: true }[] {
  const post = (path: string, body: string, headers = "Host: fuzz\r\n"): string =>
    `POST ${path} HTTP/1.1\r\n${headers}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
  return [
    { name: "no Host header", raw: (path) => post(path, "{}", "") },
    { name: "a 10 KB path", raw: (path) => post(`${path}/${"p".repeat(10_000)}`, "{}") },
    { name: "a body that is not JSON", raw: (path) => post(path, '{"context":') },
    { name: "an empty body", raw: (path) => post(path, "") },
    { name: "a 20 KB header", raw: (path) => post(path, "{}", `Host: fuzz\r\nX-Fuzz: ${"h".repeat(20_000)}\r\n`) },
    { name: "an unknown route", raw: () => post("/no-such-route", "{}") },
    { name: "an over-long trigger action", raw: () => post(`/trigger/${"a".repeat(300)}`, "{}"), trigger: true },
  ];
}

function framework(kit: Kit): FuzzRequest[] {
  const servers = [
    { url: kit.urls.bpp, path: "/select" },
    { url: kit.urls.bap, path: "/on_status" },
    { url: kit.urls.gateway, path: "/search" },
    { url: kit.urls.registry, path: "/lookup" },
    { url: kit.urls.grid, path: "/orders" },
    { url: kit.urls.bap, path: "/trigger/select" },
  ];
  return rawRequests().flatMap((r) => {
    const chosen = r.trigger ? [servers[5] ?? servers[0]] : [kit.pick(servers), kit.pick(servers)];
    return chosen.map((s) => ({ name: `${s?.url}${s?.path}: ${r.name}`, url: s?.url ?? "", answer: "refusal" as const, raw: r.raw(s?.path ?? "/") }));
  });
}

export const signaturesClass = (): FuzzClass => ({
  id: "signatures",
  title: "finding 7: signature lifetimes, keys outside their role, gateway headers, framework refusals",
  seed: 7,
  requests: (kit) => [...lifetimes(kit), ...keys(kit), ...framework(kit)],
});
