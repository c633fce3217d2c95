import { asObject } from "../protocol/shapes.js";
import { BECKN_ACTIONS, isBecknAction, type BecknAction } from "./model/actions.js";
import { fromAjvErrors, type RawFinding } from "./ajv-findings.js";
import { runLayer, type ErrorCollection } from "./compile.js";
import { toJsonPath } from "./json-path.js";
import { NAMED_RULES, PROFILES } from "./profiles.js";
import { levelIn } from "./rules/rule.js";
import { withSharedWalk } from "./rules/walk.js";
import { MAX_VALUES_FOR_ALL_ERRORS, NOT_COLLECTED_KEYWORD, notCollectedMessage, valuesExceed } from "./work.js";
import { DEFAULT_PROFILE, type ProfileName, type SchemaFinding, type ValidateOptions, type ValidationResult } from "./model/types.js";

function result(action: BecknAction | null, profile: ProfileName, findings: SchemaFinding[]): ValidationResult {
  return { action, profile, valid: !findings.some((f) => f.severity === "error"), findings };
}

function envelopeError(path: string, keyword: string, message: string): SchemaFinding {
  return { path, keyword, message, severity: "error" };
}

/** The envelope checks every profile shares; they decide which action's schema applies. */
function actionOf(body: unknown): { action: BecknAction } | { finding: SchemaFinding } {
  const root = asObject(body);
  if (!root) {
    return { finding: envelopeError("$", "type", "A Beckn message must be a JSON object with `context` and `message`.") };
  }
  const context = asObject(root["context"]);
  if (!context) {
    const message = root["context"] === undefined ? "`context` is required but missing." : "`context` must be an object.";
    return { finding: envelopeError("$.context", root["context"] === undefined ? "required" : "type", message) };
  }
  const action = context["action"];
  if (action === undefined) {
    return { finding: envelopeError("$.context.action", "required", "`context.action` is required but missing.") };
  }
  if (!isBecknAction(action)) {
    const known = BECKN_ACTIONS.join(", ");
    return {
      finding: envelopeError(
        "$.context.action",
        "enum",
        `\`context.action\` ${JSON.stringify(action).slice(0, 60)} is not a Beckn core 1.1.0 action (${known}).`,
      ),
    };
  }
  return { action };
}

function namedRuleFindings(body: Record<string, unknown>, action: BecknAction, profile: ProfileName): SchemaFinding[] {
  return withSharedWalk(body, () =>
    NAMED_RULES.flatMap((rule) => {
      const level = levelIn(rule, profile);
      if (!level) {
        return [];
      }
      return rule.check(body, action).map((hit) => ({
        path: toJsonPath(hit.path),
        keyword: rule.id,
        message: hit.message,
        severity: level === "MUST" ? ("error" as const) : ("warning" as const),
        rule: rule.id,
      }));
    }),
  );
}

function schemaFindings(raw: readonly RawFinding[], covered: ReadonlySet<string>): SchemaFinding[] {
  const seen = new Set<string>();
  const findings: SchemaFinding[] = [];
  for (const finding of raw) {
    const path = toJsonPath(finding.segments);
    const key = `${path} ${finding.keyword}`;
    if (covered.has(path) || seen.has(key)) {
      continue;
    }
    seen.add(key);
    findings.push({ path, keyword: finding.keyword, message: `\`${path.slice(2) || "$"}\` ${finding.message}`, severity: "error" });
  }
  return findings;
}

/**
 * `--closed`: every property core 1.1.0 does not define where it stands, as a warning. Core sets no
 * `additionalProperties: false`, so an unknown property is never an error; where a named rule
 * already names the property (a guide form), its finding stands instead.
 */
function unknownProperties(action: BecknAction, root: Record<string, unknown>, collection: ErrorCollection): { found: RawFinding[]; failed: boolean } {
  const errors = runLayer("core-closed", action, root, collection);
  return { found: fromAjvErrors(errors).filter((f) => f.keyword === "additionalProperties"), failed: errors.length > 0 };
}

/**
 * The finding that stands for what a large body's first-error runs did not collect: an error when
 * an error was reported (the body is invalid anyway); a warning when a layer failed only where a
 * named rule already speaks (a guide form the profile may accept) or only `--closed` failed, since
 * what else fails there is unknown and a warning never makes a body invalid.
 */
function partialNote(reportedError: boolean, anyLayerFailed: boolean): SchemaFinding[] {
  if (!anyLayerFailed) {
    return [];
  }
  const severity = reportedError ? ("error" as const) : ("warning" as const);
  return [
    { path: "$", keyword: NOT_COLLECTED_KEYWORD, message: notCollectedMessage(reportedError ? "errors" : "schema errors or unknown properties"), severity },
  ];
}

/**
 * Validates one Beckn message under a profile. The action comes from `context.action`.
 * Never throws: a body that is not even an object gets an error finding. A body of more than
 * MAX_VALUES_FOR_ALL_ERRORS values gets the first schema error of each layer and one finding
 * (keyword `errors-not-collected`) instead of all of them, so its work stays linear (docs/limits.md "Validation work").
 */
export function validate(body: unknown, profile: ProfileName = DEFAULT_PROFILE, options: ValidateOptions = {}): ValidationResult {
  const picked = actionOf(body);
  if ("finding" in picked) {
    return result(null, profile, [picked.finding]);
  }
  const { action } = picked;
  const root = body as Record<string, unknown>;
  const collection: ErrorCollection = valuesExceed(root, MAX_VALUES_FOR_ALL_ERRORS) ? "first" : "all";
  const named = namedRuleFindings(root, action, profile);
  const raw = PROFILES[profile].schemaLayers.flatMap((layer) => fromAjvErrors(runLayer(layer, action, root, collection)));
  // A named rule says more than the bare schema error at the same place, so it wins.
  const covered = new Set(named.map((f) => f.path));
  const closed = options.closed ? unknownProperties(action, root, collection) : { found: [], failed: false };
  const unknown = schemaFindings(closed.found, covered).map((f) => ({ ...f, severity: "warning" as const }));
  const errors = schemaFindings(raw, covered);
  const findings = [...errors, ...(collection === "first" ? partialNote(errors.length > 0, raw.length > 0 || closed.failed) : []), ...unknown, ...named];
  return result(action, profile, findings);
}
