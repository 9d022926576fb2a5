import { FileDiff } from '../../src/diff/file-diff.js';
import { NUMBERING_HELP, renderFileDiff, toTaskFile } from '../../src/diff/render.js';
import { ADDED, BINARY, DELETED, MODIFIED, NO_NEWLINE, RENAMED } from './fixtures.js';

describe('diff/render', () => {
  describe('renderFileDiff', () => {
    it('shows each hunk with its spans and every line with its number on each side', () => {
      expect(renderFileDiff(new FileDiff(MODIFIED)).split('\n').slice(10)).toEqual([
        '@@ hunk 2 · old 40-46 · new 41-48 @@ export function save(config: Config) {',
        '  40   41  |   const out = serialise(config);',
        '  41   42  |   if (!out) {',
        "  42      -|     throw new Error('empty');",
        '       43 +|     return;',
        '  43   44  |   }',
        "       45 +|   log('saving');",
        '  44   46  |   writeFileSync(path, out);',
        '  45   47  |   return out;',
        '  46   48  | }'
      ]);
    });

    it('names the file first, with what happened to it', () => {
      expect(renderFileDiff(new FileDiff(MODIFIED)).split('\n')[0]).toBe('FILE src/config.ts');
      expect(renderFileDiff(new FileDiff(RENAMED)).split('\n')[0]).toBe('FILE src/math/new-name.ts (renamed from src/math/old-name.ts)');
      expect(renderFileDiff(new FileDiff(ADDED)).split('\n').slice(0, 3)).toEqual([
        'FILE src/version.ts (new file)',
        '@@ hunk 1 · old none · new 1-3 @@',
        "        1 +| export const VERSION = '1.0.0';"
      ]);
      expect(renderFileDiff(new FileDiff(DELETED)).split('\n').slice(0, 3)).toEqual([
        'FILE src/legacy.ts (deleted file)',
        '@@ hunk 1 · old 1-3 · new none @@',
        '   1      -| legacy line one'
      ]);
    });

    it('shows a one-line span as a single number', () => {
      expect(renderFileDiff(new FileDiff({ ...MODIFIED, patch: '@@ -7 +7 @@\n-a\n+b' })).split('\n')[1]).toBe('@@ hunk 1 · old 7 · new 7 @@');
    });

    it('notes a missing final newline under its line, without a number', () => {
      expect(renderFileDiff(new FileDiff(NO_NEWLINE)).split('\n').slice(4)).toEqual([
        '   3      -| third',
        '          \\| no newline at end of file',
        '        3 +| third!',
        '          \\| no newline at end of file'
      ]);
    });

    it('widens the number columns for files past line 9999', () => {
      const lines = renderFileDiff(new FileDiff({ ...MODIFIED, patch: '@@ -9998,2 +10001,2 @@\n a\n-b\n+c' })).split('\n');
      expect(lines.slice(2)).toEqual([' 9998 10001  | a', ' 9999       -| b', '      10002 +| c']);
    });

    it('says when a file has no diff to cite', () => {
      expect(renderFileDiff(new FileDiff(BINARY))).toBe(
        'FILE assets/logo.png\n(no diff shown: binary, too large or without changed text; no line of this file can be cited)'
      );
    });
  });

  describe('NUMBERING_HELP', () => {
    it('tells which number and side to cite for each kind of line', () => {
      expect(NUMBERING_HELP).toMatch(/added or unchanged line, give the right-hand number with side RIGHT/);
      expect(NUMBERING_HELP).toMatch(/deleted line, give the left-hand number with side LEFT/);
      expect(NUMBERING_HELP).toMatch(/Quote the code exactly/);
    });
  });

  describe('toTaskFile', () => {
    it('lists deleted lines by old number on LEFT and the others by new number on RIGHT', () => {
      expect(toTaskFile(new FileDiff(RENAMED)).lines.slice(2, 6)).toEqual([
        { side: 'RIGHT', line: 12, text: '  const y = 2;', kind: 'context' },
        { side: 'LEFT', line: 13, text: '  return x + y;', kind: 'del' },
        { side: 'RIGHT', line: 13, text: '  return x * y;', kind: 'add' },
        { side: 'RIGHT', line: 14, text: '}', kind: 'context' }
      ]);
      expect(toTaskFile(new FileDiff(RENAMED)).path).toBe('src/math/new-name.ts');
    });

    it('has no lines for a file without a patch', () => {
      expect(toTaskFile(new FileDiff(BINARY))).toEqual({ path: 'assets/logo.png', lines: [] });
    });
  });
});
