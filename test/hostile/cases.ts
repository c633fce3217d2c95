import type { RunConfig } from "../../suites/core/config.js";
import { CALLBACK_BEHAVIOURS } from "./servers/behaviours-callbacks.js";
import { WIRE_BEHAVIOURS } from "./servers/behaviours-wire.js";
import type { Behaviour } from "./servers/hostile-sut.js";

/**
 * The hostile-SUT table: each behaviour with the checks that must catch it. A check listed here
 * must not fail against the plain echo SUT the behaviours are built on (the test proves it), so
 * each finding is the behaviour's own. `~` marks a SHOULD check, which warns.
 */
export interface HostileCase {
  readonly behaviour: Behaviour;
  readonly expected: readonly string[];
  readonly overrides?: Partial<RunConfig>;
}

const EXPECTED: Record<string, readonly string[]> = {
  "never-answers": ["ACK-003", "TIM-001", "TIM-002", "RUN-002", "RUN-003"],
  "slowloris-answer": ["ACK-003", "TIM-001"],
  "fifty-megabyte-answer": ["ACK-003", "TIM-002"],
  "not-json-answer": ["ACK-002", "SCH-003"],
  "deep-json-answer": ["ACK-002", "SCH-003"],
  "proto-keys-answer": ["ACK-001", "SCH-003"],
  "invalid-utf8-answer": ["ACK-002", "SCH-003"],
  "connection-reset": ["ACK-003", "RUN-003"],
  "half-open": ["ACK-003", "RUN-003"],
  "http09-garbage": ["ACK-003", "RUN-003"],
  "redirect-loop": ["ACK-001", "RUN-003"],
  "server-error": ["ACK-001", "ACK-002", "SCH-003"],
  "wrong-content-type": ["ACK-002", "SCH-003"],
  "header-injection": ["ACK-003", "RUN-003"],
  "giant-headers": ["ACK-003", "RUN-003"],
  "gzip-bomb-answer": ["ACK-003", "RUN-003"],
  "flood-unsolicited": ["TIM-005"],
  "other-transactions": ["TIM-002", "RUN-003"],
  "callback-before-ack": ["TIM-003~"],
  "not-json-callbacks": ["SCH-004"],
  "deep-json-callbacks": ["SCH-004"],
  "proto-keys-callbacks": [],
  "invalid-utf8-callbacks": ["SCH-004"],
  "gzip-bomb-callbacks": ["SCH-004"],
  "fifty-megabyte-callbacks": ["TIM-002"],
  "giant-header-callbacks": ["TIM-002", "RUN-003"],
  "slowloris-callbacks": ["TIM-002", "RUN-003"],
  "wrong-path-callbacks": ["TIM-002", "RUN-003"],
};

/** The flood needs the transfer window open long enough for more than --max-unsolicited to land. */
const OVERRIDES: Record<string, Partial<RunConfig>> = {
  "flood-unsolicited": { transferTimeoutMs: 4000 },
};

export const HOSTILE_CASES: readonly HostileCase[] = [...WIRE_BEHAVIOURS, ...CALLBACK_BEHAVIOURS].map((behaviour) => ({
  behaviour,
  expected: EXPECTED[behaviour.id] ?? ["(no expectation written for this behaviour)"],
  ...(OVERRIDES[behaviour.id] ? { overrides: OVERRIDES[behaviour.id] } : {}),
}));
