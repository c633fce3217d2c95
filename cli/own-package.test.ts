import { expect, test } from "vitest";
import { repositoryWebUrl, toolVersion } from "./own-package.js";

test.for([
  ["https://github.com/acme/p2p-energy-conformance", "https://github.com/acme/p2p-energy-conformance"],
  ["git+https://github.com/acme/p2p-energy-conformance.git", "https://github.com/acme/p2p-energy-conformance"],
  ["git@github.com:acme/p2p-energy-conformance.git", "https://github.com/acme/p2p-energy-conformance"],
  ["github:acme/p2p-energy-conformance", "https://github.com/acme/p2p-energy-conformance"],
  ["acme/p2p-energy-conformance", "https://github.com/acme/p2p-energy-conformance"],
  [{ type: "git", url: "git+https://gitlab.com/acme/p2p.git" }, "https://gitlab.com/acme/p2p"],
  [undefined, undefined],
  [{ type: "git" }, undefined],
  ["javascript:alert(1)", undefined],
  ["http://github.com/acme/p2p", undefined],
  ["file:../p2p", undefined],
] as const)("reads the repository %j as %j", ([repository, url]) => {
  expect(repositoryWebUrl(repository)).toBe(url);
});

test("reads the tool's version from its package.json", () => {
  expect(toolVersion()).toMatch(/^\d+\.\d+\.\d+/);
});
