import { parseArgs } from "node:util";
import { HarnessError } from "../../protocol/errors.js";
import { importPublicKey } from "../../protocol/keys.js";
import { createRegistryClient, type SubscriberEntry } from "../../protocol/registry-client.js";
import { diagnoseSignature, type CandidateKey, type DiagnoseOptions, type SignatureDiagnosis } from "../../protocol/signing/diagnose/index.js";
import { parseSignatureHeader } from "../../protocol/signing/index.js";
import { printable, styleFor } from "../output.js";
import { readBounded } from "../read-messages.js";

export const EXPLAIN_SIGNATURE_HELP = `Usage: p2p-conformance explain-signature --body <file> --header '<Authorization value>'
                                         (--key <base64 public key> | --registry-url <url>) [options]

Checks a BECKN-006 signature outside a run and, when it does not verify, names the mistake that
explains it: the digest taken over another serialisation of the body (compact, pretty-printed,
keys sorted, parsed and serialised again), another hash or encoding under BLAKE-512=, a signing
string with other line breaks, order, spacing, a trailing newline or no "digest: ", created and
expires in milliseconds, off by a second or taken from the context's timestamp and ttl, another
key of the subscriber, or a keyId that names another subscriber than the sender. The body file is
read as exact bytes: keep it byte for byte as it was sent (no editor reformatting, no added newline).

Options:
  --body <file>          the exact bytes of the request or callback body
  --header <value>       the Authorization (or X-Gateway-Authorization) value, "Signature keyId=…"
  --key <base64>         the signer's registered ed25519 public key (raw 32 bytes or SPKI DER)
  --registry-url <url>   look the key up by the header's keyId with the registry's POST /lookup;
                         the subscriber's other keys are tried too
  --gateway              the header is a gateway's X-Gateway-Authorization (then --sender is ignored)
  --sender <id>          the subscriber the context names as sender (bap_id of a request, bpp_id
                         of a callback): a keyId naming another subscriber is then a mistake
  --at <time>            judge the signature's created/expires window at this time: ISO 8601
                         (2026-01-05T10:00:00Z) or Unix seconds or milliseconds (default now)
  --json                 print the diagnosis as JSON
  -h, --help             show this help

Exit codes: 0 the signature verifies over the file's exact bytes and is valid at --at; 1 it does
not (the diagnosis says why); 2 the file, key, header, time or registry cannot be read or parsed.

Example:
  p2p-conformance explain-signature --body search.json \\
    --header 'Signature keyId="bap.example.com|k1|ed25519",algorithm="ed25519",created="1767607200",expires="1767607260",headers="(created) (expires) digest",signature="…"' \\
    --key awGPjRK6i/Vg/lWr+0xObclVxlwZXvTjWYtlu6NeOHk= --at 2026-01-05T10:00:10Z`;

/** The largest body read: far above any Beckn message. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

function readBody(file: string): Buffer {
  return readBounded(file, MAX_BODY_BYTES, "no Beckn body is that large.");
}

/** `--at`: ISO 8601, or digits (Unix seconds, or milliseconds from 13 digits on); Unix milliseconds. */
export function parseAt(value: string | undefined, now: number): number {
  if (value === undefined) {
    return now;
  }
  const text = value.trim();
  const ms = /^\d{1,16}$/.test(text) ? (text.length >= 13 ? Number(text) : Number(text) * 1000) : Date.parse(text);
  if (!Number.isFinite(ms)) {
    throw new HarnessError("P2PC_ERR_USAGE", `--at ${JSON.stringify(value)} is not a time; give ISO 8601 (2026-01-05T10:00:00Z) or Unix seconds.`);
  }
  return ms;
}

function checkKey(key: string): string {
  try {
    importPublicKey(key);
    return key.trim();
  } catch (error) {
    throw new HarnessError("P2PC_ERR_USAGE", `--key is not an ed25519 public key: ${(error as Error).message}`);
  }
}

const keyIdOf = (e: SubscriberEntry): string => e.unique_key_id ?? e.key_id ?? e.ukId;

/** Every key the registry holds for these subscribers, as candidates; throws a HarnessError when it cannot ask. */
async function registryKeys(url: string, subscriberIds: readonly string[]): Promise<CandidateKey[]> {
  const client = createRegistryClient(url);
  const keys: CandidateKey[] = [];
  for (const subscriberId of new Set(subscriberIds)) {
    let entries: SubscriberEntry[];
    try {
      entries = await client.lookup({ subscriber_id: subscriberId });
    } catch (error) {
      throw new HarnessError("P2PC_ERR_REGISTRY_UNREACHABLE", printable((error as Error).message));
    }
    for (const e of entries.filter((entry) => entry?.subscriber_id === subscriberId && typeof entry.signing_public_key === "string")) {
      keys.push({ subscriberId, uniqueKeyId: String(keyIdOf(e)), publicKey: e.signing_public_key, label: `registered as ${e.type}` });
    }
  }
  return keys;
}

interface Inputs {
  readonly body: string;
  readonly header: string;
  readonly key?: string;
  readonly registryUrl?: string;
  readonly sender?: string;
  readonly gateway: boolean;
}

async function diagnoseOptions(inputs: Inputs, rawBody: Buffer, at: number): Promise<DiagnoseOptions> {
  const kind = inputs.gateway ? ("gateway" as const) : ("authorization" as const);
  const common = { header: inputs.header, rawBody, kind, at, ...(inputs.sender ? { expectedSubscriberId: inputs.sender } : {}) };
  if (inputs.key !== undefined) {
    const key = checkKey(inputs.key);
    return { ...common, lookupPublicKey: () => key };
  }
  const parsed = parseSignatureHeader(inputs.header);
  const named = parsed.ok ? [parsed.params.keyId.subscriberId] : [];
  const keys = await registryKeys(inputs.registryUrl ?? "", [...named, ...(inputs.sender ? [inputs.sender] : [])]);
  const lookupPublicKey = (subscriberId: string, uniqueKeyId: string) =>
    keys.find((k) => k.subscriberId === subscriberId && k.uniqueKeyId === uniqueKeyId)?.publicKey;
  return { ...common, lookupPublicKey, candidates: keys };
}

function printDiagnosis(diagnosis: SignatureDiagnosis, out: (line: string) => void): void {
  const style = styleFor(process.stdout);
  if (diagnosis.verdict === "valid") {
    const { keyId, created, expires } = diagnosis;
    out(
      `${style.pass("valid")}: the signature of ${printable(`${keyId.subscriberId}|${keyId.uniqueKeyId}`)} verifies over the body's exact bytes (created ${created}, expires ${expires}).`,
    );
    return;
  }
  out(`${style.fail("invalid")} (${diagnosis.reason}): ${printable(diagnosis.detail)}`);
  if (diagnosis.mistake !== undefined) {
    out(`${style.bold("mistake")} ${diagnosis.mistake}: ${printable(diagnosis.explanation ?? "")}`);
  } else {
    out(style.dim("No known mistake explains it: the body, the key or the signature differ from what was signed."));
  }
}

function inputsOf(values: Record<string, string | boolean | undefined>): Inputs {
  const text = (name: string): string | undefined => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const body = text("body");
  const header = text("header");
  const key = text("key");
  const registryUrl = text("registry-url");
  if (body === undefined || header === undefined || (key === undefined) === (registryUrl === undefined)) {
    throw new HarnessError(
      "P2PC_ERR_USAGE",
      "explain-signature needs --body, --header and one of --key or --registry-url; see `p2p-conformance explain-signature --help`.",
    );
  }
  const sender = text("sender");
  return {
    body,
    header,
    ...(key === undefined ? {} : { key }),
    ...(registryUrl === undefined ? {} : { registryUrl }),
    ...(sender === undefined ? {} : { sender }),
    gateway: values["gateway"] === true,
  };
}

/** Runs `explain-signature`; returns the exit code. */
export async function runExplainSignature(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      body: { type: "string" },
      header: { type: "string" },
      key: { type: "string" },
      "registry-url": { type: "string" },
      sender: { type: "string" },
      gateway: { type: "boolean" },
      at: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    out(EXPLAIN_SIGNATURE_HELP);
    return 0;
  }
  const inputs = inputsOf(values);
  const at = parseAt(values.at, Date.now());
  const rawBody = readBody(inputs.body);
  const diagnosis = await diagnoseSignature(await diagnoseOptions(inputs, rawBody, at));
  if (diagnosis.verdict === "invalid" && diagnosis.mistake === undefined && !parseSignatureHeader(inputs.header).ok) {
    throw new HarnessError("P2PC_ERR_USAGE", `--header is not a BECKN-006 Signature header: ${printable(diagnosis.detail)}`);
  }
  if (values.json) {
    out(JSON.stringify({ at: new Date(at).toISOString(), body: inputs.body, bytes: rawBody.length, ...diagnosis }, null, 2));
  } else {
    printDiagnosis(diagnosis, out);
  }
  return diagnosis.verdict === "valid" ? 0 : 1;
}
