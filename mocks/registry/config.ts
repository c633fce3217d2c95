/**
 * The registry's config file: `{ "participants": [ ... ] }`, each participant in the lookup field
 * names (docs/registry.md). Every field is checked, and every error names its path.
 */
import { readFile } from "node:fs/promises";
import { isObject, shown } from "./fields.js";
import { readParticipant } from "./participant.js";
import type { Registry } from "./store.js";
import type { FieldError, PreloadInput } from "./types.js";

/** A config file that cannot be used; `errors` lists every bad field. */
export class RegistryConfigError extends Error {
  readonly source: string;
  readonly errors: readonly FieldError[];

  constructor(source: string, errors: readonly FieldError[]) {
    super(`The registry config ${source} is invalid:\n${errors.map((e) => `  ${e.path}: ${e.message}`).join("\n")}`);
    this.name = "RegistryConfigError";
    this.source = source;
    this.errors = errors;
  }
}

function duplicates(participants: readonly PreloadInput[]): FieldError[] {
  const seen = new Map<string, number>();
  return participants.flatMap((p, index) => {
    const key = JSON.stringify([p.subscriber_id, p.unique_key_id, p.type, p.domain]);
    const first = seen.get(key);
    seen.set(key, first ?? index);
    return first === undefined
      ? []
      : [
          {
            path: `participants[${index}]`,
            message: `repeats participants[${first}] (same subscriber_id, unique_key_id, type and domain); expected each key once per type and domain.`,
          },
        ];
  });
}

/** Validates a parsed config; throws RegistryConfigError naming every bad field. */
export function parseRegistryConfig(json: unknown, source = "(inline)"): PreloadInput[] {
  if (!isObject(json)) {
    throw new RegistryConfigError(source, [{ path: "$", message: `The config is ${shown(json)}; expected an object { "participants": [ ... ] }.` }]);
  }
  const errors: FieldError[] = Object.keys(json)
    .filter((name) => name !== "participants")
    .map((name) => ({ path: name, message: `\`${name}\` is not a registry config field; expected only "participants".` }));
  const list = json["participants"];
  if (!Array.isArray(list)) {
    throw new RegistryConfigError(source, [
      ...errors,
      { path: "participants", message: `\`participants\` is ${shown(list)}; expected an array of participants.` },
    ]);
  }
  const participants: PreloadInput[] = [];
  list.forEach((raw: unknown, index) => {
    const read = readParticipant(raw, { prefix: `participants[${index}]`, strict: true, readStatus: true, requireEncryptionKey: false });
    if (read.ok) {
      participants.push(read.value);
    } else {
      errors.push(...read.errors);
    }
  });
  errors.push(...duplicates(participants));
  if (errors.length > 0) {
    throw new RegistryConfigError(source, errors);
  }
  return participants;
}

/**
 * Reads and validates a config file, then preloads every participant into `registry` when one is
 * given (all or none: nothing is preloaded when any field is bad). Returns the participants.
 */
export async function loadRegistryConfig(path: string, registry?: Registry): Promise<PreloadInput[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new RegistryConfigError(path, [{ path: "$", message: `The file cannot be read: ${(error as Error).message}` }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (error) {
    throw new RegistryConfigError(path, [{ path: "$", message: `The file is not JSON: ${(error as Error).message}` }]);
  }
  const participants = parseRegistryConfig(json, path);
  participants.forEach((p) => registry?.preload(p));
  return participants;
}
