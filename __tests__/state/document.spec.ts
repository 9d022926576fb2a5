import { emptyState, parseState, ROUND_HISTORY_LIMIT, serializeState, type StateDocument } from '../../src/state/document.js';

describe('state/document', () => {
  const HEAD = '3f2a9c1b7d4e5f60718293a4b5c6d7e8f9012345';

  function fullDoc(): StateDocument {
    return {
      ...emptyState('pr-review', { kind: 'pull_request', number: 7 }),
      lastReviewedHead: HEAD,
      reviewedAt: '2025-06-01T10:00:00Z',
      posted: [
        {
          fingerprint: 'fp-1',
          path: 'src/a.ts',
          line: 3,
          severity: 'medium',
          claim: 'The loop never ends.',
          status: 'outdated',
          firstSeenHead: HEAD,
          lastSeenHead: HEAD
        },
        {
          fingerprint: 'fp-2',
          path: 'README.md',
          severity: 'info',
          claim: 'Typo.',
          status: 'dismissed',
          dismissed: { by: 'octocat', reason: 'intended' },
          firstSeenHead: HEAD,
          lastSeenHead: HEAD
        },
        {
          fingerprint: 'fp-3',
          path: 'src/b.ts',
          severity: 'high',
          claim: 'Leak.',
          status: 'fixed',
          closedIn: HEAD,
          quote: 'open()',
          category: 'bug',
          firstSeenHead: HEAD,
          lastSeenHead: HEAD
        }
      ],
      ignored: ['fp-2'],
      spend: { tokens: 5000, costUsd: 0.12, runs: 3 },
      rounds: [{ head: HEAD, round: 1, score: 0.8, passed: true, at: '2025-06-01T10:00:00.000+02:00' }],
      triaged: [{ issue: 9, updatedAt: '2025-05-30T08:00:00Z' }]
    };
  }

  describe('state document', () => {
    it('starts empty for a loop and subject', () => {
      expect(emptyState('triage', { kind: 'issues' })).toEqual({
        version: 2,
        loop: 'triage',
        subject: { kind: 'issues' },
        posted: [],
        ignored: [],
        spend: { tokens: 0, costUsd: 0, runs: 0 },
        rounds: [],
        triaged: [],
        notes: [],
        labelsAdded: []
      });
    });

    it('reads back what it wrote', () => {
      const written = serializeState(fullDoc());
      if (!written.ok) throw new Error(written.error);
      expect(parseState(JSON.parse(written.text))).toEqual({ ok: true, doc: fullDoc() });
    });

    it('loads a document written before findings had a life: ignored reads as dismissed, resolved (file gone) as outdated', () => {
      const old = {
        ...fullDoc(),
        posted: fullDoc()
          .posted.slice(0, 2)
          .map((p, i) => ({ ...p, dismissed: undefined, status: i === 0 ? 'resolved' : 'ignored' }))
      };
      const parsed = parseState(JSON.parse(JSON.stringify(old)));
      if (!parsed.ok) throw new Error(parsed.error);
      expect(parsed.doc.posted.map((p) => p.status)).toEqual(['outdated', 'dismissed']);
    });

    it('refuses a version from the future with a message that says so', () => {
      expect(parseState({ ...fullDoc(), version: 3 })).toEqual({
        ok: false,
        error: 'state document version 3 was written by a newer LoopKit; this one reads version 2'
      });
    });

    it.each([
      ['no version', { loop: 'x' }],
      ['version 0', { ...fullDoc(), version: 0 }],
      ['a string', 'not a document'],
      ['null', null],
      ['an array', [fullDoc()]]
    ])('refuses %s', (_name, json) => {
      const result = parseState(json);
      expect(result.ok).toBe(false);
    });

    it('names what is wrong in a corrupt document', () => {
      const result = parseState({ ...fullDoc(), posted: [{ ...fullDoc().posted[0], status: 'deleted', firstSeenHead: 'main' }] });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error).toContain('posted[0].status');
      expect(result.error).toContain('posted[0].firstSeenHead');
    });

    it('keeps the last rounds only, in order, when reading and when writing', () => {
      const rounds = Array.from({ length: ROUND_HISTORY_LIMIT + 10 }, (_, i) => ({
        head: HEAD,
        round: i + 1,
        score: 0.5,
        passed: false,
        at: '2025-06-01T10:00:00Z'
      }));
      const read = parseState({ ...fullDoc(), rounds });
      expect(read.ok && read.doc.rounds.map((r) => r.round)).toEqual(rounds.slice(-ROUND_HISTORY_LIMIT).map((r) => r.round));

      const written = serializeState({ ...fullDoc(), rounds });
      expect(written.ok && JSON.parse(written.text).rounds).toHaveLength(ROUND_HISTORY_LIMIT);
    });

    it('migrates a version 1 document: everything it kept is read, with nothing learned yet', () => {
      const { notes: _notes, labelsAdded: _labels, ...older } = fullDoc();
      expect(parseState({ ...older, version: 1 })).toEqual({ ok: true, doc: fullDoc() });
    });

    it('refuses a version 2 document without its notes rather than guessing', () => {
      const { notes: _notes, ...broken } = fullDoc();
      const result = parseState(broken);
      expect(!result.ok && result.error).toContain('notes');
    });

    it('drops fields it does not know instead of discarding the document', () => {
      const result = parseState({ ...fullDoc(), addedLater: true });
      expect(result).toEqual({ ok: true, doc: fullDoc() });
    });

    it('will not write a document it could not read back', () => {
      const result = serializeState({ ...fullDoc(), spend: { tokens: -1, costUsd: 0, runs: 0 } });
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error).toContain('spend.tokens');
    });
  });
});
