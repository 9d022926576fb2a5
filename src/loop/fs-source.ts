/** Loop files from a folder on disk: the action's workspace, or the CLI's repository. */
import { readdir, readFile, realpath } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { LoopFileSource } from './load.js';

/**
 * A file whose real path (symbolic links followed) is outside the checkout. A link committed to
 * the repository (or installed in node_modules) may point anywhere on the runner, `/proc/self/environ`
 * included: its target is never read.
 */
export class OutsideCheckoutError extends Error {
  readonly problem: string;
  readonly fix = 'commit the file itself in place of the symbolic link';
  constructor(
    readonly path: string,
    readonly target: string
  ) {
    const problem = `${path} leads outside the repository (a symbolic link to ${target}), and LoopKit reads no file outside the checkout`;
    super(`${problem}: commit the file itself in place of the symbolic link`);
    this.problem = problem;
  }
}

export class FileSystemLoopSource implements LoopFileSource {
  private readonly root: string;
  private realRoot: Promise<string> | undefined;
  constructor(root: string) {
    this.root = resolve(root);
  }

  /** Throws OutsideCheckoutError for a file (loop file, loopkit.yaml, skill, notes) whose real path leaves the checkout. */
  async read(path: string): Promise<Uint8Array | null> {
    const full = this.inside(path);
    if (!full) return null;
    try {
      // The path's text is inside; what it resolves to, through every link on the way, must be too.
      return await readFile(await this.realInside(path, full));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  /** The files of `dir`, symbolic links among them (reading one that leads out is an error, not a file silently passed over). */
  async list(dir: string): Promise<string[]> {
    const full = this.inside(dir);
    if (!full) return [];
    try {
      const entries = await readdir(await this.realInside(dir, full), { withFileTypes: true });
      return entries.filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name);
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

  private async realInside(path: string, full: string): Promise<string> {
    // The checkout itself may be reached through a link (a temp folder on macOS): compare real paths.
    this.realRoot ??= realpath(this.root);
    const [root, real] = await Promise.all([this.realRoot, realpath(full)]);
    if (real !== root && !real.startsWith(root + sep)) throw new OutsideCheckoutError(path, real);
    return real;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}
