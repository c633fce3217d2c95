import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { configHashOf, parseShard, shareOf } from "./shard.js";

const dir = mkdtempSync(join(tmpdir(), "p2pc-shard-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NAMES = Array.from({ length: 13 }, (_, i) => `participant-${String(i).padStart(2, "0")}`);

describe("shards of a certification", () => {
  test("--shard is i/n numbered from 1; anything else is a usage error", () => {
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    expect(parseShard("1/1")).toEqual({ index: 1, count: 1 });
    for (const bad of ["0/4", "5/4", "2", "a/b", "2/0", "1/257", " /4"]) {
      expect(() => parseShard(bad), bad).toThrow(/--shard .* must be <i>\/<n>/);
    }
  });

  test("every participant is in exactly one of n shares, the shares differ in size by one at most", () => {
    const shares = [1, 2, 3, 4].map((index) => shareOf(NAMES, { index, count: 4 }));
    expect(shares.flatMap((s) => [...s]).sort()).toEqual([...NAMES].sort());
    expect(shares.map((s) => s.size)).toEqual([4, 3, 3, 3]);
  });

  test("a share does not change when the file is reordered", () => {
    const reordered = [...NAMES].reverse();
    for (const index of [1, 2, 3]) {
      expect([...shareOf(reordered, { index, count: 3 })].sort()).toEqual([...shareOf(NAMES, { index, count: 3 })].sort());
    }
  });

  test("the config's hash ignores the order of keys and participants, and changes with any setting", () => {
    const write = (name: string, value: unknown): string => {
      const path = join(dir, name);
      writeFileSync(path, JSON.stringify(value));
      return path;
    };
    const a = {
      profile: "core-1.1.0",
      participants: [
        { name: "x", target: "http://a" },
        { name: "y", target: "http://b" },
      ],
    };
    const b = {
      participants: [
        { target: "http://b", name: "y" },
        { name: "x", target: "http://a" },
      ],
      profile: "core-1.1.0",
    };
    const c = { ...a, profile: "p2p-trade-strict" };
    expect(configHashOf(write("a.json", a))).toBe(configHashOf(write("b.json", b)));
    expect(configHashOf(write("c.json", c))).not.toBe(configHashOf(write("a2.json", a)));
    expect(configHashOf(write("a3.json", a))).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
