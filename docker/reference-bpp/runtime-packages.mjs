// Prints the node_modules paths that the given packages need at run time (themselves and their
// dependencies, resolved the way Node resolves them), read from package-lock.json.
//   node docker/reference-bpp/runtime-packages.mjs fastify ajv …
import { readFileSync } from "node:fs";

const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
const packages = lock.packages ?? {};

/** Where `name` resolves from the package at `from` ("" is the project): its node_modules, then each parent's. */
function resolve(from, name) {
  for (let dir = from; ; dir = dir.includes("/node_modules/") ? dir.slice(0, dir.lastIndexOf("/node_modules/")) : "") {
    const candidate = `${dir ? `${dir}/` : ""}node_modules/${name}`;
    if (packages[candidate]) {
      return candidate;
    }
    if (dir === "") {
      return undefined;
    }
  }
}

const seen = new Set();
const queue = process.argv.slice(2).map((name) => resolve("", name));
while (queue.length > 0) {
  const path = queue.pop();
  if (path === undefined || seen.has(path)) {
    continue;
  }
  seen.add(path);
  const entry = packages[path];
  for (const name of [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.optionalDependencies ?? {})]) {
    const found = resolve(path, name);
    if (found) {
      queue.push(found);
    } else if (!(entry.optionalDependencies ?? {})[name]) {
      throw new Error(`${path} needs ${name}, which package-lock.json does not hold`);
    }
  }
}
process.stdout.write(`${[...seen].sort().join("\n")}\n`);
