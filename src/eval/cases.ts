/**
 * The pull requests of a benchmark, each read from GitHub once: the pull request and its files
 * (github/pull-request.ts, as the action reads them) and the head text of its changed files (what
 * the checker is shown around a finding), kept in a cache folder. A rerun, or a run after an
 * interrupted one, reads the cache and asks GitHub nothing for that pull request. Only reads are
 * ever sent: an evaluation posts nothing.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { FileReader, PullRequestSnapshot } from '../engine/context.js';
import { GitHubFileReader, readPullRequest, rejectionReason, type GitHub } from '../github/index.js';
import type { BenchCase, PullUrl } from './bench.js';

/** A pull request as the loops review it: the snapshot and its files' head text, from the cache or GitHub. */
export interface CaseData {
  pr: PullRequestSnapshot;
  reader: FileReader;
  /** True when it came from the cache (no request was made for it). */
  cached: boolean;
}

export interface CaseSource {
  /** The pull request of a case; throws with a sentence a person can act on when it cannot be read. */
  read(kase: BenchCase): Promise<CaseData>;
}

/**
 * Head files read ahead and kept with the pull request. The engine reads a changed file's head text
 * only around findings, and a pull request of the benchmarks changes far fewer files; past this a
 * file's text is not kept and the checker sees the diff alone for it.
 */
const MAX_CACHED_FILES = 300;

const CACHE_VERSION = 1;
const Cached = z.object({
  v: z.literal(CACHE_VERSION),
  url: z.string(),
  /** The snapshot exactly as readPullRequest built it; checked for the fields the engine reads. */
  pr: z.looseObject({
    number: z.number(),
    title: z.string(),
    headSha: z.string(),
    baseSha: z.string(),
    files: z.array(z.looseObject({ path: z.string(), status: z.string() })),
    filesTotal: z.number()
  }),
  /** Head text by path; null: absent, binary or too large. */
  head: z.record(z.string(), z.string().nullable())
});
type Cached = z.infer<typeof Cached>;

export class CachedCaseSource implements CaseSource {
  /** One read per pull request even when several loops ask for it at once. */
  private readonly reads = new Map<string, Promise<CaseData>>();

  constructor(
    private readonly octokit: GitHub,
    /** Absent: nothing is kept between runs (each run reads every pull request once). */
    private readonly cacheDir: string | undefined
  ) {}

  read(kase: BenchCase): Promise<CaseData> {
    let reading = this.reads.get(kase.url);
    if (!reading) {
      reading = this.load(kase);
      this.reads.set(kase.url, reading);
    }
    return reading;
  }

  private async load(kase: BenchCase): Promise<CaseData> {
    const file = this.cacheDir ? join(this.cacheDir, cacheName(kase.pull)) : undefined;
    const kept = file ? await readCached(file, kase.url) : undefined;
    if (kept) return { ...fromCached(kept), cached: true };
    const fresh = await this.fetch(kase);
    if (file) {
      await mkdir(this.cacheDir!, { recursive: true });
      // Written whole, then renamed: an interrupted run never leaves half a file to be trusted.
      await writeFile(`${file}.tmp`, JSON.stringify(fresh));
      await rename(`${file}.tmp`, file);
    }
    return { ...fromCached(fresh), cached: false };
  }

  private async fetch(kase: BenchCase): Promise<Cached> {
    const { owner, repo, number } = kase.pull;
    let pr: PullRequestSnapshot;
    try {
      pr = await readPullRequest(this.octokit, { owner, repo, number });
    } catch (error) {
      throw new Error(`could not read ${owner}/${repo}#${number}: ${rejectionReason(error)}`);
    }
    const reader = new GitHubFileReader(this.octokit, { owner, repo });
    const paths = pr.files
      .filter((f) => f.status !== 'removed')
      .map((f) => f.path)
      .slice(0, MAX_CACHED_FILES);
    let texts: (string | null)[];
    try {
      texts = await Promise.all(paths.map((path) => reader.read(path, pr.headSha)));
    } catch (error) {
      throw new Error(`could not read the files of ${owner}/${repo}#${number} at ${pr.headSha.slice(0, 12)}: ${rejectionReason(error)}`);
    }
    return { v: CACHE_VERSION, url: kase.url, pr: pr as unknown as Cached['pr'], head: Object.fromEntries(paths.map((p, i) => [p, texts[i]!])) };
  }
}

function cacheName({ owner, repo, number }: PullUrl): string {
  return `${owner.toLowerCase()}--${repo.toLowerCase()}--${number}.json`;
}

/** A cache file for this URL, or undefined: none yet, another URL's, or unreadable (then it is read again from GitHub and replaced). */
async function readCached(file: string, url: string): Promise<Cached | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = Cached.safeParse(JSON.parse(text));
    return parsed.success && parsed.data.url === url ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function fromCached(kept: Cached): Omit<CaseData, 'cached'> {
  const pr = kept.pr as unknown as PullRequestSnapshot;
  return {
    pr,
    // The engine asks for head text only; any other ref was never read and is absent.
    reader: { read: async (path, ref) => (ref === pr.headSha ? (kept.head[path] ?? null) : null) }
  };
}
