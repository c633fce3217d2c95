import { parseArgs } from "node:util";
import { createRegistryClient } from "../../protocol/registry-client.js";
import { startBpp } from "../../mocks/bpp/index.js";
import { createIdentity } from "../../mocks/common/identity.js";
import { identityFromKeyFile, portOf, publicUrlOf, STANDALONE_OPTIONS, startError, untilStopped } from "../mock-standalone.js";

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
  --public-url <url>     the URL it puts in its callbacks' bpp_uri (and prints), where it is reached
                         from outside, e.g. a forwarder of \`observe\` (default: where it listens)
  --fault <id>           switch a fault on (repeatable; see docs/faults-bpp.md)
  -h, --help             show this help`;

/** Runs `mock bpp`; resolves with the exit code once stopped. */
export async function runMockBpp(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { ...STANDALONE_OPTIONS },
  });
  if (values.help) {
    out(MOCK_BPP_HELP);
    return 0;
  }
  const env = process.env;
  const port = portOf(values.port ?? env["P2PC_SUT_PORT"] ?? "7303");
  const publicUrl = publicUrlOf(values["public-url"]);
  const registry = createRegistryClient(values["registry-url"] ?? env["P2PC_REGISTRY_URL"] ?? "http://127.0.0.1:7300");
  const subscriberId = values.id ?? "bpp.reference.p2p-conformance.local";
  const keyFile = values["key-file"] ?? env["P2PC_BPP_KEY_FILE"];
  const identity = keyFile ? identityFromKeyFile(keyFile, "BPP", subscriberId) : createIdentity("BPP", subscriberId);
  const bpp = await startBpp({
    identity,
    lookupPublicKey: (s, k, type) => registry.publicKeyFor(s, k, type),
    lookupSubscriberUrl: (bapId, keyId) => registry.subscriberUrlFor(bapId, "BAP", keyId),
    host: values.host ?? "127.0.0.1",
    port,
    ...publicUrl,
    ...(values.fault ? { faults: values.fault } : {}),
  }).catch((error: NodeJS.ErrnoException) => {
    throw startError("BPP", error);
  });
  // Listen for the signal before saying it is up: a supervisor may stop it the moment it reads the line.
  const stopped = untilStopped();
  out(`bpp ${bpp.publicUrl} ${identity.subscriberId} ${identity.signingPublicKey}`);
  if (publicUrl.publicUrl) {
    out(`listening on ${bpp.url}`);
  }
  await stopped;
  await bpp.close();
  return 0;
}
