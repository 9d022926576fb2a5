/**
 * The action on OpenAI alone: a loop with `model: gpt-6.2-sol` and only an OpenAI key
 * reviews a pull request and triages an issue through the fake Responses API.
 */
import { readFileSync } from 'node:fs';
import type { FakeOpenAIReply, ResponsesBody } from '../fakes/openai-server.js';
import type { FakeUser } from '../fakes/github-server.js';
import { OWNER, REPO, seedSample } from '../helpers/sample.js';
import { pullRequestEvent, runAction, startFakes, workspace, type Fakes } from './harness.js';
import { EMPTY_CATCH, SQL } from './scripts.js';

describe('action/openai', () => {
  let fakes: Fakes;
  afterEach(async () => fakes?.close());

  const HEAD = 'd'.repeat(40);
  const repoOf = () => fakes.gh.state.repos.get(`${OWNER}/${REPO}`)!;
  const promptOf = (body: ResponsesBody) => (typeof body.input === 'string' ? body.input : body.input.map((m) => ('content' in m ? m.content : '')).join('\n'));
  const ON_OPENAI = (yaml: string) => yaml.replace(/^name: (.*)$/m, 'name: $1\nmodel: gpt-6.2-sol');
  const ONLY_OPENAI = { 'anthropic-api-key': '', 'openai-api-key': 'sk-proj-fake-key-for-tests-0123456789' };

  function reviewScript(body: ResponsesBody): FakeOpenAIReply {
    const text = promptOf(body);
    if (text.includes('(checker)')) {
      const ids = [...text.matchAll(/### (B\d+R\d+F\d+)/g)].map((m) => m[1]!);
      return {
        kind: 'answer',
        input: {
          findings: [],
          summary: null,
          verdicts: ids.map((id) => ({ id, verdict: 'confirmed', confidence: 0.9, evidence: 'The code shows it.', severity: null }))
        }
      };
    }
    const findings = text.includes('## Your role: Security Reviewer') ? [SQL] : [EMPTY_CATCH];
    return {
      kind: 'answer',
      input: { findings: findings.map((f) => ({ startLine: null, fix: null, replacement: null, ...f })), summary: 'Adds a user lookup.', verdicts: [] }
    };
  }

  test('a pull request reviewed on gpt-6.2-sol with only an OpenAI key: verified comments, the gate failing on the critical finding, the spend reported', async () => {
    fakes = await startFakes({}, reviewScript);
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const dir = workspace(fakes, {
      'loopkit.yaml': readFileSync('loopkit.yaml', 'utf8'),
      'loops/pr-review.yaml': ON_OPENAI(readFileSync('loops/pr-review.yaml', 'utf8'))
    });
    const run = await runAction(fakes, {
      event: 'pull_request',
      payload: pullRequestEvent(42, HEAD),
      workspace: dir,
      inputs: { loop: 'pr-review', ...ONLY_OPENAI }
    });

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(fakes.ai.requests).toEqual([]);
    expect(fakes.oa.requests.length).toBeGreaterThan(1);
    for (const r of fakes.oa.requests) {
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ model: 'gpt-6.2-sol', store: false, text: { format: { type: 'json_schema', strict: true } } });
    }
    const pull = repoOf().pulls.get(42)!;
    expect(pull.reviewComments.map((c) => [c.path, c.line])).toEqual(
      expect.arrayContaining([
        ['src/api/users.ts', 5],
        ['src/api/users.ts', 21]
      ])
    );
    const reviewCheck = [...repoOf().checkRuns.values()].find((c) => c.name === 'LoopKit Review')!;
    expect(reviewCheck).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(run.outputs).toMatchObject({ 'verified-findings': '2' });
    expect(Number(run.outputs['cost-usd'])).toBeGreaterThan(0);
    // Reasoning is output: each call's log line shows it.
    expect(run.stdout).toMatch(/✓ maker Security Reviewer · gpt-6\.2-sol .* out \d+ \(thinking 64\)/);
    // The key is masked in the log the moment it is read.
    expect(run.stdout).toContain('::add-mask::sk-proj-fake-key-for-tests-0123456789');
  });

  test('without any key for the loop’s vendor the review is not run, and says which key is missing', async () => {
    fakes = await startFakes();
    seedSample(fakes.gh, 42, { headSha: HEAD });
    const dir = workspace(fakes, {
      'loopkit.yaml': readFileSync('loopkit.yaml', 'utf8'),
      'loops/pr-review.yaml': ON_OPENAI(readFileSync('loops/pr-review.yaml', 'utf8'))
    });
    const run = await runAction(fakes, { event: 'pull_request', payload: pullRequestEvent(42, HEAD), workspace: dir, inputs: { loop: 'pr-review' } });
    expect(run.code).toBe(0);
    const reviewCheck = [...repoOf().checkRuns.values()].find((c) => c.name === 'LoopKit Review')!;
    expect(reviewCheck).toMatchObject({ conclusion: 'neutral' });
    expect(reviewCheck.output.title).toMatch(/^Review not run: no OpenAI API key/);
    expect(fakes.oa.requests).toEqual([]);
  });

  test('an issue triaged on gpt-6.2-sol with only OPENAI_API_KEY in the environment: label and comment written, the key masked', async () => {
    const ALICE: FakeUser = { login: 'alice', type: 'User', association: 'NONE' };
    fakes = await startFakes({}, (body) => {
      const text = promptOf(body);
      if (text.includes('(checker)')) {
        const ids = [...text.matchAll(/### (I\d+-[A-Z]\d+)/g)].map((m) => m[1]!);
        return {
          kind: 'answer',
          input: { issues: [], verdicts: ids.map((id) => ({ id, verdict: 'confirmed', confidence: 0.9, evidence: 'The issue says so.' })) }
        };
      }
      const proposal = {
        issue: 6,
        labels: [{ name: 'bug', reason: 'It fails.' }],
        type: { value: 'bug', reason: 'It fails.' },
        priority: null,
        duplicate: null,
        missing: null,
        comment: 'Thanks for the report.'
      };
      return { kind: 'answer', input: { issues: [proposal], verdicts: [] } };
    });
    const repo = fakes.gh.state.repo(OWNER, REPO) ?? fakes.gh.state.addRepo({ owner: OWNER, repo: REPO });
    repo.addLabel('bug');
    repo.addIssue({ number: 6, title: 'Export fails with an error', body: 'Exporting fails.', user: ALICE });
    const loop = ON_OPENAI(
      readFileSync('loops/daily-triage.yaml', 'utf8')
        .replace('name: daily-triage', 'name: issue-triage')
        .replace('  cron: "0 9 * * 1-5"\n', '  event: issues\n  types: [opened, edited, labeled]\n')
    );
    const dir = workspace(fakes, { 'loops/issue-triage.yaml': loop, 'loopkit.yaml': readFileSync('loopkit.yaml', 'utf8') });
    const opened = {
      action: 'opened',
      issue: {
        number: 6,
        title: 'Export fails with an error',
        body: 'Exporting fails.',
        user: { login: 'alice', type: 'User' },
        labels: [],
        state: 'open',
        author_association: 'NONE'
      },
      repository: { id: 1, name: REPO, full_name: `${OWNER}/${REPO}`, owner: { login: OWNER, type: 'User' }, private: false, default_branch: 'main' },
      sender: { login: 'alice', type: 'User' }
    };
    const key = ONLY_OPENAI['openai-api-key'];
    const run = await runAction(fakes, {
      event: 'issues',
      payload: opened,
      workspace: dir,
      inputs: { 'anthropic-api-key': '' },
      env: { GITHUB_REF: 'refs/heads/main', OPENAI_API_KEY: key }
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`::add-mask::${key}`);
    expect(fakes.ai.requests).toEqual([]);
    expect(fakes.oa.requests.every((r) => r.status === 200 && r.body!.model === 'gpt-6.2-sol')).toBe(true);
    expect(repo.issues.get(6)!.labels).toEqual(['bug']);
    expect(repo.issueComments.filter((c) => c.issue_number === 6 && c.body.includes('Thanks for the report.'))).toHaveLength(1);
  });
});
