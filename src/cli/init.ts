/** `loopkit init`: scaffolds a project file, the pr-review loop (and the triage and release-notes loops) and a workflow (and the eval workflow); never overwrites without --force. */
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Output } from './output.js';
import { kind } from './root.js';
import { EVAL_WORKFLOW_TEMPLATE, PROJECT_TEMPLATE, PR_REVIEW_TEMPLATE, RELEASE_NOTES_TEMPLATE, TRIAGE_TEMPLATE, workflowTemplate } from './templates.js';

/** Local state (the filesystem store) belongs to one working copy, never to the repository. */
const STATE_IGNORE = '.loopkit/';

export async function init(root: string, options: { force: boolean; triage: boolean; releaseNotes?: boolean; eval?: boolean }, io: Output): Promise<number> {
  const files: [string, string][] = [
    ['loopkit.yaml', PROJECT_TEMPLATE],
    ['loops/pr-review.yaml', PR_REVIEW_TEMPLATE],
    ...(options.triage ? [['loops/daily-triage.yaml', TRIAGE_TEMPLATE] as [string, string]] : []),
    ...(options.releaseNotes ? [['loops/release-notes.yaml', RELEASE_NOTES_TEMPLATE] as [string, string]] : []),
    ['.github/workflows/loopkit.yml', workflowTemplate({ triage: options.triage, releaseNotes: options.releaseNotes === true })],
    ...(options.eval ? [['.github/workflows/loopkit-eval.yml', EVAL_WORKFLOW_TEMPLATE] as [string, string]] : [])
  ];
  for (const [path, text] of files) {
    const full = join(root, path);
    if (!options.force && (await kind(full)) !== undefined) {
      io.out(`${io.yellow('skip')}  ${path} (exists; --force overwrites it)`);
      continue;
    }
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, text);
    io.out(`${io.green('wrote')} ${path}`);
  }
  const gitignore = join(root, '.gitignore');
  const ignored = (await kind(gitignore)) === 'file' ? await readFile(gitignore, 'utf8') : '';
  if (!ignored.split(/\r?\n/).some((line) => ['.loopkit', '.loopkit/', '/.loopkit', '/.loopkit/'].includes(line.trim()))) {
    await appendFile(gitignore, `${ignored === '' || ignored.endsWith('\n') ? '' : '\n'}${STATE_IGNORE}\n`);
    io.out(`${io.green('added')} ${STATE_IGNORE} to .gitignore`);
  }
  io.out();
  // LoopKit is not on npm yet: `npx loopkit` would fetch someone else's package, or nothing.
  io.out('Next: add the ANTHROPIC_API_KEY secret to the repository, then check the loops with `npx github:loopkit/action validate`.');
  return 0;
}
