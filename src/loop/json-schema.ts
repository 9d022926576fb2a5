/** JSON Schema of the loop and project files, generated from the zod schemas, for editors. */
import { z } from 'zod';
import { Extends, Loop, ProjectConfig } from './schema.js';

const SCHEMA_BASE = 'https://raw.githubusercontent.com/loopkit/action/v1';

export function loopJsonSchema(): Record<string, unknown> {
  const { required, properties, ...loop } = z.toJSONSchema(Loop, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown> & {
    required: string[];
    properties: Record<string, unknown>;
  };
  const { $schema: _schema, ...shared } = z.toJSONSchema(Extends, { io: 'input' });
  return {
    ...loop,
    properties: { extends: shared, ...properties },
    // A file that extends a shared loop needs none of the keys the shared loop gives: the resolved loop is checked when it loads.
    if: { not: { required: ['extends'] } },
    then: { required },
    $id: `${SCHEMA_BASE}/loop.schema.json`,
    title: 'LoopKit loop file'
  };
}

export function projectJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(ProjectConfig, { io: 'input', unrepresentable: 'any' }),
    $id: `${SCHEMA_BASE}/loopkit.schema.json`,
    title: 'LoopKit project file'
  };
}
