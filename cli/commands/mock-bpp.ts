import { parseArgs } from "node:util";
import { HarnessError } from "../../protocol/errors.js";
import { createRegistryClient } from "../../protocol/registry-client.js";
import { startBpp } from "../../mocks/bpp/index.js";
import { createIdentity } from "../../mocks/common/identity.js";

export const MOCK_BPP_HELP = `Usage: p2p-conformance mock bpp --registry-url <url> [options]

Starts the reference BPP alone, as a BPP team's would run: it knows only the registry, where it
looks up the keys of whoever calls it. It prints its URL, subscriber id and public key (what
\`run --target --sut-id --sut-key\` needs) and runs until Ctrl-C.

Options:
  --registry-url <url>   the registry to look keys up in (default http://127.0.0.1:7300)
  --id <subscriber id>   default bpp.reference.p2p-conformance.local
  --host <addr>          bind address (default 127.0.0.1)
  --port <port>          default 7303 (0 for any)
  --fault <id>           switch a fault on (repeatable; see docs/faults-bpp.md)
  -h, --help             show this help`;

/** Runs `mock bpp`; resolves with the exit code once stopped. */
export async function runMockBpp(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { "registry-url": { type: "string" }, id: { type: "string" }, host: { type: "string" }, port: { type: "string" }, fault: { type: "string", multiple: true }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    out(MOCK_BPP_HELP);
    return 0;
  }
  const port = Number(values.port ?? "7303");
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new HarnessError("P2PC_ERR_USAGE", `--port "${values.port ?? ""}" is not a port number (0–65535).`);
  }
  const registry = createRegistryClient(values["registry-url"] ?? "http://127.0.0.1:7300");
  const identity = createIdentity("BPP", values.id ?? "bpp.reference.p2p-conformance.local");
  const bpp = await startBpp({ identity, lookupPublicKey: (s, k) => registry.publicKeyFor(s, k), host: values.host ?? "127.0.0.1", port, ...(values.fault ? { faults: values.fault } : {}) }).catch((error: NodeJS.ErrnoException) => {
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
