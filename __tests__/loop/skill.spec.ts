/** Skills in the SKILL.md format: where they come from, what the loader makes of them, and how it says what is wrong. */
import { formatDiagnostic, loadProject, type Diagnostic } from '../../src/loop/index.js';
import { parseSkill, skillCandidates } from '../../src/loop/skill.js';
import { MemoryLoopSource } from '../helpers/memory-files.js';

describe('loop/skill', () => {
  const loopWith = (skill: string) => `name: demo
trigger:
  event: pull_request
pipeline:
  - agent:
      label: Reviewer
      prompt: Find bugs.
      skill: ${skill}
`;

  const SKILL = `---
name: security-review
description: Finds injection and authorization bugs; use it on code that handles requests.
license: MIT
---

# Security review

Read checklist.md before you report anything.
`;

  async function load(files: Record<string, string>) {
    return loadProject(new MemoryLoopSource(files));
  }

  function errors(diagnostics: Diagnostic[]): string[] {
    return diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
  }

  describe('skill references', () => {
    test.each([
      ['skills/security/SKILL.md', ['skills/security/SKILL.md']],
      ['./skills/security/', ['skills/security', 'skills/security/SKILL.md']],
      ['docs/review.md', ['docs/review.md']],
      ['npm:@acme/review-skill', ['node_modules/@acme/review-skill', 'node_modules/@acme/review-skill/SKILL.md']],
      ['npm:review-skill/security', ['node_modules/review-skill/security', 'node_modules/review-skill/security/SKILL.md']]
    ])('%s is looked for as %j', (ref, files) => {
      expect(skillCandidates(ref)).toEqual({ ok: true, files });
    });

    test.each([
      ['/etc/SKILL.md', /leaves the repository/],
      ['skills/../../x.md', /leaves the repository/],
      ['skills\\x.md', /leaves the repository/],
      ['npm:@acme/review-skill/../../etc', /leaves its package/],
      ['npm:@acme/../../etc', /does not name an npm package/],
      ['npm:Not A Package', /does not name an npm package/],
      ['npm:', /does not name an npm package/]
    ])('%s is refused', (ref, message) => {
      const result = skillCandidates(ref);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.message).toMatch(message);
    });
  });

  describe('loading skills', () => {
    test('a SKILL.md folder: the body becomes the instructions; name, description and the files beside it are known', async () => {
      const project = await load({
        'loops/demo.yaml': loopWith('skills/security'),
        'skills/security/SKILL.md': SKILL,
        'skills/security/checklist.md': '- injection\n',
        'skills/security/examples.md': 'x'
      });
      expect(errors(project.diagnostics)).toEqual([]);
      const loaded = project.loops[0]!;
      expect(loaded.skills).toEqual({ 'skills/security': '# Security review\n\nRead checklist.md before you report anything.' });
      expect(loaded.skillDetails['skills/security']).toEqual({
        ref: 'skills/security',
        file: 'skills/security/SKILL.md',
        dir: 'skills/security',
        name: 'security-review',
        description: 'Finds injection and authorization bugs; use it on code that handles requests.',
        body: '# Security review\n\nRead checklist.md before you report anything.',
        frontMatter: true,
        resources: ['checklist.md', 'examples.md']
      });
      expect(loaded.notes).toContain('skill "security-review": the agent may read checklist.md, examples.md on demand (tool read_skill_file)');
    });

    test('an installed npm package is read from node_modules', async () => {
      const project = await load({
        'loops/demo.yaml': loopWith('npm:@acme/review-skill'),
        'node_modules/@acme/review-skill/SKILL.md': SKILL,
        'node_modules/@acme/review-skill/package.json': '{}'
      });
      expect(errors(project.diagnostics)).toEqual([]);
      expect(project.loops[0]!.skillDetails['npm:@acme/review-skill']).toMatchObject({
        name: 'security-review',
        dir: 'node_modules/@acme/review-skill',
        resources: ['package.json']
      });
    });

    test('npm skills come from the packages source when loops come from elsewhere (the base commit over the API)', async () => {
      const api = new MemoryLoopSource({ 'loops/demo.yaml': loopWith('npm:review-skill'), 'node_modules/review-skill/SKILL.md': 'not this one' });
      const workspace = new MemoryLoopSource({ 'node_modules/review-skill/SKILL.md': SKILL, 'node_modules/review-skill/checklist.md': 'x' });
      const project = await loadProject(api, 'loopkit.yaml', { packages: workspace });
      expect(errors(project.diagnostics)).toEqual([]);
      expect(project.loops[0]!.skillDetails['npm:review-skill']).toMatchObject({ name: 'security-review', resources: ['checklist.md'] });
    });

    test('a package that is not installed says how to install it', async () => {
      const project = await load({ 'loops/demo.yaml': loopWith('npm:@acme/review-skill') });
      expect(project.loops).toEqual([]);
      expect(errors(project.diagnostics)).toEqual([
        'loops/demo.yaml:8:14: error: skill "npm:@acme/review-skill" not found (looked for node_modules/@acme/review-skill, node_modules/@acme/review-skill/SKILL.md) (at pipeline[0].agent.skill)\n    fix: install the package before LoopKit runs (a step `npm ci` with it in devDependencies, or `npm install --no-save <package>`), and check that it holds a SKILL.md; a pull request from a fork reads its loops and skills from the base commit only, never from its own installed packages: to review forks with this skill, commit its folder to the repository and name it by its path'
      ]);
    });

    test("a skill file without front matter (the original LoopKit's) is read as instructions alone, with a note", async () => {
      const project = await load({ 'loops/demo.yaml': loopWith('skills/bugs.md'), 'skills/bugs.md': 'Look for off-by-one errors.\n', 'skills/other.md': 'x' });
      expect(errors(project.diagnostics)).toEqual([]);
      expect(project.loops[0]!.skills).toEqual({ 'skills/bugs.md': 'Look for off-by-one errors.' });
      // Known by its file's name; the files beside it are other people's, not its resources.
      expect(project.loops[0]!.skillDetails['skills/bugs.md']).toMatchObject({ name: 'bugs', frontMatter: false, description: '', resources: [] });
      expect(project.loops[0]!.notes.join('\n')).toMatch(/skill skills\/bugs.md has no front matter: read as instructions alone/);
    });

    test('an original-format bare agent step keeps its skill', async () => {
      const loop =
        'name: demo\ntrigger: { type: webhook, event: pull_request }\npipeline:\n  - prompt: Find bugs.\n    label: Bugs\n    skill: skills/bugs/SKILL.md\n';
      const project = await load({ 'loops/demo.yaml': loop, 'skills/bugs/SKILL.md': 'Check bounds.' });
      expect(errors(project.diagnostics)).toEqual([]);
      expect(project.loops[0]!.skills).toEqual({ 'skills/bugs/SKILL.md': 'Check bounds.' });
    });

    test.each([
      [
        'a name that is not lower-case words',
        SKILL.replace('name: security-review', 'name: Security Review'),
        'skills/s/SKILL.md:2:7: error: skill "skills/s": a skill name is 1 to 64 lower-case letters, digits and single hyphens, e.g. "security-review"'
      ],
      ['no description', SKILL.replace(/description: .*\n/, ''), 'skills/s/SKILL.md:2:1: error: skill "skills/s": missing required key "description"'],
      [
        'an empty description',
        SKILL.replace(/description: .*\n/, 'description: "  "\n'),
        'skills/s/SKILL.md:3:14: error: skill "skills/s": the description says what the skill does and when to use it'
      ],
      [
        'front matter never closed',
        '---\nname: s\ndescription: d\n\nBody.\n',
        'skills/s/SKILL.md:1:1: error: skill "skills/s": the front matter opened on line 1 is never closed'
      ],
      ['broken YAML', '---\nname: s\ndescription: [unclosed\n---\nBody.\n', 'skills/s/SKILL.md:3:'],
      ['front matter that is a list', '---\n- a\n---\nBody.\n', 'skills/s/SKILL.md:2:1: error: skill "skills/s": the front matter is not a mapping'],
      [
        'no instructions',
        '---\nname: s\ndescription: d\n---\n\n',
        'skills/s/SKILL.md:4:1: error: skill "skills/s": there are no instructions after the front matter'
      ]
    ])('%s is an error at its line in the skill file, naming the loop line that uses it', async (_name, text, start) => {
      const project = await load({ 'loops/demo.yaml': loopWith('skills/s'), 'skills/s/SKILL.md': text });
      expect(project.loops).toEqual([]);
      const [first] = errors(project.diagnostics);
      expect(first).toBeDefined();
      expect(first!.slice(0, start.length)).toBe(start);
      expect(first).toContain('(named at loops/demo.yaml:8)');
    });

    test('a skill file that is not UTF-8 is refused at its byte', async () => {
      const source = new MemoryLoopSource({ 'loops/demo.yaml': loopWith('skills/s/SKILL.md'), 'skills/s/SKILL.md': new Uint8Array([0x41, 0xff, 0x42]) });
      const project = await loadProject(source);
      expect(errors(project.diagnostics)[0]).toMatch(/^skills\/s\/SKILL.md:1:2: error: file is not valid UTF-8/);
    });

    test('parseSkill keeps a byte-order mark and CRLF lines out of the front matter', () => {
      const { skill } = parseSkill('s', 's/SKILL.md', '\uFEFF---\r\nname: s\r\ndescription: d\r\n---\r\nDo it.\r\n');
      expect(skill).toMatchObject({ name: 's', description: 'd', body: 'Do it.', frontMatter: true, dir: 's' });
    });
  });
});
