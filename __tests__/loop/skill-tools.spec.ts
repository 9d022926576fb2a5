/** read_skill_file: what the model may read of its skill's folder, and nothing outside it. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connector } from '../../src/loop/schema.js';
import type { LoadedSkill } from '../../src/loop/skill.js';
import { CheckoutSkillFiles, readSkillFileTool, skillToolGroups, sourceSkillFiles, type ToolHandler } from '../../src/tools/skill.js';
import { Toolbox } from '../../src/tools/toolbox.js';
import { MemoryLoopSource } from '../helpers/memory-files.js';

describe('loop/skill-tools', () => {
  let root: string;
  let outside: string;
  const skill: LoadedSkill = {
    ref: 'skills/security',
    file: 'skills/security/SKILL.md',
    dir: 'skills/security',
    name: 'security-review',
    description: 'Finds injection bugs.',
    body: 'Read checklist.md.',
    frontMatter: true,
    resources: ['checklist.md', 'big.md', 'logo.png']
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'loopkit-skill-tools-'));
    outside = mkdtempSync(join(tmpdir(), 'loopkit-skill-outside-'));
    mkdirSync(join(root, 'skills/security/references'), { recursive: true });
    writeFileSync(join(root, 'skills/security/SKILL.md'), '---\nname: security-review\ndescription: d\n---\nRead checklist.md.\n');
    writeFileSync(join(root, 'skills/security/checklist.md'), '- injection\n- authorization\n');
    writeFileSync(join(root, 'skills/security/references/owasp.md'), 'A01 Broken Access Control\n');
    writeFileSync(join(root, 'skills/security/big.md'), `${'é'.repeat(40)}`);
    writeFileSync(join(root, 'skills/security/logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe]));
    writeFileSync(join(root, 'secret.txt'), 'repository secret\n');
    writeFileSync(join(outside, 'passwd'), 'root:x:0:0\n');
    symlinkSync(join(outside, 'passwd'), join(root, 'skills/security/escape.md'));
    symlinkSync('../../secret.txt', join(root, 'skills/security/up.md'));
    symlinkSync('checklist.md', join(root, 'skills/security/alias.md'));
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  const tool = (maxBytes?: number): ToolHandler => readSkillFileTool([skill], new CheckoutSkillFiles(root), maxBytes)!;

  test('the tool is offered with the skill and its files, as a strict object schema', () => {
    const { spec } = tool();
    expect(spec.name).toBe('read_skill_file');
    expect(spec.source).toBe('skill:security-review');
    expect(spec.description).toContain('security-review: checklist.md, big.md, logo.png');
    expect(spec.inputSchema).toEqual({
      type: 'object',
      properties: { skill: expect.objectContaining({ type: 'string', enum: ['security-review'] }), path: expect.objectContaining({ type: 'string' }) },
      required: ['skill', 'path'],
      additionalProperties: false
    });
  });

  test('no tool for skills without files', () => {
    expect(readSkillFileTool([{ ...skill, resources: [] }], new CheckoutSkillFiles(root))).toBeUndefined();
  });

  test('reads a file of the folder, and one in a subfolder the instructions mention', async () => {
    expect(await tool().run({ skill: 'security-review', path: 'checklist.md' })).toEqual({
      text: '- injection\n- authorization\n',
      isError: false,
      truncated: false
    });
    expect(await tool().run({ skill: 'security-review', path: './references/owasp.md' })).toEqual({
      text: 'A01 Broken Access Control\n',
      isError: false,
      truncated: false
    });
    // A symlink that stays inside the folder is the file it points at.
    expect((await tool().run({ skill: 'security-review', path: 'alias.md' })).text).toBe('- injection\n- authorization\n');
  });

  test.each([
    ['..', '../../secret.txt', /leaves the skill's folder/],
    ['an absolute path', '/etc/passwd', /is not a path inside the skill's folder/],
    ['a Windows path', 'C:\\x', /is not a path inside the skill's folder/],
    ['a symlink out of the repository', 'escape.md', /has no file escape.md/],
    ['a symlink out of the folder', 'up.md', /has no file up.md/],
    ['a folder', 'references', /has no file references/],
    ['a missing file', 'nope.md', /has no file nope.md; its files: checklist.md, big.md, logo.png/],
    ['a binary file', 'logo.png', /logo.png is not a text file/]
  ])('refuses %s', async (_name, path, message) => {
    const result = await tool().run({ skill: 'security-review', path });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(message);
    expect(result.text).not.toMatch(/root:x|repository secret/);
  });

  test.each([
    ['another skill', { skill: 'other', path: 'checklist.md' }],
    ['no path', { skill: 'security-review' }],
    ['extra keys', { skill: 'security-review', path: 'checklist.md', encoding: 'base64' }],
    ['not an object', 'checklist.md']
  ])('refuses arguments with %s, saying what it takes', async (_name, input) => {
    const result = await tool().run(input);
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^read_skill_file takes \{"skill": one of "security-review", "path": "<file in its folder>"\}/);
  });

  test('a file over the cap is cut on a character boundary, and the model is told', async () => {
    const result = await tool(11).run({ skill: 'security-review', path: 'big.md' });
    expect(result.truncated).toBe(true);
    expect(result.isError).toBe(false);
    expect(result.text).toBe(`${'é'.repeat(5)}\n[cut: the first 11 of 80 bytes]`);
  });

  test('through the loop file source (the API), paths stay inside the folder', async () => {
    const files = sourceSkillFiles(new MemoryLoopSource({ 'skills/security/checklist.md': 'list', 'secret.txt': 's' }));
    const handler = readSkillFileTool([skill], files)!;
    expect(await handler.run({ skill: 'security-review', path: 'checklist.md' })).toEqual({ text: 'list', isError: false, truncated: false });
    expect((await handler.run({ skill: 'security-review', path: '../../secret.txt' })).isError).toBe(true);
    expect(await files.read('secret.txt', 'skills/security', 100)).toBeNull();
  });

  test("through the API source, an npm skill's files are read from the checkout's node_modules", async () => {
    const npmSkill: LoadedSkill = { ...skill, dir: 'node_modules/review-skill', name: 'review', resources: ['guide.md'] };
    const checkout = {
      read: async (path: string) => (path === 'node_modules/review-skill/guide.md' ? { bytes: new TextEncoder().encode('guide'), size: 5 } : null)
    };
    const handler = readSkillFileTool([npmSkill], sourceSkillFiles(new MemoryLoopSource({ 'node_modules/review-skill/guide.md': 'from the API' }), checkout))!;
    expect((await handler.run({ skill: 'review', path: 'guide.md' })).text).toBe('guide');
  });

  test('in the Toolbox: only the agents with the skill get it, confined to its folder', async () => {
    const agents = [
      { label: 'Security Reviewer', prompt: 'p', skill: 'skills/security' },
      { label: 'Checker', prompt: 'p' }
    ];
    const groups = skillToolGroups(
      agents,
      { 'skills/security': skill, 'skills/empty': { ...skill, ref: 'skills/empty', resources: [] } },
      new CheckoutSkillFiles(root)
    );
    expect(groups.map((g) => [g.source, g.agents])).toEqual([['skill:security-review', ['Security Reviewer']]]);
    const toolbox = await Toolbox.open({ connectors: [], groups, writesAllowed: false, log: { info: () => {}, warn: () => {} } });
    expect(toolbox.forAgent('Checker')).toBeUndefined();
    const tools = toolbox.forAgent('Security Reviewer')!;
    expect(tools.specs.map((s) => s.name)).toEqual(['read_skill_file']);
    expect(await tools.call('read_skill_file', { skill: 'security-review', path: 'checklist.md' })).toEqual({
      text: '- injection\n- authorization\n',
      isError: false,
      truncated: false
    });
    expect((await tools.call('read_skill_file', { skill: 'security-review', path: '../../secret.txt' })).isError).toBe(true);
  });

  test('a Toolbox opened for skills alone, without a tool environment: an MCP connector is a failure the run goes on without', async () => {
    const groups = skillToolGroups(
      [{ label: 'Security Reviewer', prompt: 'p', skill: 'skills/security' }],
      { 'skills/security': skill },
      new CheckoutSkillFiles(root)
    );
    const warnings: string[] = [];
    const connector = Connector.parse({ type: 'mcp', name: 'docs', command: 'node', tools: ['lookup'], required: true });
    const toolbox = await Toolbox.open({ connectors: [connector], groups, writesAllowed: false, log: { info: () => {}, warn: (m) => warnings.push(m) } });
    expect(toolbox.failures).toEqual([
      { connector: 'mcp:docs', required: true, error: 'MCP server "docs": not started where LoopKit runs now (no tool environment)' }
    ]);
    expect(toolbox.partial).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(toolbox.forAgent('Security Reviewer')!.specs.map((s) => s.name)).toEqual(['read_skill_file']);
  });
});
