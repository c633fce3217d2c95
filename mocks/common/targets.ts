/**
 * Where a mock may send a request on behalf of one it received or a trigger (docs/limits.md
 * "Where mocks send requests"): never to its own origin, and never to a harness driving path
 * (`/trigger/...`), so that no request can make a mock call itself, or two mocks call each other,
 * without end.
 */

/** Path segments of the harness's driving APIs: a Beckn request never goes there. */
const DRIVING_SEGMENTS: ReadonlySet<string> = new Set(["trigger"]);

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|\[::ffff:127(\.\d{1,3}){3}\]|\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]|0\.0\.0\.0|\[::\])$/i;

/** `host:port` with every loopback spelling folded into one, so `localhost:1` and `127.0.0.1:1` compare equal. */
function originKey(url: URL): string {
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  const host = LOOPBACK.test(url.hostname) ? "loopback" : url.hostname.toLowerCase();
  return `${url.protocol}//${host}:${port}`;
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * Why `target` is not a URL this mock may send to, or undefined when it may: it must be http(s),
 * not on any of `own` origins (the mock's own listening URLs), and not under a driving path.
 */
export function forbiddenTarget(target: string, own: readonly (string | undefined)[]): string | undefined {
  const url = parse(target);
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    return `${JSON.stringify(target.slice(0, 200))} is not an http(s) URL.`;
  }
  const mine = own.flatMap((u) => (u === undefined ? [] : [parse(u)])).filter((u): u is URL => u !== undefined);
  if (mine.some((u) => originKey(u) === originKey(url))) {
    return `${url.origin} is this server's own address: it never sends a request to itself.`;
  }
  if (url.pathname.split("/").some((segment) => DRIVING_SEGMENTS.has(decoded(segment).toLowerCase()))) {
    return `${url.pathname.slice(0, 200)} is a harness driving path (/trigger/...), not a Beckn endpoint.`;
  }
  return undefined;
}
