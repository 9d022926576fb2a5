import { parsePatch, type DiffLine } from '../../src/diff/patch.js';
import { ADDED, CRLF, DELETED, MODIFIED, NO_NEWLINE, ONE_LINE, RENAMED } from './fixtures.js';

describe('diff/patch', () => {
  const numbers = (lines: DiffLine[]) => lines.map((l) => [l.kind, l.oldLine, l.newLine]);

  describe('parsePatch', () => {
    it('numbers both sides of every hunk and keeps the section heading', () => {
      const { hunks, warnings } = parsePatch(MODIFIED.patch!);
      expect(warnings).toEqual([]);
      expect(hunks.map(({ lines: _lines, ...h }) => h)).toEqual([
        { index: 1, oldStart: 1, oldLines: 6, newStart: 1, newLines: 7, header: '' },
        { index: 2, oldStart: 40, oldLines: 7, newStart: 41, newLines: 8, header: 'export function save(config: Config) {' }
      ]);
      expect(numbers(hunks[1]!.lines)).toEqual([
        ['context', 40, 41],
        ['context', 41, 42],
        ['del', 42, undefined],
        ['add', undefined, 43],
        ['context', 43, 44],
        ['add', undefined, 45],
        ['context', 44, 46],
        ['context', 45, 47],
        ['context', 46, 48]
      ]);
      expect(hunks[1]!.lines[2]!.text).toBe("    throw new Error('empty');");
      // A blank unchanged line is a single space in the patch and an empty line of code.
      expect(hunks[0]!.lines[2]).toEqual({ kind: 'context', text: '', oldLine: 2, newLine: 3 });
    });

    it('numbers a renamed file from the hunk start', () => {
      const [hunk] = parsePatch(RENAMED.patch!).hunks;
      expect(hunk!.lines.find((l) => l.kind === 'add')).toEqual({ kind: 'add', text: '  return x * y;', newLine: 13 });
      expect(hunk!.lines.find((l) => l.kind === 'del')).toEqual({ kind: 'del', text: '  return x + y;', oldLine: 13 });
    });

    it('reads -0,0 of an added file and +0,0 of a deleted one', () => {
      const added = parsePatch(ADDED.patch!);
      expect(added.warnings).toEqual([]);
      expect(numbers(added.hunks[0]!.lines)).toEqual([
        ['add', undefined, 1],
        ['add', undefined, 2],
        ['add', undefined, 3]
      ]);
      const deleted = parsePatch(DELETED.patch!);
      expect(deleted.warnings).toEqual([]);
      expect(numbers(deleted.hunks[0]!.lines)).toEqual([
        ['del', 1, undefined],
        ['del', 2, undefined],
        ['del', 3, undefined]
      ]);
    });

    it('reads an omitted count as 1', () => {
      const { hunks, warnings } = parsePatch(ONE_LINE.patch!);
      expect(warnings).toEqual([]);
      expect(hunks[0]).toMatchObject({ oldStart: 1, oldLines: 1, newStart: 1, newLines: 1 });
      expect(numbers(hunks[0]!.lines)).toEqual([
        ['del', 1, undefined],
        ['add', undefined, 1]
      ]);
    });

    it('marks the line a "\\ No newline at end of file" follows, without numbering the marker', () => {
      const { hunks, warnings } = parsePatch(NO_NEWLINE.patch!);
      expect(warnings).toEqual([]);
      expect(hunks[0]!.lines).toEqual([
        { kind: 'context', text: 'first', oldLine: 1, newLine: 1 },
        { kind: 'context', text: 'second', oldLine: 2, newLine: 2 },
        { kind: 'del', text: 'third', oldLine: 3, noNewlineAtEnd: true },
        { kind: 'add', text: 'third!', newLine: 3, noNewlineAtEnd: true }
      ]);
    });

    it('drops the CR of CRLF lines from the code and the heading', () => {
      const { hunks, warnings } = parsePatch(CRLF.patch!);
      expect(warnings).toEqual([]);
      expect(hunks[0]!.header).toBe(':main');
      expect(hunks[0]!.lines.map((l) => l.text)).toEqual(['@echo off', 'set MODE=debug', 'set MODE=release', 'call build.cmd']);
    });

    it('takes an empty line inside a hunk as a blank unchanged line and a final line feed as nothing', () => {
      const { hunks, warnings } = parsePatch('@@ -1,3 +1,3 @@\n a\n\n-b\n+c\n');
      expect(warnings).toEqual([]);
      expect(numbers(hunks[0]!.lines)).toEqual([
        ['context', 1, 1],
        ['context', 2, 2],
        ['del', 3, undefined],
        ['add', undefined, 3]
      ]);
    });

    it('does not report blank lines after the last hunk', () => {
      expect(parsePatch('@@ -1 +1 @@\n-a\n+b\n\n\n').warnings).toEqual([]);
    });

    it('returns nothing for an empty patch', () => {
      expect(parsePatch('')).toEqual({ hunks: [], warnings: [] });
    });

    describe('malformed input', () => {
      it('ignores lines before the first hunk and after a complete one, naming them', () => {
        const { hunks, warnings } = parsePatch('diff --git a/x b/x\n--- a/x\n@@ -1 +1 @@\n-a\n+b\n+c\n d');
        expect(hunks).toHaveLength(1);
        expect(numbers(hunks[0]!.lines)).toEqual([
          ['del', 1, undefined],
          ['add', undefined, 1]
        ]);
        expect(warnings).toEqual(['patch lines 1-2: outside any hunk, ignored', 'patch lines 6-7: outside any hunk, ignored']);
      });

      it('keeps a hunk shorter than its header announces, numbered as found', () => {
        const { hunks, warnings } = parsePatch('@@ -1,5 +1,5 @@\n a\n-b\n+c\n@@ -20,2 +20,2 @@\n x\n y');
        expect(hunks.map((h) => [h.index, h.oldLines, h.newLines])).toEqual([
          [1, 2, 2],
          [2, 2, 2]
        ]);
        expect(warnings).toEqual(['patch line 1: hunk header says -1,5 +1,5 but the hunk holds 2 old and 2 new lines; numbered as found']);
      });

      it("takes lines past one side's count while the other side still expects lines", () => {
        const { hunks, warnings } = parsePatch('@@ -1,1 +1,2 @@\n-a\n-b\n+c\n+d');
        expect(numbers(hunks[0]!.lines)).toEqual([
          ['del', 1, undefined],
          ['del', 2, undefined],
          ['add', undefined, 1],
          ['add', undefined, 2]
        ]);
        expect(warnings).toEqual(['patch line 1: hunk header says -1,1 +1,2 but the hunk holds 2 old and 2 new lines; numbered as found']);
      });

      it('skips a malformed header with its lines and goes on at the next hunk', () => {
        const { hunks, warnings } = parsePatch('@@ -x +1 @@\n-a\n+b\n@@ -9 +9 @@\n-c\n+d');
        expect(hunks).toHaveLength(1);
        expect(hunks[0]).toMatchObject({ index: 1, oldStart: 9, newStart: 9 });
        expect(warnings).toEqual(['patch line 1: malformed hunk header "@@ -x +1 @@"', 'patch lines 2-3: outside any hunk, ignored']);
      });

      it('ends a hunk at a line that is no diff line', () => {
        const { hunks, warnings } = parsePatch('@@ -1,3 +1,3 @@\n a\n?? b\n c');
        expect(numbers(hunks[0]!.lines)).toEqual([['context', 1, 1]]);
        expect(warnings).toEqual([
          'patch line 1: hunk header says -1,3 +1,3 but the hunk holds 1 old and 1 new lines; numbered as found',
          'patch lines 3-4: outside any hunk, ignored'
        ]);
      });

      it('ignores an empty hunk and a stray no-newline marker', () => {
        const { hunks, warnings } = parsePatch('\\ No newline at end of file\n@@ -1,2 +1,2 @@\n@@ -5 +5 @@\n-a\n+b');
        expect(hunks.map((h) => [h.index, h.oldStart])).toEqual([[1, 5]]);
        expect(warnings).toEqual([
          'patch line 1: "\\ No newline at end of file" follows no diff line, ignored',
          'patch line 2: hunk -1,2 +1,2 has no lines, ignored'
        ]);
      });

      it('attaches a no-newline marker only to the diff line right before it', () => {
        const afterHeader = parsePatch('@@ -1 +1 @@\n-a\n+b\n@@ -5 +5 @@\n\\ No newline at end of file\n-c\n+d');
        expect(afterHeader.hunks[0]!.lines[1]).not.toHaveProperty('noNewlineAtEnd');
        expect(afterHeader.warnings).toEqual(['patch line 5: "\\ No newline at end of file" follows no diff line, ignored']);
        const afterJunk = parsePatch('@@ -1 +1 @@\n-a\n+b\njunk\n\\ No newline at end of file');
        expect(afterJunk.hunks[0]!.lines[1]).not.toHaveProperty('noNewlineAtEnd');
        expect(afterJunk.warnings).toHaveLength(2);
      });

      it('holds a header announcing no lines at all to it', () => {
        const { hunks, warnings } = parsePatch('@@ -0,0 +0,0 @@\n+a');
        expect(hunks).toEqual([]);
        expect(warnings).toEqual(['patch line 1: hunk -0,0 +0,0 has no lines, ignored', 'patch line 2: outside any hunk, ignored']);
      });

      it('never throws, whatever the text', () => {
        const junk = ['@@', '@@ -1 +1 @@', '@@ -0,0 +0,0 @@', '+', '-', ' ', '\\', '\r', '\n', 'x', '@@ -3,2 +1 @@ h'];
        for (let seed = 0; seed < 300; seed++) {
          const text = Array.from({ length: 12 }, (_, i) => junk[(seed * 7 + i * i * 13 + seed * i) % junk.length]).join(seed % 2 ? '\n' : '');
          expect(() => parsePatch(text)).not.toThrow();
        }
      });
    });
  });
});
