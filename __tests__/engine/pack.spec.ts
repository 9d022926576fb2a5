import { packFiles } from '../../src/engine/pack.js';
import type { ChangedFile } from '../../src/diff/types.js';

describe('engine/pack', () => {
  function file(path: string, added: number, extra: Partial<ChangedFile> = {}): ChangedFile {
    const lines = Array.from({ length: added }, (_, i) => `+const v${i} = ${i}; // ${'x'.repeat(40)}`);
    return { path, status: 'modified', additions: added, deletions: 0, patch: `@@ -0,0 +1,${added} @@\n${lines.join('\n')}`, ...extra };
  }
  const deletion: ChangedFile = { path: 'src/old.ts', status: 'removed', additions: 0, deletions: 3, patch: '@@ -1,3 +0,0 @@\n-a\n-b\n-c' };
  const base = { batchTokens: 100_000, maxBatches: 10, maxFiles: 3000 };

  test('source before tests before docs, larger changes first, deletion-only last', () => {
    const { batches } = packFiles([file('README.md', 50), deletion, file('src/small.ts', 2), file('test/a.test.ts', 30), file('src/big.ts', 20)], base);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.files.map((f) => f.path)).toEqual(['src/big.ts', 'src/small.ts', 'test/a.test.ts', 'README.md', 'src/old.ts']);
  });

  test('globs, lockfiles, vendored and generated files, and files without a patch are left out with reasons', () => {
    const { batches, skipped } = packFiles(
      [
        file('src/a.ts', 1),
        file('docs/guide.md', 1),
        file('yarn.lock', 1),
        file('vendor/lib.js', 1),
        file('web/app.min.js', 1),
        { path: 'logo.png', status: 'added', additions: 0, deletions: 0 },
        { path: 'gone.bin', status: 'removed', additions: 0, deletions: 0 }
      ],
      { ...base, exclude: ['docs/**'] }
    );
    expect(batches[0]!.files.map((f) => f.path)).toEqual(['src/a.ts']);
    expect(skipped.map((s) => [s.path, s.reason])).toEqual([
      ['docs/guide.md', 'matched by paths.exclude'],
      ['yarn.lock', 'lockfile'],
      ['vendor/lib.js', 'vendored'],
      ['web/app.min.js', 'generated'],
      ['logo.png', 'binary or too large for a patch'],
      ['gone.bin', 'deleted file without a patch']
    ]);
    const only = packFiles([file('src/a.ts', 1), file('lib/b.ts', 1)], { ...base, include: ['src/**'] });
    expect(only.skipped).toEqual([{ path: 'lib/b.ts', reason: 'not matched by paths.include', changedLines: 1 }]);
  });

  test('files are split into batches that each fit one prompt', () => {
    const files = Array.from({ length: 10 }, (_, i) => file(`src/f${i}.ts`, 40));
    const { batches, skipped } = packFiles(files, { ...base, batchTokens: 2_000 });
    expect(batches.length).toBeGreaterThan(1);
    for (const b of batches) expect(b.tokens).toBeLessThanOrEqual(2_000);
    expect(batches.flatMap((b) => b.files.map((f) => f.path)).sort()).toEqual(files.map((f) => f.path).sort());
    expect(skipped).toEqual([]);
  });

  test('past the batches the budget can pay for, files are listed as left out, never dropped silently', () => {
    const files = Array.from({ length: 10 }, (_, i) => file(`src/f${i}.ts`, 40));
    const { batches, skipped } = packFiles(files, { ...base, batchTokens: 2_000, maxBatches: 2 });
    expect(batches).toHaveLength(2);
    const reviewed = batches.flatMap((b) => b.files.map((f) => f.path));
    expect(reviewed.length + skipped.length).toBe(10);
    expect(new Set(skipped.map((s) => s.reason))).toEqual(new Set(['left out: the budget covers no more batches']));
  });

  test('a file larger than one prompt is reviewed hunk by hunk as far as it fits, the rest reported', () => {
    const hunks = Array.from(
      { length: 6 },
      (_, h) => `@@ -${h * 100 + 1},0 +${h * 100 + 1},30 @@\n${Array.from({ length: 30 }, (_, i) => `+line ${h}-${i} ${'y'.repeat(60)}`).join('\n')}`
    );
    const big: ChangedFile = { path: 'src/huge.ts', status: 'modified', additions: 180, deletions: 0, patch: hunks.join('\n') };
    const { batches, skipped } = packFiles([big], { ...base, batchTokens: 1_500 });
    expect(batches).toHaveLength(1);
    const kept = batches[0]!.files[0]!.hunks.length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(6);
    expect(skipped).toEqual([{ path: 'src/huge.ts', reason: `partly reviewed: hunks ${kept + 1}–6 did not fit one prompt`, changedLines: (6 - kept) * 30 }]);
  });

  test('maxFiles caps how many files are reviewed', () => {
    const { batches, skipped } = packFiles([file('src/a.ts', 3), file('src/b.ts', 2), file('src/c.ts', 1)], { ...base, maxFiles: 2 });
    expect(batches[0]!.files.map((f) => f.path)).toEqual(['src/a.ts', 'src/b.ts']);
    expect(skipped).toEqual([{ path: 'src/c.ts', reason: "past the connector's maxFiles (2)", changedLines: 1 }]);
  });
});
