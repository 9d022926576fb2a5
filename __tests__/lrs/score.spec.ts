import { scoreLoop } from '../../src/lrs/index.js';
import { ACTION, COMPLETE, MINIMAL, dimension } from './loops.js';
import { fromInput, fromYaml, lineOf } from './source.js';

describe('lrs/score', () => {
  describe('scoreLoop', () => {
    it('scores a minimal loop low, blocked as unbounded', () => {
      const { loop, source } = fromInput(MINIMAL);
      const report = scoreLoop(loop, source, ACTION);
      expect(report.loop).toBe('pr-review');
      expect(report.score).toBeLessThan(50);
      expect(report.grade).toBe('F');
      expect(report.blockers.map((b) => b.id)).toEqual(['unbounded']);
      expect(report.gradeCappedBy).toBe('unbounded');
    });

    it('gives a complete loop full marks and an A', () => {
      const { loop, source } = fromInput(COMPLETE);
      const report = scoreLoop(loop, source, ACTION);
      expect(report.score).toBe(100);
      expect(report.grade).toBe('A');
      expect(report.gradeCappedBy).toBeUndefined();
      expect(report.blockers).toEqual([]);
      expect(report.warnings).toEqual([]);
      for (const d of report.dimensions) {
        expect(d).toMatchObject({ earned: d.max, status: 'ok' });
        expect(d.fix).toBeUndefined();
        expect(d.location).toBeUndefined();
        expect(d.reason).not.toBe('');
      }
    });

    it('reports the seven dimensions in table order with whole points that add up to the score', () => {
      const { loop, source } = fromInput({ ...MINIMAL, description: 'Review pull requests for bugs', verify: { checker: 'reviewer' } });
      const report = scoreLoop(loop, source, { runsIn: 'action', enforceMakerChecker: false });
      expect(report.dimensions.map((d) => d.id)).toEqual(['goal', 'termination', 'verification', 'recovery', 'budget', 'human', 'state']);
      for (const d of report.dimensions) expect(Number.isInteger(d.earned)).toBe(true);
      expect(report.dimensions.reduce((sum, d) => sum + d.earned, 0)).toBe(report.score);
    });

    it('gives every dimension that lost points a one-line reason, a fix and a location', () => {
      const { loop, source } = fromInput(MINIMAL);
      const report = scoreLoop(loop, source, ACTION);
      const lost = report.dimensions.filter((d) => d.earned < d.max);
      expect(lost.map((d) => d.id)).toEqual(['goal', 'termination', 'verification', 'recovery', 'budget', 'human', 'state']);
      for (const d of lost) {
        expect(d.reason).toMatch(/^\S.*\S$/);
        expect(d.reason).not.toContain('\n');
        expect(d.fix).toMatch(/^[A-Z]/);
        expect(d.fix).not.toContain('\n');
        expect(d.location).toEqual({ line: 1, column: 1 });
      }
    });

    it('grades by score: a partly configured loop lands between A and F', () => {
      const { loop, source } = fromInput({ ...COMPLETE, memory: { store: 'memory' }, escalation: undefined, onError: undefined });
      const report = scoreLoop(loop, source, ACTION);
      // 100 less state 10, escalation 9, unwatched writes 3 and undeclared onError 2.5: 75.5 rounds to 76
      expect(report.score).toBe(76);
      expect(report.grade).toBe('C');
      expect(dimension(report, 'state').status).toBe('fail');
      expect(dimension(report, 'recovery').status).toBe('warn');
    });

    describe('blockers', () => {
      it('fails a loop whose checker is also a maker', () => {
        const { loop, source } = fromInput({ ...COMPLETE, verify: { checker: 'bugs', maxRounds: 3 } });
        const report = scoreLoop(loop, source, ACTION);
        expect(report.grade).toBe('F');
        expect(report.gradeCappedBy).toBe('checker-is-maker');
        expect(report.blockers).toEqual([expect.objectContaining({ id: 'checker-is-maker', message: expect.stringContaining('"bugs" is also a maker') })]);
        expect(report.score).toBeGreaterThanOrEqual(50);
        expect(dimension(report, 'verification').status).toBe('fail');
      });

      it('caps a self-checking loop at D with a warning when enforceMakerChecker is off', () => {
        const selfChecking = {
          ...COMPLETE,
          pipeline: [{ agent: { label: 'bugs', prompt: 'Find bugs, then try to refute each one with evidence from the code.' } }],
          verify: { checker: 'bugs', maxRounds: 3, passThreshold: 0.8 }
        };
        const { loop, source } = fromInput(selfChecking);
        const report = scoreLoop(loop, source, { runsIn: 'action', enforceMakerChecker: false });
        expect(report.score).toBe(90);
        expect(report.grade).toBe('D');
        expect(report.gradeCappedBy).toBe('checker-is-maker');
        expect(report.blockers).toEqual([]);
        expect(report.warnings).toEqual([expect.stringContaining('capped at D because enforceMakerChecker is off')]);
        expect(dimension(report, 'verification').status).toBe('fail');
      });

      it('names only the caps that hold the grade: a D cap does not hold an F', () => {
        const { loop, source } = fromInput({ ...MINIMAL, verify: { checker: 'reviewer' } });
        const report = scoreLoop(loop, source, { runsIn: 'action', enforceMakerChecker: false });
        expect(report.score).toBeLessThan(50);
        expect(report.grade).toBe('F');
        expect(report.gradeCappedBy).toBeUndefined();
      });

      it('blocks a loop nothing bounds and points at where the cap goes', () => {
        const text = [
          'name: triage',
          'trigger:',
          '  cron: "0 9 * * 1-5"',
          'pipeline:',
          '  - agent: { label: t, prompt: Triage new issues. }',
          'budget:',
          '  maxCostUsd: 2',
          ''
        ].join('\n');
        const { loop, source } = fromYaml(text);
        const report = scoreLoop(loop, source, ACTION);
        expect(report.blockers).toEqual([
          expect.objectContaining({ id: 'unbounded', fix: expect.stringContaining('maxDurationMinutes'), location: { line: 6, column: 1 } })
        ]);
        expect(report.grade).toBe('F');
      });

      it('does not block a loop bounded by verify rounds alone, or by a cap alone', () => {
        for (const input of [
          { ...MINIMAL, verify: { checker: { label: 'c', prompt: 'Refute each finding with evidence from the code.' } } },
          { ...MINIMAL, budget: { maxIterations: 5 } },
          { ...MINIMAL, budget: { maxDurationMinutes: 10 } }
        ]) {
          const { loop, source } = fromInput(input);
          expect(scoreLoop(loop, source, ACTION).blockers).toEqual([]);
        }
      });

      it('blocks a literal secret, naming its line and never the secret', () => {
        const key = 'sk-ant-' + 'api03-' + 'Zx9'.repeat(12);
        const text = ['name: pr-review', 'trigger: { event: pull_request }', 'pipeline:', `  - agent: { label: r, prompt: "Use ${key} to call." }`, ''].join(
          '\n'
        );
        const { loop, source } = fromYaml(text);
        const report = scoreLoop(loop, source, ACTION);
        const secret = report.blockers.find((b) => b.id === 'secret');
        expect(secret).toMatchObject({ message: expect.stringContaining('Line 4'), location: { line: 4, column: text.split('\n')[3]!.indexOf('sk-ant') + 1 } });
        expect(JSON.stringify(report)).not.toContain(key.slice(7));
        expect(report.gradeCappedBy).toBe('unbounded, secret');
      });
    });

    describe('locations', () => {
      const text = [
        'name: pr-review',
        'trigger:',
        '  event: pull_request',
        'pipeline:',
        '  - agent:',
        '      label: reviewer',
        '      prompt: Review the changed lines for bugs.',
        'agents:',
        '  - label: checker',
        '    prompt: Check them.',
        'verify:',
        '  checker: checker',
        'budget:',
        '  maxCostUsd: 2',
        '  maxDurationMinutes: 10',
        'memory:',
        '  store: memory',
        ''
      ].join('\n');
      const { loop, source } = fromYaml(text);
      const report = scoreLoop(loop, source, ACTION);

      it('points at the key to change when the file writes it', () => {
        expect(dimension(report, 'state').location).toEqual({ line: lineOf(text, 'store: memory'), column: 3 });
      });

      it('points at a named checker where it is defined', () => {
        expect(dimension(report, 'verification').fix).toContain('refute');
        expect(dimension(report, 'verification').location).toEqual({ line: lineOf(text, 'prompt: Check them.'), column: 5 });
      });

      it('points at the closest parent when the key is missing', () => {
        expect(dimension(report, 'budget').fix).toContain('maxTokens');
        expect(dimension(report, 'budget').location).toEqual({ line: lineOf(text, 'budget:'), column: 1 });
        expect(dimension(report, 'goal').location).toEqual({ line: lineOf(text, 'verify:'), column: 1 });
      });

      it('falls back to the top of the loop for a missing top-level key', () => {
        expect(dimension(report, 'human').location).toEqual({ line: 1, column: 1 });
      });

      it('leaves the location out when the source cannot place anything', () => {
        const blind = { ...source, locate: () => undefined };
        const d = dimension(scoreLoop(loop, blind, ACTION), 'state');
        expect(d.fix).toBeDefined();
        expect(d.location).toBeUndefined();
      });
    });
  });
});
