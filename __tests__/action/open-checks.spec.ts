import { leftOpen, whyLeftOpen } from '../../src/action/open-checks.js';

describe('action/open-checks', () => {
  const NAMES = ['STATE_open-check-runs', 'STATE_main-step-end'];
  const saved = Object.fromEntries(NAMES.map((n) => [n, process.env[n]]));
  afterEach(() => {
    for (const n of NAMES)
      if (saved[n] === undefined) delete process.env[n];
      else process.env[n] = saved[n];
  });

  describe('what the main step left for the post step', () => {
    it('reads the open check runs the runner passes on, and says what is wrong with a list it cannot read', () => {
      process.env['STATE_open-check-runs'] = JSON.stringify([{ owner: 'o', repo: 'r', id: 7, name: 'LoopKit Review' }]);
      expect(leftOpen()).toEqual({ runs: [{ owner: 'o', repo: 'r', id: 7, name: 'LoopKit Review' }] });
      process.env['STATE_open-check-runs'] = '[{"id": "seven"}]';
      expect(leftOpen()).toMatchObject({ runs: [], problem: expect.stringMatching(/^the saved list of open check runs is not valid/) });
      delete process.env['STATE_open-check-runs'];
      expect(leftOpen()).toEqual({ runs: [] });
    });

    it('gives the reason by how the main step ended: finished, crashed, or stopped by the runner', () => {
      process.env['STATE_main-step-end'] = 'finished';
      expect(whyLeftOpen()).toMatch(/^LoopKit could not complete it \(GitHub failed the update/);
      process.env['STATE_main-step-end'] = 'crashed: TypeError: x is undefined\n    at run (dist/index.js:1:1)';
      expect(whyLeftOpen()).toBe('LoopKit crashed before finishing (TypeError: x is undefined)');
      delete process.env['STATE_main-step-end'];
      expect(whyLeftOpen()).toBe('the job was cancelled or timed out, or the step was stopped, before LoopKit finished');
    });
  });
});
