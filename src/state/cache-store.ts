/**
 * State in the GitHub Actions cache, through `@actions/cache`: the one place an Action can keep data
 * between runs of a pull request without committing it or needing extra permissions.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseState, serializeState, type StateDocument, type Subject } from './document.js';
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

/** The format of state keys (see stateKey); it changes only when the keys do. */
export const STATE_KEY_VERSION = 1;

/**
 * The cache key of one saved state, e.g. `loopkit-state-v1-octo_app-pr-review-pr12-3f2a9c1b7d4e-9876543210-1`.
 * Every part is limited in length, so the key stays far under the service's 512 characters, and
 * cleaned to [A-Za-z0-9._-], so it never holds the comma the service forbids.
 *
 * - `loopkit-state-v<N>`: recognisable in `gh cache list`; N is STATE_KEY_VERSION, the format of the
 *   keys, not of the documents: an older document is migrated on reading (document.ts), so a new
 *   document version must not hide the entries a loop kept, and the keys stay as they were.
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
    `loopkit-state-v${STATE_KEY_VERSION}`,
    clean(parts.repo, 100),
    clean(parts.loop, 100),
    `${parts.subject.kind === 'pull_request' ? 'pr' : 'issues'}${parts.subject.number ?? ''}`,
    parts.head === undefined ? 'nohead' : clean(parts.head.slice(0, 12), 12),
    clean(String(parts.runId), 30),
    clean(String(parts.runAttempt), 10)
  ].join('-');
}

/** What every run of a loop on a subject shares of stateKey: the key without head, run id and attempt, ending in "-". */
export function stateKeyPrefix(parts: Pick<StateKeyParts, 'repo' | 'loop' | 'subject'>): string {
  // stateKey ends "-<run id>-<attempt>"; with both empty the key ends in "--", and one "-" less is the shared prefix.
  return stateKey({ repo: parts.repo, loop: parts.loop, subject: parts.subject, runId: '', runAttempt: '' }).slice(0, -1);
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

let loading: Promise<typeof import('@actions/cache')> | undefined;

/**
 * `@actions/cache`, loaded the first time the cache is used: with the Azure SDK it brings it is
 * about a quarter of the action's bundle, which a run that never touches the cache need not
 * compile, and one that does compiles while its first GitHub requests are out.
 */
export function actionsCache(): Promise<typeof import('@actions/cache')> {
  return (loading ??= import('@actions/cache'));
}

export async function cacheUnavailable(): Promise<string | undefined> {
  if (!(await actionsCache()).isFeatureAvailable()) {
    return 'Actions cache not available (no cache service URL in the environment: the runner sets it only for steps of a GitHub Actions job)';
  }
  if (!process.env['ACTIONS_CACHE_SERVICE_V2']) {
    return 'Actions cache not available (LoopKit keeps state with cache service v2 and ACTIONS_CACHE_SERVICE_V2 is not set: this runner offers only the legacy service, as GitHub Enterprise Server does)';
  }
  return undefined;
}

async function freshDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
}

/** How long one operation of the cache service may take before the run goes on without it. */
export const DEFAULT_CACHE_TIMEOUT_MS = 10_000;

export interface CacheStoreOptions {
  /** Default DEFAULT_CACHE_TIMEOUT_MS. */
  timeoutMs?: number;
  /** The warm-up probe's own bound, when shorter than timeoutMs. Default PROBE_TIMEOUT_MS. */
  probeTimeoutMs?: number;
}

const PROBE_KEY = 'loopkit-probe';
/**
 * How long after the warm-up is asked for the probe starts: past the start of a review (its first
 * model calls go out within about a second), whose reads the probe, and the loading of
 * `@actions/cache` it brings, would otherwise compete with for the one thread.
 */
const PROBE_DELAY_MS = 2_000;
/**
 * The longest the probe waits for its answer (when the operations' bound is longer). It asks for a
 * key that does not exist: a healthy service answers in well under a second, and `@actions/cache`
 * sends one failed attempt again after 3 s. A service that has not answered in 5 s is failing
 * repeatedly or silent, and the run goes on without it rather than hold its state's save (or its
 * start) for the whole bound.
 */
export const PROBE_TIMEOUT_MS = 5_000;

/**
 * `operation`'s value, or undefined when it takes longer than `ms`. `@actions/cache` cannot be
 * cancelled: an operation given up on goes on (its retries last about 30 s against a failing
 * service, a silent one holds its request open), so the timer is unref'd and the action's entry
 * ends the process once its work is done.
 */
async function within<T>(ms: number, operation: Promise<T>): Promise<{ value: T } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, ms, undefined);
    timer.unref();
  });
  try {
    return await Promise.race([operation.then((value) => ({ value })), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The Actions cache bounded in time: every operation gets `timeoutMs`, and the first that takes
 * longer gives the service up for the rest of the run (said once), so a silent service costs one
 * timeout, not one per operation. The state store and the folder carrier are both built on it.
 */
export class BoundedActionsCache {
  readonly timeoutMs: number;
  private readonly probeTimeoutMs: number;
  /** Why the cache service was given up on, once an operation took too long. */
  protected down: string | undefined;
  /** Whether a result has said so: the run hears it once, not once per operation. */
  private toldDown = false;
  private probe: Promise<void> | undefined;
  private probeTimer: NodeJS.Timeout | undefined;

  /**
   * @param workDir absolute folder the probe's lookup names (nothing is written there): RUNNER_TEMP in an Action.
   */
  constructor(
    readonly workDir: string,
    options: CacheStoreOptions = {}
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_CACHE_TIMEOUT_MS;
    this.probeTimeoutMs = Math.min(this.timeoutMs, options.probeTimeoutMs ?? PROBE_TIMEOUT_MS);
  }

  /**
   * Asks the service for an entry that does not exist, so a service that does not answer is known
   * by the time the run saves its state, while the review runs, and the save does not wait for it.
   * The probe starts PROBE_DELAY_MS later, or at once when an operation needs the service first.
   */
  warmUp(): void {
    if (this.probe || this.probeTimer) return;
    this.probeTimer = setTimeout(() => void this.startProbe(), PROBE_DELAY_MS);
    this.probeTimer.unref();
  }

  private startProbe(): Promise<void> {
    clearTimeout(this.probeTimer);
    const file = cacheStagingFile(this.workDir, PROBE_KEY);
    return (this.probe ??= (async () => {
      if (await cacheUnavailable()) return;
      await this.bounded(
        actionsCache().then((cache) => cache.restoreCache([file], PROBE_KEY, [], { lookupOnly: true })),
        this.probeTimeoutMs
      );
    })().catch(() => undefined));
  }

  /** Waits for the probe asked for (started now if its time has not come; it has its own time limit), then says whether the service is given up on. */
  protected async isDown(): Promise<boolean> {
    if (this.probeTimer) await this.startProbe();
    return this.down !== undefined;
  }

  /** The operation's result, or undefined when it took longer than `ms`: the service is then given up for this run. */
  protected async bounded<T>(operation: Promise<T>, ms = this.timeoutMs): Promise<{ value: T } | undefined> {
    const result = await within(ms, operation);
    if (!result) this.down ??= `the Actions cache did not answer within ${ms / 1000} s; this run goes on without it`;
    return result;
  }

  /** `result` with its warning the first time the service is skipped, `quiet` afterwards. */
  protected skipped<T extends { warning?: string }>(result: T, quiet: T): T {
    if (this.toldDown) return quiet;
    this.toldDown = true;
    return result;
  }
}

/**
 * State documents, one cache entry per key. Its workDir is where files are staged, the same on every
 * run (it is part of the cache version, see cacheStagingFile): RUNNER_TEMP in an Action.
 * `@actions/cache` archives the file relative to GITHUB_WORKSPACE and unpacks it relative to
 * GITHUB_WORKSPACE, so a run whose workspace lies elsewhere relative to workDir finds nothing and says so.
 */
export class ActionsCacheStore extends BoundedActionsCache implements StateStore {
  readonly kind = 'cache';

  async load(key: string): Promise<LoadResult> {
    const reason = await cacheUnavailable();
    if (reason) return notLoaded(key, reason);
    if (await this.isDown()) return this.skipped(notLoaded(key, this.down!), { doc: null });
    const file = cacheStagingFile(this.workDir, key);
    try {
      await freshDir(dirname(file));
      // Restored at once, and looked up only when nothing came back: `restoreCache` answers
      // undefined for a miss and for a failed download alike, and only a lookup that finds the
      // entry lets a failure be called a lost entry. A hit, the common case, costs one request and
      // one `zstd --version` instead of two.
      // No restore keys. The service still matches the primary key as a prefix when there is no
      // exact entry, but only within one version, and the version holds the staging path, which
      // holds a hash of the key: no other key's entry can match. A looser match once let a later
      // run restore an older commit's state and skip the new commits: a false green.
      const cache = await actionsCache();
      const restored = await this.bounded(cache.restoreCache([file], key, [], { timeoutInMs: this.timeoutMs, segmentTimeoutInMs: this.timeoutMs }));
      if (!restored) return this.skipped(notLoaded(key, this.down!), { doc: null });
      if (restored.value !== key) {
        const found = await this.bounded(cache.restoreCache([file], key, [], { lookupOnly: true }));
        if (!found) return this.skipped(notLoaded(key, `nothing was restored and ${this.down!}`), { doc: null });
        return notLoaded(
          key,
          found.value === key
            ? 'the entry exists but could not be downloaded or unpacked (@actions/cache logged why above)'
            : 'the Actions cache has no entry under this key: it expired or was evicted, was saved on a branch this run cannot read, or the lookup failed (@actions/cache logged why above)'
        );
      }
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
    const reason = await cacheUnavailable();
    if (reason) return notSaved(key, reason);
    const serialized = serializeState(doc);
    if (!serialized.ok) return notSaved(key, `the document is invalid: ${serialized.error}`);
    if (await this.isDown()) return this.skipped(notSaved(key, this.down!), { saved: false });
    const file = cacheStagingFile(this.workDir, key);
    try {
      await freshDir(dirname(file));
      await writeFile(file, serialized.text, 'utf8');
      const cache = await actionsCache();
      const id = await this.bounded(cache.saveCache([file], key));
      if (!id) return this.skipped(notSaved(key, this.down!), { saved: false });
      if (id.value !== -1) return { saved: true };
      // `saveCache` answers -1 for a key that exists and for a failed upload alike; a lookup tells them apart.
      const found = await this.bounded(cache.restoreCache([file], key, [], { lookupOnly: true }));
      if (!found) return this.skipped(notSaved(key, this.down!), { saved: false });
      return notSaved(
        key,
        found.value === key
          ? 'an entry with this key already exists, and cache entries cannot be overwritten: save under a new key'
          : 'the Actions cache refused or failed the upload (@actions/cache logged why above)'
      );
    } catch (error) {
      return notSaved(key, describeError(error));
    } finally {
      await rm(dirname(file), { recursive: true, force: true }).catch(() => undefined);
    }
  }
}
