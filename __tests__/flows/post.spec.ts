/** The post step's flow in process: what the main step left in progress is completed as neutral, with the reason; a completed check is left alone. */
import { completeLeftOpen } from '../../src/flows/post.js';
import { createOctokit } from '../../src/github/index.js';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github-server.js';
import { OWNER, REPO } from '../helpers/sample.js';

describe('flows/post', () => {
  let gh: FakeGitHub;
  afterEach(async () => gh?.close());

  test('a check left in progress is completed as neutral with the reason; one completed meanwhile keeps its conclusion', async () => {
    gh = await startFakeGitHub();
    gh.state.addRepo({ owner: OWNER, repo: REPO });
    const github = createOctokit({ token: gh.token, baseUrl: gh.url });
    const head = 'a'.repeat(40);
    const open = (await github.rest.checks.create({ owner: OWNER, repo: REPO, name: 'LoopKit Review', head_sha: head, status: 'in_progress' })).data;
    const done = (
      await github.rest.checks.create({ owner: OWNER, repo: REPO, name: 'LoopKit Review · other', head_sha: head, status: 'completed', conclusion: 'success' })
    ).data;
    const lines: string[] = [];
    const log = {
      debug: () => {},
      info: (m: string) => lines.push(m),
      warn: (m: string) => lines.push(`warning: ${m}`),
      error: () => {},
      notice: () => {},
      group: <T>(_n: string, body: () => Promise<T>) => body()
    };
    const runs = [open, done].map((c) => ({ owner: OWNER, repo: REPO, id: c.id, name: c.name }));
    await completeLeftOpen(runs, 'the job was cancelled', { github, log, clock: { now: () => Date.parse('2031-01-02T03:04:05Z') } });
    const checks = gh.state.repo(OWNER, REPO)!.checkRuns;
    expect(checks.get(open.id)).toMatchObject({ status: 'completed', conclusion: 'neutral', completed_at: '2031-01-02T03:04:05.000Z' });
    expect(checks.get(open.id)!.output.title).toBe('Not finished: the job was cancelled');
    expect(checks.get(done.id)).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(lines).toEqual(['LoopKit Review: completed as neutral (the job was cancelled)']);
  });
});
