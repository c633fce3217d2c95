/** Reads one participant (a `/subscribe` body or a config-file entry) into a PreloadInput, naming every bad field. */
import { aliased, at, dateTime, httpUrl, isObject, keyIdPart, optionalString, participantType, publicKey, region, requiredString, shown } from "./fields.js";
import { PARTICIPANT_STATUSES, type FieldError, type ParticipantStatus, type PreloadInput } from "./types.js";

export const KEY_ID_NAMES = ["unique_key_id", "key_id", "ukId"] as const;
export const URL_NAMES = ["url", "subscriber_url"] as const;

const KNOWN_FIELDS = new Set<string>([
  "subscriber_id",
  ...URL_NAMES,
  "type",
  "domain",
  "city",
  "country",
  "location",
  ...KEY_ID_NAMES,
  "signing_public_key",
  "encr_public_key",
  "valid_from",
  "valid_until",
  "status",
]);

export interface ReadParticipantOptions {
  /** Where the object sits, for error paths: `$` for a request body, `participants[2]` in a config file. */
  readonly prefix: string;
  /** Refuse fields this reader does not know (a config file), rather than ignore them (a request). */
  readonly strict: boolean;
  /** Read `status` (a preload may give any status; `/subscribe` ignores it). */
  readonly readStatus: boolean;
  /** `/subscribe` needs the encryption key for its challenge; a preload may go without one. */
  readonly requireEncryptionKey: boolean;
}

export type ReadParticipantResult = { readonly ok: true; readonly value: PreloadInput } | { readonly ok: false; readonly errors: readonly FieldError[] };

function status(value: string | undefined, path: string, errors: FieldError[]): ParticipantStatus | undefined {
  if (value === undefined) {
    return undefined;
  }
  const found = PARTICIPANT_STATUSES.find((s) => s === value);
  if (!found) {
    errors.push({ path, message: `\`status\` is ${shown(value)}; expected one of ${PARTICIPANT_STATUSES.join(", ")}.` });
  }
  return found;
}

function unknownFields(obj: Readonly<Record<string, unknown>>, prefix: string, errors: FieldError[]): void {
  for (const name of Object.keys(obj).filter((n) => !KNOWN_FIELDS.has(n))) {
    errors.push({ path: at(prefix, name), message: `\`${name}\` is not a participant field; expected only ${[...KNOWN_FIELDS].join(", ")}.` });
  }
}

function validity(obj: Readonly<Record<string, unknown>>, prefix: string, errors: FieldError[]): { valid_from?: string; valid_until?: string } {
  const from = dateTime(optionalString(obj, "valid_from", prefix, errors), at(prefix, "valid_from"), errors);
  const until = dateTime(optionalString(obj, "valid_until", prefix, errors), at(prefix, "valid_until"), errors);
  if (from !== undefined && until !== undefined && Date.parse(from) >= Date.parse(until)) {
    errors.push({
      path: at(prefix, "valid_until"),
      message: `\`valid_until\` ${shown(until)} is not after \`valid_from\` ${shown(from)}; expected a later time.`,
    });
  }
  return { ...(from !== undefined ? { valid_from: from } : {}), ...(until !== undefined ? { valid_until: until } : {}) };
}

function missing(name: string, prefix: string, names: readonly string[], errors: FieldError[]): void {
  errors.push({
    path: at(prefix, name),
    message: `\`${name}\` is missing; expected a non-empty string (also accepted as ${names.filter((n) => n !== name).join(" or ")}).`,
  });
}

/** Reads and validates one participant; every error names its field. */
export function readParticipant(raw: unknown, options: ReadParticipantOptions): ReadParticipantResult {
  const { prefix } = options;
  if (!isObject(raw)) {
    return { ok: false, errors: [{ path: prefix, message: `The participant is ${shown(raw)}; expected a JSON object.` }] };
  }
  const errors: FieldError[] = [];
  const subscriberId = keyIdPart(requiredString(raw, "subscriber_id", prefix, errors), at(prefix, "subscriber_id"), errors);
  const before = errors.length;
  const url = httpUrl(aliased(raw, URL_NAMES, prefix, errors), at(prefix, "url"), errors);
  if (url === undefined && errors.length === before) {
    missing("url", prefix, URL_NAMES, errors);
  }
  const type = participantType(requiredString(raw, "type", prefix, errors), at(prefix, "type"), errors);
  const domain = requiredString(raw, "domain", prefix, errors);
  const where = region(raw, prefix, errors);
  const keyCount = errors.length;
  const keyId = keyIdPart(aliased(raw, KEY_ID_NAMES, prefix, errors), at(prefix, "unique_key_id"), errors);
  if (keyId === undefined && errors.length === keyCount) {
    missing("unique_key_id", prefix, KEY_ID_NAMES, errors);
  }
  const signing = publicKey(requiredString(raw, "signing_public_key", prefix, errors), "signing", at(prefix, "signing_public_key"), errors);
  const readEncryption = options.requireEncryptionKey ? requiredString : optionalString;
  const encryption = publicKey(readEncryption(raw, "encr_public_key", prefix, errors), "encryption", at(prefix, "encr_public_key"), errors);
  const valid = validity(raw, prefix, errors);
  const wanted = options.readStatus ? status(optionalString(raw, "status", prefix, errors), at(prefix, "status"), errors) : undefined;
  if (options.strict) {
    unknownFields(raw, prefix, errors);
  }
  if (errors.length > 0 || !subscriberId || !url || !type || !domain || !keyId || !signing) {
    return { ok: false, errors };
  }
  const value: PreloadInput = {
    subscriber_id: subscriberId,
    url,
    type,
    domain,
    ...where,
    unique_key_id: keyId,
    signing_public_key: signing,
    ...(encryption !== undefined ? { encr_public_key: encryption } : {}),
    ...valid,
    ...(wanted ? { status: wanted } : {}),
  };
  return { ok: true, value };
}
