import { validate, type BecknAction, type ProfileName } from "../../schemas/index.js";

/** The rule of the energy layer that refuses a quantity in another unit than kWH. */
const UNIT_RULE = "energy-unit-kwh";

function parsed(rawBody: string): unknown {
  try {
    return JSON.parse(rawBody) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * neg.accept-wrong-unit lets through a select whose only errors are quantities in another unit
 * than kWH (and whose `context.action` is the endpoint's): only then are the schema checks skipped.
 */
export function onlyWrongUnit(action: BecknAction, rawBody: string, profile?: ProfileName): boolean {
  const body = parsed(rawBody);
  const context = (body as { context?: { action?: unknown } } | undefined)?.context;
  if (action !== "select" || context?.action !== action) {
    return false;
  }
  const errors = validate(body, profile).findings.filter((f) => f.severity === "error");
  return errors.length > 0 && errors.every((f) => f.rule === UNIT_RULE);
}
