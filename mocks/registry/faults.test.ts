import { expect, test } from "vitest";
import { registryFaults } from "./faults.js";
import { buildRegistry } from "./server.js";

test("an unknown registry fault id is refused", () => {
  expect(() => registryFaults(["reg.nope"])).toThrow(/Unknown registry fault "reg\.nope"/);
  expect(() => buildRegistry({ faults: ["reg.nope"] })).toThrow(/Unknown registry fault/);
});

test("a fault changes the lookup answer, and the same registry without it answers a bare array", async () => {
  const entry = {
    subscriber_id: "bpp.a",
    url: "http://127.0.0.1:9",
    type: "BPP" as const,
    domain: "trade",
    unique_key_id: "k1",
    signing_public_key: "awGPjRK6i/Vg/lWr+0xObclVxlwZXvTjWYtlu6NeOHk=",
  };
  const answers = await Promise.all(
    [[], ["reg.wrapped-array"]].map(async (faults) => {
      const { app, registry } = buildRegistry({ faults });
      registry.preload(entry);
      const response = await app.inject({ method: "POST", url: "/lookup", payload: "{}" });
      await app.close();
      return response.json<unknown>();
    }),
  );
  const ids = (list: unknown): unknown[] => (list as { subscriber_id: string }[]).map((e) => e.subscriber_id);
  expect(ids(answers[0])).toEqual(["bpp.a"]);
  expect(Object.keys(answers[1] as object)).toEqual(["subscribers"]);
  expect(ids((answers[1] as { subscribers: unknown }).subscribers)).toEqual(["bpp.a"]);
});
