/**
 * Every loop kind through the one skeleton (src/flows/skeleton.ts), with the fake GitHub and the
 * fake Anthropic over real HTTP: a triage loop's agents get its tool connectors like any other
 * kind's, and an unexpected error in one loop (injected through an adapter: a provider factory
 * that throws) ends that loop with its check neutral while the job summary is written and the
 * next loop runs.
 */
import type { FlowAdapters, FlowContext, FlowEvent } from '../../src/flows/adapters.js';
import { runEvent } from '../../src/flows/event.js';
import { triageIssues } from '../../src/flows/triage.js';
import { loadProject } from '../../src/loop/index.js';
import { scoreLoaded } from '../../src/lrs/project.js';
import { MemoryStore, type StateStore } from '../../src/state/index.js';
import { EMPTY_CATCH, firstUserText, reviewScript, SQL } from '../action/scripts.js';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic-server.js';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github-server.js';
import { flowAdapters, flowContext, ranOutcome } from '../helpers/flow-adapters.js';
import { REVIEW_LOOP } from '../helpers/loops.js';
import { MemoryLoopSource } from '../helpers/memory-files.js';
import { OWNER, REPO, seedSample } from '../helpers/sample.js';
import { Redactor } from '../../src/guard/index.js';

describe('flows/skeleton', () => {
  let gh: FakeGitHub;
  let ai: FakeAnthropic;
  afterEach(async () => Promise.all([gh?.close(), ai?.close()]));

  const SHA = 'a'.repeat(40);
  const NOW = Date.parse('2031-05-06T07:08:09.000Z');
  const OPENED: FlowEvent = { name: 'issues', payload: { action: 'opened', issue: { number: 3 }, sender: { login: 'someone', type: 'User' } } };

  const triageLoop = (name: string, extra = '') => `name: ${name}
trigger: { event: issues, types: [opened] }
connectors:
  - type: github-issues
${extra}pipeline:
  - agent: { label: Issue Triage, prompt: Label the issue. }
agents:
  - { label: Triage Verifier, prompt: Check each label. }
verify:
  checker: Triage Verifier
outputs:
  labels:
    allowed: [bug, question]
`;

  const genericLoop = (name: string) => `name: ${name}
task: generic
trigger: { event: issues, types: [opened] }
pipeline:
  - agent: { label: Auditor, prompt: Audit the issue. }
agents:
  - { label: Audit Verifier, prompt: Check each proposal. }
verify:
  checker: Audit Verifier
outputs:
  check: { name: Issue Audit }
`;

  /** Triage makers label issue 3 a bug and the checker confirms; the auditor proposes nothing. */
  async function setUp(files: Record<string, string>) {
    gh = await startFakeGitHub();
    ai = await startFakeAnthropic({
      ttfbMs: 1,
      latencyMs: 1,
      respond: (request) => {
        const text = firstUserText(request.body!);
        if (text.includes('Audit the issue.')) return { kind: 'tool', input: { summary: 'Nothing to do.', proposals: [] } };
        if (text.includes('(checker)')) {
          const ids = [...text.matchAll(/### (I\d+-[A-Z]\d+)/g)].map((m) => m[1]!);
          return { kind: 'tool', input: { verdicts: ids.map((id) => ({ id, verdict: 'confirmed', confidence: 0.9, evidence: 'It says so.' })) } };
        }
        return { kind: 'tool', input: { issues: [{ issue: 3, labels: [{ name: 'bug', reason: 'a crash' }] }] } };
      }
    });
    const repo = gh.state.addRepo({ owner: OWNER, repo: REPO });
    repo.addCommit({ sha: SHA, message: 'main' });
    for (const label of ['bug', 'question']) repo.addLabel(label);
    repo.addIssue({ number: 3, title: 'Crash when exporting', body: 'Export crashes.' });
    const loops = new MemoryLoopSource(files);
    const { adapters, lines } = flowAdapters({ gh, ai }, { store: new MemoryStore(), loops, now: NOW });
    const ctx: FlowContext = { ...flowContext(OPENED, { id: '9', attempt: '1' }, true), sha: SHA };
    return { ctx, adapters, lines, loops, repo };
  }

  /** The adapters, with a provider factory that throws for one loop: an unexpected error inside that loop's flow. */
  function crashing(adapters: FlowAdapters, loop: string): FlowAdapters {
    return {
      ...adapters,
      providerFor: (loaded) => {
        if (loaded.loop.name === loop) throw new Error('provider exploded');
        return adapters.providerFor(loaded);
      }
    };
  }

  test('a triage loop with a repository connector offers its agents the repository tools, at the event commit', async () => {
    const { ctx, adapters, loops } = await setUp({ 'loops/triage.yaml': triageLoop('triage', '  - type: repository\n') });
    const project = await loadProject(loops);
    const loaded = project.loops[0]!;
    const withTools: FlowAdapters = { ...adapters, tools: { env: {}, mask: () => {}, redactor: new Redactor(), clientVersion: 'test' } };
    const outcome = await triageIssues(ctx, withTools, { loaded, report: scoreLoaded(loaded, project.settings), issueNumber: 3 });
    expect(ranOutcome(outcome).ran.report.applied.map((a) => a.labels)).toEqual([['bug']]);
    expect(ai.requests.length).toBeGreaterThanOrEqual(2);
    for (const request of ai.requests) expect(request.body!.tools?.map((t) => t.name)).toEqual(['read_file', 'list_dir', 'search_code']);
  });

  test('a triage loop that throws: the job summary says so, the step fails with the error, and the next loop runs', async () => {
    const { ctx, adapters, repo } = await setUp({ 'loops/a-triage.yaml': triageLoop('a-triage'), 'loops/b-audit.yaml': genericLoop('b-audit') });
    const outcome = await runEvent(ctx, crashing(adapters, 'a-triage'));
    expect(outcome.failures).toEqual([expect.stringMatching(/^LoopKit failed while running a-triage: Error: provider exploded/)]);
    expect(outcome.summary).toMatch(/a-triage — not run: failed unexpectedly: provider exploded/);
    // The generic loop after it ran and wrote its check.
    expect(outcome.summary).toContain('### b-audit — complete');
    expect([...repo.checkRuns.values()].map((c) => [c.name, c.conclusion])).toEqual([['Issue Audit', 'success']]);
    expect(repo.issues.get(3)!.labels).toEqual([]);
  });

  test('a generic loop that throws: its declared check is neutral with the reason, the job summary is written, and the next loop runs', async () => {
    const { ctx, adapters, repo } = await setUp({ 'loops/a-audit.yaml': genericLoop('a-audit'), 'loops/b-triage.yaml': triageLoop('b-triage') });
    const outcome = await runEvent(ctx, crashing(adapters, 'a-audit'));
    expect(outcome.failures).toEqual([expect.stringMatching(/^LoopKit failed while running a-audit: Error: provider exploded/)]);
    const checks = [...repo.checkRuns.values()];
    expect(checks.map((c) => [c.name, c.head_sha, c.status, c.conclusion])).toEqual([['Issue Audit', SHA, 'completed', 'neutral']]);
    expect(checks[0]!.output.title).toBe('Not run: LoopKit failed unexpectedly (provider exploded)');
    expect(outcome.summary).toMatch(/a-audit — not run: failed unexpectedly: provider exploded/);
    // The triage after it ran and labelled the issue.
    expect(repo.issues.get(3)!.labels).toEqual(['bug']);
    expect(outcome.summary).toContain('b-triage');
    expect(outcome.outputs.tokens).not.toBe('0');
  });

  test('a generic loop that cannot run (no API key) publishes its declared check neutral with the reason, so a required check does not wait', async () => {
    const { ctx, adapters, repo } = await setUp({ 'loops/audit.yaml': genericLoop('audit') });
    const outcome = await runEvent(ctx, { ...adapters, providerFor: () => ({ ok: false, missing: 'anthropic', reason: 'no Anthropic API key' }) });
    expect(outcome.failures).toEqual([]);
    expect([...repo.checkRuns.values()].map((c) => [c.name, c.conclusion, c.output.title])).toEqual([
      ['Issue Audit', 'neutral', 'Not run: no Anthropic API key']
    ]);
    expect(outcome.summary).toMatch(/audit — not run: no Anthropic API key/);
    expect(ai.requests).toEqual([]);
  });

  test('a review loop that throws after its check started: that check is neutral with the reason, and the next review loop reviews', async () => {
    gh = await startFakeGitHub();
    ai = await startFakeAnthropic({ ttfbMs: 1, latencyMs: 1, respond: reviewScript({ 'Security Reviewer': [SQL], 'Logic Reviewer': [EMPTY_CATCH] }) });
    const head = 'c'.repeat(40);
    seedSample(gh, 42, { headSha: head });
    const loops = new MemoryLoopSource({
      'loops/a-review.yaml': REVIEW_LOOP.replace('name: review', 'name: a-review'),
      'loops/b-review.yaml': REVIEW_LOOP.replace('name: review', 'name: b-review')
    });
    const { adapters } = flowAdapters({ gh, ai }, { store: new MemoryStore(), loops, now: NOW });
    const event: FlowEvent = { name: 'pull_request', payload: { action: 'opened', pull_request: { number: 42, head: { sha: head } } } };
    const outcome = await runEvent(flowContext(event, { id: '9', attempt: '1' }, true), crashing(adapters, 'a-review'));
    expect(outcome.failures).toEqual([expect.stringMatching(/^LoopKit failed while running a-review: Error: provider exploded/)]);
    const checks = [...gh.state.repo(OWNER, REPO)!.checkRuns.values()].filter((c) => c.name.startsWith('LoopKit Review'));
    expect(checks.map((c) => [c.name, c.status, c.conclusion])).toEqual([
      ['LoopKit Review · a-review', 'completed', 'neutral'],
      ['LoopKit Review · b-review', 'completed', 'failure']
    ]);
    expect(checks[0]!.output.title).toBe('Review not run: LoopKit failed unexpectedly (provider exploded)');
    expect(outcome.summary).toMatch(/a-review — not run: failed unexpectedly: provider exploded/);
    expect(outcome.summary).toContain('### b-review');
  });

  test('a loop that crashes after its agents answered (its state store fails to save) still counts what they spent in the outputs', async () => {
    const { ctx, adapters } = await setUp({ 'loops/triage.yaml': triageLoop('triage') });
    const memory = new MemoryStore();
    const failing: StateStore = {
      kind: 'memory',
      load: (key) => memory.load(key),
      save: async () => {
        throw new Error('disk full');
      }
    };
    const outcome = await runEvent(ctx, { ...adapters, stateFor: () => failing });
    expect(outcome.failures).toEqual([expect.stringMatching(/^LoopKit failed while running triage: Error: disk full/)]);
    expect(outcome.summary).toMatch(/triage — not run: failed unexpectedly: disk full/);
    expect(ai.requests.length).toBeGreaterThanOrEqual(2);
    expect(Number(outcome.outputs.tokens)).toBeGreaterThan(0);
    expect(Number(outcome.outputs['cost-usd'])).toBeGreaterThan(0);
  });
});
