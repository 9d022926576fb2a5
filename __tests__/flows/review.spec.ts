/**
 * The review flow given its adapters directly, as the CLI and any other entry give them: GitHub
 * (the fake over real HTTP), a provider, a state store, a clock and a log of the test's choosing.
 */
import { reviewPullRequest } from '../../src/flows/review.js';
import { loadProject, type LoadedLoop } from '../../src/loop/index.js';
import { scoreLoaded } from '../../src/lrs/project.js';
import type { LrsReport } from '../../src/lrs/index.js';
import { MemoryStore, type StateStore } from '../../src/state/index.js';
import { EMPTY_CATCH, reviewScript, SQL, XSS } from '../action/scripts.js';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic-server.js';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github-server.js';
import { REVIEW_LOOP } from '../helpers/loops.js';
import { flowAdapters, flowContext, ranOutcome } from '../helpers/flow-adapters.js';
import { MemoryLoopSource } from '../helpers/memory-files.js';
import { OWNER, REPO, seedSample } from '../helpers/sample.js';

describe('flows/review', () => {
  let gh: FakeGitHub;
  let ai: FakeAnthropic;
  afterEach(async () => Promise.all([gh?.close(), ai?.close()]));

  const HEAD = 'c'.repeat(40);
  const NOW = Date.parse('2031-05-06T07:08:09.000Z');

  /** The review loop that learns, with a notes file people keep. */
  const LEARNING_LOOP = `${REVIEW_LOOP}memory:
  store: memory
  learn: true
  notesFile: notes/review.md
`;

  async function setUp(write: boolean, loopYaml = REVIEW_LOOP, files: Record<string, string> = {}) {
    gh = await startFakeGitHub();
    ai = await startFakeAnthropic({
      ttfbMs: 1,
      latencyMs: 1,
      respond: reviewScript({ 'Security Reviewer': [SQL, XSS], 'Logic Reviewer': [EMPTY_CATCH] }, [EMPTY_CATCH.claim])
    });
    seedSample(gh, 42, { headSha: HEAD });
    const sources = new MemoryLoopSource({ 'loops/review.yaml': loopYaml, ...files });
    const project = await loadProject(sources);
    const loaded: LoadedLoop = project.loops[0]!;
    const report: LrsReport = scoreLoaded(loaded, project.settings);
    const memory = new MemoryStore();
    const savedKeys: string[] = [];
    const store: StateStore = { kind: 'memory', load: (key) => memory.load(key), save: (key, doc) => (savedKeys.push(key), memory.save(key, doc)) };
    const { adapters, lines } = flowAdapters({ gh, ai }, { store, loops: sources, now: NOW });
    const ctx = flowContext({ name: 'workflow_dispatch', payload: {} }, { id: '77', attempt: '2' }, write);
    return { ctx, adapters, loaded, report, store, savedKeys, lines };
  }

  const pull = () => gh.state.repo(OWNER, REPO)!.pulls.get(42)!;
  const writes = () => gh.requests.filter((r) => r.method !== 'GET' && r.path !== '/graphql');

  test('without write: the review runs and is returned, and nothing is written to GitHub or to the state', async () => {
    const { ctx, adapters, loaded, report, savedKeys, lines } = await setUp(false);
    const outcome = await reviewPullRequest(ctx, adapters, { loaded, pullNumber: 42, report });
    expect(
      ranOutcome(outcome)
        .ran.result.verified.map((f) => f.path)
        .sort()
    ).toEqual(['src/api/users.ts', 'src/util/format.ts']);
    expect(ranOutcome(outcome).ran.result.findings.find((f) => f.claim === EMPTY_CATCH.claim)?.verdict?.kind).toBe('refuted');
    expect(ranOutcome(outcome).ran.posted).toBeUndefined();
    expect(writes()).toEqual([]);
    expect(pull().reviews).toEqual([]);
    expect(savedKeys).toEqual([]);
    expect(lines).toContain('dry run: nothing is posted to the pull request');
  });

  test('with write and no check name: the review, the summary and the state (named by the run, dated by the clock), and no check run', async () => {
    const { ctx, adapters, loaded, report, store, savedKeys } = await setUp(true);
    const outcome = await reviewPullRequest(ctx, adapters, { loaded, pullNumber: 42, report });
    expect(ranOutcome(outcome).ran.posted).toEqual({ inline: 2, notPlaced: 0 });
    expect(pull().reviewComments).toHaveLength(2);
    expect(gh.state.repo(OWNER, REPO)!.issueComments.filter((c) => c.body.startsWith('<!-- loopkit:summary:review -->'))).toHaveLength(1);
    expect(gh.state.repo(OWNER, REPO)!.checkRuns.size).toBe(0);
    expect(savedKeys).toHaveLength(1);
    expect(savedKeys[0]).toMatch(/-77-2$/);
    const saved = await store.load(savedKeys[0]!);
    expect(saved.doc?.reviewedAt).toBe(new Date(NOW).toISOString());
    expect(saved.doc?.lastReviewedHead).toBe(HEAD);
  });

  test('a loop that learns keeps the refuted finding as a note, and the job summary offers the notes its notes file lacks', async () => {
    const { ctx, adapters, loaded, report, store, savedKeys } = await setUp(true, LEARNING_LOOP, {
      'notes/review.md': '- Empty catches in audit code are deliberate.\n'
    });
    const outcome = await reviewPullRequest(ctx, adapters, { loaded, pullNumber: 42, report });
    const saved = await store.load(savedKeys[0]!);
    expect(saved.doc?.notes).toEqual([expect.objectContaining({ kind: 'refuted', subject: EMPTY_CATCH.claim, path: EMPTY_CATCH.path, number: 42, count: 1 })]);
    expect(ranOutcome(outcome).notesSummary).toContain('### Learned notes for notes/review.md');
    expect(ranOutcome(outcome).notesSummary).toContain(EMPTY_CATCH.claim);
    expect(ranOutcome(outcome).notesSummary).not.toContain('Empty catches in audit code are deliberate.');
  });

  test('a loop that does not learn keeps no notes', async () => {
    const { ctx, adapters, loaded, report, store, savedKeys } = await setUp(true);
    const outcome = await reviewPullRequest(ctx, adapters, { loaded, pullNumber: 42, report });
    expect((await store.load(savedKeys[0]!)).doc?.notes).toEqual([]);
    expect(ranOutcome(outcome).notesSummary).toBeUndefined();
  });
});
