import { CheckRun, type CheckAnnotation, type CheckRunTracker } from '../../src/github/check-runs.js';
import type { FakeRepo } from '../fakes/github-server.js';
import { HEAD_SHA, startHarness, type Harness } from './setup.js';

describe('github/check-runs', () => {
  let h: Harness;
  let repo: FakeRepo;

  beforeEach(async () => {
    h = await startHarness();
    repo = h.gh.state.addRepo({ owner: 'acme', repo: 'app' });
  });

  afterEach(() => h.gh.close());

  const start = () =>
    CheckRun.start(h.octokit, {
      owner: 'acme',
      repo: 'app',
      name: 'LoopKit / pr-review',
      headSha: HEAD_SHA,
      title: 'Reviewing',
      summary: 'Makers are reading the diff.',
      detailsUrl: 'https://example.com/run/1'
    });

  const annotations = (n: number): CheckAnnotation[] =>
    Array.from({ length: n }, (_, i) => ({ path: 'src/a.ts', startLine: i + 1, endLine: i + 1, level: 'warning', message: `finding ${i}` }));

  const patches = () => h.gh.requests.filter((r) => r.method === 'PATCH').map((r) => r.body as Record<string, unknown>);

  describe('CheckRun', () => {
    it('starts in progress', async () => {
      const run = await start();
      expect(repo.checkRuns.get(run.id)).toMatchObject({
        name: 'LoopKit / pr-review',
        head_sha: HEAD_SHA,
        status: 'in_progress',
        details_url: 'https://example.com/run/1',
        output: { title: 'Reviewing', summary: 'Makers are reading the diff.' }
      });
    });

    it('sends 120 annotations in batches of at most 50 and concludes with the last one', async () => {
      const run = await start();
      await run.complete({ conclusion: 'failure', title: '3 findings', summary: 'See annotations.', annotations: annotations(120) });

      const sent = patches();
      expect(sent.map((p) => ((p.output as { annotations?: unknown[] }).annotations ?? []).length)).toEqual([50, 50, 20]);
      expect(sent.map((p) => p.conclusion)).toEqual([undefined, undefined, 'failure']);
      const stored = repo.checkRuns.get(run.id);
      expect(stored?.annotations).toHaveLength(120);
      expect(stored?.annotations[119]).toEqual({ path: 'src/a.ts', start_line: 120, end_line: 120, annotation_level: 'warning', message: 'finding 119' });
      expect(stored).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: '3 findings', summary: 'See annotations.' } });
    });

    it('completes despite one 502 on the completing update', async () => {
      const run = await start();
      h.gh.failNext({ method: 'PATCH' }, 502);
      await run.complete({ conclusion: 'failure', title: '1 finding', summary: 's', annotations: [] });
      expect(repo.checkRuns.get(run.id)).toMatchObject({ status: 'completed', conclusion: 'failure' });
    });

    it('sends an annotated batch again when GitHub did not apply it, and each annotation lands once', async () => {
      const run = await start();
      h.gh.failNext({ method: 'PATCH' }, 502);
      await run.complete({ conclusion: 'failure', title: '3 findings', summary: 's', annotations: annotations(70) });
      expect(repo.checkRuns.get(run.id)?.annotations).toHaveLength(70);
      expect(repo.checkRuns.get(run.id)).toMatchObject({ status: 'completed', conclusion: 'failure' });
    });

    it('does not send an annotated batch again when it landed and only the answer was lost', async () => {
      const run = await start();
      h.gh.loseAnswerNext((r) => r.method === 'PATCH' && r.body !== undefined && (r.body as { conclusion?: string }).conclusion === 'failure', 502);
      await run.complete({ conclusion: 'failure', title: '3 findings', summary: 's', annotations: annotations(70) });
      expect(repo.checkRuns.get(run.id)?.annotations).toHaveLength(70);
      expect(repo.checkRuns.get(run.id)).toMatchObject({ status: 'completed', conclusion: 'failure' });
      expect(patches()).toHaveLength(2);
    });

    it('tells its tracker when it starts and when it is complete, not when completing failed', async () => {
      const events: string[] = [];
      const tracker: CheckRunTracker = { started: (r) => events.push(`started ${r.name} ${r.id}`), completed: (id) => events.push(`completed ${id}`) };
      const run = await CheckRun.start(h.octokit, { owner: 'acme', repo: 'app', name: 'LoopKit Review', headSha: HEAD_SHA, title: 't', summary: 's' }, tracker);
      for (let i = 0; i < 4; i += 1) h.gh.failNext({ method: 'PATCH' }, 502);
      await expect(run.complete({ conclusion: 'success', title: 't', summary: 's', annotations: [] })).rejects.toMatchObject({ status: 502 });
      expect(events).toEqual([`started LoopKit Review ${run.id}`]);
      await run.complete({ conclusion: 'success', title: 't', summary: 's', annotations: [] });
      expect(events).toEqual([`started LoopKit Review ${run.id}`, `completed ${run.id}`]);
    });

    it('completes in one update without annotations', async () => {
      const run = await start();
      await run.complete({ conclusion: 'success', title: 'Clean', summary: 'Nothing found.', text: 'Details', annotations: [] });
      expect(patches()).toHaveLength(1);
      expect(patches()[0]?.output).toEqual({ title: 'Clean', summary: 'Nothing found.', text: 'Details' });
      expect(repo.checkRuns.get(run.id)).toMatchObject({ status: 'completed', conclusion: 'success' });
    });

    it('truncates a huge summary and text to GitHub’s byte limit, with a note', async () => {
      const run = await start();
      // Three bytes per character: fine by GitHub's character count, far over its byte limit.
      const huge = '界'.repeat(30000);
      await run.complete({ conclusion: 'neutral', title: 'Big', summary: huge, text: 'x'.repeat(70000), annotations: annotations(1) });
      const output = repo.checkRuns.get(run.id)?.output;
      expect(Buffer.byteLength(output?.summary ?? '', 'utf8')).toBeLessThanOrEqual(65535);
      expect(Buffer.byteLength(output?.summary ?? '', 'utf8')).toBeGreaterThan(65000);
      expect(output?.summary).toMatch(/^界+\n\n… truncated to fit GitHub’s 65,535-byte limit\.$/);
      expect(output?.text?.length).toBeLessThanOrEqual(65535);
      expect(output?.text).toMatch(/truncated/);
      expect(repo.checkRuns.get(run.id)?.conclusion).toBe('neutral');
    });
  });

  describe('CheckRun.publish', () => {
    const publish = (n: number) =>
      CheckRun.publish(
        h.octokit,
        { owner: 'acme', repo: 'app', name: 'LoopKit LRS', headSha: HEAD_SHA },
        { conclusion: 'success', title: 'LRS 97 (A)', summary: 'scores', annotations: annotations(n) }
      );

    it('creates a check that is complete from its first request when its annotations fit one', async () => {
      await publish(50);
      expect(h.gh.requests.map((r) => r.method)).toEqual(['POST']);
      const [run] = [...repo.checkRuns.values()];
      expect(run).toMatchObject({ status: 'completed', conclusion: 'success', output: { title: 'LRS 97 (A)' } });
      expect(run!.annotations).toHaveLength(50);
    });

    it('creates, then completes in batches, when the annotations need more than one request', async () => {
      await publish(120);
      expect(h.gh.requests.map((r) => r.method)).toEqual(['POST', 'PATCH', 'PATCH', 'PATCH']);
      const [run] = [...repo.checkRuns.values()];
      expect(run).toMatchObject({ status: 'completed', conclusion: 'success' });
      expect(run!.annotations).toHaveLength(120);
    });
  });
});
