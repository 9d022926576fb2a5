/** Where the CLI works: the repository root found from any subfolder, and the version it reports. */
import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import pkg from '../../package.json' with { type: 'json' };

/** The nearest folder from `start` up that holds `config` or `.git`; `start` itself when none does. */
export async function findRoot(start: string, config: string): Promise<string> {
  let dir = resolve(start);
  for (;;) {
    if ((await kind(join(dir, config))) === 'file' || (await kind(join(dir, '.git'))) !== undefined) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(start);
    dir = parent;
  }
}

export async function kind(path: string): Promise<'file' | 'dir' | undefined> {
  try {
    const s = await stat(path);
    return s.isDirectory() ? 'dir' : 'file';
  } catch {
    return undefined;
  }
}

/** The package's version, read from package.json when the CLI is built (the bundle carries it). */
export function version(): string {
  return pkg.version;
}
