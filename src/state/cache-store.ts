/**
 * State in the GitHub Actions cache, through `@actions/cache`: the one place an Action can keep data
 * between runs of a pull request without committing it or needing extra permissions.
 */
import * as cache from '@actions/cache';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { parseState, serializeState, STATE_VERSION, type StateDocument, type Subject } from './document.js';
import { describeError, notLoaded, notSaved, type LoadResult, type SaveResult, type StateStore } from './store.js';

export interface StateKeyParts {
  /** owner/name */
  repo: string;
  loop: string;
  subject: Subject;
  head?: string;
  runId: number | string;
  runAttempt: number | string;
}

function clean(text: string, max: number): string {
  const safe = text.replace(/[^A-Za-z0-9._-]+/g, '_');
  if (safe.length <= max) return safe;
  // A hash of the whole text keeps two long names that share a prefix apart.
  return `${safe.slice(0, max - 9)}_${createHash('sha256').update(text).digest('hex').slice(0, 8)}`;
}

/**
 * The cache key of one saved state, e.g. `loopkit-state-v1-octo_app-pr-review-pr12-3f2a9c1b7d4e-9876543210-1`.
 * Every part is limited in length, so the key stays far under the service's 512 characters, and
 * cleaned to [A-Za-z0-9._-], so it never holds the comma the service forbids.
 *
 * - `loopkit-state-v<N>`: recognisable in `gh cache list`; N is the document version, so a LoopKit
 *   that writes a new format never finds entries in the old one.
 * - repo and loop: each loop keeps its own state; the repository is there for people reading the
 *   list (the cache is scoped to the repository already).
 * - `pr<N>` / `issues`: the subject the state is about.
 * - the first 12 characters of the head: which commit the state describes, for people reading the list.
 * - run id and attempt: cache entries cannot be overwritten, so every save needs a key of its own; a
 *   re-run keeps its run id and gets a new attempt. Because no key is ever reused, the latest key
 *   cannot be guessed: it is written into a hidden marker of the pull request's summary comment,
 *   and the next run restores exactly that key.
 */
export function stateKey(parts: StateKeyParts): string {
  return [
    `loopkit-state-v${STATE_VERSION}`,
    clean(parts.repo, 100),
    clean(parts.loop, 100),
    `${parts.subject.kind === 'pull_request' ? 'pr' : 'issues'}${parts.subject.number ?? ''}`,
    parts.head === undefined ? 'nohead' : clean(parts.head.slice(0, 12), 12),
    clean(String(parts.runId), 30),
    clean(String(parts.runAttempt), 10)
  ].join('-');
}

/**
 * Where the document of `key` is written before it is archived and where it is unpacked to.
 *
 * `@actions/cache` folds the path it is given into the entry's version and matches versions
 * exactly, so the path must be the same string on the run that saves and the run that restores: a
 * fresh random folder per operation would never be found again. It is therefore derived from the
 * work folder and the key (which also keeps one key's version from matching another's), emptied
 * before each operation and removed after it. Two operations on the same key at the same time would
 * share it; LoopKit loads a key once at the start of a run and saves a new key at the end.
 */
export function cacheStagingFile(workDir: string, key: string): string {
  return join(workDir, 'loopkit-state', createHash('sha256').update(key).digest('hex').slice(0, 24), 'state.json');
}

function unavailable(): string | undefined {
  if (!cache.isFeatureAvailable()) {
    return 'Actions cache not available (no cache service URL in the environment: the runner sets it only for steps of a GitHub Actions job)';
  }
  if (!process.env['ACTIONS_CACHE_SERVICE_V2']) {
    return 'Actions cache not available (LoopKit keeps state with cache service v2 and ACTIONS_CACHE_SERVICE_V2 is not set: this runner offers only the legacy service, as GitHub Enterprise Server does)';
  }
  return undefined;
}

// Twirp's JSON uses the proto field names; a field at its default value may be left out.
const LookupAnswer = z.object({ ok: z.boolean().optional(), matched_key: z.string().optional() });
const TwirpErrorAnswer = z.object({ code: z.string().optional(), msg: z.string().optional() });

/** Output of a command, or '' when it cannot run. Found on `process.env.PATH`, as @actions/exec finds it. */
function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(command, args, { env: process.env }, (_error, stdout, stderr) => resolve(`${stdout}${stderr}`.trim()));
  });
}

/**
 * The version `@actions/cache` 6.3 sends with a key (cacheUtils.getCacheVersion): a hash of the
 * paths, the compression it picks (zstd when `zstd --version` answers, else gzip), a Windows marker
 * and a salt. The store needs it only to ask the service itself whether an exact entry exists; the
 * tests for corrupt entries fail if this drifts from the package.
 */
async function cacheVersion(file: string): Promise<string> {
  const compression = (await run('zstd', ['--quiet', '--version'])) === '' ? 'gzip' : 'zstd-without-long';
  const components = [file, compression, ...(process.platform === 'win32' ? ['windows-only'] : []), '1.0'];
  return createHash('sha256').update(components.join('|')).digest('hex');
}

/**
 * Whether the service holds an entry under exactly this key. `@actions/cache` turns every failure
 * into a log line and a result that looks like a miss; asking the service directly tells "never
 * saved" (start fresh quietly) from "saved but lost on the way" (start fresh and say so).
 * Throws when the service cannot be asked.
 */
async function existsExactly(key: string, file: string): Promise<boolean> {
  const base = process.env['ACTIONS_RESULTS_URL'] ?? '';
  const response = await fetch(new URL('/twirp/github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL', base), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${process.env['ACTIONS_RUNTIME_TOKEN'] ?? ''}` },
    body: JSON.stringify({ key, version: await cacheVersion(file) }),
    signal: AbortSignal.timeout(15_000)
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = TwirpErrorAnswer.safeParse(body);
    const detail = error.success ? [error.data.code, error.data.msg].filter(Boolean).join(': ') : '';
    throw new Error(`the cache service answered ${response.status}${detail ? ` (${detail})` : ''}`);
  }
  const answer = LookupAnswer.safeParse(body);
  if (!answer.success) throw new Error(`the cache service answered ${response.status} with a body that is not a lookup answer`);
  return answer.data.ok === true && answer.data.matched_key === key;
}

async function freshDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
}

export class ActionsCacheStore implements StateStore {
  readonly kind = 'cache';

  /**
   * @param workDir absolute folder to stage files in, the same on every run (it is part of the cache
   *   version, see cacheStagingFile): RUNNER_TEMP in an Action. `@actions/cache` archives the file
   *   relative to GITHUB_WORKSPACE and unpacks it relative to GITHUB_WORKSPACE, so a run whose
   *   workspace lies elsewhere relative to workDir finds nothing and says so.
   */
  constructor(readonly workDir: string) {}

  async load(key: string): Promise<LoadResult> {
    const reason = unavailable();
    if (reason) return notLoaded(key, reason);
    const file = cacheStagingFile(this.workDir, key);
    try {
      await freshDir(dirname(file));
      // No restore keys. The service still matches the primary key as a prefix when there is no
      // exact entry, but only within one version, and the version holds the staging path, which
      // holds a hash of the key: no other key's entry can match. A looser match once let a later
      // run restore an older commit's state and skip the new commits: a false green.
      if ((await cache.restoreCache([file], key)) === undefined) return await this.explainMiss(key, file);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        return notLoaded(
          key,
          `the entry was restored but ${file} is not in it (${describeError(error)}); @actions/cache unpacks relative to GITHUB_WORKSPACE, which may differ from the run that saved it`
        );
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        return notLoaded(key, `the cached file is not valid JSON (${describeError(error)})`);
      }
      const parsed = parseState(json);
      return parsed.ok ? { doc: parsed.doc } : notLoaded(key, `the cached file is not a valid state document (${parsed.error})`);
    } catch (error) {
      return notLoaded(key, describeError(error));
    } finally {
      await rm(dirname(file), { recursive: true, force: true }).catch(() => undefined);
    }
  }

  async save(key: string, doc: StateDocument): Promise<SaveResult> {
    const reason = unavailable();
    if (reason) return notSaved(key, reason);
    const serialized = serializeState(doc);
    if (!serialized.ok) return notSaved(key, `the document is invalid: ${serialized.error}`);
    const file = cacheStagingFile(this.workDir, key);
    try {
      await freshDir(dirname(file));
      await writeFile(file, serialized.text, 'utf8');
      if ((await cache.saveCache([file], key)) !== -1) return { saved: true };
      let exists: boolean;
      try {
        exists = await existsExactly(key, file);
      } catch (error) {
        return notSaved(key, `the Actions cache could not be reached (${describeError(error)})`);
      }
      return notSaved(
        key,
        exists
          ? 'an entry with this key already exists, and cache entries cannot be overwritten: save under a new key'
          : 'the Actions cache refused or failed the upload (@actions/cache logged why above)'
      );
    } catch (error) {
      return notSaved(key, describeError(error));
    } finally {
      await rm(dirname(file), { recursive: true, force: true }).catch(() => undefined);
    }
  }

  private async explainMiss(key: string, file: string): Promise<LoadResult> {
    let exists: boolean;
    try {
      exists = await existsExactly(key, file);
    } catch (error) {
      return notLoaded(key, `the Actions cache could not be read (${describeError(error)})`);
    }
    return exists ? notLoaded(key, 'the entry exists but could not be downloaded or unpacked (@actions/cache logged why above)') : { doc: null };
  }
}
