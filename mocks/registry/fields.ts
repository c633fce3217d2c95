/**
 * Field readers shared by `/lookup`, `/subscribe` and the config file. Each reads one field of a
 * JSON object, pushes a FieldError naming the field's path when the value is wrong, and returns
 * the value or undefined. `null` and "" count as absent, as several clients send them for "no filter".
 */
import { isRfc3339DateTime } from "../../protocol/formats.js";
import { importEncryptionPublicKey, importPublicKey } from "../../protocol/keys.js";
import { PARTICIPANT_TYPES, type FieldError, type ParticipantType } from "./types.js";

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export const at = (prefix: string, name: string): string => `${prefix}.${name}`;

/** A short, safe rendering of a received value for an error message. */
export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function kindOf(value: unknown): string {
  return Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`;
}

export function optionalString(obj: JsonObject, name: string, prefix: string, errors: FieldError[]): string | undefined {
  const value = obj[name];
  if (value === undefined || value === null || value === "") {
    return undefined;
  }
  if (typeof value !== "string") {
    errors.push({ path: at(prefix, name), message: `\`${name}\` is ${kindOf(value)}; expected a string.` });
    return undefined;
  }
  return value;
}

export function requiredString(obj: JsonObject, name: string, prefix: string, errors: FieldError[]): string | undefined {
  const before = errors.length;
  const value = optionalString(obj, name, prefix, errors);
  if (value === undefined && errors.length === before) {
    errors.push({ path: at(prefix, name), message: `\`${name}\` is missing; expected a non-empty string.` });
  }
  return value;
}

/** One value given under any of several names (`key_id`, `unique_key_id`, `ukId`); they must agree. */
export function aliased(obj: JsonObject, names: readonly string[], prefix: string, errors: FieldError[]): string | undefined {
  const given = names.flatMap((name) => {
    const value = optionalString(obj, name, prefix, errors);
    return value === undefined ? [] : [{ name, value }];
  });
  const first = given[0];
  const other = given.find((g) => g.value !== first?.value);
  if (first && other) {
    errors.push({
      path: at(prefix, other.name),
      message: `\`${first.name}\` is ${shown(first.value)} but \`${other.name}\` is ${shown(other.value)}; expected one value.`,
    });
    return undefined;
  }
  return first?.value;
}

/** `BAP`, `BPP` or `BG`, in any case. */
export function participantType(value: string | undefined, path: string, errors: FieldError[]): ParticipantType | undefined {
  if (value === undefined) {
    return undefined;
  }
  const upper = value.toUpperCase();
  const type = PARTICIPANT_TYPES.find((t) => t === upper);
  if (!type) {
    errors.push({ path, message: `\`type\` is ${shown(value)}; expected one of ${PARTICIPANT_TYPES.join(", ")}.` });
  }
  return type;
}

/** Ids that go into a signature's keyId: no `|`, `"` or whitespace. */
export function keyIdPart(value: string | undefined, path: string, errors: FieldError[]): string | undefined {
  if (value !== undefined && /[|"\s]/.test(value)) {
    errors.push({ path, message: `${shown(value)} cannot go in a signature keyId; expected no |, " or whitespace.` });
    return undefined;
  }
  return value;
}

function nestedCode(location: JsonObject, name: "city" | "country", prefix: string, errors: FieldError[]): string | undefined {
  const part = location[name];
  if (part === undefined || part === null) {
    return undefined;
  }
  if (!isObject(part)) {
    errors.push({ path: at(prefix, name), message: `\`location.${name}\` is ${kindOf(part)}; expected an object with a \`code\`.` });
    return undefined;
  }
  return optionalString(part, "code", at(prefix, name), errors);
}

/** City and country: flat (`city`, `country`) or core's `location: {city: {code}, country: {code}}`. */
export function region(obj: JsonObject, prefix: string, errors: FieldError[]): { city?: string; country?: string } {
  let city = optionalString(obj, "city", prefix, errors);
  let country = optionalString(obj, "country", prefix, errors);
  const location = obj["location"];
  if (isObject(location)) {
    const where = at(prefix, "location");
    const nestedCity = nestedCode(location, "city", where, errors);
    const nestedCountry = nestedCode(location, "country", where, errors);
    if (city !== undefined && nestedCity !== undefined && city !== nestedCity) {
      errors.push({
        path: at(where, "city.code"),
        message: `\`city\` is ${shown(city)} but \`location.city.code\` is ${shown(nestedCity)}; expected one value.`,
      });
    }
    if (country !== undefined && nestedCountry !== undefined && country !== nestedCountry) {
      errors.push({
        path: at(where, "country.code"),
        message: `\`country\` is ${shown(country)} but \`location.country.code\` is ${shown(nestedCountry)}; expected one value.`,
      });
    }
    city ??= nestedCity;
    country ??= nestedCountry;
  } else if (location !== undefined && location !== null) {
    errors.push({ path: at(prefix, "location"), message: `\`location\` is ${kindOf(location)}; expected an object.` });
  }
  return { ...(city !== undefined ? { city } : {}), ...(country !== undefined ? { country } : {}) };
}

export function dateTime(value: string | undefined, path: string, errors: FieldError[]): string | undefined {
  if (value !== undefined && !isRfc3339DateTime(value)) {
    errors.push({ path, message: `${shown(value)} is not an RFC 3339 date-time with a zone; expected e.g. "2025-01-01T00:00:00Z".` });
    return undefined;
  }
  return value;
}

export function httpUrl(value: string | undefined, path: string, errors: FieldError[]): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  let protocol = "";
  try {
    protocol = new URL(value).protocol;
  } catch {
    // reported below
  }
  if (protocol !== "http:" && protocol !== "https:") {
    errors.push({ path, message: `${shown(value)} is not an absolute http(s) URL; expected e.g. "http://127.0.0.1:4000".` });
    return undefined;
  }
  return value;
}

/** A public key in base64: raw 32 bytes or DER SPKI, of the given kind. */
export function publicKey(value: string | undefined, kind: "signing" | "encryption", path: string, errors: FieldError[]): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  try {
    (kind === "signing" ? importPublicKey : importEncryptionPublicKey)(value);
    return value;
  } catch (error) {
    errors.push({ path, message: (error as Error).message });
    return undefined;
  }
}
