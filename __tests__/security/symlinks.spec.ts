/**
 * No file outside the repository, ever: a skill, a loop file, loopkit.yaml or a notes file
 * committed (or installed in node_modules) as a symbolic link to a file outside the checkout, such
 * as /proc/self/environ (the runner's environment: its tokens), is refused with an error naming the
 * file and the fix, and its target never reaches a model or GitHub. Real links in a temp folder.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FileSystemLoopSource, loadProject } from '../../src/loop/index.js';
import { readNotesFile } from '../../src/state/notes.js';
import { CheckoutSkillFiles } from '../../src/tools/index.js';
import { OWNER, REPO, seedSample } from '../helpers/sample.js';
import { pullRequestEvent, runAction, startFakes, workspace, type Fakes } from '../action/harness.js';
import { reviewScript } from '../action/scripts.js';

describe('security/symlinks', () => {
  let fakes: Fakes | undefined;
  let outside: string | undefined;
  afterEach(async () => {
    await fakes?.close();
    fakes = undefined;
    if (outside) rmSync(outside, { recursive: true, force: true });
    outside = undefined;
  });

  const HEAD = 'c'.repeat(40);
  const OUTSIDE_TEXT = 'RUNNER_SECRET=outside-the-checkout-5b1d';

  /** A file outside any checkout, as a runner's environment or another job's files are. */
  function outsideFile(): string {
    outside = mkdtempSync(join(tmpdir(), 'loopkit-outside-'));
    const file = join(outside, 'environ');
    writeFileSync(file, `---\nname: leak\ndescription: leak\n---\n${OUTSIDE_TEXT}\n`);
    return file;
  }

  function link(root: string, path: string, target: string): void {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    symlinkSync(target, join(root, path));
  }

  test('a skill linked to a file outside the checkout: the run refuses the loop, naming the file and the fix, and no model or GitHub request holds its text', async () => {
    fakes = await startFakes({ respond: reviewScript({}) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const loop = readFileSync('loops/pr-review.yaml', 'utf8').replace(
      '      - label: Security Reviewer\n',
      '      - label: Security Reviewer\n        skill: skills/leak\n'
    );
    const dir = workspace(fakes, { 'loops/pr-review.yaml': loop, 'loopkit.yaml': readFileSync('loopkit.yaml', 'utf8') });
    link(dir, 'skills/leak/SKILL.md', outsideFile());
    const run = await runAction(fakes, { event: 'pull_request', payload: pullRequestEvent(42, HEAD), workspace: dir, inputs: { loop: 'pr-review' } });

    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /skills\/leak\/SKILL\.md leads outside the repository \(a symbolic link to .*environ\).*commit the file itself in place of the symbolic link/
    );
    expect(fakes.ai.requests).toHaveLength(0);
    const sent = JSON.stringify(fakes.gh.requests.map((r) => r.body ?? null));
    expect(sent).not.toContain(OUTSIDE_TEXT);
    expect(`${run.stdout}${run.summary}`).not.toContain(OUTSIDE_TEXT);
    expect(fakes.gh.state.repos.get(`${OWNER}/${REPO}`)!.pulls.get(42)!.reviews).toHaveLength(0);
  });

  test('loopkit.yaml and a loop file linked to /proc/self/environ, a notes file and a skill folder linked outside: each refused, nothing read', async () => {
    const root = mkdtempSync(join(tmpdir(), 'loopkit-links-'));
    try {
      const target = outsideFile();
      link(root, 'loopkit.yaml', '/proc/self/environ');
      link(root, 'loops/evil.yaml', '/proc/self/environ');
      writeFileSync(join(root, 'loops', 'plain.yaml'), readFileSync('loops/pr-review.yaml', 'utf8'));
      link(root, '.loopkit/notes.md', target);
      link(root, 'skills/out', dirname(target));

      const project = await loadProject(new FileSystemLoopSource(root));
      const refused = project.diagnostics.filter((d) => /leads outside the repository/.test(d.message));
      expect(refused.map((d) => [d.file, d.severity, d.fix])).toEqual([
        ['loopkit.yaml', 'error', 'commit the file itself in place of the symbolic link'],
        ['loops/evil.yaml', 'error', 'commit the file itself in place of the symbolic link']
      ]);
      // The loop beside the link still loads; nothing of the environment is in any message.
      expect(project.loops.map((l) => l.loop.name)).toEqual(['pr-review']);
      expect(JSON.stringify(project.diagnostics)).not.toMatch(/PATH=|HOME=/);

      const notes = await readNotesFile(new FileSystemLoopSource(root), { store: 'memory', notesFile: '.loopkit/notes.md' } as never);
      expect(notes.notes).toEqual([]);
      expect(notes.warning).toMatch(/memory\.notesFile \.loopkit\/notes\.md could not be read: \.loopkit\/notes\.md leads outside the repository/);

      // read_skill_file on a checkout: a skill folder that is itself a link out has no readable file.
      expect(await new CheckoutSkillFiles(root).read('skills/out/environ', 'skills/out', 1000)).toBeNull();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
