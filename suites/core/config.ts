import type { ProfileName } from "../../schemas/index.js";

import type { Role } from "../../results/index.js";

export { ROLES, type Role } from "../../results/index.js";

/** The settings of a conformance run; the CLI fills them from flags and the config file. */
export interface RunConfig {
  /** The role of the system under test. */
  readonly role: Role;
  /** The BPP's Beckn base URL; without it the embedded reference BPP is tested. */
  readonly target?: string;
  readonly sutId?: string;
  /** base64 of the SUT's raw 32-byte ed25519 public key. */
  readonly sutKey?: string;
  readonly sutKeyId?: string;
  /** A registry SUT's X25519 encryption public key (base64), for a registry that publishes none at GET / (`--sut-encr-key`). */
  readonly sutEncrKey?: string;
  readonly profile: ProfileName;
  readonly ttl: string;
  readonly quietWindowMs: number;
  readonly maxTimeMs: number;
  readonly transferTimeoutMs: number;
  readonly ackTimeoutMs: number;
  readonly maxUnsolicited: number;
  /** Use this registry instead of starting one (the SUT must already be registered there). */
  readonly registryUrl?: string;
  readonly registryPort: number;
  readonly host: string;
  /** Where the harness's callback receiver (its `bap_uri`) listens: 0 for any free port; fix it for a tunnel. */
  readonly callbackPort?: number;
  /** The base URL the harness puts in `bap_uri` and its registry entries (a tunnel, an ingress). */
  readonly publicUrl?: string;
  readonly domain: string;
  readonly city: string;
  readonly country: string;
  /** Faults of the embedded reference implementation of the role (self-tests, and `npm start` with a fault). */
  readonly faults?: readonly string[];
  /** Variants of the embedded reference (mocks/variants): legitimate behaviours every check must pass (`--variant`). */
  readonly variants?: readonly string[];
  /** Only these scenarios (all when absent). */
  readonly scenarios?: readonly string[];
  /** BPP role: scenario files to run beside the built-in ones (`--scenario`, config `scenarioFiles`), as absolute paths. */
  readonly scenarioFiles?: readonly string[];
  /** BPP role: run only `scenarioFiles` (`--scenario-only`); what the built-in scenarios provoke is then not reachable. */
  readonly scenarioOnly?: boolean;
  /** Seed of the builders, so a run can be replayed. */
  readonly seed: number;
  /** BAP role: the BAP's registered callback base URL (`--sut-callback-url`, `--target` by default). */
  readonly sutCallbackUrl?: string;
  /**
   * Where the harness's gateway listens. BAP role: `--gateway-port`, default 7301; BPP role:
   * ephemeral, fixed by `--sut-command`/`--sut-image` so the SUT can be told it.
   */
  readonly gatewayPort?: number;
  /** BAP role: where the harness's BPP listens (`--bpp-port`, ephemeral by default). */
  readonly bppPort?: number;
  /** BAP role: wait for what a person drives through the BAP instead of triggering it (`--passive`). */
  readonly passive?: boolean;
  /** `--closed`: also report every property core 1.1.0 does not define in a callback, as an SCH-002 warning. */
  readonly closed?: boolean;
  /** `--request-shape`: the forms the harness writes (quantity, end meter); see requestShapeOf for the default. */
  readonly requestShape?: RequestShape;
  /** Check ids whose gaps the operator accepts (`--allow-unexercised`, config `allowUnexercised`): named on the certificate, not exit 2. */
  readonly allowUnexercised?: readonly string[];
  /** BPP role: the SUT's public URL (`--sut-url`, default `--target`): its registered subscriber_url and the `bpp_uri` its callbacks carry. */
  readonly sutUrl?: string;
}

/** The forms of a message where the guide and core 1.1.0 differ (protocol/shapes.ts). */
export const REQUEST_SHAPES = ["guide", "core"] as const;
export type RequestShape = (typeof REQUEST_SHAPES)[number];

/**
 * What the harness sends: `--request-shape` when given, else core's forms under `core-1.1.0` and
 * the guide's under the default and strict profiles. Every message uses one form throughout.
 */
export function requestShapeOf(config: Pick<RunConfig, "profile" | "requestShape">): RequestShape {
  return config.requestShape ?? (config.profile === "core-1.1.0" ? "core" : "guide");
}

export const DEFAULT_RUN: RunConfig = {
  role: "bpp",
  profile: "p2p-trade-guide-v1",
  ttl: "PT10S",
  quietWindowMs: 2000,
  maxTimeMs: 120_000,
  transferTimeoutMs: 60_000,
  ackTimeoutMs: 3000,
  maxUnsolicited: 100,
  registryPort: 7300,
  host: "127.0.0.1",
  domain: "trade",
  city: "NANP:628",
  country: "USA",
  seed: 1,
};
