import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { MAX_BECKN_ARRAY_LENGTH } from "../protocol/json/depth.js";
import { validate } from "../schemas/index.js";
import { measure, type Throughput } from "./measure.js";

/** validate(body, profile) against one raw compiled ajv validator of core's on_search schema. */
export async function benchValidate(seconds: number): Promise<[Throughput, Throughput]> {
  const body = JSON.parse(readFileSync(new URL("../fixtures/guide/on_search.json", import.meta.url), "utf8")) as unknown;
  const core = JSON.parse(readFileSync(new URL("../schemas/core-1.1.0/transaction.schema.json", import.meta.url), "utf8")) as { $id: string };
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
  ajv.addSchema(core);
  const raw = ajv.getSchema(`${core.$id}#/$defs/actions/on_search`);
  if (!raw || !raw(body)) {
    throw new Error("baseline validator did not accept the guide's on_search");
  }
  if (!validate(body).valid) {
    throw new Error("validate() did not accept the guide's on_search");
  }
  const baseline = await measure("raw ajv (core on_search)", () => raw(body), seconds);
  const ours = await measure("validate(on_search, default)", () => validate(body), seconds);
  return [ours, baseline];
}

/**
 * The worst body a mock accepts for validation (docs/limits.md "Validation work"): a select of 200
 * items each with 1,000 null tags (arrays at MAX_BECKN_ARRAY_LENGTH, ~1 MB, 200,000 errors), judged
 * against JSON.parse of the same text: both are linear, so the ratio stays flat as bodies grow.
 */
export async function benchValidateWorstInLimit(seconds: number): Promise<[Throughput, Throughput]> {
  const select = JSON.parse(readFileSync(new URL("../fixtures/guide/select.json", import.meta.url), "utf8")) as { message: { order: Record<string, unknown> } };
  const tags = `[${Array<string>(MAX_BECKN_ARRAY_LENGTH).fill("null").join(",")}]`;
  const items = `[${Array<string>(200).fill(`{"id":"x","tags":${tags}}`).join(",")}]`;
  const text = JSON.stringify({ ...select, message: { order: { ...select.message.order, items: "@" } } }).replace('"@"', items);
  const body = JSON.parse(text) as unknown;
  const ours = await measure("validate(worst in-limit, ~1 MB)", () => validate(body), seconds);
  const baseline = await measure("JSON.parse of the same text", () => JSON.parse(text), seconds);
  return [ours, baseline];
}
