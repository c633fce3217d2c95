/**
 * The one shape of a role's suite. A role says what it checks, how it starts the counterparts it
 * needs, how it drives the system under test, and what its checks are told; `runSuite`
 * (run-suite.ts) does the rest the same way for every role: parse the ttl, start, drive, judge,
 * judge the run-level checks, build the RunResult, close.
 */
import type { CheckResult, Exchange, Role, RunResult, SkippedStep, Sut } from "../../results/index.js";
import type { Check, CheckContext } from "./check.js";
import type { RunConfig } from "./config.js";
import type { RunChecks } from "./run-checks.js";

/** What every role's counterparts can do: be closed (more than once). */
export interface SuiteNetwork {
  close(): Promise<void>;
}

/** The run's settings as every role's driver sees them, with the durations already read. */
export interface DriveEnv {
  readonly config: RunConfig;
  /** When the run started (ms since the epoch). */
  readonly started: number;
  /** `config.ttl` in milliseconds. */
  readonly ttlMs: number;
  /** How long to wait for late arrivals after a step: `--quiet-window`, never past the ttl. */
  readonly quietWindowMs: number;
  /** `--max-time` as a moment: no step starts after it. */
  readonly runDeadline: number;
}

/** What a role's driver recorded. */
export interface Driven {
  readonly exchanges: readonly Exchange[];
  /** The steps it did not take, and why. */
  readonly skipped: readonly SkippedStep[];
  /** The system under test as the run knew it at the end (a registry publishes its own identity, say). */
  readonly sut: Sut;
  /** Set when the harness could not judge: the target refused its first connection, or did not resolve. */
  readonly unreachable?: string | undefined;
  /** Set when a harness server dropped some of what the SUT sent (docs/limits.md "Stored bytes"). */
  readonly evidenceDropped?: string | undefined;
  /** BPP role: the forms the harness's requests used. */
  readonly requestShape?: RunResult["requestShape"];
}

/** What a role tells its checks beyond what every role tells them (profile, clock skew, limits). */
export type SuiteContext = Pick<CheckContext, "sut" | "harness" | "closed" | "requestShape" | "participantKeys">;

/** The results of a run as a role settles them after the judge, with the steps that settling skipped. */
export interface Settled {
  readonly results: readonly CheckResult[];
  readonly skipped: readonly SkippedStep[];
}

export interface RoleSuite<N extends SuiteNetwork = SuiteNetwork> {
  readonly role: Role;
  /** The role's checks, in catalogue order. */
  readonly checks: readonly Check[];
  /** What the run-level checks mean for this role. */
  readonly runChecks: RunChecks;
  /** Starts the counterparts the role needs (registry, gateway, BAP, BPPs), or reaches the SUT. */
  start(config: RunConfig): Promise<N>;
  /** Drives the system under test and records every exchange. */
  drive(network: N, env: DriveEnv): Promise<Driven>;
  /** The SUT's identity and the harness's, as the role's checks read them. */
  context(network: N, env: DriveEnv, driven: Driven): SuiteContext;
  /**
   * Marks checks not applicable where the SUT took an option the spec allows that the judge cannot
   * see exchange by exchange (a gateway that does not relay on_search), with the steps that skipped.
   */
  settle?(results: readonly CheckResult[], driven: Driven, env: DriveEnv): Settled;
}

/**
 * What the CLI must know of a role before its run starts, declared by the role (suites/roles/<role>/role.ts):
 * the harness's URLs the SUT must be told in advance (`--sut-command`/`--sut-image` pass them in its
 * environment, so their ports are fixed first), and how bulk runs and the banner treat the role.
 */
export interface RoleSetup {
  /** The harness's gateway the SUT sends to: at a fixed default port the SUT is configured with, or at a free one it is told. */
  readonly gatewayPort?: number | "free";
  /** The SUT calls the harness back at its callback receiver (`bap_uri`), told as P2PC_BAP_URI. */
  readonly callsBack?: boolean;
  /** In a bulk run, the participants of this role that have a target share one registry, enrolled in it up front. */
  readonly sharesRegistry?: boolean;
  /** The harness's requests take the forms `--request-shape` picks (the banner names them). */
  readonly requestShapes?: boolean;
}

/** A role as the catalogue and the CLI know it, without loading its suite: its title, its checks and its setup. */
export interface RoleDescription {
  readonly title: string;
  readonly checks: readonly Check[];
  readonly setup: RoleSetup;
}
