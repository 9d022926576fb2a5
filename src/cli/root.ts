/** Where the CLI works: the repository root found from any subfolder, and the version it reports. */
import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

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

/** The package's version: package.json sits two folders up from both src/cli/ and the bundle's dist/cli/. */
export function version(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}
