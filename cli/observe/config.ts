/**
 * observe.json: the participants `observe` stands between, and its settings, checked against
 * schemas/observe.schema.json (which takes the shared definitions from config.schema.json). A bad
 * file names the field as a JSON pointer and stops with P2PC_ERR_CONFIG (exit 2).
 */
import { dirname, resolve } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { HarnessError } from "../../protocol/errors.js";
import type { ProfileName } from "../../schemas/index.js";
import configSchema from "../../schemas/config.schema.json" with { type: "json" };
import observeSchema from "../../schemas/observe.schema.json" with { type: "json" };
import type { ObserveParticipant } from "../../suites/core/observe/network.js";
import { problemsOf, readJson } from "../config-file.js";

/** The file's settings, as the flags they stand for would give them. */
export interface ObserveFile {
  readonly path: string;
  readonly participants: readonly ObserveParticipant[];
  /** Resolved from the file's folder. */
  readonly out?: string;
  readonly host?: string;
  readonly publicHost?: string;
  readonly registryPort?: number;
  readonly gatewayPort?: number;
  /** As written: a duration like 10m, or a number of seconds. */
  readonly maxTime?: string;
  readonly profile?: ProfileName;
  readonly domain?: string;
  readonly closed?: boolean;
}

const validateObserve = new Ajv2020({ allErrors: true, strict: false, verbose: true }).addSchema(configSchema).compile(observeSchema);

function configError(path: string, problems: readonly string[]): never {
  throw new HarnessError("P2PC_ERR_CONFIG", `The observe config ${path} is not valid: ${problems.join("; ")}. See schemas/observe.schema.json.`);
}

/** What the schema cannot say: names, subscriber ids and forwarder ports are each one participant's. */
function checkDistinct(path: string, participants: readonly ObserveParticipant[]): void {
  const problems: string[] = [];
  const seen = { name: new Set<string>(), sutId: new Set<string>(), observePort: new Set<number>() };
  participants.forEach((p, i) => {
    const name = p.name.toLowerCase(); // folders must differ on case-insensitive file systems too
    if (seen.name.has(name)) {
      problems.push(`/participants/${i}/name: ${JSON.stringify(p.name)} is already the name of another participant`);
    }
    if (seen.sutId.has(p.sutId)) {
      problems.push(`/participants/${i}/sutId: ${JSON.stringify(p.sutId)} is already another participant's subscriber id`);
    }
    if (p.observePort !== undefined && p.observePort !== 0 && seen.observePort.has(p.observePort)) {
      problems.push(`/participants/${i}/observePort: ${p.observePort} is already another participant's forwarder port`);
    }
    seen.name.add(name);
    seen.sutId.add(p.sutId);
    if (p.observePort !== undefined) {
      seen.observePort.add(p.observePort);
    }
  });
  if (problems.length > 0) {
    configError(path, problems);
  }
}

/** Reads and checks observe.json; throws P2PC_ERR_CONFIG naming the field. */
export function readObserveFile(path: string): ObserveFile {
  const file = readJson(path);
  if (!validateObserve(file)) {
    configError(path, problemsOf(validateObserve.errors ?? []));
  }
  const { maxTime, out, ...settings } = file as Omit<ObserveFile, "path" | "maxTime"> & { readonly maxTime?: string | number };
  checkDistinct(path, settings.participants);
  return {
    ...settings,
    path,
    ...(out !== undefined ? { out: resolve(dirname(resolve(path)), out) } : {}),
    ...(maxTime !== undefined ? { maxTime: String(maxTime) } : {}),
  };
}
