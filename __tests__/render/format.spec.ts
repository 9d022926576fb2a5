import { clip, displayPath, fit, formatCost, formatDuration } from '../../src/render/format.js';

describe('render/format', () => {
  describe('clip', () => {
    it('keeps short text and marks cut text', () => {
      expect(clip('abc', 3)).toBe('abc');
      expect(clip('abcdef', 4)).toBe('abc…');
      expect(clip('abc', 0)).toBe('');
    });

    it('never splits a surrogate pair', () => {
      expect(clip('ab🔴cd', 4)).toBe('ab…');
    });
  });

  describe('displayPath', () => {
    it('keeps both ends of a very long path', () => {
      const long = `src/${'deep/'.repeat(60)}file.ts`;
      const shown = displayPath(long);
      expect(shown.length).toBe(160);
      expect(shown.startsWith('src/deep/')).toBe(true);
      expect(shown.endsWith('/deep/file.ts')).toBe(true);
      expect(shown).toContain('…');
      expect(displayPath('src/a.ts')).toBe('src/a.ts');
    });
  });

  describe('numbers', () => {
    it('formats cost to four decimals and durations in seconds or minutes', () => {
      expect(formatCost(0.0123)).toBe('$0.0123');
      expect(formatDuration(42_000)).toBe('42 s');
      expect(formatDuration(125_000)).toBe('2 min 5 s');
    });
  });

  describe('fit', () => {
    it('returns the first rendering within the cap, or the last one', () => {
      expect(fit(3, [5, 3, 1], (n) => 'x'.repeat(n))).toBe('xxx');
      expect(fit(0, [5, 3, 1], (n) => 'x'.repeat(n))).toBe('x');
    });

    it('measures with the size it is given', () => {
      expect(
        fit(
          4,
          ['€€', 'ab'],
          (s) => s,
          (s) => Buffer.byteLength(s)
        )
      ).toBe('ab');
    });
  });
});
