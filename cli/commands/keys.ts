import { chmodSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { HarnessError } from "../../protocol/errors.js";
import { generateKeyFile, publicKeysOf } from "../key-file.js";

export const DEFAULT_KEY_FILE = "p2p-conformance.keys.json";

export const KEYS_HELP = `Usage: p2p-conformance keys generate [--out <file>] [--force] [--json] [--stdout]

Makes a fresh key set for a participant or a certificate issuer: an ed25519 signing pair, an
X25519 encryption pair and a fresh unique_key_id. Prints the public parts (base64 of the raw
32-byte keys, as a registry takes them, and the signing key's fingerprint) and writes the private
parts only to the key file, created with mode 0600. Give that file to \`run --issuer-key\` to sign
certificates; keep it secret (a CI secret).

Options:
  --out <file>   where to write the key file (default ${DEFAULT_KEY_FILE}); an existing file is
                 never overwritten without --force
  --force        overwrite an existing key file
  --json         print the public parts as JSON
  --stdout       print the whole key file, private parts included, to stdout and write no file
  -h, --help     show this help

Key file: JSON with format, created, unique_key_id, signing_public_key, signing_private_key
(base64 of the 32-byte ed25519 seed), encr_public_key, encr_private_key and fingerprint.

Examples:
  p2p-conformance keys generate --out issuer.keys.json
  p2p-conformance keys generate --out bpp.keys.json --json`;

function writeKeyFile(path: string, text: string, force: boolean): void {
  try {
    writeFileSync(path, text, { mode: 0o600, flag: force ? "w" : "wx" });
    chmodSync(path, 0o600); // an overwritten file keeps its old mode otherwise
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "EEXIST" ? "it exists already (pass --force to overwrite it)" : `it cannot be written (${code ?? "error"})`;
    throw new HarnessError("P2PC_ERR_USAGE", `Not writing the key file ${path}: ${why}.`);
  }
}

/** Runs `keys`; returns the exit code. */
export function runKeys(argv: readonly string[], out: (line: string) => void): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      out: { type: "string" },
      force: { type: "boolean" },
      json: { type: "boolean" },
      stdout: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    out(KEYS_HELP);
    return 0;
  }
  if (positionals[0] !== "generate" || positionals.length > 1) {
    throw new HarnessError("P2PC_ERR_USAGE", `"keys ${positionals.join(" ")}" is not a command; use \`p2p-conformance keys generate\`.`);
  }
  if (values.stdout && values.out !== undefined) {
    throw new HarnessError("P2PC_ERR_USAGE", "--stdout and --out exclude each other: the private key goes to one place.");
  }
  const keys = generateKeyFile();
  const text = `${JSON.stringify(keys, null, 2)}\n`;
  if (values.stdout) {
    out(text.trimEnd());
    return 0;
  }
  const path = values.out ?? DEFAULT_KEY_FILE;
  writeKeyFile(path, text, values.force === true);
  const pub = publicKeysOf(keys);
  if (values.json) {
    out(JSON.stringify({ ...pub, keyFile: path }, null, 2));
    return 0;
  }
  for (const [name, value] of Object.entries(pub)) {
    out(`${name.padEnd(19)} ${value}`);
  }
  out(`private keys        ${path} (mode 0600; keep it secret, e.g. as a CI secret)`);
  return 0;
}
