/** `loopkit status` shows what a loop learned from maintainers, and reads documents an older LoopKit wrote. */
import { emptyState, type StateDocument } from '../../src/state/document.js';
import { noteIgnored, noteRefuted } from '../../src/state/notes.js';
import { cli, tempFolders } from './run-cli.js';

describe('cli/status-notes', () => {
  const tempRepo = tempFolders('loopkit-status-notes-');
  const HEAD = '3f2a9c1b7d4e5f60718293a4b5c6d7e8f9012345';

  test('status lists the learned notes, most taught first, under their document', async () => {
    let doc: StateDocument = { ...emptyState('pr-review', { kind: 'pull_request', number: 7 }), lastReviewedHead: HEAD };
    doc = noteRefuted(
      doc,
      [{ fingerprint: 'fp-2', path: 'src/b.ts', claim: 'Null dereference.', verdict: { kind: 'refuted', evidence: 'guarded on line 3' } }],
      7,
      '2026-11-01T10:00:00.000Z'
    );
    doc = noteIgnored(
      doc,
      { fingerprint: 'fp-1', path: 'src/a.ts', claim: 'Unused import.', reason: 'generated code', by: 'alice', number: 7 },
      '2026-11-02T10:00:00.000Z'
    );
    doc = noteIgnored(doc, { fingerprint: 'fp-1', path: 'src/a.ts', claim: 'Unused import.', by: 'bob', number: 8 }, '2026-11-03T10:00:00.000Z');
    const { version: _v, notes: _n, labelsAdded: _l, ...older } = emptyState('daily-triage', { kind: 'issues' });
    const dir = tempRepo({
      '.loopkit/state/a.json': JSON.stringify(doc),
      '.loopkit/state/b.json': JSON.stringify({ ...older, version: 1 })
    });

    const { code, out, err } = await cli(['status', '--cwd', dir]);
    expect(code).toBe(0);
    expect(err).toBe('');
    const lines = out.split('\n');
    const at = lines.findIndex((l) => l.includes('2 of 2 note(s) learned from maintainers (memory.learn), most taught first:'));
    expect(at).toBeGreaterThan(lines.findIndex((l) => l.includes('pr-review pull_request #7')));
    expect(lines[at + 1]).toBe(
      '    - A maintainer (@bob) dismissed the finding "Unused import." in src/a.ts: generated code. Do not report it, or findings like it, again (taught 2 times).'
    );
    expect(lines[at + 2]).toBe(
      '    - The checker refuted the finding "Null dereference." in src/b.ts: guarded on line 3. Report it again only with new evidence.'
    );
    // The version 1 document is read (migrated), not reported as unreadable, and has nothing learned to show.
    expect(out).toMatch(/daily-triage issues: last reviewed never/);
    expect(out.match(/note\(s\) learned/g)).toHaveLength(1);
  });
});
