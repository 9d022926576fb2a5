import type { ReviewResult } from '../../src/engine/review.js';
import { emptyState, parseState, RUN_FINDINGS_LIMIT, RUN_HISTORY_LIMIT, serializeState, type RunRecord, type StateDocument } from '../../src/state/document.js';
import { persisted, reviewRunRecord } from '../../src/state/persistence.js';

describe('state/persistence', () => {
  const HEAD = '3f2a9c1b7d4e5f60718293a4b5c6d7e8f9012345';

  function doc(): StateDocument {
    return {
      ...emptyState('pr-review', { kind: 'pull_request', number: 7 }),
      lastReviewedHead: HEAD,
      reviewedAt: '2025-06-01T10:00:00Z',
      reviewedFiles: ['digest-a', 'digest-b'],
      posted: [
        {
          fingerprint: 'fp-1',
          path: 'src/a.ts',
          line: 3,
          severity: 'high',
          claim: 'The loop never ends.',
          status: 'open',
          firstSeenHead: HEAD,
          lastSeenHead: HEAD
        },
        { fingerprint: 'fp-2', path: 'README.md', severity: 'info', claim: 'Typo.', status: 'outdated', firstSeenHead: HEAD, lastSeenHead: HEAD }
      ],
      ignored: ['fp-3'],
      spend: { tokens: 5000, costUsd: 0.12, runs: 3 },
      rounds: [{ head: HEAD, round: 1, score: 0.8, passed: true, at: '2025-06-01T10:00:00Z' }],
      triaged: [{ issue: 9, updatedAt: '2025-05-30T08:00:00Z' }]
    };
  }

  function run(at: string, findings = 1): RunRecord {
    return {
      at,
      head: HEAD,
      status: 'complete',
      findings: Array.from({ length: findings }, (_, i) => ({
        path: 'src/a.ts',
        line: i + 1,
        severity: 'high' as const,
        claim: `Finding ${i}.`,
        verdict: 'confirmed' as const
      })),
      tokens: 1200,
      costUsd: 0.01
    };
  }

  /** What the store keeps: the document written and read back as every store does. */
  function stored(d: StateDocument): StateDocument {
    const text = serializeState(d);
    if (!text.ok) throw new Error(text.error);
    const back = parseState(JSON.parse(text.text));
    if (!back.ok) throw new Error(back.error);
    return back.doc;
  }

  describe('memory.persistence', () => {
    it('summary (the default) keeps the document as it is, without a run history', () => {
      const withHistory = { ...doc(), runs: [run('2025-06-01T09:00:00Z')] };
      expect(persisted(withHistory)).toEqual(doc());
      expect(persisted(withHistory, 'summary', run('2025-06-02T09:00:00Z'))).toEqual(doc());
    });

    it('full appends one checked run record per run, the newest RUN_HISTORY_LIMIT kept, each with at most RUN_FINDINGS_LIMIT findings', () => {
      let d = doc();
      for (let i = 0; i < RUN_HISTORY_LIMIT + 3; i++)
        d = stored(persisted(d, 'full', run(new Date(Date.UTC(2025, 5, 1, 0, i)).toISOString(), i === RUN_HISTORY_LIMIT + 2 ? RUN_FINDINGS_LIMIT + 10 : 1)));
      expect(d.runs).toHaveLength(RUN_HISTORY_LIMIT);
      expect(d.runs![0]!.at).toBe(new Date(Date.UTC(2025, 5, 1, 0, 3)).toISOString());
      expect(d.runs!.at(-1)!.findings).toHaveLength(RUN_FINDINGS_LIMIT);
      // The rest of the document is the summary's.
      const { runs: _runs, ...rest } = d;
      expect(rest).toEqual(doc());
    });

    it('full without a run (an ignore command) keeps the history as it is', () => {
      const d = { ...doc(), runs: [run('2025-06-01T09:00:00Z')] };
      expect(persisted(d, 'full')).toEqual(d);
    });

    it('a run record that is not valid is never stored', () => {
      const bad = { ...run('yesterday'), tokens: -1 };
      expect(serializeState(persisted(doc(), 'full', bad)).ok).toBe(false);
    });

    it('minimal keeps the last head, reviewed files, posted fingerprints with status, severity and path, ignored and triaged; drops claims, lines, rounds, spend and history', () => {
      const d = { ...doc(), runs: [run('2025-06-01T09:00:00Z')] };
      const kept = stored(persisted(d, 'minimal', run('2025-06-02T09:00:00Z')));
      expect(kept).toEqual({
        ...emptyState('pr-review', { kind: 'pull_request', number: 7 }),
        lastReviewedHead: HEAD,
        reviewedAt: '2025-06-01T10:00:00Z',
        reviewedFiles: ['digest-a', 'digest-b'],
        posted: [
          { fingerprint: 'fp-1', path: 'src/a.ts', severity: 'high', claim: '', status: 'open', firstSeenHead: HEAD, lastSeenHead: HEAD },
          { fingerprint: 'fp-2', path: 'README.md', severity: 'info', claim: '', status: 'outdated', firstSeenHead: HEAD, lastSeenHead: HEAD }
        ],
        ignored: ['fp-3'],
        triaged: [{ issue: 9, updatedAt: '2025-05-30T08:00:00Z' }]
      });
    });

    it('is pure: the document the run goes on with is unchanged', () => {
      const d = doc();
      const before = structuredClone(d);
      persisted(d, 'minimal');
      persisted(d, 'full', run('2025-06-02T09:00:00Z'));
      expect(d).toEqual(before);
    });

    it('a review becomes a run record with every finding and its verdict', () => {
      const result = {
        status: 'partial',
        tokens: 900,
        costUsd: 0.02,
        findings: [
          {
            path: 'src/a.ts',
            line: 4,
            severity: 'critical',
            claim: 'SQL injection.',
            verdict: { kind: 'confirmed', confidence: 0.9, evidence: 'x', checker: 'c' }
          },
          { path: 'src/b.ts', line: 2, severity: 'low', claim: 'Unused.' }
        ]
      } as unknown as ReviewResult;
      expect(reviewRunRecord(result, HEAD, '2025-06-02T09:00:00Z')).toEqual({
        at: '2025-06-02T09:00:00Z',
        head: HEAD,
        status: 'partial',
        findings: [
          { path: 'src/a.ts', line: 4, severity: 'critical', claim: 'SQL injection.', verdict: 'confirmed' },
          { path: 'src/b.ts', line: 2, severity: 'low', claim: 'Unused.', verdict: 'unverified' }
        ],
        tokens: 900,
        costUsd: 0.02
      });
    });
  });
});
