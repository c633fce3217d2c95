import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
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
