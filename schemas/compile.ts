import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import * as addFormatsModule from "ajv-formats";
import coreSchema from "./core-1.1.0/transaction.schema.json" with { type: "json" };
import p2pRequired from "./p2p/required.schema.json" with { type: "json" };
import { closedCoreSchema, openCoreSchema } from "./core-variants.js";
import type { BecknAction } from "./actions.js";

/**
 * Compiles each schema layer once, lazily, per action. The four layers:
 * - `core`: core 1.1.0 as published: formats asserted, unknown properties allowed (`core-1.1.0`);
 * - `core-open`: core 1.1.0 as published, formats not asserted (the guide profiles);
 * - `core-closed`: core 1.1.0 with unknown properties refused (`--closed`, whose findings are warnings);
 * - `p2p-required`: what the P2P trade profiles add (required context and message structure).
 */
export type SchemaLayer = "core" | "core-closed" | "core-open" | "p2p-required";

// ajv-formats is CommonJS; under NodeNext its callable export is the module's `default`.
const addFormats = addFormatsModule.default.default;

function makeAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
  addFormats(ajv);
  return ajv;
}

const ajv = makeAjv();
const LAYER_SCHEMAS: Record<SchemaLayer, Record<string, unknown>> = {
  core: coreSchema as Record<string, unknown>,
  "core-closed": closedCoreSchema(coreSchema as Record<string, unknown>),
  "core-open": openCoreSchema(coreSchema as Record<string, unknown>),
  "p2p-required": p2pRequired as Record<string, unknown>,
};
for (const schema of Object.values(LAYER_SCHEMAS)) {
  ajv.addSchema(schema);
}

const compiled = new Map<string, ValidateFunction>();

function validatorFor(layer: SchemaLayer, action: BecknAction): ValidateFunction {
  const key = `${layer}#${action}`;
  let validate = compiled.get(key);
  if (!validate) {
    const ref = `${String(LAYER_SCHEMAS[layer]["$id"])}#/$defs/actions/${action}`;
    validate = ajv.getSchema(ref);
    if (!validate) {
      throw new Error(`No ${layer} schema for action "${action}"`);
    }
    compiled.set(key, validate);
  }
  return validate;
}

/** Runs one layer on a body; returns ajv's errors (empty when valid). */
export function runLayer(layer: SchemaLayer, action: BecknAction, body: unknown): readonly ErrorObject[] {
  const validate = validatorFor(layer, action);
  return validate(body) ? [] : [...(validate.errors ?? [])];
}

const ackValidator = (): ValidateFunction => {
  const ref = `${String(LAYER_SCHEMAS["core-open"]["$id"])}#/$defs/ackResponse`;
  const validate = ajv.getSchema(ref);
  if (!validate) {
    throw new Error("No ACK response schema");
  }
  return validate;
};

/** Validates a synchronous ACK/NACK response body against core 1.1.0. */
export function runAckLayer(body: unknown): readonly ErrorObject[] {
  const validate = ackValidator();
  return validate(body) ? [] : [...(validate.errors ?? [])];
}
