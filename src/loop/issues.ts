/**
 * Turns zod issues into diagnostics a person can act on: the line and column of the offending
 * key, what was expected in plain words, and a fix ("did you mean `model`?").
 */
import type { z } from 'zod';
import { formatKeyPath, type Diagnostic, type KeyPath } from './diagnostic.js';
import { suggestion as suggest } from './suggest.js';
import type { ParsedYaml } from './yaml-document.js';

type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

export function issuesToDiagnostics(issues: readonly Issue[], yaml: ParsedYaml, schema: AnySchema, prefix: KeyPath = []): Diagnostic[] {
  const diagnostics = issues.flatMap((issue) => toDiagnostics(issue, yaml, schema, prefix, []));
  // A key indented under its neighbour is one mistake, not an unknown key here and a missing one there.
  const moved = new Set(diagnostics.flatMap((d) => (d.movedFrom ? [d.movedFrom] : [])));
  return diagnostics.filter((d) => !(d.missing && moved.has(d.path))).map(({ movedFrom: _m, missing: _k, ...d }) => d);
}

/** A diagnostic with what the pass above needs to merge the two sides of one indentation mistake. */
type Found = Diagnostic & { movedFrom?: string; missing?: true };

/**
 * An unknown key that belongs to an enclosing mapping, which does not have it: the key was indented
 * one level too far (`pipeline:` under `trigger:`).
 */
function misplaced(key: string, path: KeyPath, yaml: ParsedYaml, schema: AnySchema, prefix: KeyPath): { path: KeyPath; column: number } | undefined {
  for (let depth = path.length - 1; depth >= 0; depth--) {
    const ancestor = path.slice(0, depth);
    if (typeof path[depth] !== 'string' || !keysAt(schema, ancestor).includes(key)) continue;
    if (valueAt(yaml.value, [...prefix, ...ancestor, key]) !== undefined) return undefined;
    const sibling = yaml.locateExact([...prefix, ...ancestor, path[depth]!]);
    return sibling ? { path: ancestor, column: sibling.column } : undefined;
  }
  return undefined;
}

function toDiagnostics(issue: Issue, yaml: ParsedYaml, schema: AnySchema, prefix: KeyPath, base: KeyPath): Found[] {
  const path: KeyPath = [...base, ...(issue.path as (string | number)[])];
  const full: KeyPath = [...prefix, ...path];
  const at = (p: { line: number; column: number; file?: string }, message: string, fix?: string): Diagnostic => ({
    severity: 'error',
    file: p.file ?? yaml.file,
    line: p.line,
    column: p.column,
    path: formatKeyPath(path),
    message,
    ...(fix ? { fix } : {})
  });

  // YAML reads .inf, -.inf and .nan as numbers that no setting of a loop can take.
  const written = valueAt(yaml.value, full);
  if (typeof written === 'number' && !Number.isFinite(written)) {
    const what = Number.isNaN(written) ? 'NaN (.nan)' : written > 0 ? 'infinity (.inf)' : 'minus infinity (-.inf)';
    return [at(yaml.locate(full), `expected a finite number, got ${what}`, 'write a number, e.g. 3')];
  }

  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = keysAt(schema, path);
      return issue.keys.map((key): Found => {
        const home = misplaced(key, path, yaml, schema, prefix);
        if (home) {
          const under = path.filter((p) => typeof p === 'string').at(-1);
          return {
            ...at(
              yaml.locateKey(full, key),
              `"${key}" is indented under "${String(under)}", where it is not a key; it belongs ${home.path.length === 0 ? 'at the top level' : `under "${formatKeyPath(home.path)}"`}`,
              `indent \`${key}:\` like \`${String(path[home.path.length])}:\` (column ${home.column})`
            ),
            path: formatKeyPath([...path, key]),
            movedFrom: formatKeyPath([...home.path, key])
          };
        }
        const suggestion = allowed.length > 0 ? suggest(key, allowed) : undefined;
        return {
          ...at(
            yaml.locateKey(full, key),
            `unknown key "${key}"`,
            suggestion ? `did you mean "${suggestion}"?` : allowed.length > 0 ? `allowed keys here: ${allowed.join(', ')}` : 'remove it'
          ),
          path: formatKeyPath([...path, key])
        };
      });
    }
    case 'invalid_union': {
      // A discriminated union whose discriminator matches no branch has no branch errors to show.
      if ('options' in issue && Array.isArray(issue.options) && issue.errors.length === 0) {
        const options = issue.options.map(String);
        const actual = valueAt(yaml.value, full);
        const suggestion = typeof actual === 'string' ? suggest(actual, options) : undefined;
        return [
          at(
            yaml.locate(full),
            `expected one of ${options.map((o) => JSON.stringify(o)).join(', ')}, got ${describeValue(actual)}`,
            suggestion ? `did you mean "${suggestion}"?` : undefined
          )
        ];
      }
      const branch = bestBranch(issue.errors);
      if (branch) return branch.flatMap((inner) => toDiagnostics(inner, yaml, schema, prefix, path));
      const expected = [...new Set(issue.errors.flatMap((e) => e.map((i) => (i.code === 'invalid_type' ? i.expected : undefined))))]
        .filter((e): e is NonNullable<typeof e> => e !== undefined)
        .map(describeType);
      return [at(yaml.locate(full), `expected ${expected.join(' or ')}, got ${describeValue(valueAt(yaml.value, full))}`)];
    }
    case 'invalid_type': {
      const actual = valueAt(yaml.value, full);
      if (actual === undefined) {
        return [
          {
            ...at(yaml.locate(full), `missing required key "${String(path.at(-1))}" (${describeType(issue.expected)})`, `add \`${String(path.at(-1))}:\``),
            missing: true
          }
        ];
      }
      return [at(yaml.locate(full), `expected ${describeType(issue.expected)}, got ${describeValue(actual)}`)];
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => JSON.stringify(v));
      const actual = valueAt(yaml.value, full);
      const suggestion = typeof actual === 'string' ? suggest(actual, issue.values.map(String)) : undefined;
      return [
        at(yaml.locate(full), `expected one of ${values.join(', ')}, got ${describeValue(actual)}`, suggestion ? `did you mean "${suggestion}"?` : undefined)
      ];
    }
    case 'custom': {
      const fix = (issue.params as { fix?: string } | undefined)?.fix;
      return [at(yaml.locate(full), issue.message, fix)];
    }
    default:
      return [at(yaml.locate(full), lowerFirst(issue.message))];
  }
}

/** For a union, the branch that got furthest: the one whose errors are not a plain type mismatch at its root. */
function bestBranch(branches: Issue[][]): Issue[] | undefined {
  const deeper = branches.filter((errors) => !errors.every((e) => e.code === 'invalid_type' && e.path.length === 0));
  return deeper.sort((a, b) => a.length - b.length)[0];
}

/** The keys an object schema allows at a key path, found by walking the schema definition. */
export function keysAt(schema: AnySchema, path: KeyPath): string[] {
  let current: AnySchema | undefined = schema;
  for (const part of path) {
    current = step(unwrap(current), part);
    if (!current) return [];
  }
  const objects = objectsOf(unwrap(current));
  return [...new Set(objects.flatMap((o) => Object.keys(o)))];
}

type Def = {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  element?: AnySchema;
  valueType?: AnySchema;
  options?: AnySchema[];
  shape?: Record<string, AnySchema>;
};
const defOf = (s: AnySchema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

function unwrap(schema: AnySchema | undefined): AnySchema | undefined {
  let current = schema;
  while (current) {
    const def = defOf(current);
    if (def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else break;
  }
  return current;
}

function step(schema: AnySchema | undefined, part: string | number): AnySchema | undefined {
  if (!schema) return undefined;
  const def = defOf(schema);
  if (def.type === 'object' && typeof part === 'string') return def.shape?.[part];
  if (def.type === 'array' && typeof part === 'number') return def.element;
  if (def.type === 'record' && typeof part === 'string') return def.valueType;
  if (def.type === 'union') {
    for (const option of def.options ?? []) {
      const next = step(unwrap(option), part);
      if (next) return next;
    }
  }
  return undefined;
}

function objectsOf(schema: AnySchema | undefined): Record<string, AnySchema>[] {
  if (!schema) return [];
  const def = defOf(schema);
  if (def.type === 'object' && def.shape) return [def.shape];
  if (def.type === 'union') return (def.options ?? []).flatMap((o) => objectsOf(unwrap(o)));
  return [];
}

function valueAt(value: unknown, path: KeyPath): unknown {
  let current = value;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}

function describeType(expected: string): string {
  switch (expected) {
    case 'object':
      return 'a mapping (key: value lines)';
    case 'array':
      return 'a list (lines starting with "- ")';
    case 'string':
      return 'text';
    case 'number':
    case 'int':
      return 'a number';
    case 'boolean':
      return 'true or false';
    default:
      return expected;
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
