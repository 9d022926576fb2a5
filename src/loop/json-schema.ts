/** JSON Schema of the loop and project files, generated from the zod schemas, for editors. */
import { z } from 'zod';
import { Extends, Loop, ProjectConfig } from './schema.js';

const SCHEMA_BASE = 'https://raw.githubusercontent.com/loopkit/action/v1';

type ObjectSchema = Record<string, unknown> & { required?: string[]; properties: Record<string, unknown> };

/**
 * A loop's schema that may say `extends` (a loop file, or a loop inline in loopkit.yaml): a loop
 * that extends a shared loop needs none of the keys the shared loop gives, as the resolved loop
 * is checked when it loads.
 */
function extendable({ required, properties, ...loop }: ObjectSchema): Record<string, unknown> {
  const { $schema: _schema, ...shared } = z.toJSONSchema(Extends, { io: 'input' });
  return { ...loop, properties: { extends: shared, ...properties }, if: { not: { required: ['extends'] } }, then: { required } };
}

export function loopJsonSchema(): Record<string, unknown> {
  return {
    ...extendable(z.toJSONSchema(Loop, { io: 'input', unrepresentable: 'any' }) as ObjectSchema),
    $id: `${SCHEMA_BASE}/loop.schema.json`,
    title: 'LoopKit loop file'
  };
}

export function projectJsonSchema(): Record<string, unknown> {
  const project = z.toJSONSchema(ProjectConfig, { io: 'input', unrepresentable: 'any' }) as ObjectSchema;
  // `loops:` is a list of loops or a map of name → loop (schema.ts): each may extend a shared loop.
  const loops = project.properties.loops as { anyOf: [{ items: ObjectSchema }, { additionalProperties: ObjectSchema }] };
  const [list, map] = loops.anyOf;
  return {
    ...project,
    properties: {
      ...project.properties,
      loops: {
        ...loops,
        anyOf: [
          { ...list, items: extendable(list.items) },
          { ...map, additionalProperties: extendable(map.additionalProperties) }
        ]
      }
    },
    $id: `${SCHEMA_BASE}/loopkit.schema.json`,
    title: 'LoopKit project file'
  };
}
