import { apportion } from '../../src/lrs/apportion.js';

describe('lrs/apportion', () => {
  describe('apportion', () => {
    it('keeps whole numbers as they are', () => {
      expect(apportion([15, 0, 20])).toEqual([15, 0, 20]);
    });

    it('rounds so that the parts add up to the rounded total', () => {
      // Rounded one by one these give 3 + 3 + 3 = 9 against a total of 7.5 → 8.
      const parts = apportion([2.5, 2.5, 2.5]);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(8);
      expect(parts).toEqual([3, 3, 2]);
    });

    it('gives the spare points to the largest remainders', () => {
      expect(apportion([1.2, 4.9, 3.6, 0.3])).toEqual([1, 5, 4, 0]);
    });
  });
});
