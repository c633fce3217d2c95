/**
 * Two readings of the published core 1.1.0 schema beside the schema itself (the `core-1.1.0` profile):
 * - `closed`: every object definition refuses unknown properties (`--closed`: reported as warnings);
 * - `open`: as published, with `format` dropped, because the default profile asserts formats
 *   only where it says so (see docs/profiles.md, "Format assertion").
 * Both are deep copies with their own `$id`, so one Ajv instance can hold them side by side.
 */
type SchemaNode = Record<string, unknown>;

function mapSchema(node: unknown, visit: (n: SchemaNode) => SchemaNode): unknown {
  if (Array.isArray(node)) {
    return node.map((child) => mapSchema(child, visit));
  }
  if (typeof node !== "object" || node === null) {
    return node;
  }
  const copy: SchemaNode = {};
  for (const [key, value] of Object.entries(node)) {
    // Under `properties` the keys are property names, not keywords: map their values only.
    copy[key] = key === "properties" ? mapProperties(value, visit) : mapSchema(value, visit);
  }
  return visit(copy);
}

function mapProperties(properties: unknown, visit: (n: SchemaNode) => SchemaNode): unknown {
  if (typeof properties !== "object" || properties === null) {
    return properties;
  }
  return Object.fromEntries(Object.entries(properties).map(([name, schema]) => [name, mapSchema(schema, visit)]));
}

function closeObject(node: SchemaNode): SchemaNode {
  const isDefinition = node["type"] === "object" && typeof node["properties"] === "object";
  return isDefinition && !("additionalProperties" in node) ? { ...node, additionalProperties: false } : node;
}

function dropFormat(node: SchemaNode): SchemaNode {
  if (!("format" in node)) {
    return node;
  }
  const { format: _format, ...rest } = node;
  return rest;
}

function withId(schema: SchemaNode, variant: string): SchemaNode {
  const id = String(schema["$id"]).replace(/\.schema\.json$/, `.${variant}.schema.json`);
  return { ...schema, $id: id };
}

export function closedCoreSchema(core: SchemaNode): SchemaNode {
  return withId(mapSchema(core, closeObject) as SchemaNode, "closed");
}

export function openCoreSchema(core: SchemaNode): SchemaNode {
  return withId(mapSchema(core, dropFormat) as SchemaNode, "open");
}
