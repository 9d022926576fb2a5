/** Loop files from a folder on disk: the action's workspace, or the CLI's repository. */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { LoopFileSource } from './load.js';

export class FileSystemLoopSource implements LoopFileSource {
  private readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
  }

  async read(path: string): Promise<Uint8Array | null> {
    const full = this.inside(path);
    if (!full) return null;
    try {
      return await readFile(full);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async list(dir: string): Promise<string[]> {
    const full = this.inside(dir);
    if (!full) return [];
    try {
      const entries = await readdir(full, { withFileTypes: true });
      return entries.filter((e) => e.isFile()).map((e) => e.name);
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
  }

  /** Paths come from loop files (skills); never let one read outside the repository. */
  private inside(path: string): string | null {
    const full = resolve(join(this.root, path));
    return full === this.root || full.startsWith(this.root + sep) ? full : null;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}
