import {
  advanceWatermark,
  CLOCK_MARGIN_MS,
  isUnchanged,
  loadTriageState,
  mergeTriageState,
  recordTriaged,
  triageSince,
  triageStateKeys
} from '../../src/flows/triage-state.js';
import { emptyState, MemoryStore, type StateDocument } from '../../src/state/index.js';

describe('triage/state', () => {
  const fresh = (): StateDocument => emptyState('daily-triage', { kind: 'issues' });

  test('every run saves under its own key; all of a loop share one exact prefix that no other loop or subject shares', () => {
    const a = triageStateKeys({ repo: 'octo/shop', loop: 'daily-triage', runId: '41', runAttempt: '1' });
    const b = triageStateKeys({ repo: 'octo/shop', loop: 'daily-triage', runId: '42', runAttempt: '2' });
    expect(a.key).toBe('loopkit-state-v1-octo_shop-daily-triage-issues-nohead-41-1');
    expect(a.prefix).toBe('loopkit-state-v1-octo_shop-daily-triage-issues-nohead-');
    expect(b.key.startsWith(a.prefix)).toBe(true);
    expect(b.prefix).toBe(a.prefix);
    expect(a.fixed).toBe(`${a.prefix}latest`);
    const other = triageStateKeys({ repo: 'octo/shop', loop: 'daily', runId: '41', runAttempt: '1' });
    expect(a.key.startsWith(other.prefix)).toBe(false);
  });

  test('the first triage looks back the connector window; later ones start at the watermark', () => {
    const now = new Date('2030-01-10T09:00:00Z');
    expect(triageSince(fresh(), now, 7)).toEqual({ since: '2030-01-03T09:00:00.000Z', first: true });
    const state = { ...fresh(), reviewedAt: '2030-01-09T08:55:00.000Z' };
    expect(triageSince(state, now, 7)).toEqual({ since: '2030-01-09T08:55:00.000Z', first: false });
  });

  test('an issue is unchanged only at exactly the updated_at recorded; recording replaces the old entry', () => {
    const state = fresh();
    recordTriaged(state, [{ issue: 1, updatedAt: '2030-01-09T10:00:00Z' }]);
    expect(isUnchanged(state, { number: 1, updatedAt: '2030-01-09T10:00:00.000Z' })).toBe(true);
    expect(isUnchanged(state, { number: 1, updatedAt: '2030-01-09T10:00:01Z' })).toBe(false);
    expect(isUnchanged(state, { number: 2, updatedAt: '2030-01-09T10:00:00Z' })).toBe(false);
    recordTriaged(state, [{ issue: 1, updatedAt: '2030-01-09T11:00:00Z' }]);
    expect(state.triaged).toEqual([{ issue: 1, updatedAt: '2030-01-09T11:00:00Z' }]);
  });

  test('the watermark moves to the start of a complete run, less the clock margin, and forgets what no listing can return', () => {
    const state = fresh();
    recordTriaged(state, [
      { issue: 1, updatedAt: '2030-01-01T00:00:00Z' },
      { issue: 2, updatedAt: '2030-01-10T08:58:00Z' }
    ]);
    const started = new Date('2030-01-10T09:00:00Z');
    advanceWatermark(state, started);
    expect(state.reviewedAt).toBe(new Date(started.getTime() - CLOCK_MARGIN_MS).toISOString());
    expect(state.triaged.map((t) => t.issue)).toEqual([2]);
    // Never backwards.
    advanceWatermark(state, new Date('2030-01-05T00:00:00Z'));
    expect(state.reviewedAt).toBe('2030-01-10T08:55:00.000Z');
  });

  test("merging keeps both runs' issues at their later updated_at and the later watermark", () => {
    const ours = { ...fresh(), reviewedAt: '2030-01-10T08:55:00.000Z', spend: { tokens: 10, costUsd: 0.1, runs: 3 } };
    recordTriaged(ours, [{ issue: 1, updatedAt: '2030-01-10T09:01:00Z' }]);
    const theirs = { ...fresh(), reviewedAt: '2030-01-09T08:55:00.000Z', spend: { tokens: 20, costUsd: 0.05, runs: 3 } };
    recordTriaged(theirs, [
      { issue: 1, updatedAt: '2030-01-10T09:05:00Z' },
      { issue: 7, updatedAt: '2030-01-10T09:02:00Z' }
    ]);
    const merged = mergeTriageState(ours, theirs);
    expect(merged.triaged).toEqual([
      { issue: 1, updatedAt: '2030-01-10T09:05:00Z' },
      { issue: 7, updatedAt: '2030-01-10T09:02:00Z' }
    ]);
    expect(merged.reviewedAt).toBe('2030-01-10T08:55:00.000Z');
    expect(merged.spend).toEqual({ tokens: 20, costUsd: 0.1, runs: 3 });
    // ours is left as it was
    expect(ours.triaged).toEqual([{ issue: 1, updatedAt: '2030-01-10T09:01:00Z' }]);
  });

  test('merging joins the run histories of `persistence: full`, each run once, oldest first', () => {
    const run = (at: string, issues: number[]) => ({ at, issues, status: 'complete' as const, findings: [], tokens: 10, costUsd: 0.01 });
    const common = run('2030-01-10T08:00:00Z', [1]);
    const ours = { ...fresh(), runs: [common] };
    const theirs = { ...fresh(), runs: [common, run('2030-01-10T09:00:00Z', [7])] };
    expect(mergeTriageState(ours, theirs).runs).toEqual([common, run('2030-01-10T09:00:00Z', [7])]);
    expect(mergeTriageState(ours, fresh()).runs).toEqual([common]);
  });

  test('merging keeps what either run was taught and the labels either added', () => {
    const note = (key: string, count: number) => ({
      kind: 'unlabeled' as const,
      key,
      subject: key.slice('label:'.length),
      by: 'maintainer',
      number: 3,
      firstAt: '2030-01-10T09:00:00Z',
      lastAt: '2030-01-10T09:00:00Z',
      count
    });
    const ours = { ...fresh(), notes: [note('label:bug', 1)], labelsAdded: [{ issue: 3, label: 'question', at: '2030-01-10T09:00:00Z' }] };
    const theirs = {
      ...fresh(),
      notes: [note('label:bug', 2), note('label:question', 1)],
      labelsAdded: [{ issue: 4, label: 'bug', at: '2030-01-10T09:01:00Z' }]
    };
    const merged = mergeTriageState(ours, theirs);
    expect(merged.notes.map((n) => [n.key, n.count])).toEqual(
      expect.arrayContaining([
        ['label:bug', 2],
        ['label:question', 1]
      ])
    );
    expect(merged.notes).toHaveLength(2);
    expect(merged.labelsAdded.map((a) => [a.issue, a.label])).toEqual([
      [3, 'question'],
      [4, 'bug']
    ]);
  });

  test('loading tries the newest entries in order and starts fresh, with a warning, when none can be found', async () => {
    const store = new MemoryStore();
    const good = fresh();
    recordTriaged(good, [{ issue: 3, updatedAt: '2030-01-10T09:00:00Z' }]);
    await store.save('older', good);
    const located = await loadTriageState(store, { saveKey: 'x', candidates: async () => ['missing', 'older'] }, 'daily-triage');
    expect(located.key).toBe('older');
    expect(located.state.triaged).toEqual(good.triaged);

    const otherLoop = await loadTriageState(store, { saveKey: 'x', candidates: async () => ['older'] }, 'weekly-triage');
    expect(otherLoop.key).toBeUndefined();
    expect(otherLoop.state.loop).toBe('weekly-triage');

    const forbidden = await loadTriageState(
      store,
      {
        saveKey: 'x',
        candidates: async () => {
          throw new Error('Resource not accessible by integration');
        }
      },
      'daily-triage'
    );
    expect(forbidden.state.triaged).toEqual([]);
    expect(forbidden.warnings[0]).toMatch(/^Could not find the triage state \(Resource not accessible by integration\): starting from the look-back window/);
  });
});
