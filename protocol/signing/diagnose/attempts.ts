/**
 * Every way the diagnoser tries to make the signature verify, most specific first: with the
 * registered key, the signing string in other layouts and times, other digests, other bodies; then
 * with other keys over BECKN-006's own signing string. Each attempt explains itself when it verifies.
 */
import type { KeyObject } from "node:crypto";
import { blake2b512Base64 as blake512 } from "../digest.js";
import { buildSigningString } from "../signing-string.js";
import { shown } from "../header.js";
import { bodyForms } from "./bodies.js";
import { describeDifference, firstDifference } from "./difference.js";
import { digestForms } from "./digests.js";
import { layoutForms, timeForms, type StringForm } from "./signing-strings.js";
import type { FoundMistake, KeyNamed } from "./types.js";

export interface Attempt {
  readonly key: KeyObject;
  readonly text: string;
  readonly explain: () => FoundMistake;
}

export interface SearchInput {
  readonly raw: Buffer;
  readonly created: number;
  readonly expires: number;
  /** BECKN-006's digest of the bytes received. */
  readonly digest: string;
  /** The keyId as written: `subscriber|unique_key_id`. */
  readonly keyIdText: string;
  readonly keyIdSubscriber: string;
  readonly registered: KeyObject | undefined;
  readonly others: ReadonlyArray<{ readonly key: KeyObject; readonly named: KeyNamed }>;
}

const SIGN_RAW = "sign the exact bytes you send (BECKN-006: the digest is over the raw body)";
const EXACT_STRING =
  'build the signing string exactly as BECKN-006 does: "(created): <created>\\n(expires): <expires>\\ndigest: BLAKE-512=<digest>", no trailing newline';

function stringAttempt(input: SearchInput, key: KeyObject, form: StringForm): Attempt {
  const expectedString = buildSigningString(input);
  return {
    key,
    text: form.text,
    explain: () => {
      const difference = firstDifference(Buffer.from(expectedString), Buffer.from(form.text));
      const timesNote =
        form.created === undefined ? "" : ` (created ${form.created}, expires ${form.expires}; the header says ${input.created} and ${input.expires})`;
      const fix = form.created === undefined ? EXACT_STRING : "sign with the created and expires you put in the header, in Unix seconds (BECKN-006)";
      return {
        mistake: form.mistake,
        explanation: `the signature verifies over a signing string ${form.description}${timesNote}${describeDifference(difference, "BECKN-006's signing string differs from it")}; ${fix}.`,
        evidence: {
          signedString: form.text,
          expectedString,
          ...(difference ? { difference } : {}),
          ...(form.created === undefined ? {} : { created: form.created, expires: form.expires }),
        },
      };
    },
  };
}

function* withRegisteredKey(input: SearchInput, key: KeyObject): Generator<Attempt> {
  for (const form of [...layoutForms(input, input.digest), ...timeForms(input, input.digest, parsedBody(input.raw))]) {
    yield stringAttempt(input, key, form);
  }
  for (const form of digestForms(input.raw)) {
    yield {
      key,
      text: buildSigningString({ ...input, digest: form.value }),
      explain: () => ({
        mistake: form.mistake,
        explanation: `the signature verifies over a signing string whose digest is ${form.description} (${shown(form.value)}); put the BLAKE2b-512 of the body in padded base64 under BLAKE-512= (${shown(input.digest)}).`,
        evidence: { signedDigest: form.value, signedString: buildSigningString({ ...input, digest: form.value }), expectedString: buildSigningString(input) },
      }),
    };
  }
  for (const form of bodyForms(input.raw)) {
    const text = buildSigningString({ ...input, digest: blake512(form.bytes) });
    yield {
      key,
      text,
      explain: () => {
        const difference = firstDifference(input.raw, form.bytes);
        return {
          mistake: form.mistake,
          explanation: `the signature verifies over ${form.description}${describeDifference(difference, "the bytes you sent differ from those")}; ${SIGN_RAW}.`,
          evidence: { signedDigest: blake512(form.bytes), signedString: text, ...(difference ? { difference } : {}) },
        };
      },
    };
  }
}

function* withOtherKeys(input: SearchInput): Generator<Attempt> {
  const text = buildSigningString(input);
  for (const { key, named } of input.others) {
    const same = named.subscriberId === input.keyIdSubscriber;
    const about = [...(named.uniqueKeyId ? [`unique_key_id ${shown(named.uniqueKeyId)}`] : []), ...(named.label ? [named.label] : [])].join(", ");
    const whose = `${same ? "another key of" : "the key of"} ${shown(named.subscriberId)}${about ? ` (${about})` : ""}`;
    yield {
      key,
      text,
      explain: () => ({
        mistake: same ? "key-other-of-subscriber" : "key-other-participant",
        explanation: `the signature verifies with ${whose}, not with the key registered for the keyId ${shown(input.keyIdText)}; sign with the private key of the keyId you name, or name the key you sign with.`,
        evidence: { key: named },
      }),
    };
  }
}

export function* attempts(input: SearchInput): Generator<Attempt> {
  if (input.registered !== undefined) {
    yield* withRegisteredKey(input, input.registered);
  }
  yield* withOtherKeys(input);
}

function parsedBody(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    return undefined;
  }
}
