import type { Answer, FuzzRequest } from "../fuzz-request.js";
import type { FuzzClass, Kit } from "../kit.js";
import { messageFor, wireOf } from "../messages.js";

/**
 * Finding 6, callbacks to any URL: bapA's signed requests to the BPP with a `bap_uri` off bapA's
 * registered URL (another port, another spelling of the host, another scheme, user info, another
 * subscriber's URL, a server registered nowhere, garbage). Each must be a 400 NACK naming
 * `$.context.bap_uri`, and none of those URLs may receive anything.
 */
function offTargets(kit: Kit): { name: string; url: string }[] {
  const a = new URL(kit.fuzz.inboxes.bapA.url);
  return [
    { name: "a server registered nowhere", url: kit.urls.bait },
    { name: "bapB's registered URL", url: kit.fuzz.inboxes.bapB.url },
    { name: "the fuzz BPP's URL", url: kit.fuzz.inboxes.bpp.url },
    { name: "the gateway", url: kit.urls.gateway },
    { name: "the network's BAP", url: kit.urls.bap },
    { name: "bapA's host as localhost", url: `http://localhost:${a.port}` },
    { name: "bapA's URL over https", url: `https://127.0.0.1:${a.port}` },
    { name: "bapA's URL with user info", url: `http://user:pw@127.0.0.1:${a.port}` },
    { name: "bapA's host on port 9", url: "http://127.0.0.1:9" },
    { name: "not a URL", url: "not a url" },
    { name: "a file URL", url: "file:///etc/passwd" },
    { name: "an empty bap_uri", url: "" },
    { name: "a 10 KB URL", url: `http://127.0.0.1:${a.port}.${"x".repeat(10_000)}` },
  ];
}

const refusedAtBapUri = (answer: Answer): string | undefined => {
  const error = (answer.body as { error?: { code?: unknown; paths?: unknown } } | undefined)?.error;
  return answer.status === 400 && String(error?.paths ?? "").includes("$.context.bap_uri") ? undefined : "expected a 400 NACK naming $.context.bap_uri";
};

const WATCHED = ["bait", "inbox bapB", "inbox bpp", "gateway", "bap"] as const;

export const targetsClass = (): FuzzClass => {
  let before: Record<string, number> = {};
  return {
    id: "targets",
    title: "finding 6: bap_uri off the BAP's registered URL",
    seed: 6,
    prepare: async (kit) => {
      before = kit.fuzz.traffic.counts();
    },
    requests: (kit): FuzzRequest[] => {
      const { bapA } = kit.fuzz.subscribers;
      return Array.from({ length: 20 }, () => {
        const target = kit.pick(offTargets(kit));
        const action = kit.pick(["search", "select", "init", "confirm", "status", "update", "cancel", "track", "rating", "support"]);
        const body = messageFor(action, { ...kit.toBpp(bapA), bapUri: target.url });
        return {
          name: `bpp /${action}: bap_uri = ${target.name}, signed by bapA`,
          url: `${kit.urls.bpp}/${action}`,
          answer: "beckn" as const,
          wire: wireOf(JSON.stringify(body), { by: bapA }),
          also: refusedAtBapUri,
        };
      });
    },
    verify: async (kit) => {
      const after = kit.fuzz.traffic.counts();
      return WATCHED.filter((name) => (after[name] ?? 0) > (before[name] ?? 0)).map(
        (name) => `the BPP sent ${(after[name] ?? 0) - (before[name] ?? 0)} requests to ${name}, which no request registered as its bap_uri`,
      );
    },
  };
};
