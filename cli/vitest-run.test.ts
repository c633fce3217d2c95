import { describe, expect, test } from "vitest";
import { HarnessError } from "../protocol/errors.js";
import { harnessErrorOf, type RunOutcome } from "../suites/run-channel.js";
import { resultOf } from "./vitest-run.js";
import type { RunResult } from "../results/index.js";

describe("the run's outcome as it comes off the suite module's meta", () => {
  test("a result is the run's result", () => {
    const result = { exitCode: 0 } as unknown as RunResult;
    expect(resultOf({ result })).toBe(result);
  });

  test("a harness error thrown in the worker is a HarnessError again, with its code", () => {
    const outcome: RunOutcome = harnessErrorOf(new HarnessError("P2PC_ERR_PORT_IN_USE", "Cannot start the reference registry: listen EADDRINUSE"));
    expect(outcome).toEqual({ harnessError: { message: "Cannot start the reference registry: listen EADDRINUSE", code: "P2PC_ERR_PORT_IN_USE" } });
    const error = (() => {
      try {
        resultOf(outcome);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(HarnessError);
    expect(error).toMatchObject({ code: "P2PC_ERR_PORT_IN_USE", message: "Cannot start the reference registry: listen EADDRINUSE" });
  });

  test("any other error stays a plain error with its message, for the CLI to classify", () => {
    const error = Object.assign(new Error("listen EADDRINUSE: address already in use"), { code: "EADDRINUSE" });
    expect(() => resultOf(harnessErrorOf(error))).toThrow(new Error("listen EADDRINUSE: address already in use"));
    expect(() => resultOf(harnessErrorOf(error))).not.toThrow(HarnessError);
  });

  test("no outcome at all means the suite did not finish", () => {
    expect(() => resultOf(undefined)).toThrow(/The suite did not finish: vitest produced no run result/);
  });
});
