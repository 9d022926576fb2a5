import { FileDiff } from '../../src/diff/file-diff.js';
import { ADDED, BINARY, DELETED, MODIFIED, RENAMED } from './fixtures.js';

describe('diff/file-diff', () => {
  const sorted = (lines: ReadonlySet<number>) => [...lines].sort((a, b) => a - b);

  describe('FileDiff', () => {
    const modified = new FileDiff(MODIFIED);

    it('allows comments on RIGHT for added and unchanged lines inside hunks', () => {
      expect(sorted(modified.commentableLines('RIGHT'))).toEqual([1, 2, 3, 4, 5, 6, 7, 41, 42, 43, 44, 45, 46, 47, 48]);
    });

    it('allows comments on LEFT for deleted and unchanged lines inside hunks', () => {
      expect(sorted(modified.commentableLines('LEFT'))).toEqual([1, 2, 3, 4, 5, 6, 40, 41, 42, 43, 44, 45, 46]);
    });

    it('finds the hunk and the code of a line on either side', () => {
      expect(modified.hunkAt(43, 'RIGHT')?.index).toBe(2);
      expect(modified.textAt(43, 'RIGHT')).toBe('    return;');
      expect(modified.textAt(42, 'LEFT')).toBe("    throw new Error('empty');");
      expect(modified.textAt(42, 'RIGHT')).toBe('  if (!out) {');
      expect(modified.hunkAt(20, 'RIGHT')).toBeUndefined();
      expect(modified.textAt(20, 'LEFT')).toBeUndefined();
    });

    it('counts changed lines and lists the added ones', () => {
      expect(modified.changedLineCount).toBe(6);
      expect(sorted(modified.addedLines)).toEqual([2, 5, 43, 45]);
      expect(modified.hasPatch).toBe(true);
      expect(modified.deletedOnly).toBe(false);
    });

    it('keeps the path, previous path and status of a rename', () => {
      const renamed = new FileDiff(RENAMED);
      expect([renamed.path, renamed.previousPath, renamed.status]).toEqual(['src/math/new-name.ts', 'src/math/old-name.ts', 'renamed']);
      expect(renamed.textAt(13, 'RIGHT')).toBe('  return x * y;');
    });

    it('has only RIGHT lines for an added file and only LEFT lines for a deleted one', () => {
      const added = new FileDiff(ADDED);
      expect(sorted(added.commentableLines('RIGHT'))).toEqual([1, 2, 3]);
      expect(added.commentableLines('LEFT').size).toBe(0);
      const deleted = new FileDiff(DELETED);
      expect(deleted.commentableLines('RIGHT').size).toBe(0);
      expect(sorted(deleted.commentableLines('LEFT'))).toEqual([1, 2, 3]);
      expect(deleted.deletedOnly).toBe(true);
      expect(deleted.changedLineCount).toBe(3);
    });

    it('is deleted-only when a modified file only loses lines', () => {
      const trimmed = new FileDiff({ ...MODIFIED, patch: '@@ -1,3 +1,2 @@\n a\n-b\n c' });
      expect(trimmed.deletedOnly).toBe(true);
    });

    it('has no commentable lines without a patch, and is not deleted-only', () => {
      const binary = new FileDiff(BINARY);
      expect(binary.hasPatch).toBe(false);
      expect(binary.commentableLines('RIGHT').size).toBe(0);
      expect(binary.commentableLines('LEFT').size).toBe(0);
      expect(binary.deletedOnly).toBe(false);
      expect(binary.changedLineCount).toBe(0);
    });

    it("passes on the parser's warnings", () => {
      expect(new FileDiff({ ...MODIFIED, patch: 'junk\n@@ -1 +1 @@\n-a\n+b' }).warnings).toEqual(['patch line 1: outside any hunk, ignored']);
    });
  });
});
