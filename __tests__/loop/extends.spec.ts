/**
 * Shared loops (issue 22, part 1): a loop file or loopkit.yaml that extends a shared file pinned by
 * its digest. npm: files come from an npm-style package folder made in the test (node_modules of a
 * real folder, read by FileSystemLoopSource); github: files from the fake GitHub's contents API.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOctokit, GitHubSharedLoops } from '../../src/github/index.js';
import { mergeShared, MAX_EXTENDS_DEPTH } from '../../src/loop/extends.js';
import { FileSystemLoopSource, loadProject, loopJsonSchema, projectJsonSchema } from '../../src/loop/index.js';
import type { LrsReport } from '../../src/lrs/index.js';
import { lrsAnnotations } from '../../src/render/index.js';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github-server.js';

describe('loop/extends', () => {
  const sha = (text: string) => createHash('sha256').update(text).digest('hex');

  const SHARED = `name: shared-review
description: The organization's review.
trigger:
  event: pull_request
budget:
  maxCostUsd: 2
  maxTokens: 200000
pipeline:
  - parallel:
      - label: Security Reviewer
        prompt: Find security problems.
      - label: Logic Reviewer
        prompt: Find logic errors.
agents:
  - label: Checker
    prompt: Refute each finding.
verify:
  maker: [Security Reviewer, Logic Reviewer]
  checker: Checker
tags: [org, review]
`;

  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'loopkit-extends-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function write(files: Record<string, string>): void {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  }

  const extending = (from: string, digest: string | undefined, rest = '') =>
    `extends:\n  from: ${from}\n${digest === undefined ? '' : `  sha256: ${digest}\n`}${rest}`;

  test('the JSON Schemas document extends; a loop file or an inline loop that extends needs none of the keys a loop requires', () => {
    const loop = loopJsonSchema() as { properties: Record<string, { required?: string[] }>; if: unknown; then: { required: string[] } };
    expect(loop.properties.extends!.required).toEqual(['from', 'sha256']);
    expect(loop.properties.pipeline).toBeDefined();
    expect(loop.if).toEqual({ not: { required: ['extends'] } });
    expect(loop.then.required).toEqual(expect.arrayContaining(['name', 'trigger', 'pipeline']));
    const project = projectJsonSchema() as {
      properties: { extends: unknown; loops: { anyOf: [{ items: typeof loop }, { additionalProperties: typeof loop }] } };
    };
    expect(project.properties.extends).toBeDefined();
    // A loop inline in loopkit.yaml may extend too: in a list, and in a map whose key names it.
    const [list, map] = project.properties.loops.anyOf;
    for (const inline of [list.items, map.additionalProperties]) {
      expect(inline.properties.extends!.required).toEqual(['from', 'sha256']);
      expect(inline.if).toEqual({ not: { required: ['extends'] } });
      expect(inline.then.required).toEqual(expect.arrayContaining(['trigger', 'pipeline']));
    }
  });

  test('merge rules: mappings merge deeply, lists and scalars replace, null replaces', () => {
    expect(mergeShared({ a: { b: 1, c: { d: 2, e: 3 } }, list: [1, 2, 3], s: 'x', n: 1 }, { a: { c: { e: 4, f: 5 } }, list: [9], s: 'y', n: null })).toEqual({
      a: { b: 1, c: { d: 2, e: 4, f: 5 } },
      list: [9],
      s: 'y',
      n: null
    });
  });

  test('a loop that extends an installed npm package: the shared agents, its own overrides, the chain with the digest', async () => {
    write({
      'node_modules/@acme/loops/review.yaml': SHARED,
      'loops/review.yaml': extending('npm:@acme/loops/review.yaml', sha(SHARED), 'name: review\nbudget:\n  maxCostUsd: 0.5\ntags: [mine]\n')
    });
    const project = await loadProject(new FileSystemLoopSource(dir));
    expect(project.diagnostics).toEqual([]);
    const [loaded] = project.loops;
    expect(loaded!.loop.name).toBe('review');
    expect(loaded!.loop.budget).toEqual({ maxCostUsd: 0.5, maxTokens: 200000 });
    expect(loaded!.loop.tags).toEqual(['mine']);
    expect(loaded!.makers.map((a) => a.label)).toEqual(['Security Reviewer', 'Logic Reviewer']);
    expect(loaded!.checkers.map((a) => a.label)).toEqual(['Checker']);
    expect(loaded!.written).not.toHaveProperty('extends');
    expect(loaded!.chain).toEqual([{ source: 'loops/review.yaml' }, { source: 'npm:@acme/loops/review.yaml', sha256: sha(SHARED) }]);
    // A key the shared file writes points at the shared file's line; one the loop writes at its own.
    expect(loaded!.locateExact(['verify', 'checker'])).toEqual({ line: 19, column: 3, file: 'node_modules/@acme/loops/review.yaml' });
    expect(loaded!.locateExact(['name'])).toEqual({ line: 4, column: 1 });
  });

  test("an LRS annotation on a key the shared file wrote goes on the shared file's line", () => {
    const report: LrsReport = {
      loop: 'review',
      score: 40,
      grade: 'D',
      dimensions: [],
      warnings: [],
      blockers: [
        { id: 'secret', message: 'Line 3 holds a literal', fix: 'remove it', location: { line: 3, column: 1, file: 'node_modules/@acme/loops/review.yaml' } }
      ]
    };
    expect(lrsAnnotations(report, 'loops/review.yaml').map((a) => [a.path, a.start_line])).toEqual([['node_modules/@acme/loops/review.yaml', 3]]);
  });

  test('the original format in a shared loop goes through the same dialect', async () => {
    const original =
      'name: Org Review\ntrigger:\n  type: webhook\n  event: pull_request\npipeline:\n  - prompt: Look for bugs.\n    label: Bug Finder\nverify:\n  checker: Adversarial Verifier\n';
    write({ 'node_modules/org-loops/r.yml': original, 'loops/r.yaml': extending('npm:org-loops/r.yml', sha(original)) });
    const project = await loadProject(new FileSystemLoopSource(dir));
    expect(project.diagnostics).toEqual([]);
    expect(project.loops[0]!.loop.name).toBe('org-review');
    expect(project.loops[0]!.checkers.map((a) => a.label)).toEqual(['Adversarial Verifier']);
  });

  test('a digest that does not match is an error at the sha256 line naming both digests; the loop is not loaded', async () => {
    const pinned = sha('an older version');
    write({ 'node_modules/@acme/loops/review.yaml': SHARED, 'loops/review.yaml': extending('npm:@acme/loops/review.yaml', pinned, 'name: review\n') });
    const project = await loadProject(new FileSystemLoopSource(dir));
    expect(project.loops).toEqual([]);
    expect(project.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: 'loops/review.yaml',
        line: 3,
        path: 'extends.sha256',
        message: `the shared loop "npm:@acme/loops/review.yaml" does not match its pin: expected sha256 ${pinned}, the file has ${sha(SHARED)}`,
        fix: expect.stringContaining('loopkit pin')
      })
    ]);
  });

  test('a missing digest is an error telling to run loopkit pin; a missing package says how to install it', async () => {
    write({ 'node_modules/@acme/loops/review.yaml': SHARED, 'loops/a.yaml': extending('npm:@acme/loops/review.yaml', undefined, 'name: a\n') });
    const missing = await loadProject(new FileSystemLoopSource(dir));
    expect(missing.loops).toEqual([]);
    expect(missing.diagnostics).toEqual([
      expect.objectContaining({
        file: 'loops/a.yaml',
        line: 2,
        path: 'extends',
        message: expect.stringContaining('has no sha256'),
        fix: expect.stringContaining('loopkit pin')
      })
    ]);

    write({ 'loops/a.yaml': extending('npm:@acme/other/review.yaml', sha(SHARED), 'name: a\n') });
    const absent = await loadProject(new FileSystemLoopSource(dir));
    expect(absent.diagnostics).toEqual([
      expect.objectContaining({
        line: 2,
        path: 'extends.from',
        message: expect.stringContaining('not installed (looked for node_modules/@acme/other/review.yaml)')
      })
    ]);
  });

  test('a problem in the resolved loop names the shared file and its line', async () => {
    const broken = SHARED.replace('maxCostUsd: 2', 'maxCostUsd: lots');
    write({ 'node_modules/@acme/loops/review.yaml': broken, 'loops/review.yaml': extending('npm:@acme/loops/review.yaml', sha(broken), 'name: review\n') });
    const project = await loadProject(new FileSystemLoopSource(dir));
    expect(project.loops).toEqual([]);
    expect(project.diagnostics).toEqual([expect.objectContaining({ file: 'node_modules/@acme/loops/review.yaml', line: 6, path: 'budget.maxCostUsd' })]);
  });

  test('chains are followed, a cycle is refused with the chain shown, and so is a chain deeper than the bound', async () => {
    const files: Record<string, string> = {};
    const link = (i: number, next: string | undefined) => (next ? extending(`npm:chain/l${i + 1}.yaml`, sha(next)) : SHARED);
    // l1 → l2 → … → l5 → shared content: five files deep, allowed.
    const texts: string[] = [];
    texts[MAX_EXTENDS_DEPTH] = SHARED;
    for (let i = MAX_EXTENDS_DEPTH - 1; i >= 1; i--) texts[i] = link(i, texts[i + 1]);
    for (let i = 1; i <= MAX_EXTENDS_DEPTH; i++) files[`node_modules/chain/l${i}.yaml`] = texts[i]!;
    write({ ...files, 'loops/deep.yaml': extending('npm:chain/l1.yaml', sha(texts[1]!), 'name: deep\n') });
    const deep = await loadProject(new FileSystemLoopSource(dir));
    expect(deep.diagnostics).toEqual([]);
    expect(deep.loops[0]!.chain).toHaveLength(MAX_EXTENDS_DEPTH + 1);

    // One more level: refused.
    const top = extending('npm:chain/l1.yaml', sha(texts[1]!));
    write({ 'node_modules/chain/l0.yaml': top, 'loops/deep.yaml': extending('npm:chain/l0.yaml', sha(top), 'name: deep\n') });
    const tooDeep = await loadProject(new FileSystemLoopSource(dir));
    expect(tooDeep.loops).toEqual([]);
    expect(tooDeep.diagnostics).toEqual([
      expect.objectContaining({
        file: 'node_modules/chain/l4.yaml',
        line: 2,
        message: expect.stringMatching(/at most 5 files deep: loops\/deep\.yaml → npm:chain\/l0\.yaml → .* → npm:chain\/l5\.yaml$/)
      })
    ]);

    // a → b → a. b's digest pins a as it is; a's pins b as it is: both must be written around the cycle, so a is pinned by a digest
    // its own text cannot hold — the cycle is met before the digest of the second visit is read.
    const b = extending('npm:cyc/a.yaml', sha('whatever a is'));
    const a = extending('npm:cyc/b.yaml', sha(b));
    write({ 'node_modules/cyc/a.yaml': a, 'node_modules/cyc/b.yaml': b, 'loops/c.yaml': extending('npm:cyc/a.yaml', sha(a), 'name: c\n') });
    const cycle = await loadProject(new FileSystemLoopSource(dir));
    const problem = cycle.diagnostics.find((d) => d.message.includes('cycle'));
    expect(problem).toEqual(
      expect.objectContaining({
        file: 'node_modules/cyc/b.yaml',
        line: 2,
        message: 'extends makes a cycle: loops/c.yaml → npm:cyc/a.yaml → npm:cyc/b.yaml → npm:cyc/a.yaml'
      })
    );
  });

  describe('github: shared loops', () => {
    let gh: FakeGitHub;
    beforeEach(async () => (gh = await startFakeGitHub()));
    afterEach(async () => gh.close());

    test('read through the contents API at the ref; loopkit.yaml extends a shared project file', async () => {
      const shared = gh.state.addRepo({ owner: 'acme', repo: 'loops' });
      shared.setFile('v1.2.0', 'review/loop.yaml', SHARED);
      const project = 'settings:\n  defaultModel: claude-sonnet-4-5\n  defaultBudget:\n    maxCostUsd: 1\n';
      shared.setFile('v1.2.0', 'loopkit.yaml', project);
      write({
        'loopkit.yaml': extending('github:acme/loops/loopkit.yaml@v1.2.0', sha(project), 'settings:\n  defaultBudget:\n    maxDurationMinutes: 5\n'),
        'loops/review.yaml': extending('github:acme/loops/review/loop.yaml@v1.2.0', sha(SHARED), 'name: review\n')
      });
      const github = new GitHubSharedLoops(createOctokit({ token: gh.token, baseUrl: gh.url }));
      const loaded = await loadProject(new FileSystemLoopSource(dir), 'loopkit.yaml', { github });
      expect(loaded.diagnostics).toEqual([]);
      const loop = loaded.loops[0]!;
      expect(loop.makers.map((a) => a.label)).toEqual(['Security Reviewer', 'Logic Reviewer']);
      expect(loop.loop.model).toBe('claude-sonnet-4-5');
      // The project's default budget under the shared loop's own.
      expect(loop.loop.budget).toEqual({ maxCostUsd: 2, maxTokens: 200000, maxDurationMinutes: 5 });
      const reads = gh.requests.filter((r) => r.path.startsWith('/repos/acme/loops/contents/'));
      expect(reads.map((r) => [r.path, r.query.ref])).toEqual([
        ['/repos/acme/loops/contents/loopkit.yaml', 'v1.2.0'],
        ['/repos/acme/loops/contents/review/loop.yaml', 'v1.2.0']
      ]);
    });

    test('a file missing at the ref, and a github: source without a token, are errors at extends.from', async () => {
      gh.state.addRepo({ owner: 'acme', repo: 'loops' });
      write({ 'loops/review.yaml': extending('github:acme/loops/nope.yaml@main', sha(SHARED), 'name: review\n') });
      const github = new GitHubSharedLoops(createOctokit({ token: gh.token, baseUrl: gh.url }));
      const missing = await loadProject(new FileSystemLoopSource(dir), 'loopkit.yaml', { github });
      expect(missing.diagnostics).toEqual([
        expect.objectContaining({ line: 2, path: 'extends.from', message: expect.stringContaining('no nope.yaml at main in acme/loops') })
      ]);
      const tokenless = await loadProject(new FileSystemLoopSource(dir));
      expect(tokenless.diagnostics).toEqual([expect.objectContaining({ line: 2, message: expect.stringContaining('no GitHub token is set') })]);
    });
  });

  describe('an inline loop in loopkit.yaml that extends a shared loop', () => {
    const inline = (digest: string) => `version: "1"
loops:
  acme-review:          # the key names the loop: the shared loop's name does not replace it
    extends:
      from: npm:@acme/loops/review.yaml
      sha256: ${digest}
    budget:
      maxCostUsd: 0.5
`;

    test('is resolved as a loop file is: the shared agents, its own overrides, the chain with the digest, the positions', async () => {
      write({ 'node_modules/@acme/loops/review.yaml': SHARED, 'loopkit.yaml': inline(sha(SHARED)) });
      const project = await loadProject(new FileSystemLoopSource(dir));
      expect(project.diagnostics).toEqual([]);
      const [loaded] = project.loops;
      expect(loaded!.loop.name).toBe('acme-review');
      expect(loaded!.file).toBe('loopkit.yaml');
      expect(loaded!.loop.budget).toEqual({ maxCostUsd: 0.5, maxTokens: 200000 });
      expect(loaded!.makers.map((a) => a.label)).toEqual(['Security Reviewer', 'Logic Reviewer']);
      expect(loaded!.checkers.map((a) => a.label)).toEqual(['Checker']);
      expect(loaded!.written).not.toHaveProperty('extends');
      expect(loaded!.written).toMatchObject({ name: 'acme-review', tags: ['org', 'review'] });
      expect(loaded!.chain).toEqual([{ source: 'loopkit.yaml' }, { source: 'npm:@acme/loops/review.yaml', sha256: sha(SHARED) }]);
      expect(loaded!.locateExact(['verify', 'checker'])).toEqual({ line: 19, column: 3, file: 'node_modules/@acme/loops/review.yaml' });
      expect(loaded!.locateExact(['budget', 'maxCostUsd'])).toEqual({ line: 8, column: 7 });
      expect(loaded!.locateExact(['name'])).toEqual({ line: 3, column: 3 });
    });

    test('a wrong digest leaves that loop out, at the line of its sha256 in loopkit.yaml; the loops around it still load', async () => {
      const pinned = sha('an older version');
      const own = (name: string) =>
        `  - name: ${name}\n    trigger:\n      event: pull_request\n    pipeline:\n      - agent:\n          label: Reviewer\n          prompt: Review.\n`;
      write({
        'node_modules/@acme/loops/review.yaml': SHARED,
        'loopkit.yaml': `loops:\n${own('first')}  - extends:\n      from: npm:@acme/loops/review.yaml\n      sha256: ${pinned}\n    name: shared\n${own('last')}`
      });
      const project = await loadProject(new FileSystemLoopSource(dir));
      expect(project.loops.map((l) => l.loop.name)).toEqual(['first', 'last']);
      expect(project.diagnostics).toEqual([
        expect.objectContaining({
          severity: 'error',
          file: 'loopkit.yaml',
          line: 11,
          column: 15,
          path: 'extends.sha256',
          message: `the shared loop "npm:@acme/loops/review.yaml" does not match its pin: expected sha256 ${pinned}, the file has ${sha(SHARED)}`
        })
      ]);
      // The list closed up over the loop left out: the loop after it still points at its own lines.
      expect(project.loops[1]!.locateExact(['name'])).toEqual({ line: 13, column: 5 });
      expect(project.loops[1]!.locateExact(['pipeline', 0, 'agent', 'label'])).toEqual({ line: 18, column: 11 });
    });

    test('a problem in a key the shared loop wrote names the shared file; a missing sha256 names loopkit.yaml', async () => {
      const broken = SHARED.replace('maxCostUsd: 2', 'maxCostUsd: lots');
      write({ 'node_modules/@acme/loops/review.yaml': broken, 'loopkit.yaml': inline(sha(broken)).replace('    budget:\n      maxCostUsd: 0.5\n', '') });
      const project = await loadProject(new FileSystemLoopSource(dir));
      expect(project.loops).toEqual([]);
      expect(project.diagnostics).toEqual([
        expect.objectContaining({ file: 'node_modules/@acme/loops/review.yaml', line: 6, path: 'loops.acme-review.budget.maxCostUsd' })
      ]);

      write({ 'loopkit.yaml': 'loops:\n  r:\n    extends:\n      from: npm:@acme/loops/review.yaml\n' });
      const unpinned = await loadProject(new FileSystemLoopSource(dir));
      expect(unpinned.diagnostics).toEqual([
        expect.objectContaining({ file: 'loopkit.yaml', line: 4, path: 'extends', message: expect.stringContaining('has no sha256') })
      ]);
    });
  });
});
