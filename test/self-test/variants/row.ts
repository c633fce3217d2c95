import type { ProfileName } from "../../../schemas/index.js";
import type { Role, RunConfig } from "../../../suites/core/config.js";
import type { RunResult } from "../../../results/index.js";

/**
 * The variant matrix: each legitimate variant of a reference mock, and what the suite of its role
 * must say of it: exit 0, no failure, no error, and no warning but those the row lists, each with
 * its reason. A row names any run option it needs and any other profile it must also pass. Per
 * role, one more row switches on every variant at once except those `INCOMPATIBLE` names.
 */
export interface VariantRow {
  readonly role: Role;
  readonly variant: string;
  /** Run options the row needs (for example the request shape). */
  readonly options?: Partial<RunConfig>;
  /** Other profiles the variant must pass as well (the default profile always runs). */
  readonly alsoProfiles?: readonly ProfileName[];
  /** Warnings the variant earns, check id → why a SHOULD still holds against this behaviour. */
  readonly warns?: Readonly<Record<string, string>>;
  /**
   * Proof that the variant really ran: what the run's evidence shows of it. A variant that changed
   * nothing would pass vacuously; this makes the row fail instead.
   */
  readonly seen: (result: RunResult) => boolean;
}
