import { describe, expect, test } from "vitest";
import { formatSignatureHeader, MAX_SIGNATURE_HEADER_LENGTH, parseSignatureHeader, type SignatureParams } from "./header.js";

const SIG = "cjbhP0PFyrlSCNszJM1F/YmHDVAWsZqJUPzojnE/7TJU3fJ/rmIlgaUHEr5E0/2PIyf0tpSnWtT6cyNNlpmoAQ==";
const KEY_ID = 'keyId="bap.example.com|k1|ed25519"';
const CANONICAL = formatSignatureHeader({ subscriberId: "bap.example.com", uniqueKeyId: "k1", created: 100, expires: 160, signature: SIG });
const EXPECTED: SignatureParams = {
  keyId: { subscriberId: "bap.example.com", uniqueKeyId: "k1", algorithm: "ed25519" },
  algorithm: "ed25519",
  created: 100,
  expires: 160,
  headers: "(created) (expires) digest",
  signature: SIG,
};

describe("formatSignatureHeader", () => {
  test("writes every value quoted, comma-separated, in BECKN-006's order", () => {
    expect(CANONICAL).toBe(
      `Signature keyId="bap.example.com|k1|ed25519",algorithm="ed25519",created="100",expires="160",headers="(created) (expires) digest",signature="${SIG}"`,
    );
  });
});

describe("parseSignatureHeader tolerance", () => {
  test.for([
    ["the canonical form", CANONICAL],
    ["spaces after commas", CANONICAL.replaceAll('",', '", ')],
    [
      "spaces around = and ,",
      `Signature keyId = "bap.example.com|k1|ed25519" , algorithm= "ed25519" ,created ="100" , expires = 160 ,headers = "(created) (expires) digest" , signature = "${SIG}"`,
    ],
    ["unquoted numbers", CANONICAL.replace('created="100"', "created=100").replace('expires="160"', "expires=160")],
    ["a lowercase scheme", CANONICAL.replace("Signature", "signature")],
    ["upper-case parameter names", CANONICAL.replace("keyId", "KEYID").replace("algorithm", "Algorithm")],
    ["leading and trailing whitespace and a trailing comma", `  ${CANONICAL}, `],
    [
      "reordered parameters",
      `Signature signature="${SIG}", headers="(created) (expires) digest", expires="160", created="100", algorithm="ed25519", ${KEY_ID}`,
    ],
    ["a two-part keyId", CANONICAL.replace("k1|ed25519", "k1")],
    ["an unknown extra parameter", `${CANONICAL},nonce="x"`],
    ["tabs as whitespace", CANONICAL.replace("Signature ", "Signature\t").replaceAll(",", ",\t")],
  ] as const)("reads %s", ([, header]) => {
    expect(parseSignatureHeader(header)).toEqual({ ok: true, params: EXPECTED });
  });

  test.for([
    ["extra whitespace", "(created)  (expires)\tdigest"],
    ["no spaces, as ONDC's docs print it", "(created)(expires)digest"],
    ["upper case", "(CREATED) (EXPIRES) Digest"],
  ] as const)("normalises a header list with %s to BECKN-006's", ([, list]) => {
    expect(parseSignatureHeader(CANONICAL.replace("(created) (expires) digest", list))).toEqual({ ok: true, params: EXPECTED });
  });

  test("reads a header without algorithm and headers (cavage-12: RECOMMENDED and OPTIONAL) with their defaults", () => {
    const minimal = CANONICAL.replace('algorithm="ed25519",', "").replace('headers="(created) (expires) digest",', "");
    expect(parseSignatureHeader(minimal)).toEqual({ ok: true, params: EXPECTED });
  });

  test("takes a missing algorithm from the keyId, so a keyId naming another one is still SIG-007's", () => {
    const result = parseSignatureHeader(CANONICAL.replace('algorithm="ed25519",', "").replace("k1|ed25519", "k1|rsa-sha256"));
    expect(result.ok && result.params.algorithm).toBe("rsa-sha256");
  });

  test("reads a two-part keyId without algorithm as ed25519, the registry's key type", () => {
    const result = parseSignatureHeader(CANONICAL.replace('algorithm="ed25519",', "").replace("k1|ed25519", "k1"));
    expect(result).toEqual({ ok: true, params: EXPECTED });
  });

  test("reads a signature without its base64 padding (RFC 4648 §3.2)", () => {
    const result = parseSignatureHeader(CANONICAL.replace(SIG, SIG.replace(/=+$/, "")));
    expect(result.ok && result.params.signature).toBe(SIG.replace(/=+$/, ""));
  });
});

describe("parseSignatureHeader refuses malformed values", () => {
  test.for([
    ["an empty string", "", /scheme/],
    ["another scheme", CANONICAL.replace("Signature", "Bearer"), /scheme/],
    ["the scheme alone", "Signature", /scheme/],
    ["the scheme glued to a parameter", CANONICAL.replace("Signature ", "Signature"), /scheme/],
    ["a missing signature", CANONICAL.replace(/,signature="[^"]*"/, ""), /signature/],
    ["a missing keyId", CANONICAL.replace(/keyId="[^"]*",/, ""), /lacks the parameter\(s\) keyId/],
    [
      "a header list other than BECKN-006's",
      CANONICAL.replace("(created) (expires) digest", "(created) digest"),
      /headers is "\(created\) digest"; expected "\(created\) \(expires\) digest"/,
    ],
    ["a header list in another order", CANONICAL.replace("(created) (expires) digest", "digest (created) (expires)"), /headers/],
    ["a signature of 4n+1 base64 characters", CANONICAL.replace(SIG, "abcde"), /signature/],
    ["a one-part keyId", CANONICAL.replace("bap.example.com|k1|ed25519", "bap.example.com"), /keyId/],
    ["a four-part keyId", CANONICAL.replace("k1|ed25519", "k1|ed25519|x"), /keyId/],
    ["an empty keyId part", CANONICAL.replace("|k1|", "||"), /keyId/],
    ["a decimal created", CANONICAL.replace('created="100"', 'created="100.5"'), /created/],
    ["a negative expires", CANONICAL.replace('expires="160"', 'expires="-160"'), /expires/],
    ["a created in milliseconds past year 33000", CANONICAL.replace('created="100"', 'created="1641287875000"'), /created/],
    ["a non-numeric created", CANONICAL.replace('created="100"', 'created="soon"'), /created/],
    ["a signature that is not base64", CANONICAL.replace(SIG, "not base64!"), /signature/],
    ["an unclosed quote", CANONICAL.slice(0, -1), /quote/],
    ["a duplicated parameter", `${CANONICAL},created="100"`, /twice/],
    ["a missing =", CANONICAL.replace('algorithm="ed25519"', 'algorithm "ed25519"'), /"="/],
    ["an empty value", CANONICAL.replace('algorithm="ed25519"', "algorithm=,"), /value/],
    ["garbage between parameters", CANONICAL.replace('",algorithm', '" x algorithm'), /","/],
    ["a stray quote in a bare value", CANONICAL.replace('created="100"', 'created=10"0"'), /","/],
    ["a parameter without a name", CANONICAL.replace(",algorithm", ',="x",algorithm'), /name/],
  ] as const)("refuses %s", ([, header, detail]) => {
    const result = parseSignatureHeader(header);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.detail).toMatch(detail);
  });

  test("refuses a value over 8 KiB", () => {
    const long = `${CANONICAL},pad="${"a".repeat(MAX_SIGNATURE_HEADER_LENGTH)}"`;
    expect(parseSignatureHeader(long)).toEqual({ ok: false, detail: expect.stringMatching(/8192/) });
  });

  test.for([
    ["quotes", 'Signature a="'.padEnd(MAX_SIGNATURE_HEADER_LENGTH, '"')],
    ["equals signs", "Signature a=".padEnd(MAX_SIGNATURE_HEADER_LENGTH, "=")],
    ["commas and spaces", "Signature a=b".padEnd(MAX_SIGNATURE_HEADER_LENGTH, ", ")],
    ["name characters", "Signature ".padEnd(MAX_SIGNATURE_HEADER_LENGTH, "a")],
    ["bare values", "Signature a=".padEnd(MAX_SIGNATURE_HEADER_LENGTH, "b")],
    ["many short parameters", `Signature ${Array.from({ length: 1000 }, (_, i) => `p${i}=1`).join(",")}`.slice(0, 8192)],
  ] as const)("refuses 8 KiB of hostile %s (the tokenizer is linear; bench/ measures it)", ([, header]) => {
    expect(parseSignatureHeader(header).ok).toBe(false);
  });
});
