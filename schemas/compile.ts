import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import * as addFormatsModule from "ajv-formats";
import coreSchema from "./core-1.1.0/transaction.schema.json" with { type: "json" };
import p2pRequired from "./p2p/required.schema.json" with { type: "json" };
import { closedCoreSchema, layer2CoreSchema, openCoreSchema } from "./core-variants.js";
import type { BecknAction } from "./model/actions.js";
import { MAX_VALUES_FOR_ALL_ERRORS, valuesExceed } from "./work.js";

/**
 * Compiles each schema layer once, lazily, per action. The five layers:
 * - `core`: core 1.1.0 as published: formats asserted, unknown properties allowed (`core-1.1.0`);
 * - `core-open`: core 1.1.0 as published, formats not asserted;
 * - `core-open-layer2`: `core-open` whose `Order.status` also takes the P2P layer-2's COMPLETED and
 *   SOFT_CANCEL (the guide profiles);
 * - `core-closed`: core 1.1.0 with unknown properties refused (`--closed`, whose findings are warnings);
 * - `p2p-required`: what the P2P trade profiles add (required context and message structure).
 */
export type SchemaLayer = "core" | "core-closed" | "core-open" | "core-open-layer2" | "p2p-required";

// ajv-formats is CommonJS; under NodeNext its callable export is the module's `default`.
const addFormats = addFormatsModule.default.default;

/**
 * How many errors a run collects: `all` (ajv's `allErrors`, for the findings of a body of ordinary
 * size) or `first` (ajv stops at the first error: linear in the body, whatever it holds; see work.ts).
 */
export type ErrorCollection = "all" | "first";

function makeAjv(allErrors: boolean): Ajv2020 {
  const ajv = new Ajv2020({ allErrors, strict: false, validateFormats: true });
  addFormats(ajv);
  return ajv;
}

const LAYER_SCHEMAS: Record<SchemaLayer, Record<string, unknown>> = {
  core: coreSchema as Record<string, unknown>,
  "core-closed": closedCoreSchema(coreSchema as Record<string, unknown>),
  "core-open": openCoreSchema(coreSchema as Record<string, unknown>),
  "core-open-layer2": layer2CoreSchema(coreSchema as Record<string, unknown>),
  "p2p-required": p2pRequired as Record<string, unknown>,
};

/** One ajv per way of collecting errors, each holding every layer; compiled lazily. */
const AJV: Record<ErrorCollection, Ajv2020> = { all: makeAjv(true), first: makeAjv(false) };
for (const ajv of Object.values(AJV)) {
  for (const schema of Object.values(LAYER_SCHEMAS)) {
    ajv.addSchema(schema);
  }
}

const compiled = new Map<string, ValidateFunction>();

function compiledFor(collection: ErrorCollection, ref: string): ValidateFunction | undefined {
  const key = `${collection}#${ref}`;
  let validate = compiled.get(key);
  if (!validate) {
    validate = AJV[collection].getSchema(ref);
    if (validate) {
      compiled.set(key, validate);
    }
  }
  return validate;
}

function errorsOf(validate: ValidateFunction, body: unknown): readonly ErrorObject[] {
  return validate(body) ? [] : [...(validate.errors ?? [])];
}

/** Runs one layer on a body; returns ajv's errors (empty when valid): all of them, or only the first. */
export function runLayer(layer: SchemaLayer, action: BecknAction, body: unknown, collection: ErrorCollection = "all"): readonly ErrorObject[] {
  const validate = compiledFor(collection, `${String(LAYER_SCHEMAS[layer]["$id"])}#/$defs/actions/${action}`);
  if (!validate) {
    throw new Error(`No ${layer} schema for action "${action}"`);
  }
  return errorsOf(validate, body);
}

/**
 * Validates a synchronous ACK/NACK response body against core 1.1.0: every error of a response of
 * ordinary size, only the first of one past MAX_VALUES_FOR_ALL_ERRORS (docs/limits.md "Validation work").
 */
export function runAckLayer(body: unknown): readonly ErrorObject[] {
  const validate = compiledFor(
    valuesExceed(body, MAX_VALUES_FOR_ALL_ERRORS) ? "first" : "all",
    `${String(LAYER_SCHEMAS["core-open"]["$id"])}#/$defs/ackResponse`,
  );
  if (!validate) {
    throw new Error("No ACK response schema");
  }
  return errorsOf(validate, body);
}
