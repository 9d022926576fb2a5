/** `loopkit init`: scaffolds a project file, the pr-review loop and a workflow; never overwrites without --force. */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Output } from './output.js';
import { PROJECT_TEMPLATE, PR_REVIEW_TEMPLATE, WORKFLOW_TEMPLATE } from './templates.js';

const FILES: [string, string][] = [
  ['loopkit.yaml', PROJECT_TEMPLATE],
  ['loops/pr-review.yaml', PR_REVIEW_TEMPLATE],
  ['.github/workflows/loopkit.yml', WORKFLOW_TEMPLATE]
];

export async function init(root: string, options: { force: boolean }, io: Output): Promise<number> {
  for (const [path, text] of FILES) {
    const full = join(root, path);
    if (!options.force && (await exists(full))) {
      io.out(`${io.yellow('skip')}  ${path} (exists; --force overwrites it)`);
      continue;
    }
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, text);
    io.out(`${io.green('wrote')} ${path}`);
  }
  io.out();
  io.out('Next: add the ANTHROPIC_API_KEY secret to the repository, then run `npx loopkit validate`.');
  return 0;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
