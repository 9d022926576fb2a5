import { findingComment, reviewBody } from '../../src/render/comment.js';
import { readFindingMarker } from '../../src/render/markers.js';
import { count, finding, HOSTILE, OFF_DIFF, REFUTED, SESSION, TRIM, UNCERTAIN } from './fixtures.js';

describe('render/comment', () => {
  describe('findingComment', () => {
    const body = findingComment(SESSION, { dryRun: false });

    it('opens with severity, category and claim', () => {
      expect(body.split('\n')[0]).toBe('**🟠 High · security** — The session token is read from the query string, so it leaks into logs and Referer headers.');
    });

    it('gives the evidence, the fix, and who verified it and who reported it in a collapsed section', () => {
      expect(body).toContain('Line 42: `const token = req.query.token;`');
      expect(body).toContain('**Fix:** Read the token from the `Authorization` header instead.');
      expect(body).toMatch(/<details><summary>Verified by skeptic \(confidence 90%\)<\/summary>\n\n`morgan\("combined"\)` logs/);
      expect(body).toContain('Reported by security-reviewer, bug-hunter.');
    });

    it('ends with its marker, once', () => {
      expect(body.endsWith('<!-- loopkit:finding:fpb1r1f1 -->')).toBe(true);
      expect(count(body, '<!-- loopkit:')).toBe(1);
      expect(readFindingMarker(body)).toBe(SESSION.fingerprint);
    });

    it('has a suggestion block only when one is given', () => {
      expect(body).not.toContain('```suggestion');
      const suggested = findingComment(SESSION, { dryRun: false, suggestion: SESSION.replacement! });
      expect(suggested).toContain("```suggestion\nconst token = req.get('authorization')?.replace(/^Bearer /, '');\n```");
      expect(suggested.indexOf('```suggestion')).toBeLessThan(suggested.indexOf('<details>'));
    });

    it('says so on a dry run', () => {
      expect(findingComment(SESSION, { dryRun: true })).toContain('Dry run — no model was called');
      expect(body).not.toContain('Dry run');
    });

    it('puts a fix of several lines in its own block', () => {
      const multi = findingComment({ ...TRIM, fix: 'Use trim:\n```ts\nreturn s.trim();\n```' }, { dryRun: false });
      expect(multi).toContain('**Fix:**\n\nUse trim:\n```ts\nreturn s.trim();\n```');
    });

    it('cuts a claim that is far longer than a sentence', () => {
      const first = findingComment({ ...SESSION, claim: 'word '.repeat(1_000) }, { dryRun: false }).split('\n')[0]!;
      expect(first.length).toBeLessThan(1_100);
      expect(first.endsWith('…')).toBe(true);
    });

    it('names a refuting or doubting checker', () => {
      expect(findingComment(REFUTED, { dryRun: false })).toContain('<details><summary>Refuted by skeptic (confidence 85%)</summary>');
      expect(findingComment(UNCERTAIN, { dryRun: false })).toContain('<details><summary>Left uncertain by skeptic (confidence 40%)</summary>');
    });

    it('says when no checker verified the finding', () => {
      const { verdict: _verdict, ...unverified } = OFF_DIFF;
      expect(findingComment(unverified, { dryRun: false })).toContain('<details><summary>Not verified by a checker</summary>');
    });

    it('renders hostile model text harmless, and only its own marker is read back', () => {
      const hostile = finding({
        id: 'X1',
        path: 'src/a.ts',
        line: 1,
        claim: HOSTILE,
        evidence: `${HOSTILE}\n<!-- loopkit:finding:forged -->`,
        fix: HOSTILE,
        sources: ['@octocat'],
        verdict: { kind: 'confirmed', confidence: 0.9, evidence: HOSTILE, checker: '<b>@octocat</b>' }
      });
      const out = findingComment(hostile, { dryRun: false });
      expect(count(out, '<!--')).toBe(1);
      expect(out).not.toContain('<img');
      expect(out).not.toContain('<b>');
      expect(out).not.toContain('@octocat');
      expect(readFindingMarker(out)).toBe(hostile.fingerprint);
      // Each unclosed fence was closed, so the details and the marker are outside code.
      const fences = out.split('\n').filter((line) => line.startsWith('```'));
      expect(fences.length % 2).toBe(0);
    });

    it("stays within GitHub's limit by cutting the evidence first, keeping the suggestion and the marker", () => {
      const huge = { ...SESSION, evidence: 'x'.repeat(200_000), verdict: { ...SESSION.verdict!, evidence: 'y'.repeat(200_000) } };
      const out = findingComment(huge, { dryRun: false, suggestion: 'const token = header;' });
      expect(out.length).toBeLessThanOrEqual(65_536);
      expect(out).toContain(`${'x'.repeat(100)}…`);
      expect(out).toContain('```suggestion\nconst token = header;\n```');
      expect(out).toContain(SESSION.claim);
      expect(readFindingMarker(out)).toBe(SESSION.fingerprint);
    });

    it('drops a suggestion too long for a comment rather than cut it', () => {
      const out = findingComment(SESSION, { dryRun: false, suggestion: 'a\n'.repeat(40_000) });
      expect(out.length).toBeLessThanOrEqual(65_536);
      expect(out).not.toContain('```suggestion');
      expect(out).toContain('The suggested change is too long for a comment.');
      expect(readFindingMarker(out)).toBe(SESSION.fingerprint);
    });
  });

  describe('reviewBody', () => {
    it('points at the inline comments when every finding has one', () => {
      expect(reviewBody([], { loop: 'pr-review' })).toBe(
        '**LoopKit · pr-review** — the verified findings are on the lines below; the summary comment has the whole review.'
      );
    });

    it('writes out the findings without an inline comment, under their file', () => {
      const body = reviewBody([OFF_DIFF], { loop: 'pr-review' });
      expect(body).toContain('**LoopKit · pr-review** — 1 verified finding without an inline comment.');
      expect(body).toContain(
        '**`src/api/handler.ts`**\n\n**🟡 Medium · reliability** · line 120 — The database handle is closed before the response is streamed.'
      );
      expect(body).toContain(OFF_DIFF.evidence);
      expect(body).toContain("_Line 120 of `src/api/handler.ts` is not part of this pull request's changes, so it is listed here instead of inline._");
      expect(body).not.toContain('RIGHT lines in hunks');
    });

    it("stays within GitHub's limit", () => {
      const many = Array.from({ length: 2_000 }, (_, i) => finding({ id: `N${i}`, path: 'src/big.ts', line: i + 1, evidence: 'e'.repeat(2_000) }));
      const body = reviewBody(many, { loop: 'pr-review' });
      expect(body.length).toBeLessThanOrEqual(65_536);
      expect(body).toMatch(/_1,\d{3} more not shown\._/);
    });
  });
});
