/**
 * Paths the model gives the repository tools: always relative to the repository root, never out
 * of it. What reaches a reader is a normalised POSIX path without `.`, `..` or empty parts ('' is
 * the root), so a reader never has to judge a path again.
 */
import { posix } from 'node:path';
import { ToolRefusal } from './result.js';

export function repositoryPath(input: string): string {
  if (input.includes('\0')) throw new ToolRefusal('the path holds a NUL character');
  if (input.includes('\\')) throw new ToolRefusal(`"${input}": write paths with "/" (repository paths are POSIX)`);
  if (input.startsWith('/') || /^[A-Za-z]:/.test(input))
    throw new ToolRefusal(`"${input}" is absolute: give a path from the repository root, e.g. "src/index.ts"`);
  const parts = input.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new ToolRefusal(`"${input}" goes up with "..": only paths inside the repository can be read`);
  return parts.join('/');
}

/**
 * Where a symbolic link at `linkPath` points, as a repository path; a refusal when it points out of
 * the repository (an absolute target, or one that climbs above the root), as a realpath check would.
 */
export function symlinkTarget(linkPath: string, target: string): string {
  if (target.startsWith('/')) throw new ToolRefusal(`"${linkPath}" is a symbolic link out of the repository (to an absolute path)`);
  const joined = posix.normalize(posix.join(posix.dirname(linkPath), target));
  if (joined === '..' || joined.startsWith('../')) throw new ToolRefusal(`"${linkPath}" is a symbolic link out of the repository`);
  return joined === '.' ? '' : joined;
}
