/**
 * The rounds runner (engine/rounds.ts), through the generic preset: a pool rather than waves, the
 * checker pipelined behind the makers, ids that do not depend on who finished first. Order is
 * proven by promise gates and the order calls arrive in, never by timing.
 */
import type { z } from 'zod';
import type { GenericCheckerOutput, GenericMakerOutput } from '../../src/answers/generic.js';
import { runGeneric } from '../../src/engine/generic.js';
import type { ModelRequest } from '../../src/providers/types.js';
import { loopFrom } from '../helpers/loops.js';
import { ScriptedProvider, type Script } from '../helpers/scripted-provider.js';

describe('engine/rounds', () => {
  const RATES = { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 };
  const pricing = {
    rates: () => RATES,
    cost: (_model: string, u: { inputTokens: number; outputTokens: number; cacheWriteTokens: number; cacheReadTokens: number }) =>
      (u.inputTokens * RATES.input + u.outputTokens * RATES.output + u.cacheWriteTokens * RATES.cacheWrite + u.cacheReadTokens * RATES.cacheRead) / 1e6
  };

  function loop(concurrency: number): string {
    return `name: Audit
trigger: { event: push }
pipeline:
  - concurrency: ${concurrency}
    parallel:
      - { label: A, prompt: Look. }
      - { label: B, prompt: Look. }
      - { label: C, prompt: Look. }
verify: { checker: Checker, maxRounds: 1 }
outputs:
  issue: { max: 5 }
`;
  }

  const CONTEXT = { title: 'push of 1 commit to main', sections: [{ name: 'diff', text: '+ x' }] };

  /** A promise and the function that settles it. */
  function gate(): { opened: Promise<void>; open: () => void } {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    return { opened, open };
  }

  /** Waits for a gate, or gives up after a while so that a wrong order fails the test instead of hanging it. */
  const atMost = (opened: Promise<void>) => Promise.race([opened, new Promise<void>((resolve) => setTimeout(resolve, 2_000).unref())]);

  function issueBy(agent: string, title = `issue from ${agent}`): z.input<typeof GenericMakerOutput> {
    return { summary: agent, proposals: [{ kind: 'issue', title, body: 'b', reason: 'r' }] };
  }

  function confirmAll(request: ModelRequest<unknown>): GenericCheckerOutput {
    if (request.task.kind !== 'verify-generic') throw new Error('not a checker task');
    return { verdicts: request.task.proposals.map((p) => ({ id: p.id, verdict: 'confirmed', confidence: 0.9, evidence: 'ok' })) };
  }

  const checked = (request: ModelRequest<unknown>) => (request.task.kind === 'verify-generic' ? request.task.proposals.map((p) => p.text.split('\n')[0]) : []);

  async function run(script: Script, concurrency = 3) {
    const provider = new ScriptedProvider(script);
    const result = await runGeneric({
      loaded: await loopFrom(loop(concurrency)),
      context: CONTEXT,
      provider,
      pricing,
      defaultModel: 'claude-test',
      target: {}
    });
    return { result, provider };
  }

  test('parallel makers share a pool, not waves: a slow maker holds one slot and the next maker takes the free one', async () => {
    const seen: string[] = [];
    const cStarted = gate();
    const { result } = await run(async (req) => {
      if (req.task.kind !== 'generic') return confirmAll(req);
      seen.push(`${req.agent} start`);
      if (req.agent === 'C') cStarted.open();
      // A answers only once C has started: with waves of two, C would wait for A.
      if (req.agent === 'A') await atMost(cStarted.opened);
      seen.push(`${req.agent} done`);
      return issueBy(req.agent);
    }, 2);
    expect(seen.indexOf('C start')).toBeLessThan(seen.indexOf('A done'));
    expect(seen.slice(0, 2)).toEqual(['A start', 'B start']);
    expect(result.status).toBe('complete');
  });

  test("the checker starts on a maker's proposals as soon as that maker is done, before the last maker ends", async () => {
    const seen: string[] = [];
    const checkerStarted = gate();
    const { result, provider } = await run(async (req) => {
      if (req.task.kind === 'verify-generic') {
        seen.push(`checker start (${checked(req).join(', ')})`);
        checkerStarted.open();
        return confirmAll(req);
      }
      // C answers only once a checker call has started: without pipelining it never would before C is done.
      if (req.agent === 'C') await atMost(checkerStarted.opened);
      seen.push(`${req.agent} done`);
      return issueBy(req.agent);
    });
    expect(seen).toEqual(['A done', 'B done', 'checker start (issue from A, issue from B)', 'C done', 'checker start (issue from C)']);
    // Makers that finished in the same tick shared one checker call; C's proposal went on its own.
    expect(provider.requests.filter((r) => r.task.kind === 'verify-generic')).toHaveLength(2);
    expect(result.proposals.every((p) => p.verdict?.kind === 'confirmed')).toBe(true);
  });

  test('makers that finish together cost one checker call; what a later maker repeats only adds a source', async () => {
    const { result, provider } = await run((req) => (req.task.kind === 'generic' ? issueBy(req.agent, 'the same issue') : confirmAll(req)));
    expect(provider.requests.filter((r) => r.task.kind === 'verify-generic').map(checked)).toEqual([['the same issue']]);
    expect(result.proposals.map((p) => p.sources)).toEqual([['A', 'B', 'C']]);
  });

  test('ids come from the answers, not from the order the makers finish in', async () => {
    const idsWhenLast = async (last: string) => {
      const others = gate();
      let done = 0;
      const { result } = await run(async (req) => {
        if (req.task.kind !== 'generic') return confirmAll(req);
        if (req.agent === last) await atMost(others.opened);
        else if (++done === 2) setImmediate(others.open);
        return issueBy(req.agent);
      });
      return Object.fromEntries(result.proposals.map((p) => [p.kind === 'issue' ? p.title : '', p.id]));
    };
    const aLast = await idsWhenLast('A');
    const cLast = await idsWhenLast('C');
    expect(aLast).toEqual(cLast);
    expect(new Set(Object.values(aLast)).size).toBe(3);
  });
});
