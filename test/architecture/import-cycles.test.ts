import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

/**
 * No two source files import each other, directly or round a longer loop (ARCHITECTURE.md): a loop
 * makes the order modules load in decide what a module sees of another. Only value imports count:
 * `import type` and `export type` are erased and load nothing. Folders are held to more: no folder
 * depends on itself round a loop, type imports included, so that the folders read as layers
 * (suites/core below the roles, a role's checks below its driver).
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SKIPPED = new Set(["node_modules", "dist", ".git", "reports/out", ".scratch"]);
const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?[^;]*?\s+from\s+"(\.{1,2}\/[^"]+)"/g;

function sourceFiles(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (SKIPPED.has(relative(ROOT, path)) || SKIPPED.has(entry.name)) {
      continue;
    }
    if (entry.isDirectory()) {
      sourceFiles(path, found);
    } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") && !entry.name.endsWith(".d.ts")) {
      found.push(path);
    }
  }
  return found;
}

/** Each file's imports of other project files: value imports only, or type imports too. */
function importGraph(files: readonly string[], withTypes = false): Map<string, string[]> {
  const known = new Set(files);
  return new Map(
    files.map((file) => {
      const text = readFileSync(file, "utf8");
      const targets = [...text.matchAll(IMPORT)]
        .filter((m) => withTypes || m[2] === undefined)
        .map((m) => normalize(join(dirname(file), (m[3] ?? "").replace(/\.js$/, ".ts"))))
        .filter((target) => known.has(target));
      return [file, targets];
    }),
  );
}

/**
 * The folders' graph: a folder imports another when one of its files imports one of the other's
 * (types included: a folder that needs another's types depends on it as much).
 */
function folderGraph(files: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const folders = new Map<string, Set<string>>();
  for (const [file, targets] of files) {
    const from = dirname(file);
    const edges = folders.get(from) ?? new Set<string>();
    targets
      .map(dirname)
      .filter((to) => to !== from)
      .forEach((to) => edges.add(to));
    folders.set(from, edges);
  }
  return new Map([...folders].map(([folder, edges]) => [folder, [...edges]]));
}

/** The strongly connected components of more than one file (Tarjan, iterative). */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) {
      continue;
    }
    const work: { node: string; edge: number }[] = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next);
    next += 1;
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: string; edge: number };
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const to = edges[frame.edge] as string;
        frame.edge += 1;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next);
          next += 1;
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(to) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) {
        low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1) {
          found.push(component.map((f) => relative(ROOT, f)).sort());
        }
      }
    }
  }
  return found;
}

test("no source file imports itself round a loop of value imports", () => {
  const files = sourceFiles(ROOT);
  expect(files.length).toBeGreaterThan(300);
  expect(cycles(importGraph(files))).toEqual([]);
});

test("no folder imports itself round a loop, type imports included", () => {
  expect(cycles(folderGraph(importGraph(sourceFiles(ROOT), true)))).toEqual([]);
});

test("the cycle finder finds a loop", () => {
  const graph = new Map([
    [join(ROOT, "a.ts"), [join(ROOT, "b.ts")]],
    [join(ROOT, "b.ts"), [join(ROOT, "c.ts")]],
    [join(ROOT, "c.ts"), [join(ROOT, "a.ts")]],
    [join(ROOT, "d.ts"), [join(ROOT, "a.ts")]],
  ]);
  expect(cycles(graph)).toEqual([["a.ts", "b.ts", "c.ts"]]);
});
