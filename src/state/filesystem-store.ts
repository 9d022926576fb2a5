/** One JSON file per key in a folder: the CLI's memory between local runs. */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseState, serializeState, type StateDocument } from './document.js';
import { describeError, notLoaded, notSaved, type LoadResult, type SaveResult, type StateStore } from './store.js';

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,150}$/;

/**
 * A key that is already a harmless file name is used as it is, so the folder stays readable; any
 * other key is cleaned and given a hash of the original, so two keys never share a file.
 */
export function stateFileName(key: string): string {
  if (SAFE_NAME.test(key)) return `${key}.json`;
  const cleaned = key
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._-]+/, '')
    .slice(0, 100);
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 16);
  return `${cleaned}${cleaned ? '-' : ''}${hash}.json`;
}

export class FileSystemStore implements StateStore {
  readonly kind = 'filesystem';

  constructor(readonly dir: string) {}

  async load(key: string): Promise<LoadResult> {
    const file = join(this.dir, stateFileName(key));
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { doc: null };
      return notLoaded(key, `${file} could not be read (${describeError(error)})`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return notLoaded(key, `${file} is not valid JSON (${describeError(error)})`);
    }
    const parsed = parseState(json);
    return parsed.ok ? { doc: parsed.doc } : notLoaded(key, `${file} is not a valid state document (${parsed.error})`);
  }

  async save(key: string, doc: StateDocument): Promise<SaveResult> {
    const serialized = serializeState(doc);
    if (!serialized.ok) return notSaved(key, `the document is invalid: ${serialized.error}`);
    const file = join(this.dir, stateFileName(key));
    // Written beside the target and renamed over it: a crash or a concurrent reader sees the old
    // document or the new one, never half of one.
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFile(temp, serialized.text, 'utf8');
      await rename(temp, file);
      return { saved: true };
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      return notSaved(key, `${file} could not be written (${describeError(error)})`);
    }
  }
}
