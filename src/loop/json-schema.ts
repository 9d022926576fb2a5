/** JSON Schema of the loop and project files, generated from the zod schemas, for editors. */
import { z } from 'zod';
import { ExtendingLoopFile, Loop, ProjectConfig } from './schema.js';

const SCHEMA_BASE = 'https://raw.githubusercontent.com/loopkit/action/v1';

export function loopJsonSchema(): Record<string, unknown> {
  return {
    // A file that extends a shared loop needs none of the keys the shared loop gives.
    ...z.toJSONSchema(z.union([Loop, ExtendingLoopFile]), { io: 'input', unrepresentable: 'any' }),
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
