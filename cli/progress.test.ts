import { describe, expect, test } from "vitest";
import { createProgress, isInteractive } from "./progress.js";

function capture(interactive: boolean) {
  const written: string[] = [];
  let clock = 1000;
  const display = createProgress("bpp ", { interactive, write: (t) => written.push(t), now: () => (clock += 500) });
  return { written, display };
}

describe("the progress display", () => {
  test("is plain when stdout is not a TTY or CI is set", () => {
    expect(isInteractive({ isTTY: true }, {})).toBe(true);
    expect(isInteractive({ isTTY: true }, { CI: "1" })).toBe(false);
    expect(isInteractive({ isTTY: false }, {})).toBe(false);
  });

  test("plain: one line per tenth of the work, with the scenario, counts and elapsed time; no control characters", () => {
    const { written, display } = capture(false);
    for (let done = 1; done <= 50; done += 1) {
      display.show({ phase: "steps", scenario: `s${done % 3}`, done, total: 50 });
    }
    display.show({ phase: "judging", done: 1305, total: 1305 });
    display.end();
    expect(written).toHaveLength(11);
    expect(written[0]).toMatch(/^bpp \[\d+\.\d s\] steps 5\/50 · scenario s2\n$/);
    expect(written.at(-1)).toMatch(/checks 1305\/1305 judged\n$/);
    expect(written.join("")).not.toContain("\r");
    expect(written.join("")).not.toContain("\u001b");
  });

  test("interactive: redraws one line and clears it at the end", () => {
    const { written, display } = capture(true);
    display.show({ phase: "steps", scenario: "happy-path", done: 1, total: 4 });
    display.show({ phase: "judging", done: 2, total: 9 });
    display.end();
    expect(written[0]).toBe("\r\u001b[2Kbpp [0.5 s] steps 1/4 · scenario happy-path");
    expect(written[1]).toContain("checks 2/9 judged");
    expect(written.at(-1)).toBe("\r\u001b[2K");
  });
});
