import { jobSummary } from '../../src/render/job-summary.js';
import { ESCALATED, finding, HOSTILE, lrsReport, PARTIAL, reviewResult } from './fixtures.js';

describe('render/job-summary', () => {
  describe('jobSummary', () => {
    const summary = jobSummary({
      reviews: [reviewResult(), PARTIAL],
      lrs: [lrsReport({ score: 84, grade: 'B', blockers: [] }), lrsReport({ loop: 'triage' })],
      skippedLoops: [{ loop: 'nightly', reason: 'not triggered by pull_request' }],
      runUrl: 'https://github.com/o/r/actions/runs/7'
    });

    it('opens with the LRS of every loop', () => {
      expect(summary).toContain(
        '## LoopKit\n\n| Loop | LRS | Grade | Blockers |\n| --- | --- | --- | --- |\n| pr-review | 84 | B | 0 |\n| triage | 62 | D | 1 |'
      );
    });

    it('lists the loops that did not run', () => {
      expect(summary).toContain('**Not run:**\n\n- nightly — not triggered by pull\\_request');
    });

    it('gives each review its outcome, findings, coverage, tokens and cost', () => {
      expect(summary).toContain('### pr-review — 3 verified findings (1 high, 1 medium, 1 low)');
      expect(summary).toContain(
        '### pr-review — Review partial · 3 verified findings (1 high, 1 medium, 1 low)\n\n**Review partial:** agent bug-hunter failed (timeout)'
      );
      expect(summary).toContain('| 🟠 High | `src/auth/session.ts:42` | security |');
      expect(summary).toContain('**Coverage:** 12 of 14 files · 340 of 1,540 changed lines · 2 batches');
      expect(summary).toContain('21,600 tokens · $0.0123 · 6 model calls · 42 s');
      expect(summary.endsWith('[Run](https://github.com/o/r/actions/runs/7)')).toBe(true);
    });

    it('lists every tool call in a compact table: tool, source, arguments digest, bytes, milliseconds, and why one failed', () => {
      const base = reviewResult();
      const read = {
        agent: 'skeptic',
        tool: 'read_file',
        source: 'repository',
        argsDigest: '0123456789ab',
        bytes: 2_048,
        startedAt: 0,
        durationMs: 12,
        ok: true
      };
      const calls = [
        { ...base.calls[2]!, turns: 3, tools: [read, { ...read, argsDigest: 'ba9876543210', bytes: 51, ok: false, error: 'x | y: outside the repository' }] }
      ];
      const summary = jobSummary({ reviews: [{ ...base, calls }], lrs: [], skippedLoops: [] });
      expect(summary).toContain(
        '**Tool calls:** 2\n\n| Agent | Tool | Source | Arguments | Bytes | ms | OK |\n| --- | --- | --- | --- | --- | --- | --- |\n| skeptic | `read_file` | repository | `0123456789ab` | 2048 | 12 | ✓ |\n| skeptic | `read_file` | repository | `ba9876543210` | 51 | 12 | ✗ x \\| y: outside the repository |'
      );
      expect(jobSummary({ reviews: [base], lrs: [], skippedLoops: [] })).not.toContain('Tool calls');
    });

    it('shows an escalation', () => {
      expect(jobSummary({ reviews: [ESCALATED], lrs: [], skippedLoops: [] })).toContain('**A human should review this pull request:**');
    });

    it('renders hostile model text harmless', () => {
      const hostile = finding({ id: 'H', path: 'a.ts', line: 1, claim: HOSTILE });
      expect(jobSummary({ reviews: [reviewResult({ findings: [hostile], verified: [hostile] })], lrs: [], skippedLoops: [] })).not.toMatch(
        /<img|<!--|@octocat/
      );
    });

    it('stays under 1 MiB', () => {
      const verified = Array.from({ length: 4_000 }, (_, i) => finding({ id: `V${i}`, path: `src/f${i}.ts`, line: i + 1, claim: '€'.repeat(400) }));
      const reviews = Array.from({ length: 3 }, () => reviewResult({ findings: verified, verified }));
      const out = jobSummary({ reviews, lrs: [], skippedLoops: [] });
      expect(Buffer.byteLength(out, 'utf8')).toBeLessThanOrEqual(1024 * 1024);
      expect(out).toMatch(/_3,\d{3} more not shown\._/);
    });
  });
});
