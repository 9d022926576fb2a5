/**
 * `loopkit run <loop> --repo owner/name --pr N | --issue N [--post]`: the loop on a real pull
 * request or issue, read through the API with GITHUB_TOKEN. Nothing is written unless `--post`
 * is given; then a review loop posts one review of the verified findings not yet on the pull
 * request (and updates its summary, keeping the action's state pointer), and a triage loop adds
 * its labels and writes or edits its one comment on the issue.
 */
import { FileDiff } from '../diff/index.js';
import type { EngineEvents } from '../engine/calls.js';
import type { Finding } from '../engine/finding.js';
import { runReview, type ReviewResult } from '../engine/review.js';
import { runTriage } from '../engine/triage.js';
import {
  apiUrlFromEnv,
  applyTriagePlan,
  createOctokit,
  findStickyComment,
  GitHubFileReader,
  readOwnReviewComments,
  TokenIdentity,
  listRecentIssues,
  listRepoLabels,
  postReview,
  readIssue,
  readPullRequest,
  rejectionReason,
  triageIssuesOf,
  upsertStickyComment,
  type GitHub
} from '../github/index.js';
import type { LoadedLoop } from '../loop/load.js';
import { taskOf } from '../loop/schema.js';
import { pricing, DEFAULT_MODEL } from '../providers/index.js';
import type { ModelProvider } from '../providers/types.js';
import { inlineComment, planLine, readReviewRecord, reviewBody, summaryComment, summaryMarker, triageComment, triageMarker } from '../render/index.js';
import type { Output } from './output.js';
import { printReview } from './report.js';

export interface RemoteOptions {
  /** owner/name */
  repo: string;
  pr?: number;
  issue?: number;
  post: boolean;
  json: boolean;
  env: NodeJS.ProcessEnv;
  events: EngineEvents;
}

const REPO = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/;

export async function runRemote(loaded: LoadedLoop, provider: ModelProvider, options: RemoteOptions, io: Output): Promise<number> {
  const match = REPO.exec(options.repo);
  if (!match) {
    io.err(`--repo takes owner/name, got "${options.repo}"`);
    return 2;
  }
  const repo = { owner: match[1]!, repo: match[2]! };
  const token = options.env.GITHUB_TOKEN;
  if (!token) {
    io.err(`GITHUB_TOKEN is not set: export a token that can read ${options.repo}${options.post ? ' and write to its pull requests and issues' : ''}.`);
    return 1;
  }
  const octokit = createOctokit({ token, baseUrl: apiUrlFromEnv(options.env) });
  try {
    return taskOf(loaded.loop) === 'review' ? await remoteReview(octokit, repo, loaded, provider, options, io) : await remoteTriage(octokit, repo, loaded, provider, options, io);
  } catch (error) {
    io.err(`GitHub refused: ${rejectionReason(error)}`);
    return 1;
  }
}

async function remoteReview(octokit: GitHub, repo: { owner: string; repo: string }, loaded: LoadedLoop, provider: ModelProvider, options: RemoteOptions, io: Output): Promise<number> {
  if (options.pr === undefined) {
    io.err(`${loaded.loop.name} is a review loop: pass --pr N`);
    return 2;
  }
  const pr = await readPullRequest(octokit, { ...repo, number: options.pr });
  const result = await runReview({ loaded, pr, reader: new GitHubFileReader(octokit, repo), provider, pricing, defaultModel: DEFAULT_MODEL, events: options.events });
  if (options.json) io.out(JSON.stringify(result, null, 2));
  else printReview(result, io);
  if (!options.post) {
    io.err(io.dim('Nothing was posted (pass --post to post the review).'));
    return result.status === 'failed' ? 1 : 0;
  }
  const loop = loaded.loop;
  // What LoopKit already posted on the pull request is read just before posting, so nothing is posted twice.
  const identity = await new TokenIdentity(octokit).get();
  const already = (await readOwnReviewComments(octokit, { ...repo, number: pr.number }, identity)).posted;
  const fresh = result.verified.filter((f) => !already.has(f.fingerprint));
  const cap = loop.outputs ? (loop.outputs.review?.maxComments ?? 0) : 20;
  const diffs = new Map(pr.files.map((f) => [f.path, new FileDiff(f)] as const));
  const inline = fresh.filter((f) => f.anchor.ok).slice(0, cap);
  const notPlaced = fresh.filter((f) => !inline.includes(f));
  let posted = 0;
  if (fresh.length > 0) {
    const res = await postReview(octokit, { ...repo, number: pr.number, commitId: pr.headSha, body: reviewBody(notPlaced, { loop: loop.name }), comments: inline.map((f) => inlineComment(f, diffs.get(f.path))) });
    posted = res.posted.length;
    for (const r of res.rejected) {
      io.err(io.yellow(`GitHub refused the comment for ${r.key}: ${r.reason}; it is listed in the summary instead`));
      const finding = inline.find((f) => f.fingerprint === r.key);
      if (finding) notPlaced.push(finding);
    }
  }
  await updateSummary(octokit, { ...repo, identity }, pr.number, pr.headSha, result, posted, notPlaced);
  io.out(`posted: ${posted} inline comment(s), ${notPlaced.length} in the review body; the summary comment is updated`);
  return result.status === 'failed' ? 1 : 0;
}

/** The summary, carrying the action's review record over unchanged: the CLI keeps no Actions cache state. */
async function updateSummary(
  octokit: GitHub,
  repo: { owner: string; repo: string; identity: string },
  number: number,
  headSha: string,
  result: ReviewResult,
  posted: number,
  notPlaced: Finding[]
): Promise<void> {
  const marker = summaryMarker(result.loop);
  const existing = await findStickyComment(octokit, { ...repo, issueNumber: number, marker });
  const record = existing ? readReviewRecord(existing.body) : undefined;
  await upsertStickyComment(octokit, { ...repo, issueNumber: number, marker, ...(existing ? { known: existing } : {}), body: summaryComment({ result, posted, notPlaced, headSha, ...(record ? { record } : {}) }) });
}

async function remoteTriage(octokit: GitHub, repo: { owner: string; repo: string }, loaded: LoadedLoop, provider: ModelProvider, options: RemoteOptions, io: Output): Promise<number> {
  if (options.issue === undefined) {
    io.err(`${loaded.loop.name} is a triage loop: pass --issue N`);
    return 2;
  }
  const issue = await readIssue(octokit, { ...repo, issueNumber: options.issue });
  if (issue.pullRequest) {
    io.err(`#${issue.number} is a pull request: a triage loop runs on issues`);
    return 1;
  }
  const loop = loaded.loop;
  const connector = loop.connectors?.find((c) => c.type === 'github-issues');
  const includeComments = connector && 'includeComments' in connector ? connector.includeComments : true;
  const [issues, repoLabels, recent] = await Promise.all([triageIssuesOf(octokit, repo, [issue], includeComments), listRepoLabels(octokit, repo), listRecentIssues(octokit, repo, 100)]);
  const result = await runTriage({ loaded, issues, recent, repoLabels, provider, pricing, defaultModel: DEFAULT_MODEL, events: options.events });
  if (options.json) io.out(JSON.stringify(result, null, 2));
  else {
    io.out(`${io.bold(`LoopKit · ${loop.name}`)}${result.dryRun ? io.yellow(' [dry run: no model was called; proposals come from keyword rules]') : ''}`);
    io.out(`status: ${result.status}${result.reasons.length ? ` — ${result.reasons.join('; ')}` : ''}`);
    for (const plan of result.plans) io.out(planLine(plan));
    for (const s of result.skipped) io.out(io.dim(`not triaged #${s.issue}: ${s.reason}`));
    io.out(`spend: ${result.calls.length} model calls, ${result.tokens.toLocaleString('en-US')} tokens, $${result.costUsd.toFixed(4)}${result.dryRun ? ' (estimated)' : ''}`);
  }
  if (!options.post) {
    io.err(io.dim('Nothing was written (pass --post to apply the plan).'));
    return result.status === 'failed' ? 1 : 0;
  }
  let failed = false;
  const identity = new TokenIdentity(octokit);
  for (const plan of result.plans) {
    const done = await applyTriagePlan(octokit, repo, plan, {
      marker: triageMarker(loop.name),
      identity,
      comment: (labelsAdded) => triageComment(plan, { loop: loop.name, labelsAdded }),
      ...(loop.escalation?.label ? { escalationLabel: loop.escalation.label } : {})
    });
    io.out(`posted #${plan.issue}: labels ${done.labels.length > 0 ? done.labels.join(', ') : 'none'} · comment ${done.comment ?? 'none'}`);
    for (const p of done.problems) io.err(io.red(`#${plan.issue}: ${p}`));
    failed ||= done.problems.length > 0;
  }
  return failed || result.status === 'failed' ? 1 : 0;
}
