/**
 * `loopkit pin` and `loopkit validate --resolved` (issue 22, part 1): the digests written into the
 * files with their comments kept, the loop printed as it runs and scored. The npm: package is a
 * folder made in the test; the github: file is served by the fake GitHub's contents API.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github-server.js';
import { cli, tempFolders } from './run-cli.js';

describe('cli/shared-loops', () => {
  const folder = tempFolders('loopkit-shared-');
  const sha = (text: string) => createHash('sha256').update(text).digest('hex');

  const SHARED = `name: shared-review
trigger:
  event: pull_request
budget:
  maxCostUsd: 2
pipeline:
  - parallel:
      - label: Acme Security
        prompt: Find security problems this change introduces.
      - label: Acme Logic
        prompt: Find logic errors this change introduces.
agents:
  - label: Acme Checker
    prompt: Try to refute each finding with the code.
verify:
  maker: [Acme Security, Acme Logic]
  checker: Acme Checker
`;
  const PROJECT = 'settings:\n  defaultModel: claude-sonnet-4-5\n';

  const LOOP = `# The organization's review, with our own budget.
extends:
  from: npm:@acme/loops/review.yaml # bumped by renovate
name: review
budget:
  maxCostUsd: 0.5 # a small repository
`;

  let gh: FakeGitHub;
  beforeAll(async () => {
    gh = await startFakeGitHub();
    gh.state.addRepo({ owner: 'acme', repo: 'loops' }).setFile('v1', 'loopkit.yaml', PROJECT);
  });
  afterAll(async () => gh.close());

  function repository(): { dir: string; env: NodeJS.ProcessEnv } {
    const dir = folder({
      'loopkit.yaml': 'extends:\n  from: github:acme/loops/loopkit.yaml@v1\n  sha256: "0000000000000000000000000000000000000000000000000000000000000000"\n',
      'loops/review.yaml': LOOP,
      'node_modules/@acme/loops/review.yaml': SHARED
    });
    return { dir, env: { GITHUB_TOKEN: gh.token, GITHUB_API_URL: gh.url } };
  }

  test('pin writes each digest, keeping the comments; validate then passes; a changed shared file is refused until pinned again', async () => {
    const { dir, env } = repository();
    const before = await cli(['validate', '--cwd', dir], env);
    expect(before.code).toBe(2);
    expect(before.err).toContain('loops/review.yaml:3:3: error: extends "npm:@acme/loops/review.yaml" has no sha256');
    expect(before.err).toContain('run `loopkit pin`');
    expect(before.err).toContain(
      `loopkit.yaml:3:11: error: the shared loop "github:acme/loops/loopkit.yaml@v1" does not match its pin: expected sha256 ${'0'.repeat(64)}, the file has ${sha(PROJECT)}`
    );

    const pinned = await cli(['pin', '--cwd', dir], env);
    expect(pinned.code).toBe(0);
    expect(pinned.out).toContain(`pinned loopkit.yaml: github:acme/loops/loopkit.yaml@v1 sha256 ${sha(PROJECT)} (was ${'0'.repeat(64)})`);
    expect(pinned.out).toContain(`pinned loops/review.yaml: npm:@acme/loops/review.yaml sha256 ${sha(SHARED)}`);
    const loop = readFileSync(join(dir, 'loops/review.yaml'), 'utf8');
    expect(loop).toBe(LOOP.replace('# bumped by renovate\n', `# bumped by renovate\n  sha256: ${sha(SHARED)}\n`));

    const after = await cli(['validate', '--cwd', dir], env);
    expect(after.err).not.toContain('error');
    expect(after.code).toBe(0);
    expect((await cli(['pin', '--cwd', dir], env)).out).toContain('same  loops/review.yaml');

    const changed = SHARED.replace('Try to refute', 'Confirm');
    writeFileSync(join(dir, 'node_modules/@acme/loops/review.yaml'), changed);
    const refused = await cli(['validate', '--cwd', dir], env);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(
      `loops/review.yaml:4:11: error: the shared loop "npm:@acme/loops/review.yaml" does not match its pin: expected sha256 ${sha(SHARED)}, the file has ${sha(changed)}`
    );
    expect((await cli(['pin', '--cwd', dir], env)).out).toContain(`sha256 ${sha(changed)} (was ${sha(SHARED)})`);
  });

  test('validate --resolved prints each loop with what it extends merged in, then scores it', async () => {
    const { dir, env } = repository();
    expect((await cli(['pin', '--cwd', dir], env)).code).toBe(0);
    const run = await cli(['validate', '--resolved', '--cwd', dir], env);
    expect(run.code).toBe(0);
    expect(run.out).toContain(`# ---- review, resolved\n# loops/review.yaml\n# extends npm:@acme/loops/review.yaml (sha256 ${sha(SHARED)})\n`);
    const printed = run.out.slice(run.out.indexOf('# ---- review'), run.out.indexOf('\nLoop '));
    expect(parse(printed)).toEqual({ ...parse(SHARED), name: 'review', budget: { maxCostUsd: 0.5 } });
    expect(run.out).toMatch(/^review\s+\d+\s+[A-F]/m);
    // A fix for a key the shared file wrote points at the shared file's line; one for the loop's own key at the loop's.
    expect(run.out).toContain('(node_modules/@acme/loops/review.yaml:14:5)');
    expect(run.out).toContain('(loops/review.yaml:6:1)');

    // status loads the project as validate does: the github: file through the API with GITHUB_TOKEN, refused without it.
    const status = await cli(['status', '--cwd', dir], env);
    expect(`${status.out}\n${status.err}`).not.toContain('error');
    const tokenless = await cli(['status', '--cwd', dir], {});
    expect(`${tokenless.out}\n${tokenless.err}`).toContain('is read through the GitHub API, and no GitHub token is set');

    const json = JSON.parse((await cli(['validate', '--resolved', '--json', '--cwd', dir], env)).out);
    expect(json.loops[0].resolved.pipeline[0].parallel.map((a: { label: string }) => a.label)).toEqual(['Acme Security', 'Acme Logic']);
    expect(json.loops[0].chain).toEqual([{ source: 'loops/review.yaml' }, { source: 'npm:@acme/loops/review.yaml', sha256: sha(SHARED) }]);
  });

  test('an inline loop in loopkit.yaml: pin writes its digest in place, keeping the comments; validate --resolved prints it merged', async () => {
    const PROJECT_FILE = `version: "1"
settings:
  defaultModel: claude-sonnet-4-5
loops:
  # The organization's review, inline.
  acme-review:
    extends:
      from: npm:@acme/loops/review.yaml # bumped by renovate
    budget:
      maxCostUsd: 0.5 # a small repository
  mine:
    extends: { from: npm:@acme/loops/review.yaml, sha256: "${'0'.repeat(64)}" }
    name: mine
`;
    const dir = folder({ 'loopkit.yaml': PROJECT_FILE, 'node_modules/@acme/loops/review.yaml': SHARED });
    const before = await cli(['validate', '--cwd', dir]);
    expect(before.code).toBe(2);
    expect(before.err).toContain('loopkit.yaml:8:7: error: extends "npm:@acme/loops/review.yaml" has no sha256');
    expect(before.err).toContain(
      `loopkit.yaml:12:59: error: the shared loop "npm:@acme/loops/review.yaml" does not match its pin: expected sha256 ${'0'.repeat(64)}, the file has ${sha(SHARED)}`
    );

    const pinned = await cli(['pin', '--cwd', dir]);
    expect(pinned.code).toBe(0);
    expect(pinned.out).toContain(`pinned loopkit.yaml loops.acme-review: npm:@acme/loops/review.yaml sha256 ${sha(SHARED)}`);
    expect(pinned.out).toContain(`pinned loopkit.yaml loops.mine: npm:@acme/loops/review.yaml sha256 ${sha(SHARED)} (was ${'0'.repeat(64)})`);
    expect(readFileSync(join(dir, 'loopkit.yaml'), 'utf8')).toBe(
      PROJECT_FILE.replace('# bumped by renovate\n', `# bumped by renovate\n      sha256: ${sha(SHARED)}\n`).replace('0'.repeat(64), sha(SHARED))
    );
    expect((await cli(['pin', '--cwd', dir])).out).toContain('same  loopkit.yaml loops.acme-review');

    const run = await cli(['validate', '--resolved', '--cwd', dir]);
    expect(run.err).not.toContain('error');
    expect(run.code).toBe(0);
    expect(run.out).toContain(`# ---- acme-review, resolved\n# loopkit.yaml\n# extends npm:@acme/loops/review.yaml (sha256 ${sha(SHARED)})\n`);
    const printed = run.out.slice(run.out.indexOf('# ---- acme-review'), run.out.indexOf('# ---- mine'));
    expect(parse(printed)).toEqual({ ...parse(SHARED), name: 'acme-review', budget: { maxCostUsd: 0.5 } });
    const json = JSON.parse((await cli(['validate', '--resolved', '--json', '--cwd', dir])).out);
    expect(json.loops.map((l: { chain: unknown }) => l.chain)).toEqual([
      [{ source: 'loopkit.yaml' }, { source: 'npm:@acme/loops/review.yaml', sha256: sha(SHARED) }],
      [{ source: 'loopkit.yaml' }, { source: 'npm:@acme/loops/review.yaml', sha256: sha(SHARED) }]
    ]);
  });
});
