/**
 * A benchmark in the layout of Martian's Code Review Bench offline set: `golden_comments/*.json`,
 * each a list of pull requests with the comments a person verified on them. The files are read
 * through a narrow source (a folder on disk, or the benchmark's repository over the GitHub API), so
 * the parsing here is the same whichever it is.
 */
import { z } from 'zod';
import { Severity } from '../loop/schema.js';

export const GOLDEN_DIR = 'golden_comments';

/** Martian writes severities capitalised ("High"); LoopKit's words are lower case. */
export const GoldenComment = z.object({
  comment: z.string().min(1),
  severity: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), Severity)
});
export type GoldenComment = z.infer<typeof GoldenComment>;

export const GoldenCase = z.object({
  pr_title: z.string(),
  url: z.string().min(1),
  original_url: z.string().nullish(),
  comments: z.array(GoldenComment)
});
export type GoldenCase = z.infer<typeof GoldenCase>;

export const GoldenFile = z.array(GoldenCase);

/** A pull request a URL names: github.com or a GitHub Enterprise host, `/{owner}/{repo}/pull/{n}`. */
export interface PullUrl {
  owner: string;
  repo: string;
  number: number;
}

const PULL_PATH = /^\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)\/pulls?\/(\d+)\/?$/;

export function parsePullUrl(url: string): PullUrl | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const match = PULL_PATH.exec(path);
  if (!match) return undefined;
  return { owner: match[1]!, repo: match[2]!, number: Number(match[3]) };
}

/** One pull request of the benchmark with its golden comments; `file` is the golden file it came from. */
export interface BenchCase {
  url: string;
  title: string;
  file: string;
  pull: PullUrl;
  golden: GoldenComment[];
}

/** Where the golden files are: names of `golden_comments/*.json`, and the text of one. */
export interface BenchFiles {
  /** What the report calls the benchmark (a folder, or a repository at a commit). */
  readonly label: string;
  list(): Promise<string[]>;
  read(name: string): Promise<string>;
}

export interface Bench {
  cases: BenchCase[];
  /** A golden file or entry that could not be used, one sentence each: reported, never dropped silently. */
  problems: string[];
}

export async function readBench(files: BenchFiles): Promise<Bench> {
  const names = (await files.list()).filter((n) => n.toLowerCase().endsWith('.json')).sort();
  if (names.length === 0) throw new Error(`${files.label}: no ${GOLDEN_DIR}/*.json`);
  const cases: BenchCase[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    let data: unknown;
    try {
      data = JSON.parse(await files.read(name));
    } catch (error) {
      problems.push(`${GOLDEN_DIR}/${name}: ${(error as Error).message}`);
      continue;
    }
    const parsed = GoldenFile.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      problems.push(
        `${GOLDEN_DIR}/${name}: not a list of { pr_title, url, comments: [{ comment, severity }] } (${issue.path.join('.') || 'the file'}: ${issue.message})`
      );
      continue;
    }
    for (const entry of parsed.data) {
      const pull = parsePullUrl(entry.url);
      if (!pull) {
        problems.push(`${GOLDEN_DIR}/${name}: "${entry.url}" is not a pull request URL (…/owner/repo/pull/N)`);
        continue;
      }
      if (seen.has(entry.url)) {
        problems.push(`${GOLDEN_DIR}/${name}: ${entry.url} is listed twice; its first entry is used`);
        continue;
      }
      seen.add(entry.url);
      cases.push({ url: entry.url, title: entry.pr_title, file: name, pull, golden: entry.comments });
    }
  }
  return { cases, problems };
}

/** `--filter`: a case whose URL, title or golden file holds the text (any case); `--cases N`: the first N after it. */
export function selectCases(cases: readonly BenchCase[], options: { filter?: string; limit?: number }): BenchCase[] {
  const needle = options.filter?.toLowerCase();
  const kept = needle ? cases.filter((c) => [c.url, c.title, c.file].some((s) => s.toLowerCase().includes(needle))) : [...cases];
  return options.limit === undefined ? kept : kept.slice(0, options.limit);
}
