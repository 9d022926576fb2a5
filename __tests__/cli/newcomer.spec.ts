/**
 * What a newcomer meets in the CLI, one test per thing a new user tripped over: version and help,
 * LoopKit's own messages for bad arguments, the repository root from a subfolder, scaffolding the
 * triage loop, status and validate that sum up, dry runs that follow untracked and non-ASCII files,
 * a saved issue triaged offline, readable problems with saved files, and one broken loop file
 * that does not stop another loop.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseGitDiff } from '../../src/cli/local-diff.js';
import { ORIGINAL_REPOSITORY } from '../loop/original-files.js';
import { cli, tempFolders } from './run-cli.js';

describe('cli/newcomer', () => {
  const tempDir = tempFolders('loopkit-newcomer-');

  function gitRepo(files: Record<string, string>): { dir: string; git: (...args: string[]) => string } {
    const dir = tempDir(files);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' }).toString();
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 't@example.com');
    git('config', 'user.name', 'T');
    git('add', '-A');
    git('commit', '-qm', 'base');
    return { dir, git };
  }

  test('--version prints the package version; help exits 0', async () => {
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    expect(await cli(['--version'])).toMatchObject({ code: 0, out: version });
    const help = await cli(['help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage:');
  });

  test("unknown options and commands get one line of LoopKit's own", async () => {
    const option = await cli(['validate', '--frobnicate']);
    expect(option).toMatchObject({ code: 2, err: 'loopkit: unknown option --frobnicate (`loopkit help` lists the options)' });
    const missing = await cli(['run', 'pr-review', '--base']);
    expect(missing.err).toBe('loopkit: --base needs a value (`loopkit help` lists the options)');
    const command = await cli(['valdate']);
    expect(command).toMatchObject({ code: 2, err: 'loopkit: unknown command "valdate"; did you mean `loopkit validate`? (`loopkit help` lists the commands)' });
  });

  test('the repository root is found from a subfolder; a --cwd or --config that does not exist is an error', async () => {
    const dir = tempDir({ ...ORIGINAL_REPOSITORY, 'src/deep/file.ts': 'export {};\n' });
    const fromSub = await cli(['validate', '--cwd', join(dir, 'src/deep')]);
    expect(fromSub.code).toBe(0);
    expect(fromSub.out).toMatch(/^pr-review\s+\d+/m);
    expect(fromSub.err).toContain(`loopkit: working in ${dir}, the repository root above ${join(dir, 'src/deep')}`);
    expect(await cli(['validate', '--cwd', join(dir, 'nope')])).toMatchObject({ code: 2, err: `loopkit: --cwd ${join(dir, 'nope')}: no such folder` });
    expect((await cli(['validate', '--cwd', dir, '--config', 'other.yaml'])).err).toBe(`loopkit: --config other.yaml: no such file in ${dir}`);
  });

  test('init --triage scaffolds the triage loop and its schedule, and keeps .loopkit/ out of git', async () => {
    const dir = tempDir({ '.gitignore': 'node_modules/' });
    const first = await cli(['init', '--triage', '--cwd', dir]);
    expect(first.out).toContain('wrote loops/daily-triage.yaml');
    expect(first.out).toContain('added .loopkit/ to .gitignore');
    // The next step names a command that works before LoopKit is on npm.
    expect(first.out).toContain('`npx github:loopkit/action validate`');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('node_modules/\n.loopkit/\n');
    expect(readFileSync(join(dir, '.github/workflows/loopkit.yml'), 'utf8')).toContain('- cron: "0 9 * * 1-5"');
    await cli(['init', '--triage', '--cwd', dir]);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('node_modules/\n.loopkit/\n');
    const validated = await cli(['validate', '--cwd', dir]);
    expect(validated.code).toBe(0);
    // Every trigger of both loops reaches the scaffolded workflow.
    expect(validated.err).not.toMatch(/can never fire|never arrives/);
    expect(validated.out).toMatch(/^daily-triage\s+\d+\s+[AB]$/m);
  });

  test("status: whether the configuration is valid, each loop's LRS, the recent runs", async () => {
    const dir = tempDir(ORIGINAL_REPOSITORY);
    const ok = await cli(['status', '--cwd', dir]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^configuration: valid · loopkit\.yaml · 2 loop\(s\)$/m);
    expect(ok.out).toMatch(/^daily-triage\s+\d+\s+[A-F]$/m);
    expect(ok.out).toContain('No runs recorded yet in .loopkit/state');
    writeFileSync(join(dir, 'loops/broken.yaml'), 'name: broken\n');
    const bad = await cli(['status', '--cwd', dir]);
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/^configuration: 2 error\(s\)/m);
  });

  test('validate ends with totals', async () => {
    const dir = tempDir({ ...ORIGINAL_REPOSITORY, 'loops/broken.yaml': 'name: broken\ntrigger: { event: pull_request }\n' });
    const { out } = await cli(['validate', '--cwd', dir]);
    expect(out.split('\n').at(-1)).toBe('not ok: 2 loop(s) valid, 1 error(s) in 1 file(s), 2 warning(s)');
  });

  test('run --dry-run reviews untracked files and names with non-ASCII characters, in blocks', async () => {
    const { dir, git } = gitRepo({ ...ORIGINAL_REPOSITORY, '.gitignore': 'ignored.js\n', 'café.js': 'export const a = 1;\n' });
    git('checkout', '-qb', 'feature');
    writeFileSync(join(dir, 'café.js'), 'export const a = 1;\nexport function run(code) {\n  return eval(code);\n}\n');
    writeFileSync(join(dir, 'new.js'), 'export function go(x) {\n  return eval(x);\n}\n');
    writeFileSync(join(dir, 'ignored.js'), 'eval(1);\n');
    const { code, out } = await cli(['run', 'pr-review', '--dry-run', '--cwd', dir, '--base', 'main']);
    expect(code).toBe(0);
    expect(out).toContain('café.js:3');
    expect(out).toContain('new.js:2');
    expect(out).not.toContain('ignored.js');
    expect(out).not.toContain('caf\\303');
    // The blocks of the original's demo, in order.
    const blocks = [
      'Running loop: pr-review',
      'pipeline: 1 step(s)',
      'checker Adversarial Verifier (built-in verifier)',
      '── Pipeline execution',
      '── Maker/Checker verification',
      '── Results'
    ];
    const at = blocks.map((b) => out.indexOf(b));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const json = await cli(['run', 'pr-review', '--dry-run', '--cwd', dir, '--base', 'main', '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ loop: 'pr-review', dryRun: true });
  });

  test('a triage loop runs offline on a saved issue', async () => {
    const dir = tempDir({
      ...ORIGINAL_REPOSITORY,
      'issue.json': JSON.stringify({
        number: 12,
        title: 'Crash when saving',
        body: 'The app crashes with a TypeError when I click save. Steps: open, edit, save.',
        user: { login: 'ann' },
        labels: []
      })
    });
    const { code, out } = await cli(['run', 'daily-triage', '--dry-run', '--cwd', dir, '--issue-file', join(dir, 'issue.json')]);
    expect(code).toBe(0);
    expect(out).toContain('── Results');
    expect(out).toMatch(/^#12 /m);
    const without = await cli(['run', 'daily-triage', '--dry-run', '--cwd', dir]);
    expect(without.err).toContain('Pass --issue-file FILE');
  });

  test('a saved file of the wrong shape gets a readable message, not validation JSON', async () => {
    const dir = tempDir({ ...ORIGINAL_REPOSITORY, 'pr.json': JSON.stringify({ pr: { number: 1, files: 'all of them' } }), 'issue.json': '{ "title": 3' });
    const pr = await cli(['run', 'pr-review', '--dry-run', '--cwd', dir, '--pr-file', join(dir, 'pr.json')]);
    expect(pr.code).toBe(3);
    expect(pr.err).toMatch(/pr\.json: not a saved pull request: .*pr\.title: /);
    expect(pr.err).not.toMatch(/"code":|^\s*\[/m);
    const issue = await cli(['run', 'daily-triage', '--dry-run', '--cwd', dir, '--issue-file', join(dir, 'issue.json')]);
    expect(issue.err).toMatch(/issue\.json: not valid JSON/);
  });

  test('one broken loop file does not stop `run` of another loop', async () => {
    const dir = tempDir({ ...ORIGINAL_REPOSITORY, 'loops/broken.yaml': 'name: broken\ntrigger: { event: pull_request }\n' });
    const { code, out, err } = await cli(['run', 'pr-review', '--dry-run', '--cwd', dir, '--pr-file', join(process.cwd(), 'samples/sample-pr.json')]);
    expect(code).toBe(0);
    expect(out).toContain('── Results');
    expect(err).toContain('note: 1 problem(s) in loops/broken.yaml (`loopkit validate` shows them); running pr-review anyway');
  });

  test('a model no provider knows is a warning with a "did you mean"; a missing key names the input and the variable', async () => {
    const dir = tempDir({
      ...ORIGINAL_REPOSITORY,
      'loops/pr-review.yaml': ORIGINAL_REPOSITORY['loops/pr-review.yaml']!.replace('name: pr-review', 'name: pr-review\nmodel: claude-sonet-5-5')
    });
    const sample = join(process.cwd(), 'samples/sample-pr.json');
    const dry = await cli(['run', 'pr-review', '--dry-run', '--cwd', dir, '--pr-file', sample]);
    expect(dry.err).toContain(
      'warning: loops/pr-review.yaml: no provider LoopKit knows serves the model "claude-sonet-5-5"; did you mean "claude-sonnet-5-5"?'
    );
    expect((await cli(['validate', '--cwd', dir])).err).toContain(
      'warning: loops/pr-review.yaml: no provider LoopKit knows serves the model "claude-sonet-5-5"; did you mean "claude-sonnet-5-5"?'
    );
    const real = await cli(['run', 'pr-review', '--cwd', dir, '--pr-file', sample]);
    expect(real.err).toContain('ANTHROPIC_API_KEY is not set (in the action: the `anthropic-api-key` input)');
  });

  test('paths git prints quoted (a tab, a quote, octal bytes) are read as the file names they are', () => {
    const diff = `diff --git "a/caf\\303\\251\\t1.ts" "b/caf\\303\\251\\t1.ts"
index 1..2 100644
--- "a/caf\\303\\251\\t1.ts"
+++ "b/caf\\303\\251\\t1.ts"
@@ -1 +1 @@
-a
+b
`;
    expect(parseGitDiff(diff).map((f) => [f.path, f.status])).toEqual([['café\t1.ts', 'modified']]);
  });

  test('a misspelt loop name gets a "did you mean" and the usage exit code', async () => {
    const { code, err } = await cli(['run', 'pr-reveiw', '--dry-run']);
    expect(code).toBe(2);
    expect(err).toContain('No loop named "pr-reveiw"; did you mean "pr-review"? Loops here: daily-triage, pr-review, release-notes.');
  });
});
