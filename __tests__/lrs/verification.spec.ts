import type { LoopInput } from '../../src/loop/schema.js';
import { scoreVerification } from '../../src/lrs/dimensions/verification.js';
import { ACTION, COMPLETE, MINIMAL, inputOf } from './loops.js';

describe('lrs/verification', () => {
  const ADVERSARIAL = 'Try to refute each finding. Confirm only with evidence from the code; reject false positives.';
  const withChecker = (prompt: string, model = 'claude-opus-4-1'): LoopInput => ({
    ...COMPLETE,
    agents: [{ label: 'skeptic', model, prompt }]
  });

  describe('verification', () => {
    it('gives nothing without verify', () => {
      const { judgements } = scoreVerification(inputOf(MINIMAL));
      expect(Object.values(judgements).map((j) => j.fraction)).toEqual([0, 0, 0, 0]);
      expect(judgements.present.note).toBe('no `verify`: findings are posted as the makers wrote them');
      expect(judgements.separate.fix).toEqual({ text: expect.stringContaining('refute'), at: ['verify'] });
    });

    it('gives full marks to a separate, adversarial checker on another model', () => {
      const { judgements, blockers, caps } = scoreVerification(inputOf(COMPLETE));
      expect(Object.values(judgements).map((j) => j.fraction)).toEqual([1, 1, 1, 1]);
      expect(judgements.adversarial.note).toBe('the checker prompt is adversarial (refute, evidence, false positive)');
      expect(judgements.independentModel.note).toBe('it runs on claude-opus-4-5, unlike the makers');
      expect(blockers).toBeUndefined();
      expect(caps).toBeUndefined();
    });

    it('accepts an inline checker and points its fixes into verify.checker', () => {
      const { judgements } = scoreVerification(
        inputOf({ ...COMPLETE, agents: undefined, verify: { checker: { label: 'inline', prompt: 'Check the findings please, thanks.' } } })
      );
      expect(judgements.separate.fraction).toBe(1);
      expect(judgements.adversarial).toMatchObject({ fraction: 0, fix: { at: ['verify', 'checker', 'prompt'] } });
      expect(judgements.independentModel).toMatchObject({ fraction: 0, fix: { at: ['verify', 'checker', 'model'] } });
    });

    it('reports a checker label that resolves to no agent', () => {
      // A near-miss of a label stays unresolved (the loader calls it a typo); a name far from every label is the built-in verifier.
      const { judgements } = scoreVerification(inputOf({ ...COMPLETE, verify: { checker: 'skeptik' } }));
      expect(judgements.present.fraction).toBe(1);
      expect(judgements.separate).toMatchObject({ fraction: 0, note: 'the checker "skeptik" is not an agent in `agents` or the pipeline' });
      expect(judgements.adversarial.fraction).toBe(0);
      expect(judgements.independentModel.fraction).toBe(0);
    });

    it('takes the makers from verify.maker, so a pipeline agent left out of it may check', () => {
      const loop: LoopInput = {
        ...COMPLETE,
        agents: undefined,
        pipeline: [{ agent: { label: 'finder', prompt: 'Find bugs.' } }, { agents: [{ label: 'judge', model: 'claude-opus-4-1', prompt: 'Verify' }] }],
        verify: { maker: 'finder', checker: 'judge' }
      };
      const { judgements, blockers } = scoreVerification(inputOf(loop));
      expect(judgements.separate.fraction).toBe(1);
      expect(blockers).toBeUndefined();
      expect(judgements.adversarial).toMatchObject({ note: 'the checker prompt is only 6 characters', fix: { at: ['pipeline', 1, 'agents', 0, 'prompt'] } });
    });

    it('blocks a checker that is also a maker when enforceMakerChecker is on', () => {
      const { judgements, blockers, caps } = scoreVerification(inputOf({ ...COMPLETE, verify: { checker: 'bugs' } }));
      expect(judgements.separate).toMatchObject({ fraction: 0, note: 'the checker "bugs" is also a maker: it would verify its own findings' });
      expect(blockers).toEqual([
        {
          id: 'checker-is-maker',
          message: 'The checker "bugs" is also a maker: it would verify its own findings',
          fix: expect.stringContaining('its own agent'),
          location: expect.objectContaining({ line: expect.any(Number) })
        }
      ]);
      expect(caps).toBeUndefined();
    });

    it('caps at D with a warning instead when enforceMakerChecker is off', () => {
      const outcome = scoreVerification(inputOf({ ...COMPLETE, verify: { checker: 'bugs' } }, { ...ACTION, enforceMakerChecker: false }));
      expect(outcome.blockers).toBeUndefined();
      expect(outcome.caps).toEqual([{ grade: 'D', by: 'checker-is-maker' }]);
      expect(outcome.warnings).toEqual([expect.stringMatching(/^The checker "bugs" is also a maker.*capped at D/)]);
    });

    it('sees through a maker copied under another name', () => {
      const twin = { label: 'bugs-again', prompt: 'Find correctness bugs in the changed lines.' };
      const { judgements, blockers } = scoreVerification(inputOf({ ...COMPLETE, agents: [twin], verify: { checker: 'bugs-again' } }));
      expect(judgements.separate.note).toBe('the checker "bugs-again" is the maker "bugs" under another name (same prompt and model)');
      expect(blockers?.map((b) => b.id)).toEqual(['checker-is-maker']);

      const onOtherModel = scoreVerification(inputOf({ ...COMPLETE, agents: [{ ...twin, model: 'claude-opus-4-1' }], verify: { checker: 'bugs-again' } }));
      expect(onOtherModel.judgements.separate.fraction).toBe(1);
    });

    it.each([
      ['Look at every finding and decide whether it holds; read the code around it first.', 0, 'the checker prompt does not ask it to refute findings'],
      ['Look at every finding and verify it against the code around it before answering.', 0.5, 'the checker prompt has one adversarial cue (verify)'],
      ['Be a skeptic: challenge every finding against the code around it before answering.', 1, 'the checker prompt is adversarial (challenge, skeptic)'],
      ['Refute it with evidence.', 0.25, 'the checker prompt is only 24 characters'],
      ['Check it.', 0, 'the checker prompt is only 9 characters']
    ])('scores the checker prompt %j at %d', (prompt, fraction, note) => {
      expect(scoreVerification(inputOf(withChecker(prompt))).judgements.adversarial).toMatchObject({ fraction, note });
    });

    it.each(['refuted', 'disproven', 'challenged', 'verification', 'evidence', 'false-positive', 'sceptical'])(
      'recognises "%s" as an adversarial cue',
      (word) => {
        const prompt = `Read each finding closely, then answer with ${word} about the code.`;
        expect(scoreVerification(inputOf(withChecker(prompt))).judgements.adversarial.fraction).toBe(0.5);
      }
    );

    it('withholds the model bonus when the checker shares a model with a maker, defaults included', () => {
      const { judgements } = scoreVerification(inputOf(withChecker(ADVERSARIAL, 'claude-sonnet-4-5')));
      expect(judgements.independentModel).toMatchObject({
        fraction: 0,
        note: 'it shares the model claude-sonnet-4-5 with a maker',
        fix: { at: ['agents', 0, 'model'] }
      });
      const byDefault = scoreVerification(inputOf({ ...COMPLETE, model: undefined, agents: [{ label: 'skeptic', prompt: ADVERSARIAL }] }));
      expect(byDefault.judgements.independentModel.fraction).toBe(0);
    });
  });
});
