/**
 * Deterministic malformed inputs for the mocks' endpoints: broken JSON, JSON of the wrong shape,
 * wrong types, missing and forged signature headers, oversized and deeply nested bodies, invalid
 * UTF-8 and prototype-pollution keys. None of them is a valid signed request, so every endpoint
 * must refuse every one with a NACK that carries an error code.
 */
export interface MalformedInput {
  readonly kind: string;
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

/** mulberry32: a tiny seeded PRNG, so a failing input can be reproduced from its index. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JSON_HEADERS = { "content-type": "application/json" };
const WRONG_VALUES: unknown[] = [null, 0, -1, 1e308, true, false, "", " ", "x".repeat(300), [], [1, 2], {}, { a: { b: {} } }, "\u0000", "💥", "null"];
const FORGED_AUTH = [
  "",
  "Signature",
  "Bearer abc",
  'Signature keyId="a|b|ed25519",algorithm="ed25519",created="1",expires="2",headers="(created) (expires) digest",signature="AAAA"',
  'Signature keyId="|||",algorithm="rsa",created="x",expires="y",headers="",signature=""',
  `Signature keyId="${"a".repeat(9000)}"`,
  'Signature keyId="bap.example|k1|ed25519",algorithm="ed25519",created="9999999999",expires="99999999999",headers="(created) (expires) digest",signature="' +
    "A".repeat(86) +
    '=="',
];

type Generator = (random: () => number, pick: <T>(items: readonly T[]) => T) => MalformedInput;

const brokenJson: Generator = (random, pick) => {
  const text = pick(['{"context":', "{", "}", "[", '{"a":1,}', "{'a':1}", "undefined", "NaN", '{"a":"\\x"}', "\u00ff\u00fe", "{".repeat(50)]);
  const cut = '{"context":{"action":"search"},"message":{"intent":{}}}'.slice(0, Math.floor(random() * 50));
  return { kind: "broken-json", body: Buffer.from(random() < 0.5 ? text : cut), headers: JSON_HEADERS };
};

const NOT_OBJECTS = WRONG_VALUES.filter((v) => typeof v !== "object" || v === null || Array.isArray(v));
const wrongShape: Generator = (_random, pick) => ({ kind: "wrong-shape", body: Buffer.from(JSON.stringify(pick(NOT_OBJECTS))), headers: JSON_HEADERS });

const wrongTypes: Generator = (random, pick) => {
  const body = {
    context: {
      action: pick(WRONG_VALUES),
      transaction_id: pick(WRONG_VALUES),
      message_id: pick(WRONG_VALUES),
      bap_id: pick(WRONG_VALUES),
      bap_uri: pick(WRONG_VALUES),
      timestamp: pick(WRONG_VALUES),
      domain: pick(WRONG_VALUES),
    },
    message: pick(WRONG_VALUES),
    type: pick(WRONG_VALUES),
    subscriber_id: pick(WRONG_VALUES),
    domain: random() < 0.5 ? 7 : [],
  };
  return { kind: "wrong-types", body: Buffer.from(JSON.stringify(body)), headers: { ...JSON_HEADERS, authorization: pick(FORGED_AUTH) } };
};

const forgedHeaders: Generator = (random, pick) => {
  const body = {
    context: {
      domain: "trade",
      action: "search",
      bap_id: "bap.example",
      bap_uri: "http://127.0.0.1:9/",
      transaction_id: "6743e9e2-4fb5-487c-92b7-13ba8018f176",
      message_id: "a2fe6d52-9fe4-4d1a-9d0b-dccb8b48522d",
      timestamp: new Date(0).toISOString(),
    },
    message: { intent: {} },
  };
  const headers: Record<string, string> = { ...JSON_HEADERS };
  if (random() < 0.8) {
    headers["authorization"] = pick(FORGED_AUTH);
  }
  if (random() < 0.3) {
    headers["x-gateway-authorization"] = pick(FORGED_AUTH);
  }
  return { kind: "forged-headers", body: Buffer.from(JSON.stringify(body)), headers };
};

const deepNesting: Generator = (random) => {
  const depth = 1000 + Math.floor(random() * 20000);
  return { kind: "deep-nesting", body: Buffer.from(`${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`), headers: JSON_HEADERS };
};

const invalidUtf8: Generator = (random) => {
  const bytes = Buffer.from('{"context":{"action":"search"},"message":"');
  return {
    kind: "invalid-utf8",
    body: Buffer.concat([bytes, Buffer.from([0xc3, 0x28, 0xff, 0xfe, Math.floor(random() * 256)]), Buffer.from('"}')]),
    headers: JSON_HEADERS,
  };
};

const protoPollution: Generator = (_random, pick) => {
  const text = pick([
    '{"__proto__":{"polluted":true},"context":{}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '{"context":{"__proto__":{"action":"search"}},"message":{}}',
  ]);
  return { kind: "proto-pollution", body: Buffer.from(text), headers: { ...JSON_HEADERS, authorization: pick(FORGED_AUTH) } };
};

const oddContentType: Generator = (_random, pick) => ({
  kind: "odd-content-type",
  body: Buffer.from(pick(["a=1&b=2", "<xml/>", "", "\u0000\u0001"])),
  headers: {
    "content-type": pick([
      "text/plain",
      "application/x-www-form-urlencoded",
      "application/xml",
      "multipart/form-data; boundary=x",
      "application/json; charset=latin1",
    ]),
  },
});

export const INPUT_KINDS = {
  "broken-json": brokenJson,
  "wrong-shape": wrongShape,
  "wrong-types": wrongTypes,
  "forged-headers": forgedHeaders,
  "deep-nesting": deepNesting,
  "invalid-utf8": invalidUtf8,
  "proto-pollution": protoPollution,
  "odd-content-type": oddContentType,
} as const satisfies Record<string, Generator>;
export type InputKind = keyof typeof INPUT_KINDS;

/**
 * `count` malformed inputs from `seed`, drawn from `kinds`; every `oversizedEvery`-th one is larger
 * than `bodyLimit`. An endpoint that needs no signature (a registry lookup, a trigger) gets only
 * the kinds that are invalid for it.
 */
export function malformedInputs(
  seed: number,
  count: number,
  bodyLimit: number,
  kinds: readonly InputKind[] = Object.keys(INPUT_KINDS) as InputKind[],
  oversizedEvery = 250,
): MalformedInput[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    if (i % oversizedEvery === oversizedEvery - 1) {
      return { kind: "oversized", body: Buffer.alloc(bodyLimit + 1024, 0x20), headers: JSON_HEADERS };
    }
    return INPUT_KINDS[pick(kinds)](random, pick);
  });
}
