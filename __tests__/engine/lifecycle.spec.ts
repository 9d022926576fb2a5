/**
 * A finding's life (engine/lifecycle.ts): its identity survives line moves, only the checker's
 * refutation at a new head closes it as fixed, a file gone closes it as outdated, a maker's silence
 * changes nothing, and a fixed finding that comes back is escalated once.
 */
import { advanceLives, lifeCounts, reopenReturned, stopped, toRecheck, type Life } from '../../src/engine/lifecycle.js';
import { fingerprintOf } from '../../src/engine/fingerprint.js';

describe('engine/lifecycle', () => {
  const A = 'a'.repeat(40);
  const B = 'b'.repeat(40);

  const life = (over: Partial<Life> = {}): Life => ({
    fingerprint: 'fp1',
    path: 'src/a.ts',
    severity: 'high',
    claim: 'The query is built from user input.',
    status: 'open',
    lastSeenHead: A,
    ...over
  });

  describe('fingerprint', () => {
    const finding = { path: 'src/a.ts', quote: "  db.query('SELECT ' + id);", category: 'security' as const, claim: 'SQL injection: id is concatenated.' };
    it('survives the finding moving to another line, a re-indented quote and a re-punctuated claim', () => {
      const moved = { ...finding, line: 40, quote: "\tdb.query('SELECT '  +  id);", claim: 'SQL injection -- id is concatenated' };
      expect(fingerprintOf({ ...finding })).toBe(fingerprintOf(moved));
    });
    it('changes when the quoted code or the file changes', () => {
      expect(fingerprintOf(finding)).not.toBe(fingerprintOf({ ...finding, quote: "db.query('SELECT $1', [id]);" }));
      expect(fingerprintOf(finding)).not.toBe(fingerprintOf({ ...finding, path: 'src/b.ts' }));
    });
  });

  describe('advanceLives', () => {
    const present = new Set(['src/a.ts']);
    it('keeps a finding open when no maker reports it again and the checker said nothing', () => {
      const posted = [life()];
      expect(advanceLives(posted, { head: B, present, rechecked: [], seen: new Set() })).toEqual([]);
      expect(posted[0]).toMatchObject({ status: 'open', lastSeenHead: A });
    });
    it('closes a finding as fixed only on the checker refuting it at the new head', () => {
      const posted = [life(), life({ fingerprint: 'fp2' }), life({ fingerprint: 'fp3' })];
      const closed = advanceLives(posted, {
        head: B,
        present,
        rechecked: [
          { fingerprint: 'fp1', verdict: 'refuted' },
          { fingerprint: 'fp2', verdict: 'confirmed' },
          { fingerprint: 'fp3', verdict: 'uncertain' }
        ],
        seen: new Set()
      });
      expect(closed).toEqual([{ fingerprint: 'fp1', path: 'src/a.ts', claim: life().claim, status: 'fixed', head: B }]);
      expect(posted.map((p) => [p.status, p.lastSeenHead])).toEqual([
        ['fixed', A],
        ['open', B],
        ['open', A]
      ]);
      expect(posted[0]!.closedIn).toBe(B);
    });
    it('closes a finding whose file left the pull request as outdated, without any verdict', () => {
      const posted = [life({ path: 'src/gone.ts' })];
      expect(advanceLives(posted, { head: B, present, rechecked: [], seen: new Set() })).toEqual([
        { fingerprint: 'fp1', path: 'src/gone.ts', claim: life().claim, status: 'outdated', head: B }
      ]);
    });
    it('counts a refutation of a finding the makers still report, and stops raising it after two', () => {
      const posted = [life()];
      for (let i = 0; i < 2; i++) advanceLives(posted, { head: B, present, rechecked: [{ fingerprint: 'fp1', verdict: 'refuted' }], seen: new Set(['fp1']) });
      expect(posted[0]).toMatchObject({ status: 'open', refutations: 2 });
      expect(stopped(posted[0]!)).toBe(true);
      expect(stopped(life({ refutations: 1 }))).toBe(false);
      expect(stopped(life({ status: 'dismissed' }))).toBe(true);
    });
  });

  test('toRecheck asks about open findings on changed files only', () => {
    const posted = [
      life(),
      life({ fingerprint: 'fp2', path: 'src/b.ts' }),
      life({ fingerprint: 'fp3', status: 'fixed' }),
      life({ fingerprint: 'fp4', path: 'gone.ts' })
    ];
    const present = new Set(['src/a.ts', 'src/b.ts']);
    expect(toRecheck(posted, present, new Set(['src/a.ts'])).map((p) => p.fingerprint)).toEqual(['fp1']);
    expect(toRecheck(posted, present, 'all').map((p) => p.fingerprint)).toEqual(['fp1', 'fp2']);
  });

  test('a fixed finding that comes back is reopened, escalated on its first return only', () => {
    const p = life({ status: 'fixed', closedIn: A });
    expect(reopenReturned(p, B)).toBe(true);
    expect(p).toMatchObject({ status: 'open', lastSeenHead: B, returns: 1 });
    expect(p.closedIn).toBeUndefined();
    p.status = 'fixed';
    expect(reopenReturned(p, B)).toBe(false);
  });

  test('lifeCounts counts by state and severity', () => {
    expect(lifeCounts([life(), life({ status: 'fixed', severity: 'low' }), life()])).toEqual({
      open: { high: 2 },
      fixed: { low: 1 },
      dismissed: {},
      outdated: {}
    });
  });
});
