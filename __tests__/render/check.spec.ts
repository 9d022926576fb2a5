import { lrsAnnotations, lrsCheckOutput, reviewCheckOutput } from '../../src/render/check.js';
import { CLEAN, DRY_RUN, ESCALATED, finding, HOSTILE, lrsReport, PARTIAL, reviewResult } from './fixtures.js';

describe('render/check', () => {
  describe('reviewCheckOutput', () => {
    const output = reviewCheckOutput(reviewResult(), { failOn: 'high', conclusion: 'failure', reason: '1 verified finding(s) at or above high' });

    it('titles the outcome and opens with the conclusion, its reason and the gate', () => {
      expect(output.title).toBe('3 verified findings (1 high, 1 medium, 1 low)');
      expect(output.summary.startsWith('**❌ Failed** — 1 verified finding(s) at or above high\n\nFails on verified findings of severity high or above.')).toBe(
        true
      );
    });

    it('says when there is no severity gate', () => {
      expect(reviewCheckOutput(CLEAN, { conclusion: 'success' }).summary).toMatch(/^\*\*✅ Passed\*\*\n\nNo severity gate: findings do not fail this check\./);
      expect(reviewCheckOutput(CLEAN, { failOn: 'none', conclusion: 'success' }).summary).toContain('No severity gate');
    });

    it('tables the verified findings, with coverage, tokens and cost', () => {
      expect(output.summary).toContain('| 🟠 High | `src/auth/session.ts:42` | security |');
      expect(output.summary).toContain('**Coverage:** 12 of 14 files · 340 of 1,540 changed lines · 2 batches');
      expect(output.summary).toContain('21,600 tokens · $0.0123 · 6 model calls · 42 s');
    });

    it('gives each verified finding with its evidence in the text, and no text without one', () => {
      expect(output.text).toContain('#### 🟠 High · security · src/auth/session.ts:42');
      expect(output.text).toContain('_Verified by skeptic (confidence 90%):_ `morgan("combined")` logs');
      expect(reviewCheckOutput(CLEAN, { conclusion: 'success' })).toEqual({ title: 'No verified findings', summary: expect.any(String) });
    });

    it('shows dry runs, partial reviews and escalations', () => {
      expect(reviewCheckOutput(DRY_RUN, { conclusion: 'neutral' }).summary).toContain('**Dry run** — no model was called');
      expect(reviewCheckOutput(PARTIAL, { conclusion: 'neutral' }).summary).toContain('**Review partial:** agent bug-hunter failed (timeout)');
      expect(reviewCheckOutput(ESCALATED, { conclusion: 'neutral' }).summary).toContain('**A human should review this pull request:**');
    });

    it('renders hostile model text harmless', () => {
      const hostile = finding({
        id: 'H',
        path: 'a.ts',
        line: 1,
        claim: HOSTILE,
        evidence: HOSTILE,
        verdict: { kind: 'confirmed', confidence: 1, evidence: HOSTILE, checker: 'skeptic' }
      });
      const out = reviewCheckOutput(reviewResult({ findings: [hostile], verified: [hostile] }), { conclusion: 'failure', reason: HOSTILE });
      for (const text of [out.summary, out.text!]) {
        expect(text).not.toMatch(/<img|<!--|@octocat/);
      }
    });

    it('keeps summary and text within 65,535 characters', () => {
      const verified = Array.from({ length: 2_000 }, (_, i) =>
        finding({ id: `V${i}`, path: `src/f${i}.ts`, line: i + 1, claim: 'c'.repeat(400), evidence: 'e'.repeat(2_000) })
      );
      const out = reviewCheckOutput(reviewResult({ findings: verified, verified }), { conclusion: 'failure', reason: 'r'.repeat(100_000) });
      expect(out.summary.length).toBeLessThanOrEqual(65_535);
      expect(out.text!.length).toBeLessThanOrEqual(65_535);
      expect(out.summary).toMatch(/_1,\d{3} more not shown\._/);
    });
  });

  describe('lrsCheckOutput', () => {
    it('titles one loop by its score, several by the lowest', () => {
      expect(lrsCheckOutput([lrsReport({ score: 84, grade: 'B' })], { minLrs: 0 }).title).toBe('LRS 84 (B) · pr-review');
      const two = [lrsReport({ loop: 'pr-review', score: 84, grade: 'B' }), lrsReport({ loop: 'triage', score: 62, grade: 'D' })];
      expect(lrsCheckOutput(two, {}).title).toBe('2 loops · lowest 62 (D)');
      expect(lrsCheckOutput([], {}).title).toBe('No loops scored');
    });

    it('lists blockers first, then a table of the seven dimensions with points, status and fix', () => {
      const { summary } = lrsCheckOutput([lrsReport()], { minLrs: 0 });
      expect(summary.indexOf('**Blockers**')).toBeLessThan(summary.indexOf('| Dimension |'));
      expect(summary).toContain('- ⛔ Line 31 holds a literal Anthropic API key (sk-ant-****) (line 31) — **Fix:** Delete it from the file');
      expect(summary).toContain(
        '| Termination | 6/15 | ⚠️ warn | Add `budget.maxDurationMinutes` (e.g. 15) or `budget.maxIterations` so every run ends (line 14) |'
      );
      expect(summary).toContain('| Quantifiable goal | 15/15 | ✅ ok |  |');
      expect(summary).toContain('| State persistence | 0/10 | ❌ fail | Add `memory: { type: cache }` |');
      expect(summary.split('\n').filter((line) => /^\| [A-Z]/.test(line) && !line.startsWith('| Dimension'))).toHaveLength(7);
      expect(summary).toContain('Grade held at D by: secret.');
    });

    it('says when a loop is below the minimum', () => {
      expect(lrsCheckOutput([lrsReport()], { minLrs: 70 }).summary).toContain('**Below the minimum LRS of 70.**');
      expect(lrsCheckOutput([lrsReport()], { minLrs: 60 }).summary).not.toContain('Below the minimum');
    });

    it('puts warnings in the text, and has no text without them', () => {
      expect(lrsCheckOutput([lrsReport()], {}).text).toBe(
        '### pr-review: 1 warning\n\n- `model` "claude-old" has no known price: cost caps assume the most expensive model'
      );
      expect(lrsCheckOutput([lrsReport({ warnings: [] })], {}).text).toBeUndefined();
    });

    it('sanitises text quoted from the loop file', () => {
      const report = lrsReport({ blockers: [{ id: 'x', message: 'label <img src=x> @octocat', fix: 'remove it' }] });
      expect(lrsCheckOutput([report], {}).summary).not.toMatch(/<img|@octocat/);
    });

    it('stays within 65,535 characters', () => {
      const blockers = Array.from({ length: 5_000 }, (_, i) => ({
        id: 'secret',
        message: `Line ${i} holds a literal secret ${'x'.repeat(200)}`,
        fix: 'f'.repeat(200),
        location: { line: i, column: 1 }
      }));
      const { summary } = lrsCheckOutput([lrsReport({ blockers })], {});
      expect(summary.length).toBeLessThanOrEqual(65_535);
      expect(summary).toContain('| Dimension |');
      expect(summary).toMatch(/_4,\d{3} more not shown\._/);
    });
  });

  describe('lrsAnnotations', () => {
    const annotations = lrsAnnotations(lrsReport(), '.github/loops/pr-review.yaml');

    it('annotates each blocker as a failure at its line', () => {
      expect(annotations[0]).toEqual({
        path: '.github/loops/pr-review.yaml',
        start_line: 31,
        end_line: 31,
        annotation_level: 'failure',
        title: 'LRS blocker (secret)',
        message: expect.stringMatching(/^Line 31 holds a literal Anthropic API key \(sk-ant-\*\*\*\*\)\. Fix: Delete it/)
      });
    });

    it('annotates each dimension that lost points at the line of its fix, or line 1', () => {
      expect(annotations.slice(1).map((a) => [a.title, a.start_line, a.end_line, a.annotation_level])).toEqual([
        ['LRS Termination: 6/15', 14, 14, 'warning'],
        ['LRS Verification: 17/20', 22, 22, 'warning'],
        ['LRS Failure recovery: 5/10', 1, 1, 'warning'],
        ['LRS Budget control: 4/15', 9, 9, 'failure'],
        ['LRS State persistence: 0/10', 1, 1, 'failure']
      ]);
      expect(annotations[1]!.message).toBe(
        'no iteration or time cap. Fix: Add `budget.maxDurationMinutes` (e.g. 15) or `budget.maxIterations` so every run ends'
      );
    });

    it('has nothing to say about a perfect loop', () => {
      const perfect = lrsReport({ blockers: [], dimensions: lrsReport().dimensions.map((d) => ({ ...d, earned: d.max, status: 'ok' })) });
      expect(lrsAnnotations(perfect, 'loop.yaml')).toEqual([]);
    });
  });
});
