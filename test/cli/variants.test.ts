import { describe, expect, test } from "vitest";
import { ALL_VARIANTS } from "../../mocks/variants/index.js";
import { runCli } from "../support/cli.js";

describe("p2p-conformance variants", () => {
  test("lists every variant with its role and the text that allows it, as a table and as JSON", async () => {
    const table = await runCli(["variants"]);
    expect(table.status).toBe(0);
    for (const v of ALL_VARIANTS) {
      expect(table.stdout).toContain(`${v.id}  (--role ${v.role})`);
    }
    expect(table.stdout).toContain(`${ALL_VARIANTS.length} variants`);
    const json = await runCli(["variants", "--json", "--role", "bpp"]);
    const rows = JSON.parse(json.stdout) as { id: string; role: string; source: string }[];
    expect(rows.map((r) => r.id).sort()).toEqual(
      ALL_VARIANTS.filter((v) => v.role === "bpp")
        .map((v) => v.id)
        .sort(),
    );
    expect(rows.every((r) => r.source.length > 0)).toBe(true);
  });
});

describe("run --variant", () => {
  test("an unknown variant, a variant of another role and a variant with --target are usage errors (exit 2)", { timeout: 30_000 }, async () => {
    const unknown = await runCli(["run", "--role", "bpp", "--variant", "bpp.no-such-thing"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/--variant "bpp\.no-such-thing" is not a variant/);
    const bpp = ALL_VARIANTS.find((v) => v.role === "bpp");
    const wrongRole = await runCli(["run", "--role", "registry", "--variant", String(bpp?.id)]);
    expect(wrongRole.status).toBe(2);
    expect(wrongRole.stderr).toMatch(/runs under --role bpp, not --role registry/);
    const target = await runCli(["run", "--role", "bpp", "--target", "http://127.0.0.1:9", "--sut-id", "x", "--sut-key", "AAAA", "--variant", String(bpp?.id)]);
    expect(target.status).toBe(2);
    expect(target.stderr).toMatch(/no effect on a --target/);
  });

  test("mock up refuses an unknown variant before it binds a port", async () => {
    const result = await runCli(["mock", "up", "--variant", "gateway.nope"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--variant "gateway\.nope" is not a variant/);
  });
});
