/**
 * A filesystem store's folder carried between Action runs through the Actions cache: a runner
 * starts from a fresh checkout, so a loop with `memory: { store: filesystem }` would otherwise
 * forget everything after each run. The folder is restored before the loops run and saved after
 * them, under a fresh key (entries cannot be overwritten), when its content changed.
 *
 * How the next run finds the latest entry: by key prefix, through the cache service's own restore
 * keys, which answer the newest entry under the prefix among those the run's ref may read (its own
 * ref first, then the base and default branch). This is possible here and not for state documents
 * because the entry's version (which holds the archived paths) is the same on every run: the path is
 * the folder itself. The summary's record marker cannot point at it: the folder is shared by every
 * loop and pull request that names it, a triage loop has no summary, and one pull request's pointer
 * says nothing about another's folder. GitHub's list of cache entries (what triage-state.ts asks)
 * would need `actions: read` and one more request for the same answer. A folder older than the
 * newest state is safe: a review loads its document by the exact key its summary names and starts
 * from the summary's record when that document is missing; a triage document is safe when stale
 * (see triage-state.ts).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { actionsCache, BoundedActionsCache, cacheUnavailable, type CacheStoreOptions } from './cache-store.js';
import { describeError } from './store.js';

export interface FolderKeyParts {
  /** The folder as the loop names it (`memory.path`), for people reading `gh cache list`. */
  name: string;
  runId: number | string;
  runAttempt: number | string;
}

const clean = (text: string, max: number) => text.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, max);

/**
 * `loopkit-folder-<name>-<hash of name>-` is every run's prefix; this run's key adds its run id and
 * attempt. The hash keeps two folders whose cleaned names share a beginning (`a` and `a-b`) apart.
 */
export function folderKeys(parts: FolderKeyParts): { key: string; prefix: string } {
  const prefix = `loopkit-folder-${clean(parts.name, 80)}-${createHash('sha256').update(parts.name).digest('hex').slice(0, 8)}-`;
  return { key: `${prefix}${clean(String(parts.runId), 30)}-${clean(String(parts.runAttempt), 10)}`, prefix };
}

/** Every file under `dir`, as paths relative to `root`. */
async function filesUnder(root: string, dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? filesUnder(root, join(dir, e.name)) : Promise.resolve(e.isFile() ? [relative(root, join(dir, e.name))] : [])))
  );
  return nested.flat();
}

/** A digest of every file's relative path and content; empty when the folder is missing or empty. */
async function folderDigest(folder: string): Promise<string> {
  const names = await filesUnder(folder, folder).catch(() => []);
  if (names.length === 0) return '';
  const hash = createHash('sha256');
  for (const name of names.sort())
    hash
      .update(name)
      .update('\0')
      .update(await readFile(join(folder, name)))
      .update('\0');
  return hash.digest('hex');
}

export interface CarryResult {
  /** The key restored from or saved under. */
  key?: string;
  warning?: string;
}

export class FolderCarrier extends BoundedActionsCache {
  readonly key: string;
  readonly prefix: string;
  /** The folder's digest after the restore: a save with nothing new is skipped. */
  private before = '';

  /**
   * @param folder absolute path of the folder, the same string on every run (it is the entry's
   *   version): under GITHUB_WORKSPACE, which `@actions/cache` archives relative to.
   */
  constructor(
    readonly folder: string,
    parts: FolderKeyParts,
    workDir: string,
    options: CacheStoreOptions = {}
  ) {
    super(workDir, options);
    ({ key: this.key, prefix: this.prefix } = folderKeys(parts));
  }

  /** Never throws. */
  async restore(): Promise<CarryResult> {
    const reason = await cacheUnavailable();
    if (reason) return { warning: this.notCarried(reason) };
    try {
      const cache = await actionsCache();
      const restored = await this.bounded(
        cache.restoreCache([this.folder], this.key, [this.prefix], { timeoutInMs: this.timeoutMs, segmentTimeoutInMs: this.timeoutMs })
      );
      this.before = await folderDigest(this.folder);
      if (!restored) return this.skipped({ warning: this.notCarried(this.down!) }, {});
      return restored.value === undefined ? {} : { key: restored.value };
    } catch (error) {
      return { warning: this.notCarried(describeError(error)) };
    }
  }

  /** Never throws. Saves only a folder that exists and changed since the restore. */
  async save(): Promise<CarryResult> {
    if (await cacheUnavailable()) return {};
    try {
      const now = await folderDigest(this.folder);
      if (now === '' || now === this.before) return {};
      if (await this.isDown()) return this.skipped({ warning: this.notSaved(this.down!) }, {});
      const cache = await actionsCache();
      const id = await this.bounded(cache.saveCache([this.folder], this.key));
      if (!id) return this.skipped({ warning: this.notSaved(this.down!) }, {});
      if (id.value === -1) return { warning: this.notSaved('the Actions cache refused or failed the upload (@actions/cache logged why above)') };
      this.before = now;
      return { key: this.key };
    } catch (error) {
      return { warning: this.notSaved(describeError(error)) };
    }
  }

  private notCarried(problem: string): string {
    return `The memory folder ${this.folder} was not restored from the Actions cache (${problem}): its loops start from what the checkout holds.`;
  }

  private notSaved(problem: string): string {
    return `The memory folder ${this.folder} was not saved to the Actions cache (${problem}): the next run will not see this run's memory.`;
  }
}
