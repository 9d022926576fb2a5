/**
 * `read_skill_file`: the tool through which an agent reads the files that come with its skill (its
 * references, checklists, examples) when it needs them, rather than having them all in every
 * prompt. Read-only, confined to the skill's folder (no absolute path, no `..`, no symlink that
 * leads out of it on a checkout), text only, capped in size.
 */
import { realpath, stat, open } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { z } from 'zod';
import type { LoopFileSource } from '../loop/load.js';
import type { Agent } from '../loop/schema.js';
import type { LoadedSkill } from '../loop/skill.js';
import type { ToolGroup } from './handler.js';
import type { ToolResult, ToolSpec } from './types.js';

export const READ_SKILL_FILE = 'read_skill_file';
/** Bytes of a skill file given to the model at most; the rest is cut, and the model is told so. */
export const SKILL_FILE_MAX_BYTES = 32 * 1024;

export interface SkillFileReader {
  /**
   * At most `maxBytes` bytes of `path` (from the repository root) and its whole size, when it is a
   * file that really lies inside `folder`; null otherwise.
   */
  read(path: string, folder: string, maxBytes: number): Promise<{ bytes: Uint8Array; size: number } | null>;
}

/** Skill files on the checkout: every path resolved (symlinks included) and kept inside the skill's real folder. */
export class CheckoutSkillFiles implements SkillFileReader {
  private readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
  }

  async read(path: string, folder: string, maxBytes: number): Promise<{ bytes: Uint8Array; size: number } | null> {
    try {
      const [realRoot, realFolder, real] = await Promise.all([realpath(this.root), realpath(join(this.root, folder)), realpath(join(this.root, path))]);
      // The folder itself may be a link out of the checkout: its files are then outside too.
      if (!realFolder.startsWith(realRoot + sep) || !real.startsWith(realFolder + sep)) return null;
      const info = await stat(real);
      if (!info.isFile()) return null;
      const handle = await open(real, 'r');
      try {
        const buffer = Buffer.alloc(Math.min(info.size, maxBytes));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
        return { bytes: buffer.subarray(0, bytesRead), size: info.size };
      } finally {
        await handle.close();
      }
    } catch {
      return null;
    }
  }
}

/**
 * Skill files through the loop file source they were loaded from (the base commit over the API for
 * a pull request from a fork): paths are checked here; the API serves no symlink that leaves the
 * repository. `packages` reads `npm:` skills (node_modules), as loadProject's option of that name.
 */
export function sourceSkillFiles(source: Pick<LoopFileSource, 'read'>, packages?: SkillFileReader): SkillFileReader {
  return {
    async read(path, folder, maxBytes) {
      if (!path.startsWith(`${folder}/`)) return null;
      if (packages && path.startsWith('node_modules/')) return packages.read(path, folder, maxBytes);
      const bytes = await source.read(path);
      return bytes ? { bytes: bytes.subarray(0, maxBytes), size: bytes.byteLength } : null;
    }
  };
}

/** One tool: what the model is offered, and what answers its calls. Never throws. */
export interface ToolHandler {
  spec: ToolSpec;
  run(input: unknown): Promise<ToolResult>;
}

const refusal = (text: string): ToolResult => ({ text, isError: true, truncated: false });

/** A path inside a skill's folder as the model writes it, or why it is refused. */
function relativePath(path: string): string | { refused: string } {
  const clean = path.trim().replace(/^\.\//, '');
  if (clean === '' || clean.startsWith('/') || clean.includes('\\') || clean.includes('\0') || /^[A-Za-z]:/.test(clean))
    return { refused: `"${path}" is not a path inside the skill's folder` };
  if (clean.split('/').includes('..')) return { refused: `"${path}" leaves the skill's folder ("..")` };
  return clean;
}

/**
 * `read_skill_file` for the skills an agent uses, or undefined when none of them has files to read.
 * `maxBytes` caps each result.
 */
export function readSkillFileTool(skills: readonly LoadedSkill[], files: SkillFileReader, maxBytes = SKILL_FILE_MAX_BYTES): ToolHandler | undefined {
  const readable = skills.filter((s) => s.resources.length > 0);
  if (readable.length === 0) return undefined;
  const names = [...new Set(readable.map((s) => s.name))];
  const Input = z.strictObject({ skill: z.enum(names as [string, ...string[]]), path: z.string().min(1).max(500) });
  const spec: ToolSpec = {
    name: READ_SKILL_FILE,
    description: `Read a file that comes with one of your skills (a reference, checklist or example its instructions mention). Files: ${readable
      .map((s) => `${s.name}: ${s.resources.join(', ')}`)
      .join('; ')}. Text only; at most ${maxBytes} bytes of a file are returned.`,
    inputSchema: {
      type: 'object',
      properties: {
        skill: { type: 'string', enum: names, description: 'The skill the file belongs to.' },
        path: { type: 'string', description: "The file, relative to the skill's folder, e.g. reference.md." }
      },
      required: ['skill', 'path'],
      additionalProperties: false
    },
    source: `skill:${names.join(',')}`
  };

  return {
    spec,
    async run(input) {
      const parsed = Input.safeParse(input);
      if (!parsed.success)
        return refusal(
          `read_skill_file takes {"skill": one of ${names.map((n) => JSON.stringify(n)).join(', ')}, "path": "<file in its folder>"}: ${z.prettifyError(parsed.error)}`
        );
      const skill = readable.find((s) => s.name === parsed.data.skill)!;
      const path = relativePath(parsed.data.path);
      if (typeof path !== 'string') return refusal(path.refused);
      const read = await files.read(`${skill.dir}/${path}`, skill.dir, maxBytes);
      if (!read) return refusal(`skill ${skill.name} has no file ${path}; its files: ${skill.resources.join(', ')}`);
      let text: string;
      try {
        // A cut may fall inside a character: stream mode leaves its first bytes out instead of failing.
        text = new TextDecoder('utf-8', { fatal: true }).decode(read.bytes, { stream: read.size > read.bytes.byteLength });
      } catch {
        return refusal(`${path} is not a text file`);
      }
      const truncated = read.size > read.bytes.byteLength;
      return { text: truncated ? `${text}\n[cut: the first ${read.bytes.byteLength} of ${read.size} bytes]` : text, isError: false, truncated };
    }
  };
}

/** Caps of the skill tool: files are short and local, so more calls than a connector's, all quick. */
const SKILL_CALLS_PER_AGENT = 12;
const SKILL_CALLS_PER_RUN = 100;
const SKILL_TIMEOUT_MS = 10_000;

/**
 * One Toolbox group per skill that has files: `read_skill_file` for that skill's folder, given to
 * the agents whose `skill:` names it (an agent has one skill, so it never gets two such tools).
 */
export function skillToolGroups(agents: readonly Agent[], skills: Readonly<Record<string, LoadedSkill>>, files: SkillFileReader): ToolGroup[] {
  return Object.entries(skills).flatMap(([ref, skill]) => {
    const tool = readSkillFileTool([skill], files);
    if (!tool) return [];
    const handler: ToolGroup['handlers'][number] = {
      spec: tool.spec,
      run: async (input) => {
        const { text, isError } = await tool.run(input);
        return { text, isError };
      }
    };
    return [
      {
        source: tool.spec.source,
        handlers: [handler],
        maxCalls: SKILL_CALLS_PER_RUN,
        maxCallsPerAgent: SKILL_CALLS_PER_AGENT,
        // Room for the file's cap plus the note that says it was cut.
        maxResultBytes: SKILL_FILE_MAX_BYTES + 256,
        timeoutMs: SKILL_TIMEOUT_MS,
        agents: agents.filter((a) => a.skill === ref).map((a) => a.label)
      }
    ];
  });
}

/** The line added to a skill's instructions in the prompt when its files can be read: the model learns they exist without reading the tool list. */
export function skillFilesNote(skill: LoadedSkill): string {
  return `Files that come with this skill (read one with the ${READ_SKILL_FILE} tool, skill "${skill.name}", when these instructions call for it): ${skill.resources.join(', ')}.`;
}
