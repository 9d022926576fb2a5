import { resolveAnchor, type AnchorRequest } from '../../src/diff/anchor.js';
import { FileDiff } from '../../src/diff/file-diff.js';
import { BINARY, CRLF, DELETED, MODIFIED, REPEATED } from './fixtures.js';

describe('diff/anchor', () => {
  const modified = new FileDiff(MODIFIED);
  const at = (line: number, quote: string, more: Partial<AnchorRequest> = {}): AnchorRequest => ({
    path: MODIFIED.path,
    line,
    side: 'RIGHT',
    quote,
    ...more
  });

  describe('resolveAnchor', () => {
    describe('single lines', () => {
      it('anchors where cited when the quote reads as the line', () => {
        expect(resolveAnchor(modified, at(43, 'return;'))).toEqual({ ok: true, path: 'src/config.ts', line: 43, side: 'RIGHT' });
        expect(resolveAnchor(modified, at(42, "throw new Error('empty');", { side: 'LEFT' }))).toEqual({
          ok: true,
          path: 'src/config.ts',
          line: 42,
          side: 'LEFT'
        });
      });

      it('ignores differences in whitespace and CRLF endings', () => {
        expect(resolveAnchor(modified, at(41, '  const out =   serialise(config);  '))).toMatchObject({ ok: true, line: 41 });
        const crlf = new FileDiff(CRLF);
        expect(resolveAnchor(crlf, { path: CRLF.path, line: 2, side: 'RIGHT', quote: 'set MODE=release\r\n' })).toMatchObject({
          ok: true,
          line: 2
        });
      });

      it('accepts a fragment of the cited line, or no quote at all', () => {
        expect(resolveAnchor(modified, at(41, 'serialise(config)'))).toMatchObject({ ok: true, line: 41 });
        expect(resolveAnchor(modified, at(46, ''))).toMatchObject({ ok: true, line: 46 });
      });

      it('moves a miscounted line to the line that reads as quoted', () => {
        expect(resolveAnchor(modified, at(44, "log('saving');"))).toEqual({ ok: true, path: 'src/config.ts', line: 45, side: 'RIGHT' });
        // Cited outside the hunks altogether, off by the line the first hunk adds.
        expect(resolveAnchor(modified, at(40, 'const out = serialise(config);'))).toMatchObject({ ok: true, line: 41 });
      });

      it('moves to the other side when only a deleted line reads as quoted', () => {
        expect(resolveAnchor(modified, at(43, "throw new Error('empty');"))).toEqual({ ok: true, path: 'src/config.ts', line: 42, side: 'LEFT' });
        const deleted = new FileDiff(DELETED);
        expect(resolveAnchor(deleted, { path: DELETED.path, line: 2, side: 'RIGHT', quote: 'legacy line two' })).toMatchObject({
          ok: true,
          line: 2,
          side: 'LEFT'
        });
      });

      it('does not move a finding by a fragment: only a whole line is specific enough', () => {
        expect(resolveAnchor(modified, at(44, 'saving'))).toMatchObject({ ok: false });
      });

      it('picks the occurrence nearest the cited line when the quote recurs, the earlier of two equally near', () => {
        const repeated = new FileDiff(REPEATED);
        const cite = (line: number) => resolveAnchor(repeated, { path: REPEATED.path, line, side: 'RIGHT', quote: 'if (!x) return null;' });
        expect(cite(7)).toMatchObject({ ok: true, line: 6 });
        expect(cite(9)).toMatchObject({ ok: true, line: 10 });
        expect(cite(8)).toMatchObject({ ok: true, line: 6 });
        expect(cite(300)).toMatchObject({ ok: true, line: 10 });
      });

      it('takes the last line of a quote of several lines as the code of `line`', () => {
        expect(resolveAnchor(modified, at(44, 'if (!out) {\n    return;'))).toMatchObject({ ok: true, line: 43 });
      });
    });

    describe('refusals', () => {
      it('rejects a line outside any hunk whose quote matches nothing, saying what was cited', () => {
        expect(resolveAnchor(modified, at(20, 'const nothing = 1;'))).toEqual({
          ok: false,
          path: 'src/config.ts',
          why: 'outside',
          reason:
            'RIGHT line 20 of src/config.ts is outside the diff hunks (RIGHT lines in hunks: 1-7, 41-48), and the quote "const nothing = 1;" matches no line of the diff on either side'
        });
      });

      it('rejects a line outside any hunk given without a quote', () => {
        expect(resolveAnchor(modified, at(30, '', { side: 'LEFT' }))).toEqual({
          ok: false,
          path: 'src/config.ts',
          why: 'outside',
          reason: 'LEFT line 30 of src/config.ts is outside the diff hunks (LEFT lines in hunks: 1-6, 40-46) and no quote was given to find the line by'
        });
      });

      it('rejects a cited line that reads otherwise when the quote is nowhere', () => {
        expect(resolveAnchor(modified, at(43, 'return undefined;'))).toEqual({
          ok: false,
          path: 'src/config.ts',
          why: 'quote',
          reason: 'RIGHT line 43 of src/config.ts reads "return;", and the quote "return undefined;" matches no line of the diff on either side'
        });
      });

      it('says a side has no lines at all', () => {
        const deleted = new FileDiff(DELETED);
        expect(resolveAnchor(deleted, { path: DELETED.path, line: 1, side: 'RIGHT', quote: '' })).toMatchObject({
          ok: false,
          reason: expect.stringContaining('(RIGHT lines in hunks: none)')
        });
      });

      it('shortens long quotes in the reason', () => {
        const quote = 'x'.repeat(200);
        const anchor = resolveAnchor(modified, at(43, quote));
        expect(anchor.ok ? '' : anchor.reason).toContain(`"${'x'.repeat(79)}…"`);
      });

      it('rejects a file that is not in the diff', () => {
        expect(resolveAnchor(undefined, { path: 'src/elsewhere.ts', line: 1, side: 'RIGHT', quote: '' })).toEqual({
          ok: false,
          path: 'src/elsewhere.ts',
          why: 'file',
          reason: 'src/elsewhere.ts is not one of the files this pull request changes'
        });
      });

      it('rejects a file without a patch', () => {
        expect(resolveAnchor(new FileDiff(BINARY), { path: BINARY.path, line: 1, side: 'RIGHT', quote: '' })).toEqual({
          ok: false,
          path: 'assets/logo.png',
          why: 'no-diff',
          reason: 'assets/logo.png has no diff to comment on (binary, too large or without changed text)'
        });
      });
    });

    describe('ranges', () => {
      it('keeps a range within one hunk', () => {
        expect(resolveAnchor(modified, at(43, 'return;', { startLine: 41 }))).toEqual({
          ok: true,
          path: 'src/config.ts',
          line: 43,
          side: 'RIGHT',
          startLine: 41,
          startSide: 'RIGHT'
        });
      });

      it('shifts the start by as much as the line moved', () => {
        expect(resolveAnchor(modified, at(44, "log('saving');", { startLine: 42 }))).toMatchObject({ line: 45, startLine: 43, startSide: 'RIGHT' });
        expect(resolveAnchor(modified, at(44, 'if (!out) {\n    return;', { startLine: 43 }))).toMatchObject({ line: 43, startLine: 42 });
      });

      it('collapses a range across hunks to its line', () => {
        expect(resolveAnchor(modified, at(42, 'if (!out) {', { startLine: 5 }))).toEqual({ ok: true, path: 'src/config.ts', line: 42, side: 'RIGHT' });
      });

      it('collapses a range whose start falls outside the hunk or is not before the line', () => {
        expect(resolveAnchor(modified, at(42, 'if (!out) {', { startLine: 40 }))).not.toHaveProperty('startLine');
        expect(resolveAnchor(modified, at(42, 'if (!out) {', { startLine: 42 }))).not.toHaveProperty('startLine');
        expect(resolveAnchor(modified, at(42, 'if (!out) {', { startLine: 45 }))).not.toHaveProperty('startLine');
      });

      it('collapses a range when its line moved to the other side', () => {
        expect(resolveAnchor(modified, at(43, "throw new Error('empty');", { startLine: 41 }))).toEqual({
          ok: true,
          path: 'src/config.ts',
          line: 42,
          side: 'LEFT'
        });
      });
    });
  });
});
