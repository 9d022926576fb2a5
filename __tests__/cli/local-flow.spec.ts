/**
 * `loopkit run` on the local change goes through the action's review flow with the local forge:
 * the loop's repository tools (over the working tree) and notes file, the crash guard, and
 * `--format markdown|json` printing exactly what the action posts. Against the fake Anthropic and
 * the fake GitHub over HTTP.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalReviewForge, SavedRepository } from '../../src/cli/local-forge.js';
import { bufferOutput } from '../../src/cli/output.js';
import { reviewLocally } from '../../src/cli/run.js';
import { guardCli } from '../../src/cli/guard.js';
import { EXIT } from '../../src/cli/exit.js';
import type { PullRequestSnapshot } from '../../src/engine/context.js';
import { FileSystemLoopSource, loadProject } from '../../src/loop/index.js';
import { scoreLoaded } from '../../src/lrs/project.js';
import { createProvider, DEFAULT_MODEL } from '../../src/providers/index.js';
import type { StateStore } from '../../src/state/index.js';
import { EMPTY_CATCH, isChecker, reviewScript, SQL, UNPLACEABLE } from '../action/scripts.js';
import {
  startFakeAnthropic,
  toolCall,
  type FakeAnthropic,
  type FakeAnthropicOptions,
  type MessagesBody,
  type RecordedRequest
} from '../fakes/anthropic-server.js';
import { startFakeGitHub } from '../fakes/github-server.js';
import { seedSample } from '../helpers/sample.js';
import { cli, tempFolders } from './run-cli.js';
import { Redactor } from '../../src/guard/index.js';

describe('cli/local-flow', () => {
  const temp = tempFolders('loopkit-local-flow-');
  const SAMPLE = join(process.cwd(), 'samples/sample-pr.json');
  const FINDINGS = { 'Security Reviewer': [SQL], 'Logic Reviewer': [EMPTY_CATCH, UNPLACEABLE] };

  async function withModel<T>(respond: FakeAnthropicOptions['respond'], body: (env: NodeJS.ProcessEnv, ai: FakeAnthropic) => Promise<T>): Promise<T> {
    const ai = await startFakeAnthropic({ respond, ttfbMs: 1, latencyMs: 1 });
    try {
      return await body({ ANTHROPIC_API_KEY: ai.apiKey, ANTHROPIC_BASE_URL: ai.url }, ai);
    } finally {
      await ai.close();
    }
  }

  async function initialised(): Promise<string> {
    const dir = temp();
    await cli(['init', '--cwd', dir]);
    return dir;
  }

  const text = (r: RecordedRequest) => JSON.stringify(r.body);

  test('a local run offers the repository tools over the working tree and gives the agents the notes file', async () => {
    const dir = temp({ '.gitignore': '.env\n', 'src/a.ts': 'export const a = 1;\n' });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' }).toString();
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 't@example.com');
    git('config', 'user.name', 'T');
    await cli(['init', '--cwd', dir]);
    const loopFile = join(dir, 'loops/pr-review.yaml');
    writeFileSync(
      loopFile,
      readFileSync(loopFile, 'utf8')
        .replace('connectors:', 'connectors:\n  - type: repository')
        .replace('memory:\n  store: cache', 'memory:\n  store: cache\n  notesFile: notes/pr-review.md')
    );
    mkdirSync(join(dir, 'notes'));
    writeFileSync(join(dir, 'notes/pr-review.md'), '- Constants in src/a.ts are exported on purpose.\n');
    git('add', '-A');
    git('commit', '-qm', 'base');
    git('checkout', '-qb', 'feature');
    // Not committed: the tools read what was diffed, the working tree; the ignored .env stays out.
    writeFileSync(join(dir, 'src/a.ts'), "export const a = 1;\nexport const live = 'from the working tree';\n");
    writeFileSync(join(dir, '.env'), 'TOKEN=do-not-read\n');

    const looking = (request: RecordedRequest & { body: MessagesBody }) => {
      const turn = request.body.messages.filter((m) => m.role === 'assistant').length;
      if (turn === 0 && !isChecker(request.body))
        return toolCall(
          { name: 'read_file', input: { path: 'src/a.ts', ref: 'head', startLine: null, endLine: null } },
          { name: 'read_file', input: { path: '.env', ref: 'head', startLine: null, endLine: null } }
        );
      return reviewScript({})(request);
    };
    await withModel(looking, async (env, ai) => {
      const run = await cli(['run', 'pr-review', '--cwd', dir], env);
      expect(run.code).toBe(EXIT.ok);
      expect(run.err).toContain('Nothing was posted: `--format markdown` prints the review and the summary the action would post.');
      const makers = ai.requests.filter((r) => !isChecker(r.body as MessagesBody));
      expect(makers.length).toBeGreaterThan(0);
      for (const r of makers) expect((r.body as MessagesBody).tools?.map((t) => ('name' in t ? t.name : ''))).toContain('read_file');
      const answered = makers.filter((r) => text(r).includes('tool_result'));
      expect(answered.length).toBeGreaterThan(0);
      for (const r of answered) {
        expect(text(r)).toContain("export const live = 'from the working tree';");
        expect(text(r)).not.toContain('do-not-read');
      }
      expect(makers.every((r) => text(r).includes('Constants in src/a.ts are exported on purpose.'))).toBe(true);
    });
  });

  test('--format json and markdown print exactly what the action posts; a finding off the diff is listed once, in plain words', async () => {
    const dir = await initialised();
    const local = await withModel(reviewScript(FINDINGS), (env) => cli(['run', 'pr-review', '--pr-file', SAMPLE, '--format', 'json', '--cwd', dir], env));
    const markdown = await withModel(reviewScript(FINDINGS), (env) =>
      cli(['run', 'pr-review', '--pr-file', SAMPLE, '--format', 'markdown', '--cwd', dir], env)
    );
    expect(local.code).toBe(EXIT.gateFailed);
    expect(markdown.code).toBe(EXIT.gateFailed);
    // stdout is what would be posted alone; the verdict goes to stderr.
    expect(local.err.split('\n').at(-1)).toMatch(/^verdict: FAIL/);
    const posted = JSON.parse(local.out) as {
      review: { body: string; comments: { path: string; line: number; side: string; body: string }[] };
      summary: string;
      check: { conclusion: string };
    };
    expect(posted.check.conclusion).toBe('failure');

    // The same loop and answers through the action's path, `run --repo --post`, against the fake GitHub.
    const gh = await startFakeGitHub();
    try {
      seedSample(gh, 42);
      const remote = await withModel(reviewScript(FINDINGS), (env) =>
        cli(['run', 'pr-review', '--repo', 'octo/shop', '--pr', '42', '--post', '--cwd', dir], { ...env, GITHUB_TOKEN: gh.token, GITHUB_API_URL: gh.url })
      );
      expect(remote.code).toBe(EXIT.gateFailed);
      const repo = gh.state.repo('octo', 'shop')!;
      const pull = repo.pulls.get(42)!;
      expect(pull.reviews).toHaveLength(1);
      expect(posted.review.body).toBe(pull.reviews[0]!.body);
      expect(posted.review.comments.map(({ path, line, side, body }) => ({ path, line, side, body }))).toEqual(
        pull.reviewComments.map(({ path, line, side, body }) => ({ path, line, side, body }))
      );
      const sticky = repo.issueComments.filter((c) => c.issue_number === 42);
      expect(sticky).toHaveLength(1);
      expect(sameInput(posted.summary)).toBe(sameInput(sticky[0]!.body));
      expect(posted.summary).toMatch(/<!-- loopkit:state \S+ -->$/);
    } finally {
      await gh.close();
    }

    for (const part of [posted.review.body, ...posted.review.comments.map((c) => c.body)]) expect(markdown.out).toContain(part);
    expect(markdown.out).toContain('## Inline comment: src/api/users.ts, line 5 (RIGHT: the new code)');
    expect(sameInput(markdown.out)).toContain(sameInput(posted.summary));

    // The finding off the diff is written out once, in the review's body, said in plain words; the summary's table of
    // verified findings has its row, and the summary counts it instead of listing it again.
    const everything = [posted.review.body, ...posted.review.comments.map((c) => c.body), posted.summary].join('\n');
    const plain = "_Line 300 of `src/api/users.ts` is not part of this pull request's changes, so it is listed here instead of inline._";
    expect(everything.split(plain)).toHaveLength(2);
    expect(everything.split(UNPLACEABLE.evidence)).toHaveLength(2);
    expect(posted.review.body).toContain(plain);
    expect(posted.review.body).toContain(UNPLACEABLE.claim);
    expect(everything).not.toMatch(/lines in hunks|RIGHT line/);
    expect(posted.summary).toContain("2 posted inline, 1 listed in the review's body.");
    expect(posted.summary).not.toContain('#### Not posted inline');
  });

  /**
   * The fake GitHub serves the sample a little differently (its author, one file's listing), so the spend line and the
   * record's file digests follow the input and the calls made; every word the flow renders is the same.
   */
  function sameInput(body: string): string {
    return body.replace(/^[\d,]+ tokens · .* · (LRS \d+)/m, 'spend · $1').replace(/<!-- loopkit:state \S+ -->/, '<!-- loopkit:state … -->');
  }

  test('a crash in the flow: exit 3 with its reason (no stack), and `loopkit status` records the run as failed', async () => {
    const dir = await initialised();
    const project = await loadProject(new FileSystemLoopSource(dir), 'loopkit.yaml');
    const loaded = project.loops.find((l) => l.loop.name === 'pr-review')!;
    const saved = JSON.parse(readFileSync(SAMPLE, 'utf8')) as { pr: PullRequestSnapshot; contents: Record<string, string> };
    const forge = new LocalReviewForge(saved.pr, { read: async (path) => saved.contents[path] ?? null }, new SavedRepository(saved.contents, saved.pr.headSha));
    // A store that throws where none should: LoopKit's own failure, which the flow's guard turns into an outcome.
    const broken: StateStore = {
      kind: 'memory',
      load: async () => ({ doc: null }),
      save: async () => {
        throw new TypeError('the state store broke');
      }
    };
    await withModel(reviewScript(FINDINGS), async (env) => {
      const made = createProvider({
        loaded,
        defaultModel: DEFAULT_MODEL,
        keys: { anthropic: env.ANTHROPIC_API_KEY },
        env,
        dryRun: false,
        redactor: new Redactor()
      });
      if (!made.ok) throw new Error('no provider');
      const io = bufferOutput();
      const code = await reviewLocally(
        dir,
        { loaded, report: scoreLoaded(loaded, project.settings), provider: made.provider, forge, pr: saved.pr },
        { config: 'loopkit.yaml', env, format: 'text', json: false },
        guardCli(io, env),
        { stateFor: () => broken }
      );
      expect(code).toBe(EXIT.incomplete);
      const err = io.errors.join('\n');
      expect(err).toContain('pr-review: failed unexpectedly: the state store broke');
      expect(err).not.toMatch(/^\s+at /m);
      expect(io.lines.join('\n')).not.toMatch(/\bPASS\b/);
      expect(io.lines.at(-1)).toBe('verdict: INCOMPLETE — not run: failed unexpectedly: the state store broke (exit 3)');
    });
    const status = await cli(['status', '--cwd', dir]);
    expect(status.out).toMatch(
      /pr-review pull_request: last reviewed never; last run on [0-9a-f]{12} at \S+: failed \(failed unexpectedly: the state store broke\)/
    );
  });

  test('--format is checked: an unknown one, or one with --json, is a usage error', async () => {
    expect(await cli(['run', 'pr-review', '--dry-run', '--pr-file', SAMPLE, '--format', 'html'])).toMatchObject({
      code: EXIT.usage,
      err: 'loopkit: --format takes text, markdown or json, got "html"'
    });
    expect((await cli(['run', 'pr-review', '--dry-run', '--pr-file', SAMPLE, '--format', 'markdown', '--json'])).code).toBe(EXIT.usage);
  });

  test('the demo (a dry run on the sample) prints the review it would post with --format markdown, and no key is needed', async () => {
    const run = await cli(['run', 'pr-review', '--dry-run', '--pr-file', SAMPLE, '--format', 'markdown']);
    expect(run.code).toBe(EXIT.ok);
    expect(run.out.startsWith('## Review (on 0d0614ccdd7a)')).toBe(true);
    expect(run.out).toContain('## Summary comment\n\n<!-- loopkit:summary:pr-review -->');
    expect(run.out).toContain('**Dry run** — no model was called; the findings are samples.');
  });
});
