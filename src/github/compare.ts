/**
 * What changed since the last reviewed head. After a plain push the old head is an ancestor and
 * the compare API lists the files touched since. After a force-push or rebase it is not, and
 * commit dates prove nothing, so the pull request's patches are compared instead: a file whose
 * patch against the base reads the same as before was not changed by the rewrite.
 */
import type { ChangedFile, PullRequestSnapshot } from '../engine/context.js';
import type { GitHub } from './client.js';
import { httpStatus } from './errors.js';

export type ChangePlan =
  | { mode: 'full'; note: string }
  | { mode: 'same-head'; note: string }
  | { mode: 'incremental'; paths: Set<string>; note: string };

export async function planSince(octokit: GitHub, owner: string, repo: string, pr: PullRequestSnapshot, lastHead: string | undefined): Promise<ChangePlan> {
  if (!lastHead) return { mode: 'full', note: 'first review of this pull request' };
  if (lastHead === pr.headSha) return { mode: 'same-head', note: `head ${short(lastHead)} was already reviewed` };
  try {
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${lastHead}...${pr.headSha}`, per_page: 100 });
    if (data.status === 'ahead' && (data.files?.length ?? 0) < 300) {
      const touched = new Set((data.files ?? []).flatMap((f) => [f.filename, ...(f.previous_filename ? [f.previous_filename] : [])]));
      const paths = new Set(pr.files.filter((f) => touched.has(f.path)).map((f) => f.path));
      return { mode: 'incremental', paths, note: `${paths.size} file(s) changed since ${short(lastHead)}` };
    }
    // Diverged: the branch was rewritten. Compare each file's patch against the base, old and new.
    const { data: before } = await octokit.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${pr.baseSha}...${lastHead}`, per_page: 100 });
    if ((before.files?.length ?? 0) >= 300) return { mode: 'full', note: 'history rewritten and too many files to compare: full review' };
    const old = new Map((before.files ?? []).map((f) => [f.filename, f.patch ?? null] as const));
    const paths = new Set(pr.files.filter((f) => !samePatch(old.get(f.path), f)).map((f) => f.path));
    return { mode: 'incremental', paths, note: `history rewritten since ${short(lastHead)}: ${paths.size} file(s) differ from what was reviewed` };
  } catch (error) {
    // The old head is gone (garbage-collected after a force-push) or the compare failed: be safe.
    const status = httpStatus(error);
    return { mode: 'full', note: `could not compare with ${short(lastHead)}${status ? ` (HTTP ${status})` : ''}: full review` };
  }
}

function samePatch(before: string | null | undefined, now: ChangedFile): boolean {
  return before !== undefined && before !== null && now.patch !== undefined && before === now.patch;
}

function short(sha: string): string {
  return sha.slice(0, 12);
}
