/**
 * Skills in the Agent Skills format: a folder with a SKILL.md whose YAML front matter names the
 * skill (`name`, `description`) and whose markdown body is the instructions added to an agent's
 * own; the other files of the folder are resources the agent reads on demand (tool
 * `read_skill_file`, src/tools/skill.ts).
 *
 * An agent's `skill:` names one of:
 * - a SKILL.md, or the folder holding it, from the repository root (`skills/security`);
 * - an installed npm package, `npm:<package>[/<folder>]`, read from the workspace's node_modules:
 *   the package gets onto the runner by a step before LoopKit (`npm ci` with the package in the
 *   repository's devDependencies, or `npm install --no-save <package>@<version>`).
 * A file without front matter is read as the instructions alone, as the original LoopKit's skill
 * files are; a front matter that is there must be valid. Pure: the files come in as text.
 */
import { z } from 'zod';
import type { Diagnostic } from './diagnostic.js';
import { issuesToDiagnostics } from './issues.js';
import { parseYaml } from './yaml-document.js';

/** Skills are sent with every call of the agent: they stay short (their resources need not). */
export const MAX_SKILL_BYTES = 64 * 1024;
export const SKILL_FILE = 'SKILL.md';

/** The front matter of a SKILL.md: `name` and `description` are required; other keys (license, metadata, allowed-tools…) are the author's. */
export const SkillFrontMatter = z.looseObject({
  name: z
    .string()
    .max(64)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a skill name is 1 to 64 lower-case letters, digits and single hyphens, e.g. "security-review"'),
  description: z.string().trim().min(1, 'the description says what the skill does and when to use it').max(1024)
});

export interface LoadedSkill {
  /** As the agent's `skill:` writes it. */
  ref: string;
  /** The file read, from the repository root. */
  file: string;
  /** Its folder, from the repository root: what `read_skill_file` is confined to. */
  dir: string;
  name: string;
  /** Empty for a file without front matter. */
  description: string;
  /** The instructions: the file without its front matter. */
  body: string;
  /** Whether the file has front matter (the original LoopKit's skill files have none). */
  frontMatter: boolean;
  /** The other files of its folder (not its subfolders), which the agent may read. */
  resources: string[];
}

const NPM_PACKAGE = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

/**
 * Where `<package>[/<path>]` of an installed npm package is, from the repository root
 * (node_modules/…), or why it names none: skills and shared loops (`extends: npm:…`) read it alike.
 */
export function npmPath(spec: string): string | 'no package' | 'leaves' {
  const parts = spec.split('/');
  const packageName = spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '');
  const inside = parts.slice(spec.startsWith('@') ? 2 : 1);
  if (!NPM_PACKAGE.test(packageName)) return 'no package';
  if (inside.some((p) => p === '..' || p === '')) return 'leaves';
  return ['node_modules', packageName, ...inside].join('/');
}

/**
 * The files a `skill:` may name, in the order to try them (the path itself, then the SKILL.md of the
 * folder it names), or why it names none.
 */
export function skillCandidates(ref: string): { ok: true; files: string[] } | { ok: false; message: string; fix: string } {
  let path: string;
  if (ref.startsWith('npm:')) {
    const inPackage = npmPath(ref.slice('npm:'.length));
    if (inPackage === 'no package') {
      return {
        ok: false,
        message: `skill "${ref}" does not name an npm package`,
        fix: 'write `npm:<package>` or `npm:<package>/<folder>`, e.g. npm:@acme/review-skill'
      };
    }
    if (inPackage === 'leaves') {
      return { ok: false, message: `skill "${ref}" leaves its package`, fix: 'name a folder inside the package, e.g. npm:@acme/review-skill/security' };
    }
    path = inPackage;
  } else {
    path = ref.replace(/^\.\//, '').replace(/\/+$/, '');
    if (path.startsWith('/') || path.includes('\\') || path.split('/').includes('..') || path === '') {
      return { ok: false, message: `skill path "${ref}" leaves the repository`, fix: 'give a path from the repository root, e.g. skills/security/SKILL.md' };
    }
  }
  return { ok: true, files: /\.md$/i.test(path) ? [path] : [path, `${path}/${SKILL_FILE}`] };
}

/**
 * A skill file's front matter and body, or its problems at their lines in `file`. `ref` is what
 * the loop wrote, for the messages.
 */
export function parseSkill(ref: string, file: string, text: string): { skill?: Omit<LoadedSkill, 'resources'>; diagnostics: Diagnostic[] } {
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  // Without front matter a skill is known by its folder when it is a SKILL.md, else by its file's name.
  const base = file.slice(file.lastIndexOf('/') + 1);
  const fallbackName = (base === SKILL_FILE ? dir.split('/').at(-1) || base : base.replace(/\.md$/i, '')).toLowerCase();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') {
    return { skill: { ref, file, dir, name: fallbackName, description: '', body: text.trim(), frontMatter: false }, diagnostics: [] };
  }
  const end = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
  const problem = (line: number, message: string, fix: string): Diagnostic => ({
    severity: 'error',
    file,
    line,
    column: 1,
    path: '',
    message: `skill "${ref}": ${message}`,
    fix
  });
  if (end < 0)
    return {
      diagnostics: [problem(1, 'the front matter opened on line 1 is never closed', 'end the front matter (`name:` and `description:`) with a line `---`')]
    };

  // Parsed with the opening line left blank, so every position is the file's own line.
  const yaml = parseYaml(file, ['', ...lines.slice(1, end)].join('\n'));
  if (yaml.diagnostics.some((d) => d.severity === 'error'))
    return { diagnostics: yaml.diagnostics.map((d) => ({ ...d, message: `skill "${ref}": ${d.message}` })) };
  if (yaml.value === null || typeof yaml.value !== 'object' || Array.isArray(yaml.value)) {
    return {
      diagnostics: [
        problem(
          2,
          'the front matter is not a mapping',
          'write `name: <skill-name>` and `description: <what it does and when to use it>` between the `---` lines'
        )
      ]
    };
  }
  const parsed = SkillFrontMatter.safeParse(yaml.value);
  if (!parsed.success) {
    return {
      diagnostics: issuesToDiagnostics(parsed.error.issues, yaml, SkillFrontMatter).map((d) => ({
        ...d,
        line: d.path === '' ? 2 : d.line,
        message: `skill "${ref}": ${d.message}`,
        fix:
          d.fix ??
          (d.path === 'name' ? 'name it like its folder, e.g. `name: security-review`' : 'add `description:` saying what the skill does and when to use it')
      }))
    };
  }
  const body = lines
    .slice(end + 1)
    .join('\n')
    .trim();
  if (body === '')
    return { diagnostics: [problem(end + 1, 'there are no instructions after the front matter', 'write the instructions (markdown) below the closing `---`')] };
  return { skill: { ref, file, dir, name: parsed.data.name, description: parsed.data.description, body, frontMatter: true }, diagnostics: [] };
}
