import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PROJECT_TEMPLATE, PR_REVIEW_TEMPLATE } from '../../src/cli/templates.js';
import { parseGitDiff } from '../../src/cli/local-diff.js';
import { cli, tempFolders } from './run-cli.js';

describe('cli/cli', () => {
  const tempRepo = tempFolders('loopkit-cli-');

  test('the shipped pr-review loop and project file are what init writes', () => {
    expect(readFileSync('loops/pr-review.yaml', 'utf8')).toBe(PR_REVIEW_TEMPLATE);
    expect(readFileSync('loopkit.yaml', 'utf8')).toBe(PROJECT_TEMPLATE);
  });

  test('init scaffolds, never overwrites without --force, and the result validates', async () => {
    const dir = tempRepo();
    const first = await cli(['init', '--cwd', dir]);
    expect(first.code).toBe(0);
    expect(first.out).toContain('wrote loops/pr-review.yaml');
    const workflow = readFileSync(join(dir, '.github/workflows/loopkit.yml'), 'utf8');
    expect(workflow).toContain('checks: write');
    // A manual run can ask for the full review or the recheck of the open findings (routing reads `command`).
    expect(Object.keys(parse(workflow).on.workflow_dispatch.inputs)).toEqual(['loop', 'pr', 'command']);

    writeFileSync(join(dir, 'loopkit.yaml'), '# mine\nversion: "1"\n');
    const second = await cli(['init', '--cwd', dir]);
    expect(second.out).toContain('skip  loopkit.yaml (exists; --force overwrites it)');
    expect(readFileSync(join(dir, 'loopkit.yaml'), 'utf8')).toBe('# mine\nversion: "1"\n');
    await cli(['init', '--cwd', dir, '--force']);
    expect(readFileSync(join(dir, 'loopkit.yaml'), 'utf8')).toBe(PROJECT_TEMPLATE);

    const validated = await cli(['validate', '--cwd', dir, '--min-lrs', '80']);
    expect(validated.code).toBe(0);
    expect(validated.out).toMatch(/pr-review\s+\d+\s+A/);
  });

  test('validate prints the table with [ok] and [!] lines for the shipped loops', async () => {
    const { code, out } = await cli(['validate']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Loop\s+LRS\s+Grade$/m);
    expect(out).toMatch(/^daily-triage\s+\d+\s+A$/m);
    expect(out).toMatch(/^pr-review\s+\d+\s+A$/m);
    expect(out).toContain('[ok] Termination');
    expect(out).toContain('[!]  Human intervention');
  });

  test('validate fails under --min-lrs, and --json is machine-readable', async () => {
    const below = await cli(['validate', '--min-lrs', '95']);
    expect(below.code).toBe(1);
    expect(below.err).toContain('release-notes: below the bar of 95.');
    const json = await cli(['validate', '--json']);
    const parsed = JSON.parse(json.out) as { ok: boolean; loops: { report: { loop: string; score: number } }[] };
    expect(parsed.ok).toBe(true);
    expect(parsed.loops.map((l) => l.report.loop)).toEqual(['daily-triage', 'pr-review', 'release-notes']);
  });

  test('a broken loop file: line and column, non-zero exit, no stack trace', async () => {
    const dir = tempRepo();
    mkdirSync(join(dir, 'loops'));
    writeFileSync(
      join(dir, 'loops/bad.yaml'),
      'name: bad\ntrigger:\n  event: pull_request\npipeline:\n  - agent: { label: A, prompt: B }\nverify:\n  maker: Nobody\n  checker: Checker\n'
    );
    const { code, err } = await cli(['validate', '--cwd', dir]);
    expect(code).toBe(2);
    expect(err).toContain('loops/bad.yaml:7:10: error: maker "Nobody" names no agent (at verify.maker)');
    expect(err).not.toMatch(/\n\s+at /);
  });

  test('no loops at all is an error with a hint, and the last line says not ok', async () => {
    const { code, err, out } = await cli(['validate', '--cwd', tempRepo()]);
    expect(code).toBe(2);
    expect(err).toContain('`loopkit init` writes an example');
    expect(out.trim().split('\n').at(-1)).toMatch(/^not ok: no loops, 0 loop\(s\) valid/);
  });

  test('run --dry-run on the bundled sample: findings, verdicts, coverage, spend', async () => {
    const { code, out, err } = await cli(['run', 'pr-review', '--dry-run', '--pr-file', 'samples/sample-pr.json']);
    expect(code).toBe(0);
    expect(out).toContain('[dry run: no model was called');
    expect(out).toMatch(/CRITICAL|HIGH/);
    expect(out).toContain('src/api/users.ts:5');
    expect(out).toMatch(/confirmed \d+%/);
    expect(out).toMatch(/coverage: 5 of 7 files/);
    expect(out).toContain('left out package-lock.json: lockfile');
    expect(out).toMatch(/spend: \d+ model calls, [\d,]+ tokens .*\$\d+\.\d{4} \(estimated/);
    expect(err).toMatch(/✓ maker Security Reviewer/);
  });

  test('run without --dry-run and without a key says what to do', async () => {
    const { code, err } = await cli(['run', 'pr-review', '--pr-file', 'samples/sample-pr.json'], {});
    // Not run: exit 3 (exit.ts), never 1, which is the gate failing.
    expect(code).toBe(3);
    expect(err).toContain('ANTHROPIC_API_KEY is not set');
  });

  test('run reviews the local working tree against the merge base', async () => {
    const dir = tempRepo();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 't@example.com');
    git('config', 'user.name', 'T');
    await cli(['init', '--cwd', dir]);
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src/app.js'), 'export const a = 1;\n');
    git('add', '-A');
    git('commit', '-qm', 'base');
    git('checkout', '-qb', 'feature');
    writeFileSync(join(dir, 'src/app.js'), 'export const a = 1;\nexport function run(code) {\n  return eval(code);\n}\n');
    const { code, out } = await cli(['run', 'pr-review', '--dry-run', '--cwd', dir, '--base', 'main']);
    expect(code).toBe(0);
    expect(out).toContain('src/app.js:3');
    expect(out).toMatch(/eval/i);
  });

  test('status with nothing stored', async () => {
    const { code, out } = await cli(['status', '--cwd', tempRepo()]);
    expect(code).toBe(0);
    expect(out).toContain('No runs recorded yet');
  });

  test('schema prints the loop JSON Schema', async () => {
    const { out } = await cli(['schema']);
    const schema = JSON.parse(out) as { title: string; properties: Record<string, unknown> };
    expect(schema.title).toBe('LoopKit loop file');
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['trigger', 'pipeline', 'verify', 'budget', 'memory']));
  });

  test('parseGitDiff: rename, new, deleted and binary files', () => {
    const diff = [
      'diff --git a/old.ts b/new.ts',
      'similarity index 90%',
      'rename from old.ts',
      'rename to new.ts',
      '--- a/old.ts',
      '+++ b/new.ts',
      '@@ -1,2 +1,2 @@',
      ' a',
      '-b',
      '+c',
      'diff --git a/added.ts b/added.ts',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/added.ts',
      '@@ -0,0 +1 @@',
      '+x',
      'diff --git a/gone.ts b/gone.ts',
      'deleted file mode 100644',
      '--- a/gone.ts',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-y',
      'diff --git a/logo.png b/logo.png',
      'index 1..2 100644',
      'Binary files a/logo.png and b/logo.png differ',
      ''
    ].join('\n');
    expect(parseGitDiff(diff)).toEqual([
      { path: 'new.ts', previousPath: 'old.ts', status: 'renamed', additions: 1, deletions: 1, patch: '@@ -1,2 +1,2 @@\n a\n-b\n+c' },
      { path: 'added.ts', status: 'added', additions: 1, deletions: 0, patch: '@@ -0,0 +1 @@\n+x' },
      { path: 'gone.ts', status: 'removed', additions: 0, deletions: 1, patch: '@@ -1 +0,0 @@\n-y' },
      { path: 'logo.png', status: 'modified', additions: 0, deletions: 0 }
    ]);
  });

  test('a real run is recorded for `loopkit status`; a dry run is not', async () => {
    const { startFakeAnthropic } = await import('../fakes/anthropic-server.js');
    const { reviewScript, SQL } = await import('../action/scripts.js');
    const ai = await startFakeAnthropic({ respond: reviewScript({ 'Security Reviewer': [SQL] }), ttfbMs: 1, latencyMs: 1 });
    try {
      const dir = tempRepo();
      await cli(['init', '--cwd', dir]);
      const sample = join(process.cwd(), 'samples/sample-pr.json');
      await cli(['run', 'pr-review', '--dry-run', '--pr-file', sample, '--cwd', dir]);
      expect((await cli(['status', '--cwd', dir])).out).toContain('No runs recorded yet');

      const run = await cli(['run', 'pr-review', '--pr-file', sample, '--cwd', dir], { ANTHROPIC_API_KEY: ai.apiKey, ANTHROPIC_BASE_URL: ai.url });
      // The verified SQL injection is critical, at or above failOn: the gate fails (exit 1).
      expect(run.code).toBe(1);
      expect(run.out).toContain('verified: 1 finding(s)');
      const status = await cli(['status', '--cwd', dir]);
      expect(status.out).toMatch(/^  pr-review pull_request: last reviewed [0-9a-f]{12} at .*; 1 run\(s\), [\d,]+ tokens, \$\d+\.\d{4} \(\.loopkit\/state\)$/m);
    } finally {
      await ai.close();
    }
  });

  test('`memory.persistence: full` keeps every run with its findings and verdicts, and `status` shows the recent ones; `minimal` keeps no spend', async () => {
    const { startFakeAnthropic } = await import('../fakes/anthropic-server.js');
    const { reviewScript, SQL } = await import('../action/scripts.js');
    const ai = await startFakeAnthropic({ respond: reviewScript({ 'Security Reviewer': [SQL] }), ttfbMs: 1, latencyMs: 1 });
    const env = { ANTHROPIC_API_KEY: ai.apiKey, ANTHROPIC_BASE_URL: ai.url };
    const sample = join(process.cwd(), 'samples/sample-pr.json');
    const withMemory = async (memory: string) => {
      const dir = tempRepo();
      await cli(['init', '--cwd', dir]);
      const loop = join(dir, 'loops/pr-review.yaml');
      writeFileSync(loop, readFileSync(loop, 'utf8').replace('memory:\n  store: cache', `memory:\n  ${memory}`));
      return dir;
    };
    try {
      const full = await withMemory('store: filesystem\n  persistence: full');
      for (let i = 0; i < 2; i++) expect((await cli(['run', 'pr-review', '--pr-file', sample, '--cwd', full], env)).code).toBe(1);
      const status = await cli(['status', '--cwd', full]);
      expect(status.out).toContain('last 2 of 2 run(s) kept (memory.persistence: full):');
      const runs = status.out.split('\n').filter((l) => /^ {4}\d{4}-\d\d-\d\dT/.test(l));
      expect(runs).toHaveLength(2);
      for (const line of runs) expect(line).toMatch(/^ {4}\S+ head [0-9a-f]{12}: complete · 1 finding\(s\) \(1 confirmed\) · [\d,]+ tokens, \$\d+\.\d{4}$/);
      expect(status.out).toContain(`critical src/api/users.ts:5 ${SQL.claim}`);

      const minimal = await withMemory('store: filesystem\n  persistence: minimal');
      expect((await cli(['run', 'pr-review', '--pr-file', sample, '--cwd', minimal], env)).code).toBe(1);
      const kept = await cli(['status', '--cwd', minimal]);
      expect(kept.out).toMatch(/pr-review pull_request: last reviewed [0-9a-f]{12} at .*; 0 run\(s\), 0 tokens, \$0\.0000/);
      expect(kept.out).not.toContain('run(s) kept');
    } finally {
      await ai.close();
    }
  });
});
