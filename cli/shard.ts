/**
 * Certification sharded over CI runners (`run --config <file> --shard <i>/<n>`): each participant
 * of the config in exactly one of n shares, by the place of its name among all names sorted, so a
 * share does not change when the file is reordered; and the config's hash, so `merge` refuses
 * shards of different configs.
 */
import { createHash } from "node:crypto";
import { HarnessError } from "../protocol/errors.js";
import type { SummaryShard } from "../reports/summary.js";
import { readJson } from "./config-file.js";

export interface Shard {
  /** 1…count. */
  readonly index: number;
  readonly count: number;
}

/** The most shards a certification is split into. */
export const MAX_SHARDS = 256;

/** `--shard <i>/<n>`: shard i of n, numbered from 1. */
export function parseShard(value: string): Shard {
  const match = /^(\d{1,4})\/(\d{1,4})$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || index < 1 || count < 1 || index > count || count > MAX_SHARDS) {
    throw new HarnessError("P2PC_ERR_USAGE", `--shard "${value}" must be <i>/<n>, a shard i of n numbered from 1 (1 ≤ i ≤ n ≤ ${MAX_SHARDS}), e.g. 2/4.`);
  }
  return { index, count };
}

/** The names of shard `index`: every `count`-th of all names sorted, starting at the index-th. */
export function shareOf(names: readonly string[], shard: Shard): Set<string> {
  const sorted = [...names].sort();
  return new Set(sorted.filter((_, i) => i % shard.count === shard.index - 1));
}

/** JSON with its objects' keys sorted, so two spellings of one config hash alike. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(canonical);
  }
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** The hash of a config file's settings, whatever the order of its keys and of its participants. */
export function configHashOf(path: string): string {
  const file = readJson(path) as Record<string, unknown>;
  const participants = Array.isArray(file["participants"]) ? [...(file["participants"] as { name?: unknown }[])] : [];
  participants.sort((a, b) => String(a.name).localeCompare(String(b.name)));
  const text = JSON.stringify(canonical({ ...file, participants }));
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}

/** What a shard's summary.json records of its shard. */
export function summaryShard(shard: Shard, configPath: string, names: readonly string[]): SummaryShard {
  return { index: shard.index, count: shard.count, configHash: configHashOf(configPath), participants: [...names].sort() };
}
