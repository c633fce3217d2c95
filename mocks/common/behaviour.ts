/**
 * One named behaviour of a reference mock that differs from its default, in the shape every
 * role's faults and variants share: `id` (`<area or mock>.<name>`), a short `description`, and
 * in a sentence the one behaviour that `changes`. Which checks catch a fault, and which warnings a
 * variant may raise, are the self-test matrices' (test/self-test/), never the mock's.
 */
export interface BehaviourSpec {
  readonly id: string;
  /** What it is, in a few words. */
  readonly description: string;
  /** The one behaviour that changes, in a sentence. */
  readonly changes: string;
}

/** A fault (DESIGN "Faults"): a change that breaks the protocol, which the harness must catch. */
export type FaultSpec = BehaviourSpec;

/**
 * A variant (the mirror of a fault): a legitimate behaviour a correct implementation may show, so
 * every check must pass it. `source` quotes the text of the guide, core 1.1.0 or BECKN-00x that
 * makes it legitimate.
 */
export interface VariantSpec extends BehaviourSpec {
  /** Where the text that allows it is, and the text: `core 1.1.0 Ack.status: "…"`. */
  readonly source: string;
}
