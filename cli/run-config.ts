import type { parseArgs } from "node:util";
import { resolve } from "node:path";
import { HarnessError } from "../protocol/errors.js";
import { MAX_TTL_MS, parseIsoDuration } from "../protocol/formats.js";
import { importEncryptionPublicKey } from "../protocol/keys.js";
import { PROFILE_NAMES, type ProfileName } from "../schemas/index.js";
import { DEFAULT_RUN, REQUEST_SHAPES, ROLES, type RequestShape, type Role, type RunConfig } from "../suites/core/config.js";
import { parseDurationFlag } from "./durations.js";
import { ALL_VARIANTS } from "../mocks/variants/index.js";
import { acceptedGapsOf } from "./allow-unexercised.js";
import { bppRunScenarios } from "../suites/roles/bpp/drive/read-scenarios.js";
import type { RUN_OPTIONS } from "./run-flags.js";

export { RUN_OPTIONS } from "./run-flags.js";

export type RunValues = ReturnType<typeof parseArgs<{ options: typeof RUN_OPTIONS }>>["values"];

function usage(message: string): never {
  throw new HarnessError("P2PC_ERR_USAGE", message);
}

function integer(flag: string, value: string | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) {
    return fallback;
  }
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 && n <= max ? n : usage(`--${flag} "${value}" must be a whole number from 0 to ${max}.`);
}

function targetUrl(value: string | undefined, flag = "target"): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return usage(`--${flag} "${value}" is not a URL.`);
  }
  return url.protocol === "http:" || url.protocol === "https:" ? value : usage(`--${flag} "${value}" must be an http(s) URL.`);
}

/** `--closed`, `--request-shape` and `--sut-url`: what the harness sends and how strictly it reads callbacks. */
function shapeOptions(values: RunValues): Partial<RunConfig> {
  const shape = values["request-shape"];
  if (shape !== undefined && !(REQUEST_SHAPES as readonly string[]).includes(shape)) {
    usage(`--request-shape "${shape}" is not a shape; use ${REQUEST_SHAPES.join(" or ")}.`);
  }
  if (values["sut-url"] !== undefined && (!values.target || (values.role ?? "bpp") !== "bpp")) {
    usage("--sut-url is the public URL of a BPP under test: it needs --role bpp and --target.");
  }
  const sutUrl = targetUrl(values["sut-url"], "sut-url");
  return {
    ...(values.closed ? { closed: true } : {}),
    ...(shape ? { requestShape: shape as RequestShape } : {}),
    ...(sutUrl ? { sutUrl } : {}),
  };
}

/** Refuses flags that belong to another role. */
function checkRoleFlags(values: RunValues): void {
  if (values.role !== undefined && !(ROLES as readonly string[]).includes(values.role)) {
    usage(`--role "${values.role}" is not a role; use one of ${ROLES.join(", ")}.`);
  }
  const role = values.role ?? "bpp";
  for (const flag of ["sut-callback-url", "gateway-port", "bpp-port", "passive"] as const) {
    if (values[flag] !== undefined && role !== "bap") {
      usage(`--${flag} is for --role bap only.`);
    }
  }
  if (values["bpp-fault"] && role !== "bpp") {
    usage("--bpp-fault is for --role bpp; use --fault <id> for the embedded reference of any role.");
  }
  if (values["registry-url"] && !values.target && role !== "registry") {
    usage("--registry-url needs --target: the SUT must already be registered in that registry, and the embedded reference is not.");
  }
}

/** The second BPP's flags mean nothing without --compare-target (cli/compare-run.ts checks the comparison's own rules). */
function checkCompareFlags(values: RunValues): void {
  for (const flag of ["compare-sut-id", "compare-sut-key", "compare-sut-key-id", "compare-values"] as const) {
    if (values[flag] !== undefined && values["compare-target"] === undefined) {
      usage(`--${flag} needs --compare-target: it describes the second BPP of a comparison.`);
    }
  }
}

/** Refuses flags that cannot make a run, naming the flag. */
function checkFlags(values: RunValues): void {
  checkRoleFlags(values);
  checkCompareFlags(values);
  if (values.profile !== undefined && !(PROFILE_NAMES as readonly string[]).includes(values.profile)) {
    usage(`--profile "${values.profile}" is not a profile; use one of ${PROFILE_NAMES.join(", ")}.`);
  }
  if (values.ttl !== undefined && parseIsoDuration(values.ttl) === undefined) {
    usage(`--ttl "${values.ttl}" is not an ISO 8601 duration such as PT10S.`);
  }
  if ((parseIsoDuration(values.ttl) ?? 0) > MAX_TTL_MS) {
    usage(`--ttl "${values.ttl}" is longer than the ${MAX_TTL_MS / 3_600_000} h a message may live (docs/limits.md Durations).`);
  }
  // A registry under test publishes its own identity at GET /; every other role needs it given.
  if (values.target && values.role !== "registry" && (!values["sut-id"] || !values["sut-key"])) {
    usage("--target needs --sut-id and --sut-key: the harness registers the SUT's key so it can judge its signatures.");
  }
  if (values["registry-url"] && !/^https?:\/\//.test(values["registry-url"])) {
    usage(`--registry-url "${values["registry-url"]}" must be an http(s) URL.`);
  }
  checkEncryptionKey(values);
}

/** `--sut-encr-key`: a registry's X25519 public key, for a registry that publishes none at GET /. */
function checkEncryptionKey(values: RunValues): void {
  const key = values["sut-encr-key"];
  if (key === undefined) {
    return;
  }
  if (values.role !== "registry") {
    usage("--sut-encr-key is the encryption key of a registry under test; it needs --role registry.");
  }
  try {
    importEncryptionPublicKey(key);
  } catch (error) {
    usage(`--sut-encr-key is not an X25519 public key: ${(error as Error).message}`);
  }
}

/** `--variant` ids: each known, of the run's role, and only for the embedded reference. */
function checkedVariants(ids: readonly string[], role: Role, target: string | undefined): string[] {
  if (target) {
    usage("--variant switches a variant on in the embedded reference of the role; it has no effect on a --target.");
  }
  for (const id of ids) {
    const known = ALL_VARIANTS.find((v) => v.id === id);
    if (!known) {
      const own = ALL_VARIANTS.filter((v) => v.role === role).map((v) => v.id);
      usage(`--variant "${id}" is not a variant; the ${role} role has: ${own.join(", ") || "none"} (p2p-conformance variants lists them all).`);
    }
    if (known.role !== role) {
      usage(`--variant "${id}" changes the ${known.mock}, which runs under --role ${known.role}, not --role ${role}.`);
    }
  }
  return [...new Set(ids)];
}

/** The BAP role's own settings. */
function bapOptions(values: RunValues): Partial<RunConfig> {
  return {
    ...(values["sut-callback-url"] ? { sutCallbackUrl: values["sut-callback-url"] } : {}),
    ...(values["gateway-port"] ? { gatewayPort: integer("gateway-port", values["gateway-port"], 7301, 65535) } : {}),
    ...(values["bpp-port"] ? { bppPort: integer("bpp-port", values["bpp-port"], 0, 65535) } : {}),
    ...(values.passive ? { passive: true } : {}),
  };
}

/** `--scenario` and `--scenario-only`: the BPP's scenario files, each read and checked before the run starts. */
function scenarioOptions(values: RunValues, role: Role): Partial<RunConfig> {
  const files = values.scenario ?? [];
  if ((files.length > 0 || values["scenario-only"]) && role !== "bpp") {
    usage("--scenario and --scenario-only are for --role bpp only.");
  }
  if (values["scenario-only"] && files.length === 0) {
    usage("--scenario-only needs at least one --scenario <file> to play.");
  }
  const paths = files.map((file) => resolve(file));
  try {
    bppRunScenarios({ scenarioFiles: paths, scenarioOnly: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw code === "ENOENT" || code === "EACCES" || code === "EISDIR"
      ? new HarnessError("P2PC_ERR_INPUT_UNREADABLE", `--scenario: cannot read ${(error as NodeJS.ErrnoException).path ?? ""} (${code}).`)
      : new HarnessError("P2PC_ERR_USAGE", `--scenario ${(error as Error).message}`);
  }
  return { ...(paths.length > 0 ? { scenarioFiles: paths } : {}), ...(values["scenario-only"] ? { scenarioOnly: true } : {}) };
}

/** The registry role's own settings. */
function registryOptions(values: RunValues): Partial<RunConfig> {
  return values["sut-encr-key"] ? { sutEncrKey: values["sut-encr-key"] } : {};
}

/** `--allow-unexercised`: the gaps the operator accepts, those of the run's role. */
function acceptedGaps(values: RunValues, role: Role): Partial<RunConfig> {
  const accepted = acceptedGapsOf(values["allow-unexercised"], role);
  return accepted ? { allowUnexercised: accepted } : {};
}

/** Turns flags into a run config, refusing every bad value with a message that names the flag. */
export function runConfigFrom(values: RunValues): RunConfig {
  checkFlags(values);
  const profile = (values.profile ?? DEFAULT_RUN.profile) as ProfileName;
  const role = (values.role ?? DEFAULT_RUN.role) as Role;
  const faults = [...(values["bpp-fault"] ?? []), ...(values.fault ?? [])];
  const target = targetUrl(values.target);
  const optional = {
    ...acceptedGaps(values, role),
    ...(target ? { target } : {}),
    ...(values["sut-id"] ? { sutId: values["sut-id"] } : {}),
    ...(values["sut-key"] ? { sutKey: values["sut-key"] } : {}),
    ...(values["sut-key-id"] ? { sutKeyId: values["sut-key-id"] } : {}),
    ...registryOptions(values),
    ...(values["callback-port"] ? { callbackPort: integer("callback-port", values["callback-port"], 0, 65535) } : {}),
    ...(values["public-url"] ? { publicUrl: values["public-url"] } : {}),
    ...(faults.length > 0 ? { faults } : {}),
    ...(values.variant?.length ? { variants: checkedVariants(values.variant, role, values.target) } : {}),
    ...bapOptions(values),
    ...scenarioOptions(values, role),
    ...shapeOptions(values),
    ...(values["registry-url"] ? { registryUrl: values["registry-url"] } : {}),
  };
  return {
    ...DEFAULT_RUN,
    ...optional,
    role,
    profile,
    ttl: values.ttl ?? DEFAULT_RUN.ttl,
    quietWindowMs: parseDurationFlag("quiet-window", values["quiet-window"], DEFAULT_RUN.quietWindowMs),
    maxTimeMs: parseDurationFlag("max-time", values["max-time"], DEFAULT_RUN.maxTimeMs),
    transferTimeoutMs: parseDurationFlag("transfer-timeout", values["transfer-timeout"], DEFAULT_RUN.transferTimeoutMs),
    maxUnsolicited: integer("max-unsolicited", values["max-unsolicited"], DEFAULT_RUN.maxUnsolicited),
    registryPort: integer("registry-port", values["registry-port"], DEFAULT_RUN.registryPort, 65535),
    seed: integer("seed", values.seed, DEFAULT_RUN.seed),
    host: values.host ?? DEFAULT_RUN.host,
    domain: values.domain ?? DEFAULT_RUN.domain,
    city: values.city ?? DEFAULT_RUN.city,
    country: values.country ?? DEFAULT_RUN.country,
  };
}
