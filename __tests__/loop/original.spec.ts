/** The original LoopKit's loop language, read by the loader into the one shape the engine sees. */
import { loadProject, type LoadedLoop } from '../../src/loop/index.js';
import { BUILT_IN_VERIFIER_PROMPT, slugOf } from '../../src/loop/dialect.js';
import { loopJsonSchema, projectJsonSchema } from '../../src/loop/json-schema.js';
import { MemoryLoopSource } from '../helpers/memory-files.js';
import { ORIGINAL_PR_REVIEW, ORIGINAL_PROJECT, ORIGINAL_REPOSITORY, ORIGINAL_TRIAGE } from './original-files.js';

describe('loop/original', () => {
  async function load(files: Record<string, string>) {
    return loadProject(new MemoryLoopSource(files));
  }
  const byName = (loops: LoadedLoop[], name: string) => loops.find((l) => l.loop.name === name)!;

  test('the README example, the init project file with `loops: {}` and a triage loop in the same style load without a problem', async () => {
    const project = await load(ORIGINAL_REPOSITORY);
    expect(project.diagnostics).toEqual([]);
    expect(project.loops.map((l) => l.loop.name).sort()).toEqual(['daily-triage', 'pr-review']);

    const review = byName(project.loops, 'pr-review');
    expect(review.loop.trigger).toEqual({ event: ['pull_request'], manual: true, drafts: false });
    expect(review.makers.map((m) => m.label)).toEqual(['Bug Review', 'Security Review', 'Quality Review']);
    expect(review.checkers).toEqual([{ label: 'Adversarial Verifier', prompt: BUILT_IN_VERIFIER_PROMPT }]);
    expect(review.loop.verify).toMatchObject({ maxRounds: 3, autoRetry: true });
    expect(review.loop.memory).toEqual({ store: 'filesystem', path: '.loopkit/state' });
    // The project's defaults fill what the loop leaves out, field by field.
    expect(review.loop.budget).toEqual({ maxTokens: 500000, maxDurationMinutes: 30, maxIterations: 10 });
    expect(review.notes).toContain(
      'checker "Adversarial Verifier": no agent has this label, so it is LoopKit\'s built-in verifier (an adversarial prompt that tries to refute each finding)'
    );

    const triage = byName(project.loops, 'daily-triage');
    expect(triage.loop.trigger).toEqual({ cron: '0 9 * * 1-5', manual: true, drafts: false, description: 'Every weekday at 09:00 UTC' });
    expect(triage.loop.pipeline).toEqual([{ agent: { label: 'Issue Triage', prompt: expect.stringContaining('Categorize it') } }]);
    expect(triage.makers.map((m) => m.label)).toEqual(['Issue Triage']);
    expect(triage.checkers.map((c) => c.label)).toEqual(['Triage Verifier']);
    expect(triage.loop.budget?.maxIterations).toBe(10);
  });

  test('trigger.type maps onto events: manual is workflow_dispatch only, event is a repository_dispatch event_type', async () => {
    const loop = (trigger: string) => `name: t\ntrigger:\n${trigger}\npipeline:\n  - prompt: Look.\n`;
    const project = await load({
      'loops/a.yaml': loop('  type: manual').replace('name: t', 'name: by-hand'),
      'loops/b.yaml': loop('  type: event\n  event: deploy-finished').replace('name: t', 'name: after-deploy'),
      'loops/c.yaml': loop('  type: webhook\n  event: release').replace('name: t', 'name: on-release'),
      'loops/d.yaml': loop('  type: webhook\n  event: issues').replace('name: t', 'name: on-issues')
    });
    expect(project.diagnostics).toEqual([]);
    expect(byName(project.loops, 'by-hand').loop.trigger.event).toEqual(['workflow_dispatch']);
    expect(byName(project.loops, 'after-deploy').loop.trigger).toMatchObject({ event: ['repository_dispatch'], types: ['deploy-finished'] });
    expect(byName(project.loops, 'on-release').notes.join('\n')).toMatch(
      /a generic loop \(its trigger or `outputs` say so\): it writes only what its `outputs` declare/
    );
    expect(byName(project.loops, 'on-issues').notes).toEqual([]);
    // Bare agents without a label get a stable one by their place.
    expect(byName(project.loops, 'by-hand').makers.map((m) => m.label)).toEqual(['Agent 1']);
  });

  test('a type that needs a key says which; an event name off by a letter gets a "did you mean"', async () => {
    const project = await load({
      'loops/x.yaml': 'name: x\ntrigger:\n  type: cron\npipeline:\n  - prompt: Look.\n',
      'loops/y.yaml': 'name: y\ntrigger:\n  type: webhook\n  event: pull_requst\npipeline:\n  - prompt: Look.\n'
    });
    expect(project.diagnostics).toEqual([
      expect.objectContaining({ file: 'loops/x.yaml', line: 3, message: '`type: cron` needs `cron`', fix: 'add e.g. `cron: "0 9 * * 1-5"`' }),
      expect.objectContaining({ file: 'loops/y.yaml', line: 4, column: 10, fix: 'did you mean "pull_request"?' })
    ]);
  });

  test('a checker name close to an agent label stays a typo; far from every label it is the built-in verifier', async () => {
    const loop = (checker: string) =>
      `name: r\ntrigger: { type: webhook, event: pull_request }\npipeline:\n  - { prompt: Find bugs., label: Bug Review }\nagents:\n  - { label: Code Verifier, prompt: Refute with evidence. }\nverify:\n  checker: ${checker}\n`;
    const typo = await load({ 'loops/r.yaml': loop('Code Verifer') });
    expect(typo.diagnostics).toEqual([
      expect.objectContaining({ line: 8, message: 'checker "Code Verifer" names no agent', fix: 'did you mean "Code Verifier"?' })
    ]);
    const builtIn = await load({ 'loops/r.yaml': loop('Adversarial Verifier') });
    // It loads, and the agent declared beside it, which never runs, is named.
    expect(builtIn.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        line: 6,
        message:
          'agent "Code Verifier" is declared but never runs: the checker "Adversarial Verifier" names no agent, so LoopKit\'s built-in verifier checks instead',
        fix: 'to check with "Code Verifier", write `checker: Code Verifier` under `verify`'
      })
    ]);
    expect(builtIn.loops[0]!.checkers.map((c) => c.prompt)).toEqual([BUILT_IN_VERIFIER_PROMPT]);
  });

  test('a checker is never taken for a typo of a maker: "Digest Verifier" beside the maker "Digest Writer" is the built-in verifier', async () => {
    const project = await load({
      'loops/d.yaml':
        'name: d\ntrigger: { event: push }\npipeline:\n  - { prompt: Write the digest., label: Digest Writer }\nverify:\n  checker: Digest Verifier\n'
    });
    expect(project.diagnostics).toEqual([]);
    expect(project.loops[0]!.checkers.map((c) => [c.label, c.prompt])).toEqual([['Digest Verifier', BUILT_IN_VERIFIER_PROMPT]]);
  });

  test('an agent declared under `agents:` that verify never names is a warning, not silence', async () => {
    const project = await load({
      'loops/u.yaml':
        'name: u\ntrigger: { event: pull_request }\npipeline:\n  - { prompt: Find bugs., label: Bug Review }\nagents:\n  - { label: Checker, prompt: Refute. }\n  - { label: Spare, prompt: Unused. }\nverify:\n  checker: Checker\n'
    });
    expect(project.loops).toHaveLength(1);
    expect(project.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        line: 7,
        message: 'agent "Spare" is declared but never runs: no `verify.checker` or `verify.maker` names it'
      })
    ]);
  });

  test('verify.checker as a list: several checkers, declared and built-in, in the order written', async () => {
    const project = await load({
      'loops/r.yaml':
        'name: r\ntrigger: { event: pull_request }\npipeline:\n  - { prompt: Find bugs., label: Bug Review }\nagents:\n  - { label: Code Verifier, prompt: Refute with evidence. }\nverify:\n  checker: [Code Verifier, Security Skeptic]\n'
    });
    expect(project.diagnostics).toEqual([]);
    expect(project.loops[0]!.checkers.map((c) => c.label)).toEqual(['Code Verifier', 'Security Skeptic']);
    expect(project.loops[0]!.notes.join('\n')).toMatch(/2 checkers: a finding is confirmed only when every checker confirms it/);
  });

  test('memory: no store is the filesystem, claude is the default store and learns, persistence says what state keeps', async () => {
    const loop = (memory: string) => `name: m\ntrigger: { event: pull_request }\npipeline:\n  - prompt: Look.\nmemory:\n${memory}\n`;
    const project = await load({
      'loops/a.yaml': loop('  path: .state/here'),
      'loops/b.yaml': loop('  store: claude\n  persistence: summary').replace('name: m', 'name: n')
    });
    expect(project.diagnostics).toEqual([]);
    expect(byName(project.loops, 'm').loop.memory).toEqual({ store: 'filesystem', path: '.state/here' });
    const claude = byName(project.loops, 'n');
    expect(claude.loop.memory).toEqual({ store: 'cache', persistence: 'summary', learn: true });
    expect(claude.notes.join('\n')).toMatch(/`memory.store: claude` keeps state in the default store .* and learns unless `learn: false`/);
    expect(claude.notes.join('\n')).toMatch(/`memory.persistence: summary`: state keeps what the runs need/);
  });

  test('settings.defaultMemory.persistence holds for a loop that names its own store, unless the loop says otherwise', async () => {
    const loop = (name: string, memory: string) => `name: ${name}\ntrigger: { event: pull_request }\npipeline:\n  - prompt: Look.\nmemory:\n${memory}\n`;
    const project = await load({
      'loopkit.yaml': 'settings:\n  defaultMemory: { store: cache, persistence: full }\n',
      'loops/a.yaml': loop('a', '  store: filesystem'),
      'loops/b.yaml': loop('b', '  persistence: minimal'),
      'loops/c.yaml': 'name: c\ntrigger: { event: pull_request }\npipeline:\n  - prompt: Look.\n'
    });
    expect(project.diagnostics).toEqual([]);
    expect(byName(project.loops, 'a').loop.memory).toEqual({ store: 'filesystem', persistence: 'full' });
    expect(byName(project.loops, 'b').loop.memory).toEqual({ store: 'filesystem', persistence: 'minimal' });
    expect(byName(project.loops, 'c').loop.memory).toEqual({ store: 'cache', persistence: 'full' });
  });

  test('free-form names: keys and files use the slug, validate says so', async () => {
    const project = await load({ 'loops/a.yaml': 'name: PR Review (café)\ntrigger: { event: pull_request }\npipeline:\n  - prompt: Look.\n' });
    expect(project.diagnostics).toEqual([]);
    expect(project.loops[0]!.loop.name).toBe('pr-review-cafe');
    expect(project.loops[0]!.notes[0]).toBe(
      'the loop "PR Review (café)" is called "pr-review-cafe" in the `loop` input, `loopkit run`, state keys and file names'
    );
    expect(slugOf('代码审查')).toMatch(/^loop-[0-9a-f]{8}$/);
    expect(slugOf('代码审查')).toBe(slugOf('代码审查'));
  });

  test('loopkit.yaml: version defaults to "1"; loops as a map name → loop, the key naming the loop', async () => {
    const project = await load({
      'loopkit.yaml': 'loops:\n  nightly:\n    trigger: { type: cron, cron: "0 3 * * *" }\n    pipeline:\n      - prompt: Look at the issues.\n'
    });
    expect(project.diagnostics).toEqual([]);
    expect(project.loops.map((l) => [l.loop.name, l.file])).toEqual([['nightly', 'loopkit.yaml']]);
    const broken = await load({ 'loopkit.yaml': 'loops:\n  nightly:\n    trigger: { type: cron, cron: "0 3 * * *" }\n    pipline: []\n' });
    expect(broken.diagnostics).toEqual(
      expect.arrayContaining([expect.objectContaining({ file: 'loopkit.yaml', line: 4, message: 'unknown key "pipline"', fix: 'did you mean "pipeline"?' })])
    );
  });

  test('unknown keys get a "did you mean" from both dialects', async () => {
    const project = await load({ 'loops/a.yaml': 'name: a\ntrigger:\n  typ: webhook\n  event: pull_request\npipeline:\n  - promt: Look.\n    label: A\n' });
    const fixes = project.diagnostics.map((d) => [d.message, d.fix]);
    expect(fixes).toEqual(
      expect.arrayContaining([
        ['unknown key "typ"', 'did you mean "type"?'],
        ['unknown key "promt"', 'did you mean "prompt"?']
      ])
    );
  });

  test('the JSON Schemas accept both dialects', () => {
    const loop = JSON.stringify(loopJsonSchema());
    expect(loop).toContain('"webhook"');
    expect(loop).toContain('"persistence"');
    expect(JSON.stringify(projectJsonSchema())).toContain('additionalProperties');
    expect(ORIGINAL_PR_REVIEW).toContain('checker: Adversarial Verifier');
    expect(ORIGINAL_PROJECT).toContain('loops: {}');
    expect(ORIGINAL_TRIAGE).toContain('type: cron');
  });

  test('a schedule more often than GitHub runs one is a warning at the cron; every 5 minutes or a frequent hour of a day are judged by their shortest gap', async () => {
    const loop = (cron: string) => `name: s\ntrigger: { type: cron, cron: "${cron}" }\npipeline:\n  - prompt: Look.\n`;
    const often = await load({ 'loops/s.yaml': loop('*/2 9 * * *') });
    expect(often.loops).toHaveLength(1);
    expect(often.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        path: 'trigger.cron',
        message: 'cron "*/2 9 * * *" asks for a run every 2 minutes; GitHub runs scheduled workflows at most every 5 minutes (and may delay them)'
      })
    ]);
    expect((await load({ 'loops/s.yaml': loop('*/5 * * * *') })).diagnostics).toEqual([]);
    expect((await load({ 'loops/s.yaml': loop('0 9 * * 1-5') })).diagnostics).toEqual([]);
    // Across an hour, and across midnight whenever two days in a row both run; not between days that never follow each other.
    const gapOf = async (cron: string) => (await load({ 'loops/s.yaml': loop(cron) })).diagnostics.map((d) => /every (\d+) minute/.exec(d.message)?.[1]);
    expect(await gapOf('58,2 * * * *')).toEqual(['4']);
    expect(await gapOf('0,58 0,23 * * *')).toEqual(['2']);
    // Monday 23:58, then Tuesday 00:00.
    expect(await gapOf('0,58 0,23 * * 1-5')).toEqual(['2']);
    expect(await gapOf('0,58 0,23 * * 1,3,5')).toEqual([]);
    expect(await gapOf('0,58 0,23 * * 5L')).toEqual([]);
    // The 31st, then the 1st of the next month; the 1st and the 15th never follow each other.
    expect(await gapOf('0,58 0,23 1,31 * *')).toEqual(['2']);
    expect(await gapOf('0,58 0,23 1,15 * *')).toEqual([]);
    expect(await gapOf('0,58 0,23 1 * 1')).toEqual(['2']);
    expect(await gapOf('30 1 * * *')).toEqual([]);
  });

  test('`memory.store` on a generic loop, which keeps no state, is a warning; with a notes file it is not', async () => {
    const loop = (memory: string) => `name: g\ntrigger: { event: push }\npipeline:\n  - prompt: Look.\noutputs:\n  issue: {}\nmemory:\n${memory}\n`;
    const store = await load({ 'loops/g.yaml': loop('  store: cache') });
    expect(store.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        path: 'memory.store',
        message: expect.stringContaining('has no effect on g: a generic loop keeps no state')
      })
    ]);
    expect((await load({ 'loops/g.yaml': loop('  notesFile: .github/loopkit-notes.md') })).diagnostics).toEqual([]);
  });
});
