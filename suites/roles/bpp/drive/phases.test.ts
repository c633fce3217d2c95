import { describe, expect, test } from "vitest";
import { Phases } from "./phases.js";

/** Whether a promise has settled once every pending callback ran (no clock involved). */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise<void>((resolve) => setImmediate(resolve));
  return done;
}

describe('the probe phase (docs/rules.md "The probe phase")', () => {
  test("does not start while a scenario still has requests or callbacks in flight, and starts once every one only waits for its transfer", async () => {
    const phases = new Phases(2);
    phases.idle(); // the transfer scenario only watches its transfer now
    expect(await settled(phases.probesMayStart)).toBe(false); // the other still exchanges
    expect(phases.probesStarted).toBe(false);
    phases.idle(); // the other ended
    expect(await settled(phases.probesMayStart)).toBe(true);
    expect(phases.probesStarted).toBe(true);
  });

  test("a scenario whose transfer completed before the probe phase started goes on at once, and holds the probe phase back again", async () => {
    const phases = new Phases(2);
    phases.idle();
    expect(await settled(phases.resume())).toBe(true); // its step after the watch goes now
    phases.idle(); // the other ended: one scenario is still sending
    expect(await settled(phases.probesMayStart)).toBe(false);
    phases.idle();
    expect(await settled(phases.probesMayStart)).toBe(true);
  });

  test("a step after a watch that ends during the probe phase waits for its end, so it is never on the wire beside a probe", async () => {
    const phases = new Phases(1);
    phases.idle();
    const resumed = phases.resume();
    expect(await settled(resumed)).toBe(false);
    phases.probesDone();
    expect(await settled(resumed)).toBe(true);
    expect(await settled(phases.resume())).toBe(true); // and later ones never wait
  });

  test("a run without scenarios outside the probe phase, or without probes, waits for nothing", async () => {
    expect(await settled(new Phases(0).probesMayStart)).toBe(true);
    const noProbes = new Phases(1);
    noProbes.probesDone();
    noProbes.idle();
    expect(await settled(noProbes.resume())).toBe(true);
  });
});
