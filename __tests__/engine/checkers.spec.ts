/**
 * Several checkers (`verify.checker` as a list) and the built-in verifier (a checker the loop names
 * but does not declare): each checker verifies on its own, and verdicts combine — confirmed only
 * when every checker confirms, refuted when any refutes, else uncertain.
 */
import { runReview } from '../../src/engine/review.js';
import { runTriage } from '../../src/engine/triage.js';
import { combineVerdicts } from '../../src/engine/verdicts.js';
import type { CheckerOutput, MakerOutput } from '../../src/engine/finding.js';
import { proposalText } from '../../src/answers/triage.js';
import { BUILT_IN_VERIFIER_PROMPT } from '../../src/loop/dialect.js';
import type { ModelRequest } from '../../src/providers/types.js';
import { ScriptedProvider } from '../helpers/scripted-provider.js';
import { loopFrom } from '../helpers/loops.js';
import { samplePullRequest } from '../helpers/sample.js';
import { SQL, XSS } from '../action/scripts.js';

describe('engine/checkers', () => {
  const pricing = { rates: () => ({ input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 }), cost: () => 0.001 };
  const LOOP = `name: review
trigger: { type: webhook, event: pull_request }
pipeline:
  - { prompt: Find bugs., label: Bug Review }
agents:
  - { label: Code Verifier, prompt: Refute each finding with evidence from the code. }
verify:
  checker: [Code Verifier, Adversarial Verifier]
  maxRounds: 1
`;

  test('combineVerdicts: one checker stands as given; several confirm only together; any refutation wins', () => {
    const v = (kind: 'confirmed' | 'refuted' | 'uncertain', confidence = 0.9, checker = 'A') => ({
      kind,
      confidence,
      evidence: `${checker} says ${kind}`,
      checker
    });
    expect(combineVerdicts([{ checker: 'A', verdict: v('uncertain') }])).toEqual(v('uncertain'));
    expect(combineVerdicts([{ checker: 'A' }])).toBeUndefined();
    expect(
      combineVerdicts([
        { checker: 'A', verdict: v('confirmed', 0.9) },
        { checker: 'B', verdict: v('confirmed', 0.7, 'B') }
      ])
    ).toMatchObject({ kind: 'confirmed', confidence: 0.7, checker: 'A and B' });
    expect(
      combineVerdicts([
        { checker: 'A', verdict: v('confirmed') },
        { checker: 'B', verdict: v('refuted', 0.6, 'B') }
      ])
    ).toEqual(v('refuted', 0.6, 'B'));
    expect(combineVerdicts([{ checker: 'A', verdict: v('confirmed') }, { checker: 'B' }])).toMatchObject({
      kind: 'uncertain',
      evidence: 'A: confirmed: A says confirmed\nB: no verdict'
    });
    // The least severe proposal wins: every checker must agree a finding is as bad as it says.
    expect(
      combineVerdicts([
        { checker: 'A', verdict: { ...v('confirmed'), severity: 'medium' } },
        { checker: 'B', verdict: { ...v('confirmed', 0.9, 'B'), severity: 'low' } }
      ])?.severity
    ).toBe('low');
  });

  test('a review with two checkers: both verify every finding; only what both confirm is verified', async () => {
    const provider = new ScriptedProvider((request: ModelRequest<unknown>) => {
      if (request.answer.name === 'report_findings') return { findings: [SQL, XSS] } as MakerOutput;
      if (request.task.kind !== 'verify') throw new Error('not a verify task');
      // The built-in verifier refutes the XSS finding; the declared checker confirms everything.
      const builtIn = request.agent === 'Adversarial Verifier';
      return {
        verdicts: request.task.findings.map((f) => ({
          id: f.id,
          verdict: builtIn && f.claim === XSS.claim ? 'refuted' : 'confirmed',
          confidence: 0.9,
          evidence: `${request.agent} read the code`
        }))
      } as CheckerOutput;
    });
    const loaded = await loopFrom(LOOP);
    const sample = samplePullRequest();
    const result = await runReview({
      loaded,
      pr: sample.pr,
      reader: { read: async (path) => sample.contents[path] ?? null },
      provider,
      pricing,
      defaultModel: 'claude-test'
    });
    const checkerCalls = provider.requests.filter((r) => r.answer.name === 'report_verdicts');
    expect(checkerCalls.map((r) => r.agent).sort()).toEqual(['Adversarial Verifier', 'Code Verifier']);
    // The built-in verifier is briefed with LoopKit's own refutation prompt.
    expect(checkerCalls.find((r) => r.agent === 'Adversarial Verifier')!.prompt).toContain(BUILT_IN_VERIFIER_PROMPT.slice(0, 60));
    expect(result.verified.map((f) => f.claim)).toEqual([SQL.claim]);
    expect(result.verified[0]!.verdict).toMatchObject({ kind: 'confirmed', checker: 'Code Verifier and Adversarial Verifier' });
    expect(result.findings.find((f) => f.claim === XSS.claim)!.verdict).toMatchObject({ kind: 'refuted', checker: 'Adversarial Verifier' });
  });

  test('a triage with two checkers applies only what both confirm', async () => {
    const loaded = await loopFrom(`name: triage
trigger: { type: cron, cron: "0 9 * * 1-5" }
pipeline:
  - { prompt: Label each issue., label: Issue Triage }
verify:
  checker: [Label Checker, Type Checker]
  maxRounds: 1
outputs:
  labels: { allowed: [bug, question] }
`);
    const provider = new ScriptedProvider((request: ModelRequest<unknown>) => {
      if (request.answer.name === 'report_triage')
        return {
          issues: [
            {
              issue: 12,
              labels: [
                { name: 'bug', reason: 'it crashes' },
                { name: 'question', reason: 'it asks' }
              ]
            }
          ]
        };
      if (request.task.kind !== 'verify-triage') throw new Error('not a verify-triage task');
      // One checker refutes "question"; the other confirms everything.
      return {
        verdicts: request.task.proposals.map((p) => ({
          id: p.id,
          verdict: request.agent === 'Label Checker' && proposalText(p) === 'question' ? 'refuted' : 'confirmed',
          confidence: 0.9,
          evidence: `${request.agent} read the issue`
        }))
      };
    });
    const crash = {
      number: 12,
      title: 'App crashes when saving',
      body: 'It crashes. Is that expected?',
      author: 'alice',
      labels: [],
      updatedAt: '2030-01-02T09:00:00Z',
      comments: []
    };
    const result = await runTriage({ loaded, issues: [crash], recent: [], repoLabels: ['bug', 'question'], provider, pricing, defaultModel: 'claude-test' });
    expect(
      provider.requests
        .filter((r) => r.answer.name === 'report_triage_verdicts')
        .map((r) => r.agent)
        .sort()
    ).toEqual(['Label Checker', 'Type Checker']);
    expect(result.plans.map((p) => p.labels)).toEqual([['bug']]);
  });
});
