/**
 * The headers a forwarder passes on: every one it received, in order and spelled as received, but
 * the hop-by-hop ones (RFC 9110 §7.6.1), which belong to one connection. `Proxy-Authorization` is
 * NOT dropped although RFC 2616 listed it: Beckn gateways sign with it (BECKN-006), so it is end to end.
 */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"]);

/** A header list as node's `rawHeaders`: name, value, name, value… */
export type RawHeaders = readonly string[];

export interface HeaderPair {
  readonly name: string;
  readonly value: string;
}

/** The header list as name/value pairs, as recorded (and as HAR lists them). */
export function headerPairs(raw: RawHeaders): HeaderPair[] {
  const pairs: HeaderPair[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    pairs.push({ name: raw[i] ?? "", value: raw[i + 1] ?? "" });
  }
  return pairs;
}

/** `raw` without its hop-by-hop headers (those a `Connection` header names too), and without those in `drop` (lower case). */
export function endToEndHeaders(raw: RawHeaders, drop: readonly string[] = []): string[] {
  const pairs = headerPairs(raw);
  const named = new Set(
    pairs.filter((p) => p.name.toLowerCase() === "connection").flatMap((p) => p.value.split(",").map((token) => token.trim().toLowerCase())),
  );
  return pairs
    .filter((p) => {
      const name = p.name.toLowerCase();
      return !HOP_BY_HOP.has(name) && !named.has(name) && !drop.includes(name);
    })
    .flatMap((p) => [p.name, p.value]);
}
