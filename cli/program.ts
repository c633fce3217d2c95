import { HarnessError } from "../protocol/errors.js";

export const HELP = `Usage: p2p-conformance <command> [options]

Conformance harness for peer-to-peer energy trading on Beckn core 1.1.0.

Commands:
  run --role bpp     run the conformance suite against a BPP (the embedded reference without --target)
  checks             list the check catalogue (--json for machines)
  variants           list the legitimate variants of the reference mocks that every check must pass
  validate <files>   validate recorded messages against a profile (one verdict per message)
  explain-signature  check a BECKN-006 signature over a body's exact bytes and name the mistake if it fails
  mock up            start the mock network (registry, gateway, BAP, BPP, grid) until Ctrl-C
  mock bpp           start the reference BPP alone, knowing only a registry URL
  mock bap           start the reference BAP alone (trigger contract), knowing a registry and a gateway
  observe            stand between real BAPs and BPPs, record their traffic and judge each of them
  merge <dirs> --out <dir>   join the outputs of a certification sharded with run --shard <i>/<n>
  scenario from-har  turn one captured transaction into a BPP scenario to replay (run --scenario)
  load               many whole transactions at once against a BPP: latencies, throughput, lost callbacks
  keys generate      make an ed25519 + X25519 key set (participant or certificate issuer)
  certificate verify <file>   check a certificate.json offline (--trust <issuer key>)

Run \`p2p-conformance <command> --help\` for a command's options.

Exit codes: 0 conformant, 1 not conformant, 2 usage, input or harness error.`;

type Command = (argv: readonly string[], out: (l: string) => void, err: (l: string) => void) => number | Promise<number>;

interface LoadedCommand {
  readonly run: Command;
  readonly help: string;
}

async function loadMock(): Promise<LoadedCommand> {
  const [up, bpp, bap] = await Promise.all([import("./commands/mock-up.js"), import("./commands/mock-bpp.js"), import("./commands/mock-bap.js")]);
  const help = `${up.MOCK_UP_HELP}\n\n${bpp.MOCK_BPP_HELP}\n\n${bap.MOCK_BAP_HELP}`;
  const run: Command = (argv, out) => {
    const [sub, ...rest] = argv;
    if (sub === "up") {
      return up.runMockUp(rest, out);
    }
    if (sub === "bpp") {
      return bpp.runMockBpp(rest, out);
    }
    if (sub === "bap") {
      return bap.runMockBap(rest, out);
    }
    if (sub === "--help" || sub === "-h") {
      out(help);
      return 0;
    }
    throw new HarnessError("P2PC_ERR_USAGE", `"mock ${sub ?? ""}" is not a command; use \`p2p-conformance mock up\`, \`mock bpp\` or \`mock bap\`.`);
  };
  return { run, help };
}

/** Each command is loaded only when asked for, so `validate` does not pay for vitest and the mocks. */
const COMMANDS: Record<string, () => Promise<LoadedCommand>> = {
  run: async () => {
    const m = await import("./commands/run.js");
    return { run: (argv, out) => m.runRun(argv, out), help: m.RUN_HELP };
  },
  checks: async () => {
    const m = await import("./commands/checks.js");
    return { run: (argv, out) => m.runChecks(argv, out), help: m.CHECKS_HELP };
  },
  variants: async () => {
    const m = await import("./commands/variants.js");
    return { run: (argv, out) => m.runVariants(argv, out), help: m.VARIANTS_HELP };
  },
  validate: async () => {
    const m = await import("./commands/validate.js");
    return { run: m.runValidate, help: m.VALIDATE_HELP };
  },
  "explain-signature": async () => {
    const m = await import("./commands/explain-signature.js");
    return { run: (argv, out) => m.runExplainSignature(argv, out), help: m.EXPLAIN_SIGNATURE_HELP };
  },
  mock: loadMock,
  merge: async () => {
    const m = await import("./commands/merge.js");
    return { run: (argv, out) => m.runMerge(argv, out), help: m.MERGE_HELP };
  },
  scenario: async () => {
    const m = await import("./commands/scenario.js");
    return { run: (argv, out) => m.runScenarioCommand(argv, out), help: m.SCENARIO_HELP };
  },
  observe: async () => {
    const m = await import("./commands/observe.js");
    return { run: (argv, out) => m.runObserve(argv, out), help: m.OBSERVE_HELP };
  },
  load: async () => {
    const m = await import("./commands/load.js");
    return { run: (argv, out) => m.runLoadCommand(argv, out), help: m.LOAD_HELP };
  },
  keys: async () => {
    const m = await import("./commands/keys.js");
    return { run: (argv, out) => m.runKeys(argv, out), help: m.KEYS_HELP };
  },
  certificate: async () => {
    const m = await import("./commands/certificate.js");
    return { run: (argv, out) => m.runCertificate(argv, out), help: m.CERTIFICATE_HELP };
  },
};

export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export const processIo: Io = {
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
};

/** Runs the command line; resolves with the exit code. Never rejects. */
export async function main(argv: readonly string[], { out, err }: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  const commandNamed = (key: string | undefined) => (key !== undefined && Object.hasOwn(COMMANDS, key) ? COMMANDS[key] : undefined);
  const helpFor = name === "help" ? commandNamed(rest[0]) : undefined;
  if (helpFor) {
    out((await helpFor()).help);
    return 0;
  }
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    out(HELP);
    return name === undefined ? 2 : 0;
  }
  const load = commandNamed(name);
  if (!load) {
    err(`p2p-conformance: unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(", ")}. See --help.`);
    return 2;
  }
  try {
    const command = await load();
    return await command.run(rest, out, err);
  } catch (error) {
    if (error instanceof HarnessError) {
      err(`p2p-conformance: ${error.message} [${error.code}]`);
      return 2;
    }
    if (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
      err(`p2p-conformance ${name}: ${error.message}. See \`p2p-conformance ${name} --help\`.`);
      return 2;
    }
    err(`p2p-conformance: internal error: ${(error as Error).stack ?? String(error)}`);
    return 2;
  }
}
