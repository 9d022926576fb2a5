/**
 * An MCP tool's input schema made usable as a strict tool on both model APIs (the ToolSpec
 * contract): every object closed (`additionalProperties: false`), every property required, the
 * optional ones nullable instead (`anyOf` with null, which both APIs take); `oneOf` read as
 * `anyOf`; only the keywords both APIs' strict modes take are kept, the others (bounds, lengths,
 * patterns, defaults) told in the description, as Anthropic's SDK does with its own schemas. The
 * model's `null` for an optional property is taken out again before the server sees the
 * arguments. A schema that cannot be made strict without changing what it accepts (a free-form
 * map, `allOf`, `patternProperties`) has no strict form: the tool is not offered.
 */

type Schema = Record<string, unknown>;

export interface StrictInput {
  schema: Schema;
  /** The arguments as the server expects them: optional properties the model set to null removed. */
  restore(input: Record<string, unknown>): Record<string, unknown>;
}

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

export function strictInput(schema: Schema): StrictInput | undefined {
  const { $schema: _dialect, ...rest } = schema;
  const strict = strictOf({ type: 'object', ...rest });
  return strict && { schema: strict, restore: (input) => restore(input, schema) as Record<string, unknown> };
}

/** String formats both APIs' strict modes take. */
const FORMATS = new Set(['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'uri', 'ipv4', 'ipv6', 'uuid']);
/** Keywords kept as they are; `properties`, `items`, the combinators and the definitions are rebuilt. */
const KEPT = new Set([
  'type',
  'enum',
  'const',
  'description',
  'title',
  '$ref',
  'required',
  'additionalProperties',
  'properties',
  'items',
  'anyOf',
  'oneOf',
  '$defs',
  'definitions',
  '$schema'
]);

function strictOf(schema: Schema): Schema | undefined {
  if ('allOf' in schema || 'patternProperties' in schema || 'not' in schema) return undefined;
  const out: Schema = {};
  const told: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (KEPT.has(key)) continue;
    if (key === 'format' && typeof value === 'string' && FORMATS.has(value)) out['format'] = value;
    else if (key === 'minItems' && (value === 0 || value === 1)) out['minItems'] = value;
    else told[key] = value;
  }
  for (const key of ['type', 'enum', 'const', 'title', '$ref'] as const) if (key in schema) out[key] = schema[key];
  const described = [typeof schema['description'] === 'string' ? schema['description'] : '', Object.keys(told).length > 0 ? JSON.stringify(told) : '']
    .filter(Boolean)
    .join('\n\n');
  if (described) out['description'] = described;

  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key];
    if (!Array.isArray(options)) continue;
    const strict = options.map((o) => (isSchema(o) ? strictOf(o) : undefined));
    if (strict.some((s) => s === undefined)) return undefined;
    out['anyOf'] = strict;
  }
  for (const key of ['$defs', 'definitions'] as const) {
    const defs = schema[key];
    if (!isSchema(defs)) continue;
    const strict = Object.entries(defs).map(([name, def]) => [name, isSchema(def) ? strictOf(def) : undefined] as const);
    if (strict.some(([, s]) => s === undefined)) return undefined;
    out[key] = Object.fromEntries(strict);
  }
  if (isSchema(schema['items'])) {
    const items = strictOf(schema['items']);
    if (!items) return undefined;
    out['items'] = items;
  }
  const typed = schema['type'];
  if (typed === 'object' || (Array.isArray(typed) && typed.includes('object'))) {
    const properties = isSchema(schema['properties']) ? schema['properties'] : {};
    // A map whose keys the model chooses cannot be closed without changing what it means.
    if (Object.keys(properties).length === 0 && schema['additionalProperties'] !== undefined && schema['additionalProperties'] !== false) return undefined;
    const required = new Set(Array.isArray(schema['required']) ? (schema['required'] as string[]) : []);
    const strictProperties: Schema = {};
    for (const [name, property] of Object.entries(properties)) {
      const strict = isSchema(property) ? strictOf(property) : undefined;
      if (!strict) return undefined;
      strictProperties[name] = required.has(name) ? strict : { anyOf: [strict, { type: 'null' }] };
    }
    out['properties'] = strictProperties;
    out['required'] = Object.keys(strictProperties);
    out['additionalProperties'] = false;
  }
  return out;
}

/** `value` with the nulls the strict form added for optional properties taken out, following the original schema. */
function restore(value: unknown, schema: Schema): unknown {
  if (Array.isArray(value)) return isSchema(schema['items']) ? value.map((v) => restore(v, schema['items'] as Schema)) : value;
  if (!isSchema(value)) return value;
  const properties = isSchema(schema['properties']) ? schema['properties'] : {};
  const required = new Set(Array.isArray(schema['required']) ? (schema['required'] as string[]) : []);
  return Object.fromEntries(
    Object.entries(value).flatMap(([key, v]) => {
      if (v === null && !required.has(key)) return [];
      const property = properties[key];
      return [[key, isSchema(property) ? restore(v, property) : v]];
    })
  );
}
