import { expect, test } from "vitest";
import type { Check, CheckContext, Exchange } from "../check.js";
import { checkContext, failingIds } from "./exchange.js";
import { findingsOf } from "./signed-exchange.js";

/** One row of a check's table: a case that passes, fails or is skipped by the check `id`. */
export interface CheckCase {
  readonly id: string;
  readonly case: string;
  readonly exchange: Exchange;
  readonly ctx?: CheckContext;
}

export interface CaseTables {
  readonly passing: readonly CheckCase[];
  readonly failing: readonly CheckCase[];
  readonly skipped: readonly CheckCase[];
  /** Where every finding of a failing case must point. */
  readonly findingPath: RegExp;
}

/**
 * Declares the tests every check file shares: each passing case passes, each failing case fails
 * exactly its own check of the group (with findings in the catalogue's voice), each skipped case
 * is not applied, and every check of the group has all three kinds of case.
 */
export function checkCaseTables(prefix: string, checks: readonly Check[], tables: CaseTables): void {
  const check = (id: string): Check => {
    const found = checks.find((c) => c.id === id);
    if (!found) {
      throw new Error(`No check ${id}`);
    }
    return found;
  };

  test.for(tables.passing)("$id passes $case", async ({ id, exchange, ctx }) => {
    expect(check(id).appliesTo(exchange)).toBe(true);
    expect(await check(id).run(exchange, ctx ?? checkContext())).toEqual([]);
  });

  test.for(tables.failing)(`$id fails $case, and no other ${prefix} check does`, async ({ id, exchange, ctx }) => {
    const context = ctx ?? checkContext();
    expect(await failingIds(checks, exchange, context)).toEqual([id]);
    for (const finding of await check(id).run(exchange, context)) {
      expect(finding).toMatchObject({ message: expect.stringMatching(/\.$/), path: expect.stringMatching(tables.findingPath) });
    }
  });

  test.for(tables.skipped)("$id skips $case", ({ id, exchange }) => {
    expect(check(id).appliesTo(exchange)).toBe(false);
  });

  test(`every ${prefix} check has a passing, a failing and a skipped case`, () => {
    const ids = checks.map((c) => c.id);
    for (const table of [tables.passing, tables.failing, tables.skipped]) {
      expect([...new Set(table.map((row) => row.id))].sort()).toEqual(ids);
    }
  });
}

/** A check of a group by id; throws on an id the group lacks. */
export function checkById(checks: readonly Check[]): (id: string) => Check {
  const byId = new Map(checks.map((check) => [check.id, check]));
  return (id) => {
    const check = byId.get(id);
    if (!check) {
      throw new Error(`no check ${id}`);
    }
    return check;
  };
}

/** A row built lazily: the exchange (and context) are made when the test runs. */
export interface MutationRow {
  readonly id: string;
  readonly mutation: string;
  readonly exchange: () => Exchange;
  readonly ctx?: () => CheckContext;
}

/**
 * The shared tests of the signed-exchange check files: each passing row passes its check, each
 * failing row makes its check (and only it) find something, and every check has a failing row.
 */
export function checkMutationTables(prefix: string, checks: readonly Check[], passing: readonly MutationRow[], failing: readonly MutationRow[]): void {
  const checkOf = checkById(checks);
  test.for(passing)("$id passes $mutation", async ({ id, exchange, ctx }) => {
    await expect(findingsOf(checkOf(id), exchange(), ctx?.())).resolves.toEqual([]);
  });

  test.for(failing)("$id fails when $mutation", async ({ id, exchange, ctx }) => {
    const findings = await findingsOf(checkOf(id), exchange(), ctx?.());
    expect(findings).toHaveLength(1);
  });

  test(`every ${prefix} check has a failing exchange`, () => {
    expect([...new Set(failing.map((row) => row.id))]).toEqual(checks.map((check) => check.id));
  });
}
