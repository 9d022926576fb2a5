/**
 * The built action (dist/index.js), spawned as the runner starts it: INPUT_* variables, the event
 * file, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY. Every other action test runs the step's source in
 * process; these few prove the bundle is the same program: a review, and a comment command that
 * triages an issue. (The post step and a stopped step: faults/check-runs.spec.ts.)
 */
import type { FakeUser } from '../fakes/github-server.js';
import { OWNER, REPO, seedSample } from '../helpers/sample.js';
import { pullRequestEvent, runBuiltAction, startFakes, workspace, type Fakes } from './harness.js';
import { EMPTY_CATCH, firstUserText, SQL, XSS, reviewScript } from './scripts.js';

let fakes: Fakes;
afterEach(async () => fakes?.close());

const HEAD = 'c'.repeat(40);

test('the built action reviews a pull request: comments, summary, check, outputs, state, and its secrets masked', async () => {
  fakes = await startFakes({ respond: reviewScript({ 'Security Reviewer': [SQL, XSS], 'Logic Reviewer': [EMPTY_CATCH] }, [EMPTY_CATCH.claim]) });
  seedSample(fakes.gh, 42, { headSha: HEAD });
  const run = await runBuiltAction(fakes, {
    event: 'pull_request',
    payload: pullRequestEvent(42, HEAD),
    workspace: workspace(fakes),
    inputs: { loop: 'pr-review' }
  });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const repo = fakes.gh.state.repo(OWNER, REPO)!;
  expect(repo.pulls.get(42)!.reviewComments).toHaveLength(2);
  expect(repo.issueComments.filter((c) => c.body.includes('<!-- loopkit:summary:pr-review -->'))).toHaveLength(1);
  expect([...repo.checkRuns.values()].find((c) => c.name === 'LoopKit Review')).toMatchObject({ status: 'completed', conclusion: 'failure' });
  expect(run.outputs).toMatchObject({ findings: '3', 'verified-findings': '2' });
  expect(run.summary).toContain('pr-review');
  expect(fakes.cache.entries).toHaveLength(1);
  expect(run.stdout).toContain(`::add-mask::${fakes.ai.apiKey}`);
  expect(run.stdout).toContain('::group::LoopKit pr-review · pull request #42');
  expect(run.stdout).toMatch(/✓ maker Security Reviewer · /);
});

test('the built action answers /loopkit triage from a writer: eyes, the triage written, a rocket', async () => {
  fakes = await startFakes({
    respond: (request) => {
      const text = firstUserText(request.body!);
      if (text.includes('(checker)')) {
        const ids = [...text.matchAll(/### (I\d+-[A-Z]\d+)/g)].map((m) => m[1]!);
        return {
          kind: 'tool',
          name: 'report_triage_verdicts',
          input: { verdicts: ids.map((id) => ({ id, verdict: 'confirmed', confidence: 0.9, evidence: 'It says so.' })) }
        };
      }
      return {
        kind: 'tool',
        name: 'report_triage',
        input: { issues: [{ issue: 1, labels: [{ name: 'bug', reason: 'a crash' }], comment: 'Thanks, we can reproduce it.' }] }
      };
    }
  });
  const repo = fakes.gh.state.addRepo({ owner: OWNER, repo: REPO });
  repo.addLabel('bug');
  repo.addIssue({ number: 1, title: 'App crashes when saving a file', body: 'Saving crashes with a stack trace.' });
  repo.setRole('maintainer', 'write');
  const maintainer: FakeUser = { login: 'maintainer', type: 'User', association: 'MEMBER' };
  const comment = repo.addIssueComment(1, '/loopkit triage', maintainer);
  const payload = {
    action: 'created',
    issue: { number: 1, title: 'App crashes when saving a file', state: 'open', user: { login: 'alice', type: 'User' }, labels: [] },
    comment: { id: comment.id, body: '/loopkit triage', user: { login: 'maintainer', type: 'User' }, author_association: 'MEMBER' },
    repository: { name: REPO, full_name: `${OWNER}/${REPO}`, owner: { login: OWNER, type: 'User' }, default_branch: 'main' },
    sender: { login: 'maintainer', type: 'User' }
  };
  const run = await runBuiltAction(fakes, { event: 'issue_comment', payload, workspace: workspace(fakes), env: { GITHUB_REF: 'refs/heads/main' } });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(comment.reactions.map((r) => r.content)).toEqual(['eyes', 'rocket']);
  expect(repo.issues.get(1)!.labels).toEqual(['bug']);
  expect(repo.issueComments.filter((c) => c.issue_number === 1 && c.body.startsWith('<!-- loopkit:triage:daily-triage -->'))).toHaveLength(1);
  expect(run.summary).toContain('daily-triage');
});
