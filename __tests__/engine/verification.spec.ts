/**
 * Verification that means it (engine/rounds.ts, engine/gate.ts): an id the checker leaves out is
 * asked for again, alone, in the same round; a failed checker call is made once more; uncertain
 * and unjudged items go back to the checker next round with what the makers said of them again;
 * a round with no verdict never passes; a loop whose rounds end unsettled escalates and its check
 * is never success.
 */
import { reviewGate } from '../../src/engine/gate.js';
import { runGeneric } from '../../src/engine/generic.js';
import { runReview } from '../../src/engine/review.js';
import { runTriage } from '../../src/engine/triage.js';
import type { CheckerOutput, MakerOutput } from '../../src/engine/finding.js';
import { ProviderError, type ModelRequest } from '../../src/providers/types.js';
import { loopFrom, REVIEW_LOOP } from '../helpers/loops.js';
import { samplePr } from '../helpers/pr.js';
import { ScriptedProvider, type Script } from '../helpers/scripted-provider.js';

describe('engine/verification', () => {
  const RATES = { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 };
  const pricing = {
    rates: () => RATES,
    cost: (_model: string, u: { inputTokens: number; outputTokens: number; cacheWriteTokens: number; cacheReadTokens: number }) =>
      (u.inputTokens * RATES.input + u.outputTokens * RATES.output + u.cacheWriteTokens * RATES.cacheWrite + u.cacheReadTokens * RATES.cacheRead) / 1e6
  };

  const SQL = {
    path: 'src/users.ts',
    line: 4,
    side: 'RIGHT',
    quote: "  const sql = 'SELECT * FROM users WHERE id = ' + id;",
    severity: 'high',
    category: 'security',
    claim: 'SQL injection: id is concatenated into the query.',
    evidence: 'The id parameter is appended to the SQL string.'
  };
  const LOG = {
    ...SQL,
    line: 5,
    quote: '  console.log(sql);',
    severity: 'low',
    category: 'maintainability',
    claim: 'Debug logging left in.',
    evidence: 'console.log of the query.'
  };

  const makers = (findings: object[]): MakerOutput => ({ findings: findings as MakerOutput['findings'] });
  const askedIds = (request: ModelRequest<unknown>) => (request.task.kind === 'verify' ? request.task.findings.map((f) => f.id) : []);
  const checkerCalls = (provider: ScriptedProvider) => provider.requests.filter((r) => r.task.kind === 'verify');

  /** Gives `verdict` on every finding asked about, except those `leaveOut` names by claim. */
  function verdicts(request: ModelRequest<unknown>, verdict: 'confirmed' | 'uncertain', leaveOut: (claim: string) => boolean = () => false): CheckerOutput {
    if (request.task.kind !== 'verify') throw new Error('not a verify task');
    return {
      verdicts: request.task.findings
        .filter((f) => !leaveOut(f.claim))
        .map((f) => ({
          id: f.id,
          verdict,
          confidence: 0.8,
          evidence: verdict === 'uncertain' ? 'cannot tell whether id is validated upstream' : 'the code shows it'
        }))
    };
  }

  async function review(script: Script, yaml = REVIEW_LOOP) {
    const provider = new ScriptedProvider(script);
    const loaded = await loopFrom(yaml);
    const result = await runReview({ loaded, pr: samplePr(), provider, pricing, defaultModel: 'claude-test' });
    return { result, provider, loop: loaded.loop };
  }

  test('an id the checker leaves out is asked for again, alone, on the same prefix, and the review completes', async () => {
    let checks = 0;
    const { result, provider, loop } = await review((req) => {
      if (req.answer.name === 'report_findings') return makers(req.agent === 'Security Reviewer' ? [SQL, LOG] : []);
      checks++;
      return verdicts(req, 'confirmed', (claim) => checks === 1 && claim === LOG.claim);
    });
    const [first, followUp] = checkerCalls(provider);
    const logId = result.findings.find((f) => f.claim === LOG.claim)!.id;
    expect(askedIds(first!)).toHaveLength(2);
    expect(askedIds(followUp!)).toEqual([logId]);
    expect(followUp!.prompt).toContain(`Your previous answer gave no verdict on ${logId}`);
    // The same cached prefix and answer format as every other call of the batch.
    expect(followUp!.sharedContext).toBe(first!.sharedContext);
    expect(followUp!.format).toBe(first!.format);
    expect(checkerCalls(provider)).toHaveLength(2);
    expect(result.status).toBe('complete');
    expect(result.reasons).toEqual([]);
    expect(result.verified).toHaveLength(2);
    expect(result.rounds).toEqual([expect.objectContaining({ round: 1, findings: 2, confirmed: 2, passed: true })]);
    expect(result.coverage.settled).toContain('src/users.ts');
    expect(reviewGate(loop, result, 'critical').conclusion).toBe('success');
  });

  test('a checker call that fails is made once more, the same way, before the round is scored', async () => {
    let checks = 0;
    const { result, provider } = await review((req) => {
      if (req.answer.name === 'report_findings') return makers(req.agent === 'Security Reviewer' ? [SQL] : []);
      return ++checks === 1 ? new ProviderError('malformed', 'reply broke the tool schema twice') : verdicts(req, 'confirmed');
    });
    const [first, again] = checkerCalls(provider);
    expect(askedIds(again!)).toEqual(askedIds(first!));
    expect(again!.sharedContext).toBe(first!.sharedContext);
    expect(result.status).toBe('complete');
    expect(result.failures).toEqual([]);
    expect(result.verified).toHaveLength(1);
  });

  test('an id left out twice in a round is unjudged; the next round asks about it again and settles it', async () => {
    const { result, provider } = await review((req) => {
      if (req.answer.name === 'report_findings') return makers(req.agent === 'Security Reviewer' ? [SQL, LOG] : []);
      // Round 1 (the call and its follow-up) never judges LOG; round 2, asking again, does.
      return verdicts(req, 'confirmed', (claim) => !req.prompt.includes('## Asked again') && claim === LOG.claim);
    });
    const logId = result.findings.find((f) => f.claim === LOG.claim)!.id;
    const asked = checkerCalls(provider).map(askedIds);
    expect(asked).toEqual([expect.arrayContaining([logId]), [logId], [logId]]);
    const lastAsk = checkerCalls(provider).at(-1)!.prompt;
    expect(lastAsk).toContain('## Asked again');
    expect(lastAsk).toContain('earlier verdict: none');
    // What the maker said of it again this round goes with it.
    expect(lastAsk).toContain(`Security Reviewer: ${LOG.claim} Evidence: ${LOG.evidence}`);
    expect(result.rounds.map((r) => [r.round, r.findings, r.passed])).toEqual([
      [1, 2, false],
      [2, 1, true]
    ]);
    // The round-1 shortfall was healed by round 2: nothing is left short.
    expect(result.status).toBe('complete');
    expect(result.reasons).toEqual([]);
    expect(result.verified.map((f) => f.claim).sort()).toEqual([LOG.claim, SQL.claim].sort());
  });

  test('a checker that answers uncertain to everything: the findings are checked again next round, then the loop escalates and the check is not success', async () => {
    const { result, provider, loop } = await review((req) =>
      req.answer.name === 'report_findings' ? makers(req.agent === 'Security Reviewer' ? [SQL] : [LOG]) : verdicts(req, 'uncertain')
    );
    const ids = result.findings.map((f) => f.id).sort();
    const [, second] = checkerCalls(provider);
    expect(askedIds(second!).sort()).toEqual(ids);
    expect(second!.prompt).toContain('## Asked again');
    expect(second!.prompt).toContain('earlier verdict: uncertain (confidence 0.8) by Verifier: cannot tell whether id is validated upstream');
    expect(second!.prompt).toContain(`Logic Reviewer: ${LOG.claim}`);
    // The makers repeating them does not make them known and settled.
    expect(result.rounds.map((r) => [r.round, r.findings, r.uncertain, r.passed])).toEqual([
      [1, 2, 2, false],
      [2, 2, 2, false]
    ]);
    expect(result.escalated).toBe(true);
    expect(result.escalation).toMatch(/2 finding\(s\) still uncertain or without a verdict/);
    const gate = reviewGate(loop, result, 'high');
    expect(gate.conclusion).toBe('neutral');
    expect(gate.title).toMatch(/^Verification unsettled, a person decides: batch 1: /);
  });

  test('a round in which every maker failed is never recorded as passed', async () => {
    const { result, loop } = await review(() => new ProviderError('overloaded', '529'));
    expect(result.status).toBe('failed');
    expect(result.rounds).toEqual([expect.objectContaining({ round: 1, findings: 0, score: 0, passed: false })]);
    expect(reviewGate(loop, result, 'high').conclusion).toBe('neutral');
  });

  test('a round in which the checker judged nothing is never recorded as passed', async () => {
    const { result } = await review((req) =>
      req.answer.name === 'report_findings' ? makers(req.agent === 'Security Reviewer' ? [SQL] : []) : new ProviderError('timeout', 'no answer')
    );
    expect(result.rounds.every((r) => !r.passed)).toBe(true);
    expect(result.status).toBe('partial');
    expect(result.reasons.join()).toMatch(/checker Verifier failed \(timeout\)/);
  });

  const AUDIT = `name: Audit
trigger: { event: push }
pipeline:
  - label: Auditor
    prompt: Report what breaks.
verify:
  checker: Audit Verifier
  maxRounds: 2
outputs:
  check: { failOn: high }
`;

  test('a generic loop whose proposals stay uncertain asks again next round, escalates, and its check is neutral', async () => {
    const provider = new ScriptedProvider((req) => {
      if (req.task.kind === 'generic')
        return { summary: 's', proposals: [{ kind: 'finding', severity: 'low', title: 'eval of input', detail: 'd', reason: 'eval(input) runs it' }] };
      if (req.task.kind !== 'verify-generic') throw new Error('unexpected task');
      return { verdicts: req.task.proposals.map((p) => ({ id: p.id, verdict: 'uncertain', confidence: 0.5, evidence: 'cannot tell' })) };
    });
    const loaded = await loopFrom(AUDIT);
    const result = await runGeneric({
      loaded,
      context: { title: 'push', sections: [{ name: 'diff', text: '+eval(input);' }] },
      provider,
      pricing,
      defaultModel: 'claude-test',
      target: {}
    });
    const checks = provider.requests.filter((r) => r.task.kind === 'verify-generic');
    expect(checks).toHaveLength(2);
    expect(checks[1]!.prompt).toContain('## Asked again');
    expect(result.escalated).toBe(true);
    expect(result.plan.check).toMatchObject({ conclusion: 'neutral' });
    expect(result.plan.check!.title).toMatch(/^Verification unsettled, a person decides/);
  });

  const TRIAGE = `name: triage
trigger: { event: issues }
pipeline:
  - label: Triager
    prompt: Triage.
verify:
  checker: Triage Checker
  maxRounds: 2
outputs:
  labels: { allowed: [bug], max: 1 }
escalation: { label: needs-human }
`;

  test('a triage proposal left uncertain is asked about again next round, and its issue is escalated, not applied', async () => {
    const provider = new ScriptedProvider((req) => {
      if (req.task.kind === 'triage') return { issues: [{ issue: 7, labels: [{ name: 'bug', reason: 'it crashes' }] }] };
      if (req.task.kind !== 'verify-triage') throw new Error('unexpected task');
      return { verdicts: req.task.proposals.map((p) => ({ id: p.id, verdict: 'uncertain', confidence: 0.5, evidence: 'no stack trace' })) };
    });
    const result = await runTriage({
      loaded: await loopFrom(TRIAGE),
      issues: [{ number: 7, title: 'Crash', body: 'It crashes.', author: 'a', labels: [], updatedAt: '2030-01-01T00:00:00Z', comments: [] }],
      recent: [],
      repoLabels: ['bug'],
      provider,
      pricing,
      defaultModel: 'claude-test'
    });
    const checks = provider.requests.filter((r) => r.task.kind === 'verify-triage');
    expect(checks).toHaveLength(2);
    expect(checks[1]!.prompt).toContain('Triager: it crashes');
    expect(result.rounds.map((r) => [r.round, r.proposals, r.passed])).toEqual([
      [1, 1, false],
      [2, 1, false]
    ]);
    expect(result.escalated).toBe(true);
    expect(result.plans).toEqual([expect.objectContaining({ issue: 7, labels: [], escalated: true })]);
  });
});
