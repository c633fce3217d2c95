import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { HarnessError } from "../../protocol/errors.js";
import { publicKeyFromPrivate } from "../../protocol/keys.js";
import { createRegistryClient } from "../../protocol/registry-client.js";
import { startBpp } from "../../mocks/bpp/index.js";
import { createIdentity, type Identity } from "../../mocks/common/identity.js";

export const MOCK_BPP_HELP = `Usage: p2p-conformance mock bpp --registry-url <url> [options]

Starts the reference BPP alone, as a BPP team's would run: it knows only the registry, where it
looks up the keys of whoever calls it. It prints its URL, subscriber id and public key (what
\`run --target --sut-id --sut-key\` needs) and runs until Ctrl-C or SIGTERM.

Options:
  --registry-url <url>   the registry to look keys up in (default: env P2PC_REGISTRY_URL, which
                         \`run --sut-command/--sut-image\` sets, else http://127.0.0.1:7300)
  --id <subscriber id>   default bpp.reference.p2p-conformance.local
  --key-file <file>      sign with the keys of this file (from \`keys generate\`), so its public key is
                         known before it starts (default: env P2PC_BPP_KEY_FILE, else a fresh key)
  --host <addr>          bind address (default 127.0.0.1)
  --port <port>          default: env P2PC_SUT_PORT (the port of \`run --target\`), else 7303 (0 for any)
  --fault <id>           switch a fault on (repeatable; see docs/faults-bpp.md)
  -h, --help             show this help`;

function keyFileError(path: string, what: string): never {
  throw new HarnessError("P2PC_ERR_KEY_FILE", `The BPP key file ${path} ${what}. Give a file written by \`p2p-conformance keys generate\`.`);
}

/** The BPP's identity from a `keys generate` file; its contents never appear in an error. */
function identityFromKeyFile(path: string, subscriberId: string): Identity {
  let file: Record<string, unknown>;
  try {
    file = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch (error) {
    return keyFileError(path, `cannot be read as JSON (${(error as NodeJS.ErrnoException).code ?? "not JSON"})`);
  }
  const text = (name: string): string => (typeof file[name] === "string" ? (file[name] as string) : keyFileError(path, `has no ${name}`));
  const signingPrivateKey = text("signing_private_key");
  let signingPublicKey: string;
  try {
    signingPublicKey = publicKeyFromPrivate(signingPrivateKey);
  } catch {
    return keyFileError(path, "has an unusable signing_private_key");
  }
  if (file["signing_public_key"] !== undefined && file["signing_public_key"] !== signingPublicKey) {
    keyFileError(path, "has a signing_public_key that is not the public key of its signing_private_key");
  }
  return {
    subscriberId,
    type: "BPP",
    uniqueKeyId: text("unique_key_id"),
    signingPublicKey,
    signingPrivateKey,
    encryptionPublicKey: text("encr_public_key"),
    encryptionPrivateKey: text("encr_private_key"),
  };
}

function portOf(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || value.trim() === "") {
    throw new HarnessError("P2PC_ERR_USAGE", `--port "${value}" is not a port number (0–65535).`);
  }
  return port;
}

/** Runs `mock bpp`; resolves with the exit code once stopped. */
export async function runMockBpp(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      "registry-url": { type: "string" },
      id: { type: "string" },
      "key-file": { type: "string" },
      host: { type: "string" },
      port: { type: "string" },
      fault: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    out(MOCK_BPP_HELP);
    return 0;
  }
  const env = process.env;
  const port = portOf(values.port ?? env["P2PC_SUT_PORT"] ?? "7303");
  const registry = createRegistryClient(values["registry-url"] ?? env["P2PC_REGISTRY_URL"] ?? "http://127.0.0.1:7300");
  const subscriberId = values.id ?? "bpp.reference.p2p-conformance.local";
  const keyFile = values["key-file"] ?? env["P2PC_BPP_KEY_FILE"];
  const identity = keyFile ? identityFromKeyFile(keyFile, subscriberId) : createIdentity("BPP", subscriberId);
  const bpp = await startBpp({
    identity,
    lookupPublicKey: (s, k, type) => registry.publicKeyFor(s, k, type),
    lookupSubscriberUrl: (bapId, keyId) => registry.subscriberUrlFor(bapId, "BAP", keyId),
    host: values.host ?? "127.0.0.1",
    port,
    ...(values.fault ? { faults: values.fault } : {}),
  }).catch((error: NodeJS.ErrnoException) => {
    throw new HarnessError(error.code === "EADDRINUSE" ? "P2PC_ERR_PORT_IN_USE" : "P2PC_ERR_USAGE", `Cannot start the BPP: ${error.message}`);
  });
  out(`bpp ${bpp.publicUrl} ${identity.subscriberId} ${identity.signingPublicKey}`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await bpp.close();
  return 0;
}
