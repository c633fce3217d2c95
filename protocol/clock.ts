/** Milliseconds since the Unix epoch. Injected wherever time matters, so that tests can fix it. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/**
 * How far two participants' clocks may differ before a time one of them stamps is judged wrong: 5 s
 * (DESIGN "Timing"). Every check and verifier that compares a stamped time with its own clock allows it.
 */
export const CLOCK_SKEW_SECONDS = 5;
