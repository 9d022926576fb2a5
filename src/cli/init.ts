/** `loopkit init`: scaffolds a project file, the pr-review loop (and the triage, release-notes and learning loops, with its notes file) and a workflow (and the eval workflow); never overwrites without --force, and never the notes file. */
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Output } from './output.js';
import { kind } from './root.js';
import {
  EVAL_WORKFLOW_TEMPLATE,
  LEARN_TEMPLATE,
  NOTES_FILE,
  NOTES_TEMPLATE,
  PROJECT_TEMPLATE,
  PR_REVIEW_TEMPLATE,
  RELEASE_NOTES_TEMPLATE,
  TRIAGE_TEMPLATE,
  workflowTemplate
} from './templates.js';

/** Local state (the filesystem store) belongs to one working copy, never to the repository. */
const STATE_IGNORE = '.loopkit/';

/** The review loop, reading the notes file when the learning loop keeps lessons in it. */
function prReview(learn: boolean): string {
  return learn ? PR_REVIEW_TEMPLATE.replace('memory:\n  store: cache\n', `memory:\n  store: cache\n  notesFile: ${NOTES_FILE}\n`) : PR_REVIEW_TEMPLATE;
}

export async function init(
  root: string,
  options: { force: boolean; triage: boolean; releaseNotes?: boolean; eval?: boolean; learn?: boolean },
  io: Output
): Promise<number> {
  const learn = options.learn === true;
  const files: [string, string][] = [
    ['loopkit.yaml', PROJECT_TEMPLATE],
    ['loops/pr-review.yaml', prReview(learn)],
    ...(options.triage ? [['loops/daily-triage.yaml', TRIAGE_TEMPLATE] as [string, string]] : []),
    ...(options.releaseNotes ? [['loops/release-notes.yaml', RELEASE_NOTES_TEMPLATE] as [string, string]] : []),
    ...(learn ? [['loops/learn.yaml', LEARN_TEMPLATE] as [string, string], [NOTES_FILE, NOTES_TEMPLATE] as [string, string]] : []),
    ['.github/workflows/loopkit.yml', workflowTemplate({ triage: options.triage, releaseNotes: options.releaseNotes === true, learn })],
    ...(options.eval ? [['.github/workflows/loopkit-eval.yml', EVAL_WORKFLOW_TEMPLATE] as [string, string]] : [])
  ];
  for (const [path, text] of files) {
    const full = join(root, path);
    // The notes file is the maintainers' and the lessons': never overwritten, --force or not.
    if ((!options.force || path === NOTES_FILE) && (await kind(full)) !== undefined) {
      io.out(`${io.yellow('skip')}  ${path} (exists${path === NOTES_FILE ? '' : '; --force overwrites it'})`);
      if (learn && path === 'loops/pr-review.yaml' && !(await readFile(full, 'utf8')).includes(NOTES_FILE))
        io.out(`      add \`notesFile: ${NOTES_FILE}\` under \`memory:\` in ${path} (and your other review loops) so reviews read the lessons`);
      if (learn && path === '.github/workflows/loopkit.yml' && !(await readFile(full, 'utf8')).includes('loop: learn'))
        io.out(`      the learning loop needs its job in ${path}: run \`loopkit init --learn --force\` on a copy and take its \`learn\` job and schedule`);
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
