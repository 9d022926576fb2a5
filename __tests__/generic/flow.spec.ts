/**
 * The generic flow in process, from the event to GitHub: the event flow routes a push, a release
 * and a schedule to generic loops written in the original format, their makers and checker run on
 * a scripted provider, and the fake GitHub sees only the writes their `outputs` declare. A dry run
 * writes nothing at all.
 */
import type { GenericCheckerOutput } from '../../src/answers/generic.js';
import { silentEvents } from '../../src/engine/calls.js';
import type { FlowAdapters, FlowContext } from '../../src/flows/adapters.js';
import { runEvent } from '../../src/flows/event.js';
import { eventSummary, RunRecorder } from '../../src/flows/run-record.js';
import { systemClock } from '../../src/engine/budget.js';
import { TokenIdentity } from '../../src/github/trust.js';
import type { ModelRequest } from '../../src/providers/types.js';
import { MemoryStore } from '../../src/state/index.js';
import type { FakeRepo } from '../fakes/github-server.js';
import { startHarness, type Harness } from '../github/setup.js';
import { POST_MERGE_AUDIT, WEEKLY_DIGEST } from '../helpers/generic-loops.js';
import { MemoryLoopSource } from '../helpers/memory-files.js';
import { ScriptedProvider, type Script } from '../helpers/scripted-provider.js';

describe('generic/flow', () => {
  let h: Harness;
  let repo: FakeRepo;
  beforeEach(async () => {
    h = await startHarness();
    repo = h.gh.state.addRepo({ owner: 'octo', repo: 'shop' });
    repo.addCommit({ sha: '1'.repeat(40), message: 'base' });
    repo.addCommit({
      sha: '2'.repeat(40),
      parents: ['1'.repeat(40)],
      message: 'Run the input',
      files: [{ filename: 'src/run.js', patch: '@@ -1,2 +1,3 @@\n const input = read();\n+eval(input);\n done();' }]
    });
  });
  afterEach(async () => h.gh.close());

  const PUSH = { ref: 'refs/heads/main', before: '1'.repeat(40), after: '2'.repeat(40), repository: { default_branch: 'main' } };

  const proposals: Script = (request) => {
    if (request.answer.name === 'report_proposals') {
      return {
        summary: 'One commit that evaluates its input.',
        proposals: [
          {
            kind: 'finding',
            severity: 'high',
            title: 'eval of read input',
            detail: 'src/run.js:2 evaluates input',
            path: 'src/run.js',
            line: 2,
            reason: 'code execution'
          },
          { kind: 'issue', title: 'eval in run.js', body: 'src/run.js:2 evaluates its input.', reason: 'worth tracking' },
          { kind: 'issue', title: 'Another issue', body: 'A second one.', reason: 'the cap says no' }
        ]
      };
    }
    return confirmAll(request);
  };

  function confirmAll(request: ModelRequest<unknown>): GenericCheckerOutput {
    if (request.task.kind !== 'verify-generic') throw new Error(`not a verify-generic task: ${request.task.kind}`);
    return { verdicts: request.task.proposals.map((p) => ({ id: p.id, verdict: 'confirmed', confidence: 0.9, evidence: 'the diff shows it' })) };
  }

  function flow(event: { name: string; payload: Record<string, unknown> }, files: Record<string, string>, script: Script, write = true) {
    const provider = new ScriptedProvider(script);
    const logs: string[] = [];
    const record = (m: string) => logs.push(m);
    const recorder = new RunRecorder(
      { repository: 'octo/shop', run: { id: '4242', attempt: '1' }, event: eventSummary(event.name, event.payload) },
      systemClock
    );
    const ctx: FlowContext = {
      owner: 'octo',
      repo: 'shop',
      run: { id: '4242', attempt: '1' },
      event,
      sha: '2'.repeat(40),
      refs: [],
      settings: { defaultModel: 'claude-sonnet-5-5', failOn: 'high', minLrs: 0, write, config: 'loopkit.yaml' }
    };
    const adapters: FlowAdapters & { loops: MemoryLoopSource } = {
      github: h.octokit,
      identity: new TokenIdentity(h.octokit),
      providerFor: () => ({ ok: true, provider }),
      stateFor: () => new MemoryStore(),
      loops: new MemoryLoopSource(files),
      clock: { now: () => Date.now() },
      log: { debug: () => {}, info: record, warn: record, error: record, notice: record, group: (_name, body) => body() },
      events: silentEvents,
      observer: recorder
    };
    return { provider, logs, recorder, run: () => runEvent(ctx, adapters) };
  }

  const writes = () => h.gh.requests.filter((r) => r.method !== 'GET' && r.path !== '/graphql').map((r) => `${r.method} ${r.path}`);

  test('a push runs the audit: one issue with the declared labels and prefix and its check, nothing else written', async () => {
    const { run, provider, recorder } = flow({ name: 'push', payload: PUSH }, { 'loops/audit.yaml': POST_MERGE_AUDIT }, proposals);
    const outcome = await run();
    expect(outcome.failures).toEqual([]);
    // The run record: what was written in kinds and numbers (never the issue's title), the verdicts (a finding and two issues), every call.
    const [audit] = recorder.record().loops;
    expect(audit).toMatchObject({ loop: 'post-merge-audit', task: 'generic', outcome: 'complete', verdicts: { confirmed: 3, refuted: 0, uncertain: 0 } });
    expect(audit!.written).toEqual([`issue #${[...repo.issues.keys()][0]} opened`, 'check failure']);
    expect(audit!.calls.map((c) => c.role).sort()).toEqual(['checker', 'maker', 'maker']);
    expect(provider.requests.map((r) => r.task.kind).sort()).toEqual(['generic', 'generic', 'verify-generic']);
    // Two issues were proposed and confirmed; `max: 1` lets one through (which one is the engine's order).
    const opened = [...repo.issues.values()];
    expect(opened).toHaveLength(1);
    expect(opened[0]!.title).toMatch(/^\[audit\] (eval in run\.js|Another issue)$/);
    expect(opened[0]!.labels).toEqual(['audit']);
    expect([...repo.checkRuns.values()].map((c) => [c.name, c.head_sha, c.conclusion])).toEqual([['LoopKit Audit', '2'.repeat(40), 'failure']]);
    expect(writes()).toEqual(['POST /repos/octo/shop/issues', 'POST /repos/octo/shop/check-runs']);
    expect(outcome.summary).toContain('### post-merge-audit — complete');
    expect(outcome.summary).toMatch(/- issue (eval in run\.js|Another issue): over \\`outputs\.issue\.max\\` \(1\)/);
    expect(outcome.outputs.tokens).not.toBe('0');
  });

  test('a push to another branch runs nothing; a dry run prints the plan and writes nothing', async () => {
    const other = flow({ name: 'push', payload: { ...PUSH, ref: 'refs/heads/feature' } }, { 'loops/audit.yaml': POST_MERGE_AUDIT }, proposals);
    expect((await other.run()).summary).toContain('post-merge-audit — the branch feature matches none of its branches (main)');
    expect(other.provider.requests).toEqual([]);
    const dry = flow({ name: 'push', payload: PUSH }, { 'loops/audit.yaml': POST_MERGE_AUDIT }, proposals, false);
    const outcome = await dry.run();
    expect(writes()).toEqual([]);
    expect(outcome.summary).toMatch(/- would open issue: \\\[audit\\\] (eval in run\.js|Another issue)/);
    expect(dry.logs).toContain('dry run: nothing is written');
  });

  test('a cron loop in the original format opens at most one issue; a re-run of the same run opens none again', async () => {
    const script: Script = (request) =>
      request.answer.name === 'report_proposals'
        ? {
            summary: 'A quiet week.',
            proposals: [
              { kind: 'issue', title: 'week 12', body: 'Nothing broke.', reason: 'the weekly digest' },
              { kind: 'issue', title: 'second', body: 'Over the cap.', reason: 'x' }
            ]
          }
        : confirmAll(request);
    for (let attempt = 0; attempt < 2; attempt++)
      await flow({ name: 'schedule', payload: { schedule: '0 6 * * 1' } }, { 'loops/digest.yaml': WEEKLY_DIGEST }, script).run();
    const opened = [...repo.issues.values()];
    expect(opened).toHaveLength(1);
    expect(opened[0]!.title).toMatch(/^Weekly: (week 12|second)$/);
    expect(opened[0]!.labels).toEqual(['digest']);
    expect(writes()).toEqual(['POST /repos/octo/shop/issues']);
  });

  test('a release loop appends its notes to the release body; nothing else', async () => {
    const release = repo.addRelease({ tagName: 'v1.0.0', body: 'By hand.' });
    const notes =
      'name: release-notes\ntrigger:\n  type: webhook\n  event: release\npipeline:\n  - prompt: Write the notes.\nverify:\n  checker: Notes Verifier\n  maxRounds: 1\noutputs:\n  release: {}\n';
    const script: Script = (request) =>
      request.answer.name === 'report_proposals'
        ? { summary: 'First release.', proposals: [{ kind: 'release_notes', body: '- First release', reason: 'it is' }] }
        : confirmAll(request);
    await flow(
      {
        name: 'release',
        payload: { action: 'published', release: { id: release.id, tag_name: 'v1.0.0', body: 'By hand.', published_at: release.publishedAt } }
      },
      { 'loops/notes.yaml': notes },
      script
    ).run();
    expect(release.body).toBe('By hand.\n\n<!-- loopkit:release:release-notes -->\n\n- First release\n\n<!-- /loopkit:release:release-notes -->');
    expect(writes()).toEqual([`PATCH /repos/octo/shop/releases/${release.id}`]);
  });

  test('a generic loop reads what its notes file teaches: every agent has the notes in its shared prefix', async () => {
    const loop = POST_MERGE_AUDIT.replace('outputs:', 'memory:\n  notesFile: .loopkit/notes/audit.md\noutputs:');
    const notes = '# What the audit was taught\n\n- eval in scripts/ is build tooling, not user input: do not report it\n';
    const { run, provider } = flow({ name: 'push', payload: PUSH }, { 'loops/audit.yaml': loop, '.loopkit/notes/audit.md': notes }, proposals);
    expect((await run()).failures).toEqual([]);
    expect(provider.requests.length).toBeGreaterThan(0);
    for (const request of provider.requests) expect(request.sharedContext).toContain('eval in scripts/ is build tooling, not user input: do not report it');
  });
});
