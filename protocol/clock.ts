/** Milliseconds since the Unix epoch. Injected wherever time matters, so that tests can fix it. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
