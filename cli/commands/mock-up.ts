import { parseArgs } from "node:util";
import { HarnessError } from "../../protocol/errors.js";
import { DEFAULT_MOCK_PORTS, startNetwork, type MockName, type RunningNetwork } from "../../mocks/network/index.js";
import { PROFILE_NAMES, type ProfileName } from "../../schemas/index.js";
import { ALL_VARIANTS } from "../../mocks/variants/index.js";
import { untilStopped } from "../mock-standalone.js";

export const MOCK_UP_HELP = `Usage: p2p-conformance mock up [options]

Starts the whole mock network on loopback — registry, gateway, BAP, BPP and grid operator —
prints each server's URL, subscriber id and public key, and runs until Ctrl-C.

Options:
  --host <addr>              bind address (default 127.0.0.1)
  --registry-port <port>     default ${DEFAULT_MOCK_PORTS.registry}
  --gateway-port <port>      default ${DEFAULT_MOCK_PORTS.gateway}
  --bap-port <port>          default ${DEFAULT_MOCK_PORTS.bap}
  --bpp-port <port>          default ${DEFAULT_MOCK_PORTS.bpp}
  --grid-port <port>         default ${DEFAULT_MOCK_PORTS.grid}
  --domain <code>            context.domain (default trade)
  --profile <name>           ${PROFILE_NAMES.join(", ")}
  --bpp-fault <id>           switch on a named fault in the BPP (repeatable; see docs/faults-bpp.md)
  --variant <id>             switch on a legitimate variant in the mock its prefix names (repeatable;
                             see docs/variants.md or p2p-conformance variants)
  --real-time-grid           run energy transfers in real time, not on the compressed clock
  -h, --help                 show this help

Example:
  p2p-conformance mock up --bpp-port 9003
  curl -s -X POST http://127.0.0.1:${DEFAULT_MOCK_PORTS.bap}/trigger/flow`;

/** Every `--variant` must name a known variant, so a typo never starts a network that looks clean. */
function checkVariants(ids: readonly string[]): string[] {
  const unknown = ids.find((id) => !ALL_VARIANTS.some((v) => v.id === id));
  if (unknown !== undefined) {
    throw new HarnessError("P2PC_ERR_USAGE", `--variant "${unknown}" is not a variant; p2p-conformance variants lists them (${ALL_VARIANTS.length} now).`);
  }
  return [...ids];
}

const PORT_FLAGS = ["registry", "gateway", "bap", "bpp", "grid"] as const satisfies readonly MockName[];

function parsePort(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new HarnessError("P2PC_ERR_USAGE", `--${name}-port "${value}" is not a port number (0–65535).`);
  }
  return port;
}

export function describeNetwork(network: RunningNetwork): string[] {
  const rows = [
    ["registry", network.registry.url, network.registry.handle.info.subscriber_id, network.registry.handle.info.signing_public_key],
    ["gateway", network.gateway.url, network.gateway.identity.subscriberId, network.gateway.identity.signingPublicKey],
    ["bap", network.bap.url, network.bap.identity.subscriberId, network.bap.identity.signingPublicKey],
    ["bpp", network.bpp.url, network.bpp.identity.subscriberId, network.bpp.identity.signingPublicKey],
    ["grid", network.grid.url, "-", "-"],
  ];
  return rows.map(([name, url, id, key]) => `${String(name).padEnd(9)} ${String(url).padEnd(24)} ${String(id).padEnd(34)} ${String(key)}`);
}

/** Runs `mock up`: resolves with the exit code once the network has stopped (Ctrl-C). */
export async function runMockUp(argv: readonly string[], out: (l: string) => void): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      host: { type: "string" },
      domain: { type: "string" },
      profile: { type: "string" },
      "bpp-fault": { type: "string", multiple: true },
      variant: { type: "string", multiple: true },
      "real-time-grid": { type: "boolean" },
      help: { type: "boolean", short: "h" },
      ...Object.fromEntries(PORT_FLAGS.map((n) => [`${n}-port`, { type: "string" as const }])),
    },
  });
  if (values.help) {
    out(MOCK_UP_HELP);
    return 0;
  }
  const profile = values.profile;
  if (profile !== undefined && !(PROFILE_NAMES as readonly string[]).includes(profile)) {
    throw new HarnessError("P2PC_ERR_USAGE", `--profile "${profile}" is not a profile; use one of ${PROFILE_NAMES.join(", ")}.`);
  }
  const flags = values as Record<string, string | undefined>;
  const ports = Object.fromEntries(PORT_FLAGS.map((n) => [n, parsePort(n, flags[`${n}-port`], DEFAULT_MOCK_PORTS[n])]));
  let network: RunningNetwork;
  try {
    network = await startNetwork({
      ports,
      ...(values.host ? { host: values.host } : {}),
      ...(values.domain ? { domain: values.domain } : {}),
      ...(profile ? { profile: profile as ProfileName } : {}),
      ...(values["bpp-fault"] ? { faults: { bpp: values["bpp-fault"] } } : {}),
      realTimeGrid: values["real-time-grid"] === true,
      ...(values.variant ? { variants: checkVariants(values.variant) } : {}),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new HarnessError(code === "EADDRINUSE" ? "P2PC_ERR_PORT_IN_USE" : "P2PC_ERR_USAGE", `Cannot start the mock network: ${(error as Error).message}`);
  }
  // Listen for the signal before saying it is up: a supervisor may stop it the moment it reads the line.
  const stopped = untilStopped();
  out(`Mock network up (domain ${network.domain}${values.variant?.length ? `; variants ${values.variant.join(" ")}` : ""}). Ctrl-C stops it.\n`);
  out(`${"server".padEnd(9)} ${"url".padEnd(24)} ${"subscriber id".padEnd(34)} signing public key`);
  describeNetwork(network).forEach((row) => out(row));
  await stopped;
  out("Stopping the mock network…");
  await network.stop();
  return 0;
}
