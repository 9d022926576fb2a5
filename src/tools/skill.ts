/**
 * `read_skill_file`: the tool through which an agent reads the files that come with its skill (its
 * references, checklists, examples) when it needs them, rather than having them all in every
 * prompt. Read-only, confined to the skill's folder (no absolute path, no `..`, no symlink that
 * leads out of it on a checkout), text only, capped in size.
 */
import { createHash } from 'node:crypto';
import { realpath, stat, open } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { z } from 'zod';
import type { LoopFileSource } from '../loop/load.js';
import type { LoadedSkill } from '../loop/skill.js';
import type { AgentTools, ToolCallRecord, ToolResult, ToolSpec } from './types.js';

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
      const realFolder = await realpath(join(this.root, folder));
      const real = await realpath(join(this.root, path));
      if (!real.startsWith(realFolder + sep)) return null;
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

/** A short digest of a call's arguments, for the log: never the arguments themselves. */
export function argsDigest(input: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(input) ?? '')
    .digest('hex')
    .slice(0, 12);
}

/**
 * The skill tool as an agent call's whole AgentTools, for an agent without other tools: at most
 * `maxCalls` calls (then each call is refused, and the model answers with what it has), every
 * call recorded through `onCall`.
 */
export function skillAgentTools(
  handler: ToolHandler,
  options: { agent: string; maxCalls: number; maxTurns: number; onCall(record: ToolCallRecord): void }
): AgentTools {
  let calls = 0;
  return {
    specs: [handler.spec],
    maxTurns: options.maxTurns,
    async call(name, input) {
      const started = Date.now();
      const result =
        name !== handler.spec.name
          ? refusal(`there is no tool ${name}; the one tool is ${handler.spec.name}`)
          : ++calls > options.maxCalls
            ? refusal(`${handler.spec.name} may be called ${options.maxCalls} times per answer; answer with what you have read`)
            : await handler.run(input);
      options.onCall({
        agent: options.agent,
        tool: name,
        source: handler.spec.source,
        argsDigest: argsDigest(input),
        bytes: Buffer.byteLength(result.text),
        durationMs: Date.now() - started,
        ok: !result.isError,
        ...(result.isError ? { error: result.text } : {})
      });
      return result;
    }
  };
}
