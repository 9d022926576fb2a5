import { scoreGoal } from '../../src/lrs/dimensions/goal.js';
import { COMPLETE, inputOf } from './loops.js';

describe('lrs/goal', () => {
  describe('quantifiable goal', () => {
    it.each([
      [undefined, 0, 'no description states the goal'],
      ['PR review', 0, 'the description only repeats the name'],
      ['Review pull requests', 0.25, 'the description is 3 word(s), too short to state a goal'],
      ['Review pull requests for correctness bugs', 0.6, 'the description is brief (6 words)'],
      ['Review pull requests for correctness bugs and post verified findings', 1, 'the description states the goal']
    ])('scores the description %j at %d', (description, fraction, note) => {
      const { description: judged } = scoreGoal(inputOf({ ...COMPLETE, description })).judgements;
      expect(judged).toMatchObject({ fraction, note });
      if (fraction < 1) expect(judged.fix).toEqual({ text: expect.stringContaining('`description:`'), at: ['description'] });
    });

    it('counts an explicit passThreshold or failOn as a measurable criterion', () => {
      const threshold = scoreGoal(inputOf({ ...COMPLETE, failOn: undefined })).judgements.passCriterion;
      expect(threshold).toEqual({ fraction: 1, note: 'a round passes at 80% confirmed' });
      const gate = scoreGoal(inputOf({ ...COMPLETE, verify: { checker: 'skeptic' } })).judgements.passCriterion;
      expect(gate).toEqual({ fraction: 1, note: 'the check fails on high findings' });
    });

    it('gives the default passThreshold a third: it is measurable but nobody chose it', () => {
      const judged = scoreGoal(inputOf({ ...COMPLETE, failOn: undefined, verify: { checker: 'skeptic' } })).judgements.passCriterion;
      expect(judged).toMatchObject({ fraction: 1 / 3, note: 'the only pass criterion is the default threshold (0.7)' });
      expect(judged.fix?.at).toEqual(['verify', 'passThreshold']);
    });

    it('gives nothing when there is no criterion at all', () => {
      const judged = scoreGoal(inputOf({ ...COMPLETE, failOn: undefined, verify: undefined })).judgements.passCriterion;
      expect(judged).toMatchObject({ fraction: 0, fix: { at: ['failOn'] } });
    });
  });
});
