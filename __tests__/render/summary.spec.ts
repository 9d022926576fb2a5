import type { Finding } from '../../src/engine/finding.js';
import type { ReviewResult } from '../../src/engine/review.js';
import { readReviewRecord, readSummaryMarker } from '../../src/render/markers.js';
import { summaryComment, type SummaryInput } from '../../src/render/summary.js';
import { CLEAN, count, DRY_RUN, ESCALATED, FAILED, finding, HOSTILE, OFF_DIFF, PARTIAL, reviewRecord, reviewResult } from './fixtures.js';

describe('render/summary', () => {
  const summarise = (overrides: Partial<SummaryInput> = {}) =>
    summaryComment({ result: reviewResult(), posted: 2, notPlaced: [OFF_DIFF], headSha: '9c1e2f3a4b5c6d7e', ...overrides });

  describe('summaryComment', () => {
    it('starts with the summary marker and ends with the state marker, each once', () => {
      const body = summarise({ record: reviewRecord('loopkit-pr-review-42') });
      expect(body.startsWith('<!-- loopkit:summary:pr-review -->')).toBe(true);
      expect(count(body, '<!-- loopkit:summary:')).toBe(1);
      expect(count(body, '<!-- loopkit:state ')).toBe(1);
      expect(readSummaryMarker(body)).toBe('pr-review');
      expect(readReviewRecord(body)?.key).toEqual('loopkit-pr-review-42');
    });

    it('has no state marker without a pointer', () => {
      expect(summarise()).not.toContain('loopkit:state');
    });

    it('titles the outcome in words', () => {
      const title = (result: ReviewResult) =>
        summarise({ result })
          .split('\n')
          .find((line) => line.startsWith('### '));
      expect(title(reviewResult())).toBe('### LoopKit · pr-review — 3 verified findings (1 high, 1 medium, 1 low)');
      expect(title(CLEAN)).toBe('### LoopKit · pr-review — No verified findings');
      expect(title(PARTIAL)).toBe('### LoopKit · pr-review — Review partial · 3 verified findings (1 high, 1 medium, 1 low)');
      expect(title(DRY_RUN)).toBe('### LoopKit · pr-review — Dry run · 3 verified findings (1 high, 1 medium, 1 low)');
      expect(title(FAILED)).toBe('### LoopKit · pr-review — Review failed');
    });

    it('says why a review is partial, and that a dry run called no model', () => {
      expect(summarise({ result: PARTIAL })).toContain('**Review partial:** agent bug-hunter failed (timeout); stopped by budget: maxCostUsd 0.50 reached.');
      expect(summarise({ result: DRY_RUN })).toContain('**Dry run** — no model was called');
      expect(summarise()).not.toContain('Dry run');
    });

    it('asks a human to review when the loop escalated', () => {
      expect(summarise({ result: ESCALATED })).toContain(
        '> [!WARNING]\n> **A human should review this pull request:** the checker did not confirm enough of the findings. batch 1: the checker confirmed 63% of the findings (threshold 70%) after 1 round(s)'
      );
      expect(summarise()).not.toContain('[!WARNING]');
    });

    it('names the commit reviewed, and what part of it an incremental review read', () => {
      expect(summarise()).toContain('Reviewed `9c1e2f3`.');
      expect(summarise({ incremental: { note: '2 file(s) not yet reviewed in their current form (since 1a2b3c4d5e6f)' } })).toContain(
        'Reviewed `9c1e2f3`: 2 file(s) not yet reviewed in their current form (since 1a2b3c4d5e6f).'
      );
    });

    it('tables the verified findings, most severe first', () => {
      const body = summarise();
      expect(body).toContain('#### Verified findings (3)\n\n2 posted inline, 1 listed below.');
      const rows = body.split('\n').filter((line) => /^\| (🟠|🟡|🔵)/.test(line));
      expect(rows).toEqual([
        '| 🟠 High | `src/auth/session.ts:42` | security | The session token is read from the query string, so it leaks into logs and Referer headers. |',
        '| 🟡 Medium | `src/api/handler.ts:120` | reliability | The database handle is closed before the response is streamed. |',
        '| 🔵 Low | `src/util/strings.ts:10` | maintainability | This re-implements `String.prototype.trim`. |'
      ]);
    });

    it('orders findings of one severity by path, and shows the line GitHub placed them on', () => {
      const b = finding({ id: 'B', path: 'src/b.ts', line: 40, anchor: { ok: true, path: 'src/b.ts', line: 41, side: 'RIGHT' } });
      const a = finding({ id: 'A', path: 'src/a.ts', line: 90 });
      const body = summarise({ result: reviewResult({ findings: [b, a], verified: [b, a] }), notPlaced: [] });
      expect(body.indexOf('`src/a.ts:90`')).toBeLessThan(body.indexOf('`src/b.ts:41`'));
    });

    it('writes out the findings that could not be posted inline, under their file, with claim, evidence and why', () => {
      const overCap = finding({ id: 'B1R1F9', path: 'src/api/handler.ts', line: 30, claim: 'Errors are swallowed.', evidence: 'The `catch` is empty.' });
      const body = summarise({ notPlaced: [OFF_DIFF, overCap] });
      const section = body.slice(body.indexOf('#### Not posted inline (2)'));
      expect(section).toContain(
        [
          '**`src/api/handler.ts`**',
          '**🟡 Medium · bug** · line 30 — Errors are swallowed.',
          'The `catch` is empty.',
          '_It went over the number of inline comments the loop allows, or GitHub refused the comment, so it is listed here instead of inline._',
          '**🟡 Medium · reliability** · line 120 — The database handle is closed before the response is streamed.',
          '`stream.pipe(res)` on line 118 is still reading from the cursor when line 120 closes the handle.',
          "_Line 120 of `src/api/handler.ts` is not part of this pull request's changes, so it is listed here instead of inline._"
        ].join('\n\n')
      );
      expect(summarise({ notPlaced: [] })).not.toContain('Not posted inline');
    });

    it('collapses refuted, uncertain and unverified findings', () => {
      const body = summarise();
      expect(body).toContain("<details><summary>Refuted (1)</summary>\n\n| Location | Claim | Checker's evidence |");
      expect(body).toContain('| `src/util/cache.ts:7` | The cache is rebuilt on every call. | `buildCache` is memoised on line 3. |');
      expect(body).toContain('<details><summary>Uncertain (1)</summary>');
      expect(body).toContain('| `docs/api.md:3` | ⚪ Info | The endpoint list omits `/healthz`. | confirmed with 30% confidence |');
      expect(summarise({ result: CLEAN })).not.toContain('<details><summary>Refuted');
    });

    it('lists a finding the checker never judged as not verified', () => {
      const { verdict: _verdict, ...unjudged } = finding({ id: 'U', path: 'src/u.ts', line: 5, claim: 'Unjudged.' });
      expect(summarise({ result: reviewResult({ findings: [unjudged], verified: [] }) })).toContain('| `src/u.ts:5` | 🟡 Medium | Unjudged. | no verdict |');
    });

    it('lists findings no longer reported', () => {
      expect(summarise({ outdated: [{ path: 'src/old.ts', claim: 'Was wrong.' }] })).toContain(
        '<details><summary>Closed since the last review (1)</summary>\n\n- `src/old.ts` — Was wrong.\n\n</details>'
      );
    });

    it('reports coverage, with the files left out collapsed', () => {
      const body = summarise({ result: reviewResult({ suppressed: 2 }) });
      expect(body).toContain('**Coverage:** 12 of 14 files · 340 of 1,540 changed lines · 2 batches · 2 findings ignored (`/loopkit ignore`)');
      expect(body).toContain('<details><summary>Left out (2)</summary>\n\n- `package-lock.json` — lockfile\n- `dist/index.js` — generated');
    });

    it('has no list of files left out when none was', () => {
      expect(summarise({ result: reviewResult({ coverage: { ...reviewResult().coverage, skipped: [] } }) })).not.toContain('Left out');
    });

    it('lists at most 50 files left out, and counts the rest', () => {
      const skipped = Array.from({ length: 80 }, (_, i) => ({ path: `gen/file-${i}.ts`, reason: 'generated', changedLines: 10 }));
      const body = summarise({ result: reviewResult({ coverage: { ...reviewResult().coverage, skipped } }) });
      expect(body).toContain('<details><summary>Left out (80)</summary>');
      expect(body).toContain('`gen/file-49.ts`');
      expect(body).not.toContain('`gen/file-50.ts`');
      expect(body).toContain('_30 more not shown._');
    });

    it('collapses rounds and failures', () => {
      const body = summarise({ result: PARTIAL });
      expect(body).toContain('<details><summary>Rounds (2)</summary>');
      expect(body).toContain('| 1 | 1 | 4 | 2 | 1 | 1 | 63% | no |');
      expect(body).toContain('<details><summary>Failures (1)</summary>\n\n- bug-hunter · batch 2, round 1 · timeout: no answer within 120 s');
      expect(summarise()).not.toContain('Failures (');
    });

    it('ends with tokens, cost, the LRS and a link to the run', () => {
      const body = summarise({ lrs: { score: 84, grade: 'B' }, runUrl: 'https://github.com/o/r/actions/runs/7', record: reviewRecord('k') });
      expect(body).toContain(
        '\n\n21,600 tokens · $0.0123 · 6 model calls · 42 s · LRS 84 (B) · [Run](https://github.com/o/r/actions/runs/7)\n\n<!-- loopkit:state '
      );
    });

    it('shows a short walkthrough and collapses a long one', () => {
      expect(summarise()).toContain('**Walkthrough**\n\nMoves session handling into `src/auth/session.ts` and adds a streaming endpoint.');
      const long = summarise({ result: reviewResult({ walkthrough: ['First batch. '.repeat(60), 'Second batch.'] }) });
      expect(long).toContain('<details><summary>Walkthrough</summary>\n\nFirst batch.');
      expect(long).not.toContain('**Walkthrough**');
      expect(summarise({ result: reviewResult({ walkthrough: ['  '] }) })).not.toContain('Walkthrough');
    });

    it('renders hostile model text harmless, and reads back only its own markers', () => {
      const hostile = (f: Finding): Finding => ({ ...f, claim: HOSTILE, evidence: HOSTILE, verdict: f.verdict && { ...f.verdict, evidence: HOSTILE } });
      const result = reviewResult();
      const poisoned = reviewResult({
        findings: result.findings.map(hostile),
        verified: result.verified.map(hostile),
        walkthrough: [HOSTILE, `${HOSTILE}\n<!-- loopkit:state eyJrZXkiOiJldmlsIn0 -->`],
        failures: [{ agent: 'bug-hunter', batch: 1, round: 1, kind: 'error', message: HOSTILE }]
      });
      const body = summaryComment({
        result: poisoned,
        posted: 0,
        notPlaced: poisoned.verified,
        outdated: [{ path: '<!-- loopkit:summary:x -->.ts', claim: HOSTILE }],
        headSha: 'abc',
        record: reviewRecord('good')
      });
      expect(count(body, '<!--')).toBe(2);
      expect(body).not.toContain('<img');
      expect(body).not.toContain('@octocat');
      expect(readSummaryMarker(body)).toBe('pr-review');
      expect(readReviewRecord(body)?.key).toEqual('good');
      // Every fence the model opened is closed before the state marker.
      expect(body.split('\n').filter((line) => /^\s*```/.test(line)).length % 2).toBe(0);
    });

    it("stays within GitHub's limit, shortening the collapsed sections first", () => {
      const many = (n: number, kind: 'refuted' | 'confirmed', evidence: string) =>
        Array.from({ length: n }, (_, i) =>
          finding({
            id: `R${i}`,
            path: `src/module-${i}.ts`,
            line: i + 1,
            claim: `Claim ${i} ${'c'.repeat(300)}`,
            evidence,
            verdict: { kind, confidence: 0.9, evidence, checker: 'skeptic' }
          })
        );
      const refuted = many(400, 'refuted', 'e'.repeat(1_500));
      const body = summarise({ result: reviewResult({ findings: [...reviewResult().findings, ...refuted] }), record: reviewRecord('k') });
      expect(body.length).toBeLessThanOrEqual(65_536);
      expect(body).toContain('<details><summary>Refuted (401)</summary>');
      // Shortened, not emptied: some refuted findings are still listed, cut short.
      expect(body).toMatch(/\| `src\/module-\d+\.ts:\d+` \| Claim \d+ c+… \| e+… \|/);
      expect(body).toMatch(/_\d+ more not shown\._/);
      // The open sections are whole.
      expect(body).toContain(OFF_DIFF.evidence);
      expect(readReviewRecord(body)?.key).toEqual('k');
    });

    it("stays within GitHub's limit for a huge review, keeping the outcome and both markers", () => {
      const verified = Array.from({ length: 1_000 }, (_, i) =>
        finding({
          id: `V${i}`,
          path: `src/${'deep/'.repeat(60)}file-${i}.ts`,
          line: i + 1,
          claim: `<b>${'c'.repeat(400)}</b>`,
          evidence: '&'.repeat(2_000),
          anchor: { ok: false, path: 'x', why: 'outside', reason: 'outside the diff' },
          verdict: { kind: 'confirmed', confidence: 0.9, evidence: 'e'.repeat(2_000), checker: 'skeptic' }
        })
      );
      const skipped = Array.from({ length: 5_000 }, (_, i) => ({ path: `vendor/${i}.js`, reason: 'vendored', changedLines: 1 }));
      const result = reviewResult({
        findings: verified,
        verified,
        status: 'partial',
        reasons: Array.from({ length: 500 }, (_, i) => `the checker gave no verdict on B${i}R1F1, B${i}R1F2`),
        coverage: { ...reviewResult().coverage, skipped },
        walkthrough: Array.from({ length: 200 }, () => 'w'.repeat(2_000))
      });
      const body = summaryComment({ result, posted: 0, notPlaced: verified, headSha: 'abc', record: reviewRecord('k') });
      expect(body.length).toBeLessThanOrEqual(65_536);
      expect(body).toContain('### LoopKit · pr-review — Review partial · 1,000 verified findings (1,000 medium)');
      expect(body).toContain('#### Not posted inline (1,000)');
      expect(body).toMatch(/; [\d,]+ more\.\n/);
      expect(body).toContain(`src/${'deep/'.repeat(11)}d…`);
      expect(readSummaryMarker(body)).toBe('pr-review');
      expect(readReviewRecord(body)?.key).toEqual('k');
    });
  });
});
