/** Why a finding has no inline comment, in the words of someone reading the pull request, never the anchor's internals. */
import { notPlacedReason } from '../../src/render/not-placed.js';
import { summaryComment } from '../../src/render/summary.js';
import { finding, OFF_DIFF, reviewResult } from './fixtures.js';

describe('render/not-placed', () => {
  const at = (why: 'file' | 'no-diff' | 'outside' | 'quote', side: 'RIGHT' | 'LEFT' = 'RIGHT') =>
    finding({
      id: 'F1',
      path: 'src/a.ts',
      line: 300,
      side,
      anchor: { ok: false, path: 'src/a.ts', why, reason: `${side} line 300 … (RIGHT lines in hunks: 1-9)` }
    });

  test('each reason a finding cannot be placed, in plain words', () => {
    expect(notPlacedReason(at('outside'))).toBe("Line 300 of `src/a.ts` is not part of this pull request's changes, so it is listed here instead of inline.");
    expect(notPlacedReason(at('outside', 'LEFT'))).toBe(
      "Line 300 of `src/a.ts` (before the change) is not part of this pull request's changes, so it is listed here instead of inline."
    );
    expect(notPlacedReason(at('file'))).toBe('`src/a.ts` is not one of the files this pull request changes, so it is listed here instead of inline.');
    expect(notPlacedReason(at('no-diff'))).toBe(
      '`src/a.ts` has no diff to comment on (binary, too large or without changed text), so it is listed here instead of inline.'
    );
    expect(notPlacedReason(at('quote'))).toBe(
      'The code it quotes is not on line 300 of `src/a.ts` or on any other changed line, so it is listed here instead of inline.'
    );
    for (const why of ['file', 'no-diff', 'outside', 'quote'] as const) expect(notPlacedReason(at(why))).not.toMatch(/hunks|RIGHT|LEFT/);
  });

  test("the summary counts the findings the review's body lists, and lists only the others", () => {
    const result = reviewResult();
    const counted = summaryComment({ result, posted: 2, notPlaced: [], inReviewBody: 1, headSha: 'abc' });
    expect(counted).toContain("2 posted inline, 1 listed in the review's body.");
    expect(counted).not.toContain('#### Not posted inline');
    expect(counted).not.toContain(OFF_DIFF.evidence);
    const listed = summaryComment({ result, posted: 2, notPlaced: [OFF_DIFF], headSha: 'abc' });
    expect(listed).toContain('2 posted inline, 1 listed below.');
    expect(listed).toContain('#### Not posted inline (1)');
  });
});
