import type { ChangedFile } from '../../src/diff/types.js';
import type { PullRequestSnapshot } from '../../src/engine/context.js';
import { fileDigest, planReview, reviewedDigests, reviewedFrom } from '../../src/engine/plan.js';

describe('engine/plan', () => {
  const HEAD = 'a'.repeat(40);
  const NEXT = 'b'.repeat(40);
  const file = (path: string, patch = '@@ -1 +1 @@\n-old\n+new'): ChangedFile => ({ path, status: 'modified', additions: 1, deletions: 1, patch });
  const pr = (files: ChangedFile[], headSha = HEAD): PullRequestSnapshot => ({
    number: 1,
    title: 't',
    body: '',
    author: 'a',
    draft: false,
    labels: [],
    baseRef: 'main',
    baseSha: 'c'.repeat(40),
    headRef: 'f',
    headSha,
    fork: false,
    url: '',
    files,
    filesTotal: files.length
  });
  const digests = (...files: ChangedFile[]) => new Set(files.map(fileDigest));

  describe('fileDigest', () => {
    it('changes with the patch, the path and the status, and is 12 base64url characters', () => {
      const a = file('src/a.ts');
      expect(fileDigest(a)).toMatch(/^[A-Za-z0-9_-]{12}$/);
      expect(fileDigest(a)).toBe(fileDigest(file('src/a.ts')));
      expect(fileDigest(file('src/a.ts', '@@ -1 +1 @@\n-old\n+newer'))).not.toBe(fileDigest(a));
      expect(fileDigest(file('src/b.ts'))).not.toBe(fileDigest(a));
      expect(fileDigest({ ...a, status: 'renamed', previousPath: 'src/old.ts' })).not.toBe(fileDigest(a));
    });
  });

  describe('planReview', () => {
    const a = file('src/a.ts');
    const b = file('src/b.ts');

    it('reviews everything without a record', () => {
      expect(planReview(pr([a, b]), undefined).mode).toBe('full');
    });

    it('skips a head whose review completed, and only that', () => {
      expect(planReview(pr([a, b]), { head: HEAD, complete: true, files: digests(a, b) }).mode).toBe('same-head');
      const unfinished = planReview(pr([a, b]), { head: HEAD, complete: false, files: digests(a) });
      expect(unfinished).toMatchObject({ mode: 'incremental', paths: new Set(['src/b.ts']) });
      expect(unfinished.note).toContain('did not complete');
    });

    it('after a push, reviews the files whose change is not one a completed review read', () => {
      const changed = file('src/b.ts', '@@ -1 +1 @@\n-old\n+changed again');
      expect(planReview(pr([a, changed], NEXT), { head: HEAD, complete: true, files: digests(a, b) })).toMatchObject({
        mode: 'incremental',
        paths: new Set(['src/b.ts'])
      });
    });

    it('reviews nothing again when every change was reviewed in its current form (a rebase that kept the patches)', () => {
      expect(planReview(pr([a, b], NEXT), { head: HEAD, complete: true, files: digests(a, b) })).toMatchObject({ mode: 'incremental', paths: new Set() });
    });

    it('reviews in full when no file list is known', () => {
      expect(planReview(pr([a], NEXT), { head: HEAD, complete: true }).mode).toBe('full');
    });
  });

  describe('reviewedFrom', () => {
    const a = file('src/a.ts');
    const b = file('src/b.ts');

    it('unites the record’s digests with the state document’s, whatever head the document last completed', () => {
      // A record past its size limit carries no files; the document of a partial run still knows what was done.
      const reviewed = reviewedFrom({ head: HEAD, complete: false }, [fileDigest(a)]);
      expect(reviewed).toEqual({ head: HEAD, complete: false, files: digests(a) });
      expect(planReview(pr([a, b]), reviewed)).toMatchObject({ mode: 'incremental', paths: new Set(['src/b.ts']) });
      expect(reviewedFrom({ head: HEAD, complete: true, files: [fileDigest(a)] }, [fileDigest(b)])?.files).toEqual(digests(a, b));
    });

    it('knows nothing without a record, and no files when neither source has them', () => {
      expect(reviewedFrom(undefined, [fileDigest(a)])).toBeUndefined();
      expect(reviewedFrom({ head: HEAD, complete: true }, undefined)).toEqual({ head: HEAD, complete: true });
    });
  });

  describe('reviewedDigests', () => {
    it('keeps what was reviewed and is still the current change, adds what this run completed, drops the rest', () => {
      const a = file('src/a.ts');
      const b = file('src/b.ts');
      const gone = file('src/gone.ts');
      const out = reviewedDigests(pr([a, b]), digests(a, gone), new Set(['src/b.ts']));
      expect(out).toEqual(digests(a, b));
      expect(reviewedDigests(pr([a, b]), undefined, new Set())).toEqual(new Set());
    });
  });
});
