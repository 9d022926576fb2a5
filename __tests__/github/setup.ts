import { createOctokit, type ClientOptions, type GitHub } from '../../src/github/client.js';
import { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from '../fakes/github-server.js';

export interface Harness {
  gh: FakeGitHub;
  octokit: GitHub;
  logs: string[];
}

/** A fake GitHub and a client for it with short waits; close `gh` in afterEach. */
export async function startHarness(options: FakeGitHubOptions & { client?: Partial<ClientOptions> } = {}): Promise<Harness> {
  const gh = await startFakeGitHub(options);
  const logs: string[] = [];
  const record = (level: string) => (message: string) => logs.push(`${level}: ${message}`);
  const octokit = createOctokit({
    token: gh.token,
    baseUrl: gh.url,
    log: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') },
    retry: { delayUnitMs: 5 },
    ...options.client,
    rateLimit: { spaceWrites: false, ...options.client?.rateLimit }
  });
  return { gh, octokit, logs };
}

/**
 * Two hunks. RIGHT (new) lines: 1-5 and 21-24; LEFT (old) lines: 1-4 and 20-22.
 * New line 2 and 3 are added, old line 2 deleted, new line 22 added.
 */
export const TWO_HUNKS = [
  '@@ -1,4 +1,5 @@',
  ' line1',
  '-old2',
  '+new2',
  '+new3',
  ' line3',
  ' line4',
  '@@ -20,3 +21,4 @@ function tail() {',
  ' ctx20',
  '+added22',
  ' ctx21',
  ' ctx22'
].join('\n');

export const HEAD_SHA = 'a'.repeat(40);
export const BASE_SHA = 'b'.repeat(40);

export function countRequests(gh: FakeGitHub, method: string, path?: RegExp): number {
  return gh.requests.filter((r) => r.method === method && (path === undefined || path.test(r.path))).length;
}
