import { expect, test } from "vitest";
import { HarnessError } from "../../protocol/errors.js";
import type { RunConfig } from "./config.js";
import { Closers, externalSut } from "./network.js";

test("closers run once each, last pushed first, and a failing one does not stop the rest", async () => {
  const closed: string[] = [];
  const closers = new Closers();
  closers.push(
    async () => closed.push("registry"),
    async () => closed.push("gateway"),
  );
  closers.push(() => Promise.reject(new Error("already gone")));
  closers.push(async () => closed.push("receiver"));
  await closers.close();
  await closers.close();
  expect(closed).toEqual(["receiver", "gateway", "registry"]);
});

test("closing twice at once still closes each thing once", async () => {
  let count = 0;
  const closers = new Closers();
  closers.push(async () => (count += 1));
  await Promise.all([closers.close(), closers.close()]);
  expect(count).toBe(1);
});

test("a network whose start throws closes what it had started, then the error goes on", async () => {
  const closed: string[] = [];
  const started = Closers.starting(async (closers) => {
    closers.push(async () => closed.push("registry"));
    closers.push(async () => closed.push("gateway"));
    throw new Error("port in use");
  });
  await expect(started).rejects.toThrow("port in use");
  expect(closed).toEqual(["gateway", "registry"]);
});

test("a network that starts keeps everything open until its close", async () => {
  const closed: string[] = [];
  const network = await Closers.starting(async (closers) => {
    closers.push(async () => closed.push("registry"));
    return { close: closers.close };
  });
  expect(closed).toEqual([]);
  await network.close();
  expect(closed).toEqual(["registry"]);
});

const config = (values: Partial<RunConfig>): RunConfig => values as RunConfig;

test("externalSut is the --target with its id and key; the trailing slash goes", () => {
  expect(externalSut(config({ target: "http://sut.example/beckn/", sutId: "bpp.example", sutKey: "a2V5", sutKeyId: "k1" }))).toEqual({
    url: "http://sut.example/beckn",
    subscriberId: "bpp.example",
    publicKey: "a2V5",
    uniqueKeyId: "k1",
    embedded: false,
  });
});

test("externalSut without --sut-id or --sut-key is a usage error", () => {
  for (const values of [
    { target: "http://sut.example" },
    { target: "http://sut.example", sutId: "bpp.example" },
    { target: "http://sut.example", sutKey: "a2V5" },
  ]) {
    expect(() => externalSut(config(values))).toThrow(new HarnessError("P2PC_ERR_USAGE", "A run against --target needs --sut-id and --sut-key."));
  }
});
