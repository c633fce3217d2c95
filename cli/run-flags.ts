/**
 * Every flag of `run`, once: its type, its value's name in the help, its config file key and its
 * help text. `run`'s parser, its --help, the config file's keys and `load`'s shared flags all come
 * from this table (test/cli/config.test.ts keeps the config schema in step with it).
 */
import { PROFILE_NAMES } from "../schemas/index.js";

interface FlagSpec {
  readonly type: "string" | "boolean";
  readonly multiple?: true;
  readonly short?: string;
  /** How --help names its value (`<url>`); none for a boolean. */
  readonly value?: string;
  /** The key in p2p-conformance.config.json (camelCase), or null where the file has none. */
  readonly configKey: string | null;
  /** Only `run` takes it; `load` shares every other flag. */
  readonly runOnly?: true;
  readonly help: string;
}

export const RUN_FLAGS = {
  role: {
    type: "string",
    value: "<role>",
    configKey: "role",
    help: "bpp (default), bap, gateway or registry; all runs every role against its embedded reference (what npm start does) and writes summary.json/html",
  },
  target: {
    type: "string",
    value: "<url>",
    configKey: "target",
    help: "the SUT's base URL (a BAP: where /trigger/<action> is); without it, the embedded reference implementation of the role is tested",
  },
  "sut-id": { type: "string", value: "<id>", configKey: "sutId", help: "the SUT's subscriber id (needed with --target)" },
  "sut-key": { type: "string", value: "<base64>", configKey: "sutKey", help: "the SUT's ed25519 public key, raw 32 bytes in base64 (needed with --target)" },
  "sut-key-id": {
    type: "string",
    value: "<ukid>",
    configKey: "sutKeyId",
    help: "the SUT's unique_key_id: registered with its key, and every keyId it signs with must name it (BPP: SIG-003); when absent, any key id is accepted",
  },
  "sut-encr-key": {
    type: "string",
    value: "<base64>",
    configKey: "sutEncrKey",
    help: "a registry's X25519 encryption public key, for a registry that publishes none at GET / (the harness decrypts its challenges with it)",
  },
  profile: { type: "string", value: "<name>", configKey: "profile", help: `${PROFILE_NAMES.join(", ")} (default p2p-trade-guide-v1)` },
  "request-shape": {
    type: "string",
    value: "<shape>",
    configKey: "requestShape",
    help: "guide or core: the forms the harness sends where the guide and core differ (quantity.measure and fulfillments[].end, or quantity.selected.measure and stops[]); default core under core-1.1.0, else guide; never both in one message",
  },
  closed: { type: "boolean", configKey: "closed", help: "also warn (SCH-002) every property core 1.1.0 does not define in a callback" },
  "sut-url": {
    type: "string",
    value: "<url>",
    configKey: "sutUrl",
    help: "BPP: the SUT's public URL, registered as its subscriber_url and expected in bpp_uri (default: --target), for a SUT behind a tunnel or an ingress",
  },
  ttl: { type: "string", value: "<duration>", configKey: "ttl", help: "context.ttl of every request, ISO 8601 (default PT10S)" },
  "quiet-window": { type: "string", value: "<d>", configKey: "quietWindow", help: "how long to watch for a callback that must not come (default 2s)" },
  "max-time": { type: "string", value: "<d>", configKey: "maxTime", help: "budget of the whole run (default 120s)" },
  "transfer-timeout": { type: "string", value: "<d>", configKey: "transferTimeout", help: "time for the energy transfer to complete (default 60s)" },
  "max-unsolicited": { type: "string", value: "<n>", configKey: "maxUnsolicited", help: "unsolicited callbacks allowed per transaction (default 100)" },
  "registry-port": { type: "string", value: "<port>", configKey: "registryPort", help: "where the harness's registry listens (default 7300; 0 for any)" },
  "registry-url": {
    type: "string",
    value: "<url>",
    configKey: "registryUrl",
    help: "use this registry instead (a running mock up, a sandbox); the SUT must be registered there; the harness subscribes its own BAP and gateway",
  },
  host: { type: "string", value: "<addr>", configKey: "host", help: "bind address (default 127.0.0.1)" },
  "public-url": {
    type: "string",
    value: "<url>",
    configKey: "publicUrl",
    help: "base URL the harness puts in bap_uri and its registry entry, when the SUT reaches the harness through a tunnel or an ingress",
  },
  "callback-port": {
    type: "string",
    value: "<port>",
    configKey: "callbackPort",
    help: "where the harness's callback receiver (bap_uri) listens (default: any free port; fix it so a tunnel can point at it)",
  },
  domain: { type: "string", value: "<code>", configKey: "domain", help: "the context's domain (default trade)" },
  city: { type: "string", value: "<code>", configKey: "city", help: "the context's city code (default NANP:628)" },
  country: { type: "string", value: "<code>", configKey: "country", help: "the context's country code (default USA)" },
  fault: { type: "string", multiple: true, value: "<id>", configKey: "faults", help: "switch a fault on in the embedded reference of the role (repeatable)" },
  "bpp-fault": { type: "string", multiple: true, value: "<id>", configKey: null, help: "the same, for --role bpp" },
  variant: {
    type: "string",
    multiple: true,
    value: "<id>",
    configKey: "variants",
    help: "switch a legitimate variant on in the embedded reference (repeatable; with --role all each goes to its role); `p2p-conformance variants` lists them",
  },
  "sut-callback-url": { type: "string", value: "<url>", configKey: "sutCallbackUrl", help: "BAP: its registered callback base URL (default: --target)" },
  "gateway-port": { type: "string", value: "<port>", configKey: "gatewayPort", help: "BAP: where the harness's gateway listens (default 7301)" },
  "bpp-port": { type: "string", value: "<port>", configKey: "bppPort", help: "BAP: where the harness's BPP listens (default: any free port)" },
  passive: { type: "boolean", configKey: "passive", help: "BAP: do not trigger; check what a person drives through the app" },
  scenario: {
    type: "string",
    multiple: true,
    value: "<file>",
    configKey: "scenarioFiles",
    runOnly: true,
    help: "BPP: also play this scenario file (repeatable), e.g. one `scenario from-har` made from a capture",
  },
  "scenario-only": {
    type: "boolean",
    configKey: "scenarioOnly",
    runOnly: true,
    help: "BPP: play only the --scenario files; what only the built-in scenarios provoke is listed as not reachable (no certificate)",
  },
  seed: { type: "string", value: "<n>", configKey: "seed", help: "seed of the message builders, to replay a run (default 1)" },
  out: { type: "string", value: "<dir>", configKey: "out", help: "where to write report.json (default reports/out/<run id>)" },
  reporter: {
    type: "string",
    multiple: true,
    value: "<names>",
    configKey: "reporters",
    help: "the formats to write besides report.json (repeatable, comma lists; default all): html, junit, har, allure",
  },
  "sut-command": {
    type: "string",
    value: "<cmd>",
    configKey: "sutCommand",
    runOnly: true,
    help: "start the SUT with this shell command, wait for the port of --target, run, then stop it; it gets the harness's URLs in P2PC_REGISTRY_URL, P2PC_GATEWAY_URL, P2PC_BAP_URI and P2PC_SUT_PORT; its output goes to <out>/sut.log",
  },
  "sut-image": {
    type: "string",
    value: "<image>",
    configKey: "sutImage",
    runOnly: true,
    help: "the same with a local container image (testcontainers, host network, dockerd)",
  },
  "sut-timeout": { type: "string", value: "<d>", configKey: "sutTimeout", runOnly: true, help: "how long to wait for the SUT's port (default 60s)" },
  "allure-html": {
    type: "boolean",
    configKey: "allureHtml",
    runOnly: true,
    help: "also build the Allure HTML report into <out>/allure-report (the allure 3 CLI)",
  },
  "compare-target": {
    type: "string",
    value: "<url>",
    configKey: "compareTarget",
    runOnly: true,
    help: "BPP: run the same scenarios (same seed, same flags) against this second BPP after --target, write each run into <out>/a/ and <out>/b/ and their differences into comparison.json and comparison.html; exit code: the worse of the two runs'; no certificate",
  },
  "compare-sut-id": {
    type: "string",
    value: "<id>",
    configKey: "compareSutId",
    runOnly: true,
    help: "the second BPP's subscriber id (needed with --compare-target)",
  },
  "compare-sut-key": {
    type: "string",
    value: "<base64>",
    configKey: "compareSutKey",
    runOnly: true,
    help: "the second BPP's ed25519 public key, raw 32 bytes in base64 (needed with --compare-target)",
  },
  "compare-sut-key-id": {
    type: "string",
    value: "<ukid>",
    configKey: "compareSutKeyId",
    runOnly: true,
    help: "the second BPP's unique_key_id, as --sut-key-id",
  },
  "compare-values": {
    type: "boolean",
    configKey: "compareValues",
    runOnly: true,
    help: "also compare free values (ids, names, prices, timestamps) of on_search, on_select, on_init and on_confirm, with the values each run binds masked (its ids, URLs and times)",
  },
  config: {
    type: "string",
    value: "<file>",
    configKey: null,
    help: 'read the settings from this file (default ./p2p-conformance.config.json when present; every flag in camelCase; flags override it); with "participants", certify each of them into <out>/<name>/ and write summary.json and summary.html',
  },
  concurrency: { type: "string", value: "<n>", configKey: "concurrency", help: "participants run at once (default 2)" },
  shard: {
    type: "string",
    value: "<i>/<n>",
    configKey: null,
    runOnly: true,
    help: "with a config that lists participants: certify only shard i of n (each participant in one); `p2p-conformance merge` joins the shards' outputs",
  },
  "issuer-key": {
    type: "string",
    value: "<file>",
    configKey: "issuerKey",
    help: "sign certificate.json with this key (from `keys generate`, or PKCS#8 PEM ed25519); without it a pass gets a self-issued certificate",
  },
  "allow-unexercised": {
    type: "string",
    multiple: true,
    value: "<ids>",
    configKey: "allowUnexercised",
    help: "accept these checks as gaps (repeatable, comma lists: FLW-004,NEG-001): a check no step exercised, for a reason that is not the SUT's fault (the budget ran out), then does not make the run exit 2; the certificate names it",
  },
  help: { type: "boolean", short: "h", configKey: null, help: "show this help" },
} as const satisfies Record<string, FlagSpec>;

type RunFlags = typeof RUN_FLAGS;
export type RunFlag = keyof RunFlags;

/** A flag as node:util parseArgs takes it. */
type ParseOption<F extends FlagSpec> = { readonly type: F["type"] } & (F extends { multiple: true } ? { readonly multiple: true } : object) &
  (F extends { short: string } ? { readonly short: F["short"] } : object);
type ParseOptions<K extends RunFlag> = { readonly [P in K]: ParseOption<RunFlags[P]> };

function parseOptions<K extends RunFlag>(names: readonly K[]): ParseOptions<K> {
  return Object.fromEntries(
    names.map((name) => {
      const spec: FlagSpec = RUN_FLAGS[name];
      return [name, { type: spec.type, ...(spec.multiple ? { multiple: true } : {}), ...(spec.short ? { short: spec.short } : {}) }];
    }),
  ) as ParseOptions<K>;
}

const ALL_FLAGS = Object.keys(RUN_FLAGS) as RunFlag[];
type SharedFlag = { [K in RunFlag]: RunFlags[K] extends { runOnly: true } ? never : K }[RunFlag];

/** `run`'s options for parseArgs. */
export const RUN_OPTIONS = parseOptions(ALL_FLAGS);
/** The options `load` shares with `run`: all but those that start a SUT or build Allure HTML. */
export const SHARED_RUN_OPTIONS = parseOptions(ALL_FLAGS.filter((name): name is SharedFlag => !("runOnly" in RUN_FLAGS[name])));

/** The config file's key of every flag that has one. */
export const CONFIG_KEY_OF_FLAG: Readonly<Record<RunFlag, string | null>> = Object.fromEntries(
  ALL_FLAGS.map((name) => [name, RUN_FLAGS[name].configKey]),
) as Record<RunFlag, string | null>;

const NAME_WIDTH = 28;
const LINE_WIDTH = 106;

/** Words wrapped to lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  return [...lines, line];
}

/** The Options section of `run --help`: one flag per entry, its help wrapped beside it. */
export function runFlagsHelp(): string {
  return ALL_FLAGS.map((name) => {
    const spec: FlagSpec = RUN_FLAGS[name];
    const flag = `${spec.short ? `-${spec.short}, ` : ""}--${name}${spec.value ? ` ${spec.value}` : ""}`;
    const [first = "", ...rest] = wrap(spec.help, LINE_WIDTH - NAME_WIDTH - 2);
    const indent = " ".repeat(NAME_WIDTH + 2);
    const head = flag.length < NAME_WIDTH ? `  ${flag.padEnd(NAME_WIDTH)}${first}` : `  ${flag}\n${indent}${first}`;
    return [head, ...rest.map((line) => `${indent}${line}`)].join("\n");
  }).join("\n");
}
