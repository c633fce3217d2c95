/**
 * p2p-conformance.config.json: every `run` setting in camelCase, checked against
 * schemas/config.schema.json. A bad file names the field as a JSON pointer, says what is wrong and
 * stops the run with P2PC_ERR_CONFIG (exit 2). Flags given on the command line override the file.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import { HarnessError } from "../protocol/errors.js";
import configSchema from "../schemas/config.schema.json" with { type: "json" };
import type { RunValues } from "./run-config.js";
import { CONFIG_KEY_OF_FLAG, type RunFlag } from "./run-flags.js";

export const CONFIG_FILE = "p2p-conformance.config.json";

/** `run` flag values as parseArgs gives them. */
export { CONFIG_KEY_OF_FLAG } from "./run-flags.js";

export type FlagValues = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

const FLAG_OF_KEY: ReadonlyMap<string, RunFlag> = new Map(
  Object.entries(CONFIG_KEY_OF_FLAG).flatMap(([flag, key]) => (key === null ? [] : [[key, flag as RunFlag] as const])),
);

/** Settings that hold a path, read from the config file's folder. */
const PATH_KEYS = new Set(["out", "issuerKey", "scenarioFiles"]);
/** Settings of one SUT, which a file with participants gives per participant only. */
const SUT_KEYS = ["target", "sutId", "sutKey", "sutKeyId", "sutCommand", "sutImage", "sutEncrKey", "sutUrl"] as const;

export interface ConfigParticipant {
  readonly name: string;
  /** The participant's settings over the file's top-level ones, as `run` flag values. */
  readonly values: RunValues;
}

export interface LoadedConfig {
  readonly path: string;
  /** The file's top-level settings as `run` flag values. */
  readonly values: RunValues;
  readonly participants?: readonly ConfigParticipant[];
}

const validateConfig = new Ajv2020({ allErrors: true, strict: false, verbose: true }).compile(configSchema);

function configError(path: string, problems: readonly string[]): never {
  throw new HarnessError("P2PC_ERR_CONFIG", `The config file ${path} is not valid: ${problems.join("; ")}. See schemas/config.schema.json.`);
}

const camel = (name: string): string => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** One ajv error as `<pointer>: <what is wrong>`. */
function describe(error: ErrorObject): { pointer: string; text: string } {
  const at = error.instancePath;
  const params = error.params as Record<string, unknown>;
  const got = error.data === undefined ? "" : `${JSON.stringify(error.data)?.slice(0, 80)} `;
  switch (error.keyword) {
    case "unevaluatedProperties":
    case "additionalProperties": {
      const field = String(params["unevaluatedProperty"] ?? params["additionalProperty"]);
      const hint = FLAG_OF_KEY.has(camel(field)) && camel(field) !== field ? `; did you mean "${camel(field)}"?` : "";
      return { pointer: `${at}/${field}`, text: `is not a known field${hint}` };
    }
    case "required":
      return { pointer: `${at}/${String(params["missingProperty"])}`, text: "is required" };
    case "dependentRequired":
      return { pointer: `${at}/${String(params["missingProperty"])}`, text: `is required with ${String(params["property"])}` };
    case "enum":
      return { pointer: at, text: `${got}must be one of ${(params["allowedValues"] as unknown[]).map((v) => JSON.stringify(v)).join(", ")}` };
    default: {
      const described = (error.parentSchema as { description?: unknown } | undefined)?.description;
      return { pointer: at, text: `${got}${error.message ?? "is not valid"}${typeof described === "string" ? ` (${described})` : ""}` };
    }
  }
}

/** Ajv's errors, one per field: a `oneOf` (a duration) explains itself better than its branches. */
export function problemsOf(errors: readonly ErrorObject[]): string[] {
  const byPointer = new Map<string, { pointer: string; text: string; oneOf: boolean }>();
  for (const error of errors.filter((e) => e.keyword !== "if")) {
    const { pointer, text } = describe(error);
    const oneOf = error.keyword === "oneOf";
    if (!byPointer.has(pointer) || (oneOf && !byPointer.get(pointer)?.oneOf)) {
      byPointer.set(pointer, {
        pointer,
        text: oneOf ? `${JSON.stringify(error.data)} must be a duration like 2s, 500ms or 2m, or a number of seconds` : text,
        oneOf,
      });
    }
  }
  return [...byPointer.values()].slice(0, 8).map((p) => `${p.pointer || "/"}: ${p.text}`);
}

/** Settings (camelCase) as `run` flag values: numbers as the text a flag would carry, paths from `base`. */
function toValues(settings: Record<string, unknown>, base: string): RunValues {
  const values: Record<string, string | boolean | string[]> = {};
  for (const [key, value] of Object.entries(settings)) {
    const flag = FLAG_OF_KEY.get(key);
    if (flag === undefined) {
      continue;
    }
    values[flag] = Array.isArray(value)
      ? value.map((v) => (PATH_KEYS.has(key) ? resolve(base, String(v)) : String(v)))
      : typeof value === "boolean"
        ? value
        : PATH_KEYS.has(key)
          ? resolve(base, String(value))
          : String(value);
  }
  return values as RunValues;
}

/** Checks what the schema cannot: unique participant names, and no SUT settings beside participants. */
function checkParticipants(path: string, file: Record<string, unknown>): void {
  const participants = file["participants"] as Record<string, unknown>[] | undefined;
  if (!participants) {
    return;
  }
  const problems = SUT_KEYS.filter((key) => key in file).map((key) => `/${key}: is not allowed beside participants; give it to each participant`);
  const seen = new Set<string>();
  participants.forEach((p, i) => {
    const name = String(p["name"]).toLowerCase(); // folders must differ on case-insensitive file systems too
    if (seen.has(name)) {
      problems.push(`/participants/${i}/name: ${JSON.stringify(p["name"])} is already the name of another participant`);
    }
    seen.add(name);
  });
  if (problems.length > 0) {
    configError(path, problems);
  }
}

export function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new HarnessError("P2PC_ERR_CONFIG", `Cannot read the config file ${path} (${(error as NodeJS.ErrnoException).code ?? "error"}).`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HarnessError("P2PC_ERR_CONFIG", `The config file ${path} is not JSON: ${(error as Error).message}.`);
  }
}

/** Reads and checks a config file; throws P2PC_ERR_CONFIG naming the field. */
export function readConfigFile(path: string): LoadedConfig {
  const file = readJson(path);
  if (!validateConfig(file)) {
    configError(path, problemsOf(validateConfig.errors ?? []));
  }
  const settings = file as Record<string, unknown>;
  checkParticipants(path, settings);
  const base = dirname(resolve(path));
  const values = toValues(settings, base);
  const participants = (settings["participants"] as Record<string, unknown>[] | undefined)?.map((p) => ({
    name: String(p["name"]),
    values: { ...values, ...toValues(p, base) },
  }));
  return { path, values, ...(participants ? { participants } : {}) };
}

/** The config named by `--config`, else `p2p-conformance.config.json` in the working directory when there is one. */
export function findConfigFile(flag: string | undefined, cwd = process.cwd()): LoadedConfig | undefined {
  if (flag !== undefined) {
    return readConfigFile(flag);
  }
  const implicit = resolve(cwd, CONFIG_FILE);
  return existsSync(implicit) ? readConfigFile(implicit) : undefined;
}

/** Flags over the file: a flag given on the command line wins, whatever the file says. */
export function withFlags<T extends FlagValues>(fromFile: FlagValues, flags: T): T {
  const given = Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined));
  return { ...fromFile, ...given } as T;
}
