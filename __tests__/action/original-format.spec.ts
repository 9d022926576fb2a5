/**
 * Loop files written for the original LoopKit, run by the action as the
 * runner runs it, against the local fakes: the README's pr-review example reviews a pull request
 * with its makers at once and its named (built-in) checker, and the triage loop in the same style
 * runs on its cron. The files are the original's dialect, unchanged (see __tests__/loop/original-files.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeReply, MessagesBody, RecordedRequest } from '../fakes/anthropic-server.js';
import { githubTime, type FakeUser } from '../fakes/github-server.js';
import { OWNER, REPO, seedSample } from '../helpers/sample.js';
import { ORIGINAL_REPOSITORY } from '../loop/original-files.js';
import { pullRequestEvent, runAction, startFakes, workspace, type Fakes } from './harness.js';
import { firstUserText, SQL, XSS, reviewScript } from './scripts.js';

describe('action/original-format', () => {
  let fakes: Fakes;
  afterEach(async () => fakes?.close());

  const HEAD = 'd'.repeat(40);
  const ALICE: FakeUser = { login: 'alice', type: 'User', association: 'NONE' };
  const REPOSITORY = { id: 1296269, name: REPO, full_name: `${OWNER}/${REPO}`, owner: { login: OWNER, type: 'User' }, private: false, default_branch: 'main' };
  const role = (request: RecordedRequest) => /## Your role: (.+) \((maker|checker)\)/.exec(firstUserText(request.body!))?.slice(1, 3);

  test('the README pr-review example reviews a pull request: three makers at once, then the built-in "Adversarial Verifier"', async () => {
    // Every maker's answer is held until all three makers have asked: makers run one after another
    // would never all arrive, and the run would not end.
    const script = reviewScript({ 'Bug Review': [SQL], 'Security Review': [XSS] });
    const asked = new Set<string>();
    let allAsked: () => void = () => {};
    const allMakersAsked = new Promise<void>((resolve) => (allAsked = resolve));
    fakes = await startFakes({
      respond: (request) => {
        const [agent, kind] = role(request) ?? [];
        if (kind !== 'maker') return script(request);
        asked.add(agent!);
        if (asked.size === 3) allAsked();
        return { ...script(request), until: allMakersAsked };
      }
    });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const ws = workspace(fakes, ORIGINAL_REPOSITORY);
    const run = await runAction(fakes, { event: 'pull_request', payload: pullRequestEvent(42, HEAD), workspace: ws, runId: 2000 });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/LRS pr-review: \d+ \([A-F]\)/);

    const makers = fakes.ai.requests.filter((r) => role(r)?.[1] === 'maker');
    expect(makers.map((r) => role(r)![0]).sort()).toEqual(['Bug Review', 'Quality Review', 'Security Review']);
    // At once: every maker call arrived before the first one's answer was complete.
    const firstAnswered = Math.min(...makers.map((r) => r.answeredAt!));
    for (const maker of makers) expect(maker.arrivedAt).toBeLessThanOrEqual(firstAnswered);
    const checkers = fakes.ai.requests.filter((r) => role(r)?.[1] === 'checker');
    // Pipelined behind the makers: one checker call, or two when the makers finish apart on a busy machine.
    expect([...new Set(checkers.map((r) => role(r)![0]))]).toEqual(['Adversarial Verifier']);
    expect(firstUserText(checkers[0]!.body!)).toContain('Assume each finding or proposal is a false positive');

    const pull = fakes.gh.state.repos.get(`${OWNER}/${REPO}`)!.pulls.get(42)!;
    expect(pull.reviews).toHaveLength(1);
    expect(pull.reviewComments.map((c) => c.path).sort()).toEqual(['src/api/users.ts', 'src/util/format.ts']);
    expect(pull.reviewComments[0]!.body).toContain('Adversarial Verifier');
    expect(run.outputs).toMatchObject({ findings: '2', 'verified-findings': '2' });
    // `memory: { store: filesystem, path: .loopkit/state }` as written: the state is a file in that folder.
    expect(readdirSync(join(ws, '.loopkit/state')).length).toBeGreaterThan(0);
  });

  test('a filesystem memory keeps its folder between runs through the Actions cache: the second run on the same head finds it and calls no model', async () => {
    fakes = await startFakes({ respond: reviewScript({ 'Bug Review': [SQL], 'Security Review': [XSS] }) });
    seedSample(fakes.gh, 42, { headSha: HEAD });
    // Each run starts from a fresh checkout, as on a runner: the folder exists only if the cache brings it back.
    const first = await runAction(fakes, {
      event: 'pull_request',
      payload: pullRequestEvent(42, HEAD),
      workspace: workspace(fakes, ORIGINAL_REPOSITORY),
      runId: 2000
    });
    expect(first.code).toBe(0);
    const folder = join(fakes.temp, 'workspace', '.loopkit/state');
    const remembered = Object.fromEntries(readdirSync(folder).map((name) => [name, readFileSync(join(folder, name), 'utf8')]));
    // One document per loop and pull request, written over by each run (the folder does not grow run by run).
    expect(Object.keys(remembered)).toEqual(['loopkit-state-v1-octo_shop-pr-review-pr42-nohead-latest.json']);
    const saved = fakes.cache.entries.filter((e) => e.key.startsWith('loopkit-folder-'));
    expect(saved.map((e) => e.key)).toEqual([expect.stringMatching(/^loopkit-folder-.loopkit_state-[0-9a-f]{8}-2000-1$/)]);
    const calls = fakes.ai.requests.length;

    const second = await runAction(fakes, {
      event: 'pull_request',
      payload: pullRequestEvent(42, HEAD, 'synchronize'),
      workspace: workspace(fakes, ORIGINAL_REPOSITORY),
      runId: 2001
    });
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`memory folder ${folder} restored from the Actions cache (${saved[0]!.key})`);
    expect(Object.fromEntries(readdirSync(folder).map((name) => [name, readFileSync(join(folder, name), 'utf8')]))).toEqual(remembered);
    expect(fakes.ai.requests.length).toBe(calls);
    const reviewChecks = [...fakes.gh.state.repos.get(`${OWNER}/${REPO}`)!.checkRuns.values()].filter((c) => c.name === 'LoopKit Review');
    expect(reviewChecks.at(-1)!.output.title).toMatch(/^Already reviewed at dddddddddddd/);
    // Nothing changed in the folder: no second entry.
    expect(fakes.cache.entries.filter((e) => e.key.startsWith('loopkit-folder-'))).toHaveLength(1);
  });

  test('the triage loop in the same style runs on its cron: a bare agent, the built-in "Triage Verifier", maxIterations from its budget', async () => {
    fakes = await startFakes({ respond: triageScript() });
    const repo = fakes.gh.state.addRepo({ owner: OWNER, repo: REPO });
    for (const label of ['bug', 'question']) repo.addLabel(label);
    repo.addIssue({
      number: 1,
      title: 'App crashes when saving a file',
      body: 'Saving crashes with a stack trace.',
      user: ALICE,
      updatedAt: githubTime(Date.now() - 86_400_000)
    });
    fakes.gh.state.actionsCaches = () => [];
    const ws = workspace(fakes, ORIGINAL_REPOSITORY);
    const run = await runAction(fakes, {
      event: 'schedule',
      payload: { schedule: '0 9 * * 1-5', repository: REPOSITORY },
      workspace: ws,
      runId: 3000,
      env: { GITHUB_REF: 'refs/heads/main' }
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('skipped pr-review: its trigger has no cron');
    const roles = fakes.ai.requests.map((r) => role(r)!.join(' '));
    expect(roles).toEqual(['Issue Triage maker', 'Triage Verifier checker']);
    expect(firstUserText(fakes.ai.requests[1]!.body!)).toContain('Assume each finding or proposal is a false positive');
    expect(run.summary).toContain('daily-triage');
    // Without `outputs` the loop writes nothing: its plan is in the job summary.
    expect(repo.issues.get(1)!.labels).toEqual([]);
    expect(repo.issueComments).toEqual([]);
    expect(existsSync(join(ws, '.loopkit/state'))).toBe(true);
  });

  /** The maker proposes a label and a type for each issue asked about; the checker confirms everything. */
  function triageScript() {
    return (request: RecordedRequest & { body: MessagesBody }): FakeReply => {
      const text = firstUserText(request.body);
      if (text.includes('(checker)')) {
        const ids = [...text.matchAll(/### (I\d+-[A-Z]\d+)/g)].map((m) => m[1]!);
        return {
          kind: 'tool',
          name: 'report_triage_verdicts',
          input: { verdicts: ids.map((id) => ({ id, verdict: 'confirmed', confidence: 0.9, evidence: 'The issue text says so.' })) }
        };
      }
      const numbers = [...(/one entry for each of these issues: ([^\n]*)\./.exec(text)?.[1] ?? '').matchAll(/#(\d+)/g)].map((m) => Number(m[1]));
      return {
        kind: 'tool',
        name: 'report_triage',
        input: { issues: numbers.map((n) => ({ issue: n, labels: [{ name: 'bug', reason: 'It crashes.' }], type: { value: 'bug', reason: 'It crashes.' } })) }
      };
    };
  }
});
