import { validate, type BecknAction, type ProfileName } from "../../schemas/index.js";
import { reserialised, type GatewayHeader, type SignatureReading } from "../common/inbound.js";
import type { FaultSet } from "./fault-set.js";

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

/** The aut.* faults of how signatures are read; by the book without them. */
export function signatureReading(faults: FaultSet): SignatureReading {
  const gatewayHeaders: readonly GatewayHeader[] | undefined = faults.has("aut.reads-proxy-only")
    ? ["proxy-authorization"]
    : faults.has("aut.trusts-proxy-header")
      ? ["x-gateway-authorization"]
      : undefined;
  return {
    ...(gatewayHeaders ? { gatewayHeaders } : {}),
    ...(faults.has("aut.trusts-gateway-header") ? { trustGateway: true } : {}),
    ...(faults.has("aut.reserialises-body") ? { bytes: reserialised } : {}),
  };
}
