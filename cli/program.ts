import { HarnessError } from "../protocol/errors.js";
import { CHECKS_HELP, runChecks } from "./commands/checks.js";
import { MOCK_BPP_HELP, runMockBpp } from "./commands/mock-bpp.js";
import { MOCK_UP_HELP, runMockUp } from "./commands/mock-up.js";
import { RUN_HELP, runRun } from "./commands/run.js";
import { runValidate, VALIDATE_HELP } from "./commands/validate.js";

export const HELP = `Usage: p2p-conformance <command> [options]

Conformance harness for peer-to-peer energy trading on Beckn core 1.1.0.

Commands:
  run --role bpp     run the conformance suite against a BPP (the embedded reference without --target)
  checks             list the check catalogue (--json for machines)
  validate <files>   validate recorded messages against a profile (one verdict per message)
  mock up            start the mock network (registry, gateway, BAP, BPP, grid) until Ctrl-C
  mock bpp           start the reference BPP alone, knowing only a registry URL

Run \`p2p-conformance <command> --help\` for a command's options.

Exit codes: 0 conformant, 1 not conformant, 2 usage, input or harness error.`;

type Command = (argv: readonly string[], out: (l: string) => void, err: (l: string) => void) => number | Promise<number>;

function runMock(argv: readonly string[], out: (l: string) => void): Promise<number> | number {
  const [sub, ...rest] = argv;
  if (sub === "up") {
    return runMockUp(rest, out);
  }
  if (sub === "bpp") {
    return runMockBpp(rest, out);
  }
  if (sub === "--help" || sub === "-h") {
    out(`${MOCK_UP_HELP}\n\n${MOCK_BPP_HELP}`);
    return 0;
  }
  throw new HarnessError("P2PC_ERR_USAGE", `"mock ${sub ?? ""}" is not a command; use \`p2p-conformance mock up\` or \`mock bpp\`.`);
}

const COMMANDS: Record<string, { run: Command; help: string }> = {
  run: { run: (argv, out) => runRun(argv, out), help: RUN_HELP },
  checks: { run: (argv, out) => runChecks(argv, out), help: CHECKS_HELP },
  validate: { run: runValidate, help: VALIDATE_HELP },
  mock: { run: runMock, help: MOCK_UP_HELP },
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
  if (name === "help" && rest[0] !== undefined && COMMANDS[rest[0]]) {
    out(COMMANDS[rest[0]]?.help ?? HELP);
    return 0;
  }
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    out(HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    err(`p2p-conformance: unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(", ")}. See --help.`);
    return 2;
  }
  try {
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

