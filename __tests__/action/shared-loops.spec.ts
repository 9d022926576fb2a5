/**
 * Shared loops through the action (issue 22, part 1): the repository's review loop extends the
 * organization's review loop, installed as an npm package in the workspace (node_modules, as a
 * step `npm ci` leaves it) and pinned by its digest. The shared loop's agents review the pull
 * request; a digest that does not match is refused before any model call.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { OWNER, REPO, seedSample } from '../helpers/sample.js';
import { pullRequestEvent, runAction, startFakes, workspace, type Fakes } from './harness.js';
import { firstUserText, reviewScript, SQL } from './scripts.js';

describe('action/shared-loops', () => {
  let fakes: Fakes;
  afterEach(async () => fakes?.close());

  const HEAD = 'c'.repeat(40);
  const repoOf = () => fakes.gh.state.repos.get(`${OWNER}/${REPO}`)!;

  /** The organization's review: the shipped loop, its agents renamed so that only the shared file can have supplied them. */
  const SHARED = readFileSync('loops/pr-review.yaml', 'utf8').replaceAll('Security Reviewer', 'Acme Security').replaceAll('Logic Reviewer', 'Acme Logic');
  const sha = (text: string) => createHash('sha256').update(text).digest('hex');

  function repositoryFiles(digest: string): Record<string, string> {
    return {
      'loopkit.yaml': readFileSync('loopkit.yaml', 'utf8'),
      'node_modules/@acme/loops/review.yaml': SHARED,
      // Only the loop's name and how much it may spend are its own.
      'loops/review.yaml': `extends:\n  from: npm:@acme/loops/review.yaml\n  sha256: ${digest}\nname: acme-review\nbudget:\n  maxCostUsd: 0.75\n`
    };
  }

  /** Reviews pull request 42 with the loop acme-review of `files`, and expects the shared loop's agents to have run and posted. */
  async function expectSharedAgentsRun(files: Record<string, string>): Promise<void> {
    fakes = await startFakes({ respond: reviewScript({ 'Acme Security': [SQL] }) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const run = await runAction(fakes, {
      event: 'pull_request',
      payload: pullRequestEvent(42, HEAD),
      workspace: workspace(fakes, files),
      inputs: { loop: 'acme-review' }
    });
    expect(run.code).toBe(0);
    const roles = fakes.ai.requests.map((r) => /## Your role: (.+?) \((maker|checker)\)/.exec(firstUserText(r.body!))?.[1]);
    expect(new Set(roles)).toEqual(new Set(['Acme Security', 'Acme Logic', 'Code Verifier']));
    expect(
      repoOf()
        .pulls.get(42)!
        .reviewComments.map((c) => c.body)
        .join('\n')
    ).toContain(SQL.claim);
  }

  test("a review loop that extends a shared npm loop pinned by its digest runs the shared loop's agents", async () => {
    await expectSharedAgentsRun(repositoryFiles(sha(SHARED)));
  });

  test('a shared loop on GitHub is read through the contents API at its ref with the action’s token', async () => {
    fakes = await startFakes({ respond: reviewScript({ 'Acme Security': [SQL] }) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    fakes.gh.state.addRepo({ owner: 'acme', repo: 'loops' }).setFile('v3', 'review/loop.yaml', SHARED);
    const files = {
      'loopkit.yaml': readFileSync('loopkit.yaml', 'utf8'),
      'loops/review.yaml': `extends:\n  from: github:acme/loops/review/loop.yaml@v3\n  sha256: ${sha(SHARED)}\nname: acme-review\n`
    };
    const run = await runAction(fakes, {
      event: 'pull_request',
      payload: pullRequestEvent(42, HEAD),
      workspace: workspace(fakes, files),
      inputs: { loop: 'acme-review' }
    });
    expect(run.code).toBe(0);
    const reads = fakes.gh.requests.filter((r) => r.path === '/repos/acme/loops/contents/review/loop.yaml');
    expect(reads.map((r) => r.query.ref)).toEqual(['v3']);
    const roles = fakes.ai.requests.map((r) => /## Your role: (.+?) \((maker|checker)\)/.exec(firstUserText(r.body!))?.[1]);
    expect(new Set(roles)).toEqual(new Set(['Acme Security', 'Acme Logic', 'Code Verifier']));
  });

  test('a digest that does not match: the loop is refused at the sha256 line with both digests, and no model is called', async () => {
    fakes = await startFakes({ respond: reviewScript({ 'Acme Security': [SQL] }) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const pinned = sha('the version the repository reviewed');
    const run = await runAction(fakes, {
      event: 'pull_request',
      payload: pullRequestEvent(42, HEAD),
      workspace: workspace(fakes, repositoryFiles(pinned)),
      inputs: { loop: 'acme-review' }
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `loops/review.yaml:3:11: error: the shared loop "npm:@acme/loops/review.yaml" does not match its pin: expected sha256 ${pinned}, the file has ${sha(SHARED)}`
    );
    expect(fakes.ai.requests).toHaveLength(0);
    expect(repoOf().pulls.get(42)!.reviews).toHaveLength(0);
  });

  describe('a pull request from a fork: the shared loop is read from the base commit, never from the fork’s workspace', () => {
    const forkEvent = (baseSha: string) =>
      pullRequestEvent(42, HEAD, 'opened', {
        head: { sha: HEAD, ref: 'feature', repo: { full_name: 'mallory/shop' } },
        base: { ref: 'main', sha: baseSha, repo: { full_name: 'octo/shop' } }
      });
    /** The fork's workspace: its own `npm ci` installed a shared loop that confirms nothing. */
    const forkWorkspace = () =>
      workspace(fakes, { ...repositoryFiles(sha(SHARED)), 'node_modules/@acme/loops/review.yaml': SHARED.replace('Acme Security', 'Fork Agent') });

    test('the base commit holds the package: its agents review', async () => {
      fakes = await startFakes({ respond: reviewScript({ 'Acme Security': [SQL] }) });
      const sample = seedSample(fakes.gh, 42, { headSha: HEAD });
      for (const [path, text] of Object.entries(repositoryFiles(sha(SHARED)))) repoOf().setFile(sample.pr.baseSha, path, text);
      const run = await runAction(fakes, {
        event: 'pull_request',
        payload: forkEvent(sample.pr.baseSha),
        workspace: forkWorkspace(),
        inputs: { loop: 'acme-review' }
      });
      expect(run.stdout).toContain('Reading the loops from the base commit');
      expect(run.code).toBe(0);
      const roles = fakes.ai.requests.map((r) => /## Your role: (.+?) \((maker|checker)\)/.exec(firstUserText(r.body!))?.[1]);
      expect(new Set(roles)).toEqual(new Set(['Acme Security', 'Acme Logic', 'Code Verifier']));
    });

    test('the base commit does not hold it: the loop is refused, and no model is called', async () => {
      fakes = await startFakes({ respond: reviewScript({ 'Acme Security': [SQL] }) });
      const sample = seedSample(fakes.gh, 42, { headSha: HEAD });
      const { 'node_modules/@acme/loops/review.yaml': _installed, ...committed } = repositoryFiles(sha(SHARED));
      for (const [path, text] of Object.entries(committed)) repoOf().setFile(sample.pr.baseSha, path, text);
      const run = await runAction(fakes, {
        event: 'pull_request',
        payload: forkEvent(sample.pr.baseSha),
        workspace: forkWorkspace(),
        inputs: { loop: 'acme-review' }
      });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('the shared loop "npm:@acme/loops/review.yaml" is not installed (looked for node_modules/@acme/loops/review.yaml)');
      expect(fakes.ai.requests).toHaveLength(0);
    });
  });

  describe('a loop inline in loopkit.yaml that extends the shared loop', () => {
    /** The project file with the loop inline: only its name (its key) and how much it may spend are its own. */
    const inlineFiles = (digest: string): Record<string, string> => ({
      'loopkit.yaml': `${readFileSync('loopkit.yaml', 'utf8')}loops:\n  acme-review:\n    extends:\n      from: npm:@acme/loops/review.yaml\n      sha256: ${digest}\n    budget:\n      maxCostUsd: 0.75\n`,
      'node_modules/@acme/loops/review.yaml': SHARED
    });

    test("runs the shared loop's agents", async () => {
      await expectSharedAgentsRun(inlineFiles(sha(SHARED)));
    });

    test('a digest that does not match is refused at its line in loopkit.yaml with both digests, and no model is called', async () => {
      fakes = await startFakes({ respond: reviewScript({ 'Acme Security': [SQL] }) });
      seedSample(fakes.gh, 42, { headSha: HEAD });
      const pinned = sha('the version the repository reviewed');
      const run = await runAction(fakes, {
        event: 'pull_request',
        payload: pullRequestEvent(42, HEAD),
        workspace: workspace(fakes, inlineFiles(pinned)),
        inputs: { loop: 'acme-review' }
      });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(
        `loopkit.yaml:14:15: error: the shared loop "npm:@acme/loops/review.yaml" does not match its pin: expected sha256 ${pinned}, the file has ${sha(SHARED)}`
      );
      expect(fakes.ai.requests).toHaveLength(0);
      expect(repoOf().pulls.get(42)!.reviews).toHaveLength(0);
    });

    test('a pull request from a fork reads the shared loop from the base commit, not from the fork’s workspace', async () => {
      fakes = await startFakes({ respond: reviewScript({ 'Acme Security': [SQL] }) });
      const sample = seedSample(fakes.gh, 42, { headSha: HEAD });
      for (const [path, text] of Object.entries(inlineFiles(sha(SHARED)))) repoOf().setFile(sample.pr.baseSha, path, text);
      const run = await runAction(fakes, {
        event: 'pull_request',
        payload: pullRequestEvent(42, HEAD, 'opened', {
          head: { sha: HEAD, ref: 'feature', repo: { full_name: 'mallory/shop' } },
          base: { ref: 'main', sha: sample.pr.baseSha, repo: { full_name: 'octo/shop' } }
        }),
        // The fork's own `npm ci` installed a shared loop whose agents are not the organization's.
        workspace: workspace(fakes, { ...inlineFiles(sha(SHARED)), 'node_modules/@acme/loops/review.yaml': SHARED.replace('Acme Security', 'Fork Agent') }),
        inputs: { loop: 'acme-review' }
      });
      expect(run.stdout).toContain('Reading the loops from the base commit');
      expect(run.code).toBe(0);
      const roles = fakes.ai.requests.map((r) => /## Your role: (.+?) \((maker|checker)\)/.exec(firstUserText(r.body!))?.[1]);
      expect(new Set(roles)).toEqual(new Set(['Acme Security', 'Acme Logic', 'Code Verifier']));
    });
  });
});
