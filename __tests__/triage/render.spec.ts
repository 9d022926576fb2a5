import type { IssuePlan, TriageResult } from '../../src/engine/triage.js';
import {
  helpReply,
  ignoredReply,
  readReviewRecord,
  reviewRecordMarker,
  triageComment,
  triageJobSummary,
  triageMarker,
  withIgnoredNote
} from '../../src/render/index.js';
import { reviewRecord } from '../render/fixtures.js';

describe('triage/render', () => {
  const ZWSP = '\u200b';

  function plan(overrides: Partial<IssuePlan> = {}): IssuePlan {
    return {
      issue: 12,
      title: 'Crash on save',
      updatedAt: '2030-01-01T00:00:00Z',
      labels: ['bug'],
      comment: true,
      proposals: [],
      dropped: [],
      escalated: false,
      ...overrides
    };
  }

  function result(plans: IssuePlan[], overrides: Partial<TriageResult> = {}): TriageResult {
    return {
      loop: 'daily-triage',
      provider: 'anthropic',
      dryRun: false,
      status: 'complete',
      reasons: [],
      plans,
      skipped: [],
      unverified: [],
      rounds: [],
      escalated: false,
      failures: [],
      calls: [],
      usage: { inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, thinkingTokens: 0 },
      tokens: 1234,
      costUsd: 0.0123,
      durationMs: 1000,
      ...overrides
    };
  }

  test('the triage comment opens with its marker and shows only what was confirmed, model text made harmless', () => {
    const body = triageComment(
      plan({
        type: 'bug',
        priority: 'high',
        reply: 'Thanks @octocat! <!-- loopkit:triage:daily-triage --> <img src=x onerror=alert(1)>',
        duplicateOf: { issue: 7, evidence: 'Same | stack trace' },
        missing: ['the version']
      }),
      { loop: 'daily-triage', labelsAdded: ['bug'], runUrl: 'https://github.com/octo/shop/actions/runs/1' }
    );
    expect(body.startsWith(`${triageMarker('daily-triage')}\n`)).toBe(true);
    expect(body.split('<!-- loopkit:triage:').length).toBe(2);
    expect(body).toContain(`@${ZWSP}octocat`);
    expect(body).not.toContain('<img');
    expect(body).toContain('| Possibly a duplicate of | #7 — Same \\| stack trace |');
    expect(body).toContain('| Missing to act on it | the version |');
    expect(body).toContain('| Labels added | `bug` |');
    expect(body).toContain('never closes, assigns or locks issues');
    expect(() => triageMarker('Bad Name')).toThrow();
  });

  test('the job summary section: outcome, each issue, what was not triaged and why, spend', () => {
    const text = triageJobSummary(
      [
        {
          result: result([plan(), plan({ issue: 13, title: 'How to <b>theme</b>?', labels: [], comment: false, type: 'question' })], {
            skipped: [{ issue: 20, title: 'x', reason: 'left for the next run: budget' }]
          }),
          scope: 'open issues updated since 2030-01-01T00:00:00Z',
          notTriaged: [{ issue: 9, reason: 'unchanged since the last triage' }],
          applied: [
            { issue: 12, labels: ['bug'], comment: 'created', problems: [] },
            { issue: 13, labels: [], problems: [] }
          ]
        }
      ],
      1_000_000
    );
    expect(text).toContain('### daily-triage — 2 issues triaged · 1 labelled · 1 commented');
    expect(text).toContain('| #12 Crash on save | `bug` | — | — | — | — | created |');
    expect(text).toContain('| #13 How to &lt;b>theme&lt;/b>? |');
    expect(text).toContain('- #9 — unchanged since the last triage');
    expect(text).toContain('- #20 — left for the next run: budget');
    expect(text).toContain('1,234 tokens · $0.0123 · 0 model calls');
  });

  test('a dry run says nothing was written and what would be', () => {
    const text = triageJobSummary([{ result: result([plan()], { dryRun: true }), scope: 'issue #12', notTriaged: [], applied: [] }], 1_000_000);
    expect(text).toContain('Dry run · 1 issue triaged, nothing written');
    expect(text).toContain('would be written');
  });

  test('an ignored finding is noted in the summary, and the review record stays last and readable', () => {
    const summary = `<!-- loopkit:summary:pr-review -->\n### LoopKit\n\n${reviewRecordMarker(reviewRecord('old'))}`;
    const noted = withIgnoredNote(summary, { fingerprint: 'abc', path: 'src/a.ts', claim: 'SQL injection <!-- x -->' }, reviewRecord('new'));
    expect(noted).toContain('> Ignored on request (`/loopkit ignore`): `src/a.ts` — SQL injection &lt;!-- x -->');
    expect(readReviewRecord(noted)?.key).toEqual('new');
    expect(noted.match(/loopkit:state/g)).toHaveLength(1);
  });

  test('help lists the loop commands and LoopKit’s own, or says a word is unknown', () => {
    const text = helpReply([{ command: 'review', loop: 'pr-review', on: 'pull requests', description: 'Find bugs.' }], 'frobnicate');
    expect(text.split('\n')[0]).toBe('`/loopkit frobnicate` is not a LoopKit command in this repository.');
    expect(text).toContain('| `/loopkit review` | pr-review on pull requests: Find bugs. |');
    expect(text).toContain('| `/loopkit help` | this list |');
  });

  test("LoopKit's answer to an ignore carries the fingerprint, and only a fingerprint", () => {
    expect(ignoredReply('abc_1-2')).toBe('Ignored: LoopKit will not report this finding on this pull request again.\n\n<!-- loopkit:ignored:abc_1-2 -->');
    expect(() => ignoredReply('x --> <b>')).toThrow();
  });
});
