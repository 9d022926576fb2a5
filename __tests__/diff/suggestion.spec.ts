import { resolveAnchor } from '../../src/diff/anchor.js';
import { FileDiff } from '../../src/diff/file-diff.js';
import { formatSuggestion, suggestionApplies } from '../../src/diff/suggestion.js';
import type { Anchor } from '../../src/diff/types.js';
import { DELETED, MODIFIED } from './fixtures.js';

describe('diff/suggestion', () => {
  const modified = new FileDiff(MODIFIED);
  const right = (line: number, startLine?: number): Anchor =>
    startLine === undefined
      ? { ok: true, path: MODIFIED.path, line, side: 'RIGHT' }
      : { ok: true, path: MODIFIED.path, line, side: 'RIGHT', startLine, startSide: 'RIGHT' };

  describe('suggestionApplies', () => {
    it('applies to RIGHT lines of one hunk when it changes them', () => {
      expect(suggestionApplies(modified, right(43), '    return undefined;')).toBe(true);
      expect(suggestionApplies(modified, right(44, 42), '  if (!out) return;')).toBe(true);
    });

    it('lets an empty replacement delete the lines', () => {
      expect(suggestionApplies(modified, right(45), '')).toBe(true);
    });

    it('refuses a replacement identical to the lines, also when it ends with a newline or uses CRLF', () => {
      expect(suggestionApplies(modified, right(43), '    return;')).toBe(false);
      expect(suggestionApplies(modified, right(44, 42), '  if (!out) {\r\n    return;\r\n  }\r\n')).toBe(false);
    });

    it('treats a change of whitespace as a change', () => {
      expect(suggestionApplies(modified, right(43), '  return;')).toBe(true);
    });

    it('refuses LEFT anchors: a suggestion can only replace new code', () => {
      const left = resolveAnchor(new FileDiff(DELETED), { path: DELETED.path, line: 2, side: 'LEFT', quote: 'legacy line two' });
      expect(suggestionApplies(new FileDiff(DELETED), left, 'legacy line 2')).toBe(false);
      expect(suggestionApplies(modified, { ok: true, path: MODIFIED.path, line: 43, side: 'RIGHT', startLine: 41, startSide: 'LEFT' }, 'x')).toBe(false);
    });

    it('refuses ranges that leave the hunk or run backwards, lines outside hunks and unplaced anchors', () => {
      expect(suggestionApplies(modified, right(42, 6), 'x')).toBe(false);
      expect(suggestionApplies(modified, right(20), 'x')).toBe(false);
      expect(suggestionApplies(modified, right(43, 45), 'x')).toBe(false);
      expect(suggestionApplies(modified, { ok: false, path: MODIFIED.path, why: 'outside', reason: 'outside' }, 'x')).toBe(false);
    });

    it('refuses an anchor in another file', () => {
      expect(suggestionApplies(modified, { ...right(43), path: 'src/other.ts' }, 'x')).toBe(false);
    });
  });

  describe('formatSuggestion', () => {
    it('fences the replacement as a suggestion block', () => {
      expect(formatSuggestion('  if (!out) return;\n')).toBe('```suggestion\n  if (!out) return;\n```');
    });

    it('writes an empty block for a deletion', () => {
      expect(formatSuggestion('')).toBe('```suggestion\n```');
    });

    it('uses a fence longer than any backtick run inside, so inner fences cannot close it', () => {
      const markdown = 'Run:\n```sh\nnpm test\n```\nor ````` five';
      const block = formatSuggestion(markdown);
      expect(block).toBe(`\`\`\`\`\`\`suggestion\n${markdown}\n\`\`\`\`\`\``);
    });

    it('normalises CRLF to LF', () => {
      expect(formatSuggestion('a\r\nb')).toBe('```suggestion\na\nb\n```');
    });
  });
});
