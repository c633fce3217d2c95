import { parseArgs } from "node:util";
import { createRegistryClient } from "../../protocol/registry-client.js";
import { startBap } from "../../mocks/bap/index.js";
import { createIdentity } from "../../mocks/common/identity.js";
import { httpUrlOf, identityFromKeyFile, portOf, publicUrlOf, STANDALONE_OPTIONS, startError, untilStopped } from "../mock-standalone.js";

export const MOCK_BAP_HELP = `Usage: p2p-conformance mock bap --registry-url <url> [options]

Starts the reference BAP alone, as a BAP team's would run: it knows only the registry, where it
looks up the keys of whoever calls it back, and the gateway its searches go to. It prints its URL
(its bap_uri), subscriber id and public key, then the trigger contract's URL
(POST <url>/trigger/<action>, docs/bap-trigger-contract.md), and runs until Ctrl-C or SIGTERM.
Register it in the registry under that URL, id and key, so BPPs and the gateway call it back.

Options:
  --registry-url <url>   the registry to look keys up in (default: env P2PC_REGISTRY_URL, which
                         \`run --sut-command/--sut-image\` sets, else http://127.0.0.1:7300)
  --gateway-url <url>    where a search without bpp_uri goes (default: env P2PC_GATEWAY_URL, else
                         http://127.0.0.1:7301); every other action goes to its context's bpp_uri
  --id <subscriber id>   default bap.reference.p2p-conformance.local
  --key-file <file>      sign with the keys of this file (from \`keys generate\`), so its public key is
                         known before it starts (default: env P2PC_BAP_KEY_FILE, else a fresh key)
  --host <addr>          bind address (default 127.0.0.1)
  --port <port>          default: env P2PC_SUT_PORT (the port of \`run --target\`), else 7302 (0 for any)
  --public-url <url>     the URL it puts in its requests' bap_uri (and prints), where it is reached
                         from outside, e.g. a forwarder of \`observe\` (default: where it listens)
  --fault <id>           switch a fault on (repeatable; see docs/faults-bap-gateway.md)
  -h, --help             show this help`;

/** Runs `mock bap`; resolves with the exit code once stopped. */
export async function runMockBap(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { ...STANDALONE_OPTIONS, "gateway-url": { type: "string" } },
  });
  if (values.help) {
    out(MOCK_BAP_HELP);
    return 0;
  }
  const env = process.env;
  const port = portOf(values.port ?? env["P2PC_SUT_PORT"] ?? "7302");
  const publicUrl = publicUrlOf(values["public-url"]);
  const gatewayUrl = httpUrlOf("gateway-url", values["gateway-url"] ?? env["P2PC_GATEWAY_URL"] ?? "http://127.0.0.1:7301");
  const registry = createRegistryClient(values["registry-url"] ?? env["P2PC_REGISTRY_URL"] ?? "http://127.0.0.1:7300");
  const subscriberId = values.id ?? "bap.reference.p2p-conformance.local";
  const keyFile = values["key-file"] ?? env["P2PC_BAP_KEY_FILE"];
  const identity = keyFile ? identityFromKeyFile(keyFile, "BAP", subscriberId) : createIdentity("BAP", subscriberId);
  const bap = await startBap({
    identity,
    lookupPublicKey: (s, k, type) => registry.publicKeyFor(s, k, type),
    gatewayUrl,
    host: values.host ?? "127.0.0.1",
    port,
    ...publicUrl,
    ...(values.fault ? { faults: values.fault } : {}),
  }).catch((error: NodeJS.ErrnoException) => {
    throw startError("BAP", error);
  });
  // Listen for the signal before saying it is up: a supervisor may stop it the moment it reads the line.
  const stopped = untilStopped();
  out(`bap ${bap.url} ${identity.subscriberId} ${identity.signingPublicKey}`);
  if (publicUrl.publicUrl) {
    out(`listening on ${bap.listenUrl}`);
  }
  out(`trigger ${bap.listenUrl}/trigger/<action> (docs/bap-trigger-contract.md)`);
  await stopped;
  await bap.close();
  return 0;
}
