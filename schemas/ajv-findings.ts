import type { ErrorObject } from "ajv/dist/2020.js";
import type { PathSegment } from "../protocol/shapes.js";
import { pointerToSegments } from "./json-path.js";

export interface RawFinding {
  readonly segments: readonly PathSegment[];
  readonly keyword: string;
  readonly message: string;
}

/** Keywords whose errors only repeat what the inner errors already say. */
const NOISE = new Set(["if", "then", "else", "allOf", "anyOf", "oneOf", "$ref"]);

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return "is required but missing.";
    case "additionalProperties":
      return "is not a property core 1.1.0 defines here.";
    case "type":
      return `must be ${String(params["type"])}.`;
    case "enum":
      return `must be one of ${JSON.stringify(params["allowedValues"])}.`;
    case "format":
      return `must be a valid ${String(params["format"])}.`;
    default:
      return `${error.message ?? "is invalid"}.`;
  }
}

/** Turns ajv errors into findings located at the offending property (not at its parent). */
export function fromAjvErrors(errors: readonly ErrorObject[]): RawFinding[] {
  return errors
    .filter((error) => !NOISE.has(error.keyword))
    .map((error) => {
      const params = error.params as Record<string, unknown>;
      const base = pointerToSegments(error.instancePath);
      const child =
        error.keyword === "required" ? params["missingProperty"] : error.keyword === "additionalProperties" ? params["additionalProperty"] : undefined;
      const segments = typeof child === "string" ? [...base, child] : base;
      return { segments, keyword: error.keyword, message: describe(error) };
    });
}
