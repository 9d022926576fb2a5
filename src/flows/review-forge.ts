/**
 * Everything the review flow reads from and writes to the place a pull request lives, for one pull
 * request: the pull request and its files, LoopKit's earlier summary, comments and reviews, and the
 * writes (the review, the sticky summary, the escalation, the check run). The action and
 * `loopkit run --repo` use GitHub (GitHubReviewForge, over src/github/); `loopkit run` on the local
 * checkout or a saved pull request uses the CLI's local forge (src/cli/local-forge.ts), which has no
 * earlier state and keeps what would be posted instead of posting it. The flow renders what it
 * writes before it reaches a forge, so both post the same text.
 */
import type { FileReader, PullRequestSnapshot } from '../engine/context.js';
import {
  CheckRun,
  findStickyComment,
  fingerprintsInReviews,
  GitHubFileReader,
  GitHubRepositoryReader,
  postReview,
  readOwnReviewComments,
  readPullRequest,
  upsertStickyComment,
  type CheckRunResult,
  type CheckRunTracker,
  type GitHub,
  type OwnReviewComments,
  type PostReviewResult,
  type ReviewComment,
  type StickyComment,
  type TokenIdentity
} from '../github/index.js';
import { closeFindingThreads, findingThreads, type FindingThread } from '../github/review-threads.js';
import type { RepositoryReader } from '../tools/index.js';

/** A check run in progress, completed once with the review's verdict. */
export interface ForgeCheck {
  complete(result: CheckRunResult): Promise<void>;
}

export interface ForgeCheckStart {
  name: string;
  headSha: string;
  title: string;
  summary: string;
  detailsUrl?: string;
}

/** The review as it is posted: the body and the inline comments, on the head commit. */
export interface ForgeReview {
  commitId: string;
  body: string;
  comments: ReviewComment[];
}

export interface ReviewForge {
  /** The files of the pull request at a ref, for the code around a change. */
  readonly files: FileReader;
  /** What the repository tools read the pull request's commits through. */
  readonly repository: RepositoryReader;
  pullRequest(): Promise<PullRequestSnapshot>;
  /** LoopKit's own login (only its comments are believed); rejects when it cannot be learned. */
  login(): Promise<string>;
  startCheck(start: ForgeCheckStart): Promise<ForgeCheck>;
  /** LoopKit's sticky summary (the comment opening with `marker`), or undefined when there is none. */
  findSummary(marker: string, login: string): Promise<StickyComment | undefined>;
  ownReviewComments(login: string): Promise<OwnReviewComments>;
  /** Fingerprints listed in the bodies of LoopKit's earlier reviews. */
  fingerprintsInReviews(login: string): Promise<Set<string>>;
  postReview(review: ForgeReview): Promise<PostReviewResult>;
  /** The review threads of LoopKit's inline findings, by fingerprint; rejects when they cannot be listed. */
  findingThreads(login: string): Promise<Map<string, FindingThread>>;
  /** One reply in each closing finding's open thread, then the thread resolved; answers a warning per thread left as it was. */
  closeFindingThreads(threads: ReadonlyMap<string, FindingThread>, closing: readonly { fingerprint: string; reply: string }[]): Promise<string[]>;
  /** Edits the summary found earlier (`known`), or creates it (`known` null), or looks for it first (`known` absent). */
  upsertSummary(summary: { marker: string; login: string; body: string; known?: StickyComment | null }): Promise<void>;
  addLabels(labels: string[]): Promise<void>;
  requestReviewers(reviewers: string[]): Promise<void>;
}

/** One pull request on GitHub, through the existing src/github modules. */
export class GitHubReviewForge implements ReviewForge {
  readonly files: FileReader;
  readonly repository: RepositoryReader;
  private readonly ref: { owner: string; repo: string; number: number };

  constructor(
    private readonly github: GitHub,
    private readonly identity: TokenIdentity,
    pull: { owner: string; repo: string; number: number },
    private readonly tracker?: CheckRunTracker
  ) {
    this.ref = pull;
    this.files = new GitHubFileReader(github, { owner: pull.owner, repo: pull.repo });
    this.repository = new GitHubRepositoryReader(github, { owner: pull.owner, repo: pull.repo });
  }

  pullRequest(): Promise<PullRequestSnapshot> {
    return readPullRequest(this.github, this.ref);
  }

  login(): Promise<string> {
    return this.identity.get();
  }

  async startCheck(start: ForgeCheckStart): Promise<ForgeCheck> {
    const check = await CheckRun.start(this.github, { owner: this.ref.owner, repo: this.ref.repo, ...start }, this.tracker);
    // The check names the token's App: LoopKit learns its own login without a request.
    this.identity.learnFromApp(check.app);
    return check;
  }

  findSummary(marker: string, login: string): Promise<StickyComment | undefined> {
    return findStickyComment(this.github, { owner: this.ref.owner, repo: this.ref.repo, issueNumber: this.ref.number, marker, identity: login });
  }

  ownReviewComments(login: string): Promise<OwnReviewComments> {
    return readOwnReviewComments(this.github, this.ref, login);
  }

  fingerprintsInReviews(login: string): Promise<Set<string>> {
    return fingerprintsInReviews(this.github, this.ref, login);
  }

  postReview(review: ForgeReview): Promise<PostReviewResult> {
    return postReview(this.github, { ...this.ref, ...review });
  }

  findingThreads(login: string): Promise<Map<string, FindingThread>> {
    return findingThreads(this.github, this.ref, login);
  }

  closeFindingThreads(threads: ReadonlyMap<string, FindingThread>, closing: readonly { fingerprint: string; reply: string }[]): Promise<string[]> {
    return closeFindingThreads(this.github, this.ref, threads, closing);
  }

  async upsertSummary({ marker, login, body, known }: { marker: string; login: string; body: string; known?: StickyComment | null }): Promise<void> {
    await upsertStickyComment(this.github, {
      owner: this.ref.owner,
      repo: this.ref.repo,
      issueNumber: this.ref.number,
      marker,
      identity: login,
      body,
      ...(known !== undefined ? { known } : {})
    });
  }

  async addLabels(labels: string[]): Promise<void> {
    await this.github.rest.issues.addLabels({ owner: this.ref.owner, repo: this.ref.repo, issue_number: this.ref.number, labels });
  }

  async requestReviewers(reviewers: string[]): Promise<void> {
    await this.github.rest.pulls.requestReviewers({ owner: this.ref.owner, repo: this.ref.repo, pull_number: this.ref.number, reviewers });
  }
}
