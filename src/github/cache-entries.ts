/**
 * GitHub's own list of the repository's Actions cache entries (`GET /repos/{o}/{r}/actions/caches`,
 * which needs `actions: read`). The triage loop's state is repository-wide: no pull request
 * comment exists to hold a pointer to its latest cache key, so the run asks GitHub which entries
 * exist under the loop's exact key prefix and restores the newest one by its exact key.
 */
import type { GitHub } from './client.js';
import type { RepoRef } from './pull-request.js';

export interface CacheEntry {
  key: string;
  /** The ref whose runs saved it: `refs/heads/main`, `refs/pull/7/merge`. */
  ref: string;
  createdAt: string;
}

/**
 * Entries whose key starts with `prefix`, saved on one of `refs` (a run can restore only entries
 * of its own ref and of the default branch; no refs: any), newest first.
 */
export async function cacheEntries(octokit: GitHub, repo: RepoRef, prefix: string, refs: readonly string[]): Promise<CacheEntry[]> {
  const { data } = await octokit.rest.actions.getActionsCacheList({ ...repo, key: prefix, sort: 'created_at', direction: 'desc', per_page: 100 });
  return data.actions_caches
    .filter((c) => typeof c.key === 'string' && c.key.startsWith(prefix) && typeof c.ref === 'string' && (refs.length === 0 || refs.includes(c.ref)))
    .map((c) => ({ key: c.key!, ref: c.ref!, createdAt: c.created_at ?? '' }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
