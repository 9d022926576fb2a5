import type { LoopInput } from '../../src/loop/schema.js';
import { scoreHuman } from '../../src/lrs/dimensions/human.js';
import { COMPLETE, MINIMAL, inputOf } from './loops.js';

describe('lrs/human', () => {
  const TRIAGE: LoopInput = {
    ...COMPLETE,
    name: 'issue-triage',
    task: 'triage',
    trigger: { event: 'issues' },
    outputs: { labels: { allowed: ['bug', 'question', 'docs'], max: 2 } }
  };

  describe('human intervention', () => {
    it('gives full marks to a labelled, assigned escalation and bounded writes', () => {
      expect(scoreHuman(inputOf(COMPLETE)).judgements).toEqual({
        escalation: { fraction: 1, note: 'a failed verification labels "needs-human" and asks @octocat' },
        writes: { fraction: 1, note: 'it writes reviews (COMMENT only, never approve; at most 20 comments)' }
      });
    });

    it.each([
      [{ label: 'needs-human' }, 1, 'a failed verification labels "needs-human"'],
      [{ reviewers: ['a', 'b'] }, 1, 'a failed verification asks @a, @b'],
      [{}, 0.4, 'escalation only says so in the summary'],
      [{ comment: false }, 0, 'escalation notifies no one']
    ])('scores escalation %j at %d', (escalation, fraction, note) => {
      expect(scoreHuman(inputOf({ ...COMPLETE, escalation })).judgements.escalation).toMatchObject({ fraction, note });
    });

    it('gives no escalation points without escalation, or without verify to trigger it', () => {
      const none = scoreHuman(inputOf({ ...COMPLETE, escalation: undefined })).judgements.escalation;
      expect(none).toMatchObject({ fraction: 0, fix: { at: ['escalation'] } });
      const unverified = scoreHuman(inputOf({ ...COMPLETE, verify: undefined })).judgements.escalation;
      expect(unverified).toMatchObject({ fraction: 0, note: 'without `verify` no failure is ever escalated', fix: { at: ['verify'] } });
    });

    it('docks a loop that writes with no escalation, but not a read-only one', () => {
      const writes = scoreHuman(inputOf({ ...COMPLETE, escalation: undefined, outputs: { comment: { max: 1 } } })).judgements.writes;
      expect(writes).toMatchObject({ fraction: 0.5, note: 'it writes one comment with no one to escalate to', fix: { at: ['escalation'] } });
      const readOnly = scoreHuman(inputOf({ ...COMPLETE, escalation: undefined, outputs: undefined })).judgements.writes;
      expect(readOnly).toEqual({ fraction: 1, note: 'read-only: it writes nothing' });
    });

    describe('triage loops', () => {
      it('counts declared, bounded label outputs', () => {
        expect(scoreHuman(inputOf(TRIAGE)).judgements.writes).toEqual({ fraction: 1, note: 'it writes labels (3 allowed, at most 2)' });
      });

      it.each<[string, LoopInput]>([
        ['task: triage', { ...TRIAGE, outputs: undefined }],
        ['a cron trigger', { ...TRIAGE, task: undefined, trigger: { cron: '0 9 * * 1-5' }, outputs: { comment: { max: 1 } } }],
        ['an issues trigger', { ...TRIAGE, task: undefined, outputs: undefined }]
      ])('docks a triage loop (%s) with no label outputs', (_, loop) => {
        expect(scoreHuman(inputOf(loop)).judgements.writes).toMatchObject({
          fraction: 0,
          note: 'a triage loop without `outputs.labels` has no bounded set of labels to apply',
          fix: { at: ['outputs', 'labels'] }
        });
      });

      it.each<[string, LoopInput]>([
        ['a pull request event beside cron', { ...MINIMAL, trigger: { event: ['pull_request', 'issues'], cron: '0 9 * * *' } }],
        ['task: review', { ...MINIMAL, task: 'review', trigger: { cron: '0 9 * * *' } }]
      ])('does not treat a loop with %s as triage', (_, loop) => {
        expect(scoreHuman(inputOf(loop)).judgements.writes.fraction).toBe(1);
      });
    });
  });

  describe('generic loops', () => {
    const GENERIC: LoopInput = {
      ...COMPLETE,
      name: 'audit',
      task: undefined,
      trigger: { event: 'push' },
      outputs: { issue: { labels: ['audit'] }, check: {} }
    };

    it('counts every write as bounded, and says when the issue cap is the default', () => {
      expect(scoreHuman(inputOf(GENERIC)).judgements.writes).toEqual({ fraction: 1, note: 'it writes issues (at most 1 per event, the default), a check run' });
    });

    it('docks a comment or labels that no event of the loop can land on', () => {
      const loop: LoopInput = { ...GENERIC, outputs: { comment: { max: 1 }, labels: { allowed: ['bug'] } } };
      expect(scoreHuman(inputOf(loop)).judgements.writes).toMatchObject({
        fraction: 0.5,
        note: '`outputs.comment` and `outputs.labels` can land nowhere: no event of the loop is about an issue or a pull request',
        fix: { at: ['outputs', 'comment'] }
      });
      expect(scoreHuman(inputOf({ ...loop, task: 'generic', trigger: { event: ['push', 'issues'] } })).judgements.writes.fraction).toBe(1);
    });

    it('docks generic writes with no one to escalate to', () => {
      expect(
        scoreHuman(inputOf({ ...GENERIC, escalation: undefined, outputs: { release: {} }, trigger: { event: 'release' } })).judgements.writes
      ).toMatchObject({ fraction: 0.5, note: 'it writes its own section of the release notes with no one to escalate to' });
    });
  });
});
