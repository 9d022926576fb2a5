/** The LRS of loops written for the original LoopKit, by the same rules, and what docs/loops.md says about them. */
import { readFileSync } from 'node:fs';
import { loadProject } from '../../src/loop/index.js';
import { scoreLoaded } from '../../src/lrs/project.js';
import { scoreVerification } from '../../src/lrs/dimensions/verification.js';
import { rosterOf } from '../../src/lrs/roster.js';
import { MemoryLoopSource } from '../helpers/memory-files.js';
import { ORIGINAL_REPOSITORY } from '../loop/original-files.js';
import { ACTION } from './loops.js';
import { sourceOf } from './source.js';

describe('lrs/original', () => {
  async function reports(files: Record<string, string>) {
    const project = await loadProject(new MemoryLoopSource(files));
    expect(project.diagnostics).toEqual([]);
    return Object.fromEntries(project.loops.map((l) => [l.loop.name, { loaded: l, report: scoreLoaded(l, project.settings) }]));
  }

  test('the README example and the triage loop in its style score as the README says', async () => {
    const scored = await reports(ORIGINAL_REPOSITORY);
    expect([scored['pr-review']!.report.score, scored['pr-review']!.report.grade]).toEqual([65, 'C']);
    expect(readFileSync('docs/loops.md', 'utf8')).toContain('| README example `pr-review` (3 makers, no `description`) | — | — | **65 (C)** |');
    // The built-in verifier's brief is adversarial; only a model of its own is missing.
    const verification = scored['pr-review']!.report.dimensions.find((d) => d.id === 'verification')!;
    expect(verification.earned).toBe(17);
    expect(scored['daily-triage']!.report.blockers).toEqual([]);
  });

  test('several checkers: the weakest brief counts, a different model on any checker counts', async () => {
    const files = {
      'loops/r.yaml': `name: r
trigger: { event: pull_request }
pipeline:
  - { prompt: Find bugs., label: Bug Review }
agents:
  - { label: Lazy Checker, prompt: Look at it. }
  - { label: Other Model, model: claude-opus-5-5, prompt: Try to refute each finding with evidence from the code. }
verify:
  checker: [Adversarial Verifier, Other Model]
`
    };
    const project = await loadProject(new MemoryLoopSource(files));
    const loop = project.loops[0]!.loop;
    const input = { loop, source: sourceOf(files['loops/r.yaml']), ctx: ACTION, roster: rosterOf(loop) };
    const both = scoreVerification(input).judgements;
    expect(both.separate.note).toBe('the 2 checkers ("Adversarial Verifier", "Other Model") are not makers, and all must confirm');
    expect(both.adversarial.fraction).toBe(1);
    expect(both.independentModel.fraction).toBe(1);
    const lazy = { ...loop, verify: { ...loop.verify!, checker: ['Lazy Checker', 'Other Model'] } };
    expect(scoreVerification({ ...input, loop: lazy, roster: rosterOf(lazy) }).judgements.adversarial.fraction).toBeLessThan(1);
  });
});
