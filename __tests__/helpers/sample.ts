/** The bundled sample pull request, and a way to put it into the fake GitHub. */
import { readFileSync } from 'node:fs';
import type { PullRequestSnapshot } from '../../src/engine/context.js';
import type { FakeGitHub } from '../fakes/github-server.js';

export interface SamplePr {
  pr: PullRequestSnapshot;
  contents: Record<string, string>;
}

export function samplePullRequest(): SamplePr {
  return JSON.parse(readFileSync(new URL('../../samples/sample-pr.json', import.meta.url), 'utf8')) as SamplePr;
}

export const OWNER = 'octo';
export const REPO = 'shop';

/** Seeds the sample as pull request `number` of octo/shop, with its head files readable. */
export function seedSample(gh: FakeGitHub, number = 42, overrides: { headSha?: string } = {}): SamplePr {
  const sample = samplePullRequest();
  const repo = gh.state.repos.get(`${OWNER}/${REPO}`.toLowerCase()) ?? gh.state.addRepo({ owner: OWNER, repo: REPO });
  const headSha = overrides.headSha ?? sample.pr.headSha;
  repo.addPull({
    number,
    title: sample.pr.title,
    body: sample.pr.body,
    base: { ref: 'main', sha: sample.pr.baseSha },
    head: { ref: 'feature', sha: headSha },
    files: sample.pr.files.map((f) => ({
      filename: f.path,
      status: f.status,
      additions: f.additions,
      deletions: f.deletions,
      ...(f.patch !== undefined ? { patch: f.patch } : {}),
      ...(f.previousPath ? { previous_filename: f.previousPath } : {})
    }))
  });
  for (const [path, text] of Object.entries(sample.contents)) repo.setFile(headSha, path, text);
  // The history the compare API walks: base ← head.
  if (!repo.commits.has(sample.pr.baseSha)) repo.addCommit({ sha: sample.pr.baseSha, message: 'base' });
  repo.addCommit({ sha: headSha, parents: [sample.pr.baseSha], message: sample.pr.title, files: repo.pulls.get(number)!.files });
  return { pr: { ...sample.pr, number, headSha }, contents: sample.contents };
}

/**
 * A push on the seeded sample: a new head `to` on top of `from` that adds one line to
 * src/auth/session.ts, so that file's patch (and text) change as they would on GitHub.
 */
export function pushSessionChange(gh: FakeGitHub, number: number, from: string, to: string): void {
  const repo = gh.state.repos.get(`${OWNER}/${REPO}`.toLowerCase())!;
  const pull = repo.pulls.get(number)!;
  const added = '// Tokens are signed before they leave the server.';
  const session = pull.files.find((f) => f.filename === 'src/auth/session.ts')!;
  session.patch = `${session.patch!.replace('@@ -0,0 +1,11 @@', '@@ -0,0 +1,12 @@')}\n+${added}`;
  session.additions += 1;
  repo.addCommit({ sha: to, parents: [from], message: 'sign sessions', files: [session] });
  pull.head.sha = to;
  for (const [path, text] of repo.contents.get(from)!) repo.setFile(to, path, text.toString());
  repo.setFile(to, 'src/auth/session.ts', `${repo.contents.get(from)!.get('src/auth/session.ts')!.toString()}\n${added}`);
}
