import { tmpdir } from 'node:os';
import { saveKey } from '../../src/flows/state-key.js';
import { ActionsCacheStore, stateKey } from '../../src/state/cache-store.js';
import { FileSystemStore } from '../../src/state/filesystem-store.js';

describe('state/state-key', () => {
  const base = {
    repo: 'octo-org/app.web',
    loop: 'pr-review',
    subject: { kind: 'pull_request' as const, number: 12 },
    head: '3f2a9c1b7d4e5f60718293a4b5c6d7e8f9012345',
    runId: 9876543210,
    runAttempt: 1
  };

  describe('stateKey', () => {
    it('names repository, loop, subject, head and run', () => {
      expect(stateKey(base)).toBe('loopkit-state-v1-octo-org_app.web-pr-review-pr12-3f2a9c1b7d4e-9876543210-1');
    });

    it('gives every run and every attempt a key of its own', () => {
      expect(stateKey({ ...base, runAttempt: 2 })).not.toBe(stateKey(base));
      expect(stateKey({ ...base, runId: 9876543211 })).not.toBe(stateKey(base));
    });

    it('names the issues subject of the triage loop, and a missing head', () => {
      const { head: _head, ...noHead } = base;
      expect(stateKey({ ...noHead, loop: 'triage', subject: { kind: 'issues' } })).toBe('loopkit-state-v1-octo-org_app.web-triage-issues-nohead-9876543210-1');
    });

    it('never holds a comma, whatever the names hold', () => {
      const key = stateKey({ ...base, repo: 'a,b/c', loop: 'x, y', head: 'ab,cd', runId: '1,2', runAttempt: '3,' });
      expect(key).not.toContain(',');
      expect(key).toMatch(/^[A-Za-z0-9._-]+$/);
    });

    it('stays within 512 characters and keeps long names that share a prefix apart', () => {
      const long = 'x'.repeat(2000);
      const a = stateKey({ ...base, repo: `${long}a`, loop: `${long}a`, runId: long, runAttempt: long });
      const b = stateKey({ ...base, repo: `${long}b`, loop: `${long}b`, runId: long, runAttempt: long });
      expect(a.length).toBeLessThanOrEqual(512);
      expect(a).not.toBe(b);
    });
  });

  describe('the key a review saves under', () => {
    it('is a fresh one per run in the Actions cache, which cannot overwrite, and one per loop and subject in a folder, which can', () => {
      const cache = new ActionsCacheStore(tmpdir());
      expect(saveKey(cache, base)).toBe(stateKey(base));
      const folder = new FileSystemStore(tmpdir());
      expect(saveKey(folder, base)).toBe('loopkit-state-v1-octo-org_app.web-pr-review-pr12-nohead-latest');
      expect(saveKey(folder, { ...base, head: 'a'.repeat(40), runId: 1 })).toBe(saveKey(folder, base));
      expect(saveKey(folder, { ...base, subject: { kind: 'pull_request', number: 13 } })).not.toBe(saveKey(folder, base));
    });
  });
});
