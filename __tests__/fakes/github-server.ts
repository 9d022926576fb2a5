/**
 * An in-memory GitHub REST API on 127.0.0.1 for tests. It follows GitHub's documented rules and
 * the error shapes GitHub really sends, not whatever LoopKit happens to send. Messages are the
 * ones seen in public reports of real responses where such reports exist (the review 422s, the
 * 50-annotation and 65,535-byte limits, "Body is too long"); the rest keep GitHub's shapes.
 *
 * Two error families exist on GitHub and both are modelled:
 *  - JSON-schema rejections: `{"message":"Invalid request.\n\n…","documentation_url","status":"422"}`
 *  - model validations: `{"message":"Validation Failed","errors":[{resource,code,field,message}],…}`
 *    or, for reviews, `{"message":"Unprocessable Entity","errors":["Line could not be resolved"],…}`.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const DOCS = 'https://docs.github.com/rest';
const DOC = {
  repo: `${DOCS}/repos/repos#get-a-repository`,
  pull: `${DOCS}/pulls/pulls#get-a-pull-request`,
  files: `${DOCS}/pulls/pulls#list-pull-requests-files`,
  createReview: `${DOCS}/pulls/reviews#create-a-review-for-a-pull-request`,
  listReviews: `${DOCS}/pulls/reviews#list-reviews-for-a-pull-request`,
  reviewComments: `${DOCS}/pulls/reviews#list-comments-for-a-pull-request-review`,
  listComments: `${DOCS}/pulls/comments#list-review-comments-on-a-pull-request`,
  createComment: `${DOCS}/pulls/comments#create-a-review-comment-for-a-pull-request`,
  issueComments: `${DOCS}/issues/comments#list-issue-comments`,
  createIssueComment: `${DOCS}/issues/comments#create-an-issue-comment`,
  updateIssueComment: `${DOCS}/issues/comments#update-an-issue-comment`,
  createCheckRun: `${DOCS}/checks/runs#create-a-check-run`,
  updateCheckRun: `${DOCS}/checks/runs#update-a-check-run`,
  getCheckRun: `${DOCS}/checks/runs#get-a-check-run`,
  contents: `${DOCS}/repos/contents#get-repository-content`,
  compare: `${DOCS}/commits/commits#compare-two-commits`,
  addLabels: `${DOCS}/issues/labels#add-labels-to-an-issue`,
  listIssues: `${DOCS}/issues/issues#list-repository-issues`,
  getIssue: `${DOCS}/issues/issues#get-an-issue`,
  listLabels: `${DOCS}/issues/labels#list-labels-for-a-repository`,
  issueCommentReaction: `${DOCS}/reactions/reactions#create-reaction-for-an-issue-comment`,
  reviewCommentReaction: `${DOCS}/reactions/reactions#create-reaction-for-a-pull-request-review-comment`,
  permission: `${DOCS}/collaborators/collaborators#get-repository-permissions-for-a-user`,
  getReviewComment: `${DOCS}/pulls/comments#get-a-review-comment-for-a-pull-request`,
  replyReviewComment: `${DOCS}/pulls/comments#create-a-reply-for-a-review-comment`,
  listCaches: `${DOCS}/actions/cache#list-github-actions-caches-for-a-repository`,
  listArtifacts: `${DOCS}/actions/artifacts#list-artifacts-for-a-repository`,
  downloadArtifact: `${DOCS}/actions/artifacts#download-an-artifact`,
  requestReviewers: `${DOCS}/pulls/review-requests#request-reviewers-for-a-pull-request`,
  createIssue: `${DOCS}/issues/issues#create-an-issue`,
  listPulls: `${DOCS}/pulls/pulls#list-pull-requests`,
  getCommit: `${DOCS}/commits/commits#get-a-commit`,
  listReleases: `${DOCS}/releases/releases#list-releases`,
  getRelease: `${DOCS}/releases/releases#get-a-release`,
  updateRelease: `${DOCS}/releases/releases#update-a-release`,
  getRef: `${DOCS}/git/refs#get-a-reference`,
  createRef: `${DOCS}/git/refs#create-a-reference`,
  updateRef: `${DOCS}/git/refs#update-a-reference`,
  getGitCommit: `${DOCS}/git/commits#get-a-commit-object`,
  createGitCommit: `${DOCS}/git/commits#create-a-commit`,
  createTree: `${DOCS}/git/trees#create-a-tree`,
  createPull: `${DOCS}/pulls/pulls#create-a-pull-request`,
  updatePull: `${DOCS}/pulls/pulls#update-a-pull-request`,
  issueEvents: `${DOCS}/issues/events#list-issue-events-for-a-repository`
} as const;

/** GitHub lists at most 3,000 files of a pull request, and 300 of a comparison. */
const MAX_PULL_FILES = 3000;
const MAX_COMPARE_FILES = 300;
const MAX_ANNOTATIONS_PER_REQUEST = 50;
const MAX_CHECK_TEXT = 65535;
const MAX_COMMENT_BODY = 65536;
/** An issue's title is at most 256 characters; a release's body at most 125,000. */
const MAX_ISSUE_TITLE = 256;
const MAX_RELEASE_BODY = 125000;
/** Above 1 MB the contents API answers `encoding: "none"` with an empty `content`. */
const MAX_INLINE_CONTENT = 1024 * 1024;

type Side = 'LEFT' | 'RIGHT';
type Json = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------------

export interface FakeUser {
  login: string;
  type: 'User' | 'Bot';
  /** GitHub's author_association of this user's comments; default NONE for bots, CONTRIBUTOR otherwise. */
  association?: 'OWNER' | 'MEMBER' | 'COLLABORATOR' | 'CONTRIBUTOR' | 'FIRST_TIME_CONTRIBUTOR' | 'NONE';
}

function associationOf(user: FakeUser): string {
  return user.association ?? (user.type === 'Bot' ? 'NONE' : 'CONTRIBUTOR');
}

export interface FakeFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  additions: number;
  deletions: number;
  changes: number;
  /** Absent for binary files and diffs too large for GitHub to show. */
  patch?: string;
  previous_filename?: string;
}

export type SeedFile = Pick<FakeFile, 'filename'> & Partial<FakeFile>;

export interface FakePull {
  number: number;
  title: string;
  body: string | null;
  user: FakeUser;
  draft: boolean;
  labels: string[];
  base: { ref: string; sha: string };
  /** `repo` is the head repository's full name; null when the fork was deleted. */
  head: { ref: string; sha: string; repo: string | null };
  files: FakeFile[];
  /** GitHub's count, which can exceed the 3,000 files it lists. */
  changedFiles: number;
  reviews: FakeReview[];
  reviewComments: FakeReviewComment[];
  requestedReviewers: string[];
  createdAt: string;
  updatedAt: string;
  /** When it was merged (it is then closed); null while open. */
  mergedAt: string | null;
  /** When it was closed, merged or not; null while open. */
  closedAt: string | null;
}

/** An issue event (`labeled`, `unlabeled`) as the repository's events list shows it. */
export interface FakeIssueEvent {
  id: number;
  event: 'labeled' | 'unlabeled';
  actor: FakeUser;
  label: string;
  issue: number;
  createdAt: string;
}

export interface SeedPull {
  number: number;
  title?: string;
  body?: string | null;
  user?: FakeUser;
  draft?: boolean;
  labels?: string[];
  base?: { ref?: string; sha?: string };
  head?: { ref?: string; sha?: string; repo?: string | null };
  files?: SeedFile[];
  changedFiles?: number;
  mergedAt?: string;
  /** Closed without a merge. */
  closedAt?: string;
}

/** A release; `publishedAt` is null for a draft. */
export interface FakeRelease {
  id: number;
  tagName: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  createdAt: string;
  publishedAt: string | null;
}

export interface FakeReview {
  id: number;
  user: FakeUser;
  body: string;
  state: 'COMMENTED' | 'APPROVED' | 'CHANGES_REQUESTED' | 'PENDING';
  commit_id: string;
  submitted_at: string;
}

export interface FakeReviewComment {
  id: number;
  pull_request_review_id: number | null;
  path: string;
  /** Null once the comment is outdated, as GitHub reports it. */
  line: number | null;
  side: Side;
  start_line: number | null;
  start_side: Side | null;
  original_line: number;
  position: number | null;
  original_position: number;
  commit_id: string;
  original_commit_id: string;
  diff_hunk: string;
  body: string;
  user: FakeUser;
  in_reply_to_id?: number;
  created_at: string;
  reactions?: FakeReaction[];
  /** On a thread's first comment: who resolved the thread (GraphQL `resolveReviewThread`); absent while unresolved. */
  thread_resolved_by?: string;
}

export interface FakeIssueComment {
  id: number;
  issue_number: number;
  body: string;
  user: FakeUser;
  created_at: string;
  updated_at: string;
  reactions: FakeReaction[];
}

/** GitHub's reaction contents; anything else is a 422. */
export const REACTIONS = ['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes'] as const;

export interface FakeReaction {
  id: number;
  content: (typeof REACTIONS)[number];
  user: FakeUser;
}

export interface FakeIssue {
  number: number;
  title: string;
  body: string | null;
  user: FakeUser;
  state: 'open' | 'closed';
  labels: string[];
  createdAt: string;
  /** Moves on every change GitHub records: edits, new comments, labels. */
  updatedAt: string;
}

export interface SeedIssue {
  number: number;
  title?: string;
  body?: string | null;
  user?: FakeUser;
  state?: 'open' | 'closed';
  labels?: string[];
  createdAt?: string;
  updatedAt?: string;
}

export interface FakeLabel {
  name: string;
  color: string;
  description: string | null;
}

/** A repository role; the permission endpoint maps maintain to write and triage to read, as GitHub does. */
export type FakeRole = 'admin' | 'maintain' | 'write' | 'triage' | 'read';

/** An Actions cache entry as GitHub's REST list shows it. */
export interface FakeActionsCache {
  id: number;
  key: string;
  ref: string;
  version: string;
  createdAt: string;
  sizeInBytes: number;
}

export interface FakeAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
  raw_details?: string;
  start_column?: number;
  end_column?: number;
}

export interface FakeCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  details_url: string | null;
  started_at: string | null;
  completed_at: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  annotations: FakeAnnotation[];
  /** The GitHub App that created the run (only Apps can). */
  app: { id: number; slug: string; name: string };
  external_id: string | null;
}

export interface FakeCommit {
  sha: string;
  parents: string[];
  message: string;
  /** This commit's changes against its first parent. */
  files: FakeFile[];
}

/** GitHub's timestamps have whole seconds. */
export function githubTime(ms = Date.now()): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export interface FakeArtifact {
  id: number;
  name: string;
  zip: Buffer;
  expired: boolean;
  createdAt: string;
}

export class FakeRepo {
  readonly pulls = new Map<number, FakePull>();
  readonly issues = new Map<number, FakeIssue>();
  readonly labels: FakeLabel[] = [];
  /** login → role; anyone else has read access (the fake's repositories are public). */
  readonly roles = new Map<string, FakeRole>();
  readonly issueComments: FakeIssueComment[] = [];
  readonly checkRuns = new Map<number, FakeCheckRun>();
  readonly releases: FakeRelease[] = [];
  readonly commits = new Map<string, FakeCommit>();
  readonly branches = new Map<string, string>();
  /** ref (branch or sha) → path → bytes */
  readonly contents = new Map<string, Map<string, Buffer>>();
  /** Workflow artifacts, each the zip a download redirects to. */
  readonly artifacts: FakeArtifact[] = [];
  /** Git trees (sha → path → bytes) and the tree of each commit made or read through the git data API. */
  readonly trees = new Map<string, Map<string, Buffer>>();
  readonly commitTrees = new Map<string, string>();
  /** The repository's issue events, oldest first (GitHub lists them newest first). */
  readonly issueEvents: FakeIssueEvent[] = [];

  constructor(
    private readonly state: FakeGitHubState,
    readonly owner: string,
    readonly name: string,
    readonly defaultBranch: string,
    readonly fork: boolean,
    readonly parent: string | null
  ) {}

  get fullName(): string {
    return `${this.owner}/${this.name}`;
  }

  addPull(seed: SeedPull): FakePull {
    const files = (seed.files ?? []).map(completeFile);
    const pull: FakePull = {
      number: seed.number,
      title: seed.title ?? `Pull request #${seed.number}`,
      body: seed.body === undefined ? '' : seed.body,
      user: seed.user ?? { login: 'octocat', type: 'User' },
      draft: seed.draft ?? false,
      labels: seed.labels ?? [],
      base: { ref: seed.base?.ref ?? this.defaultBranch, sha: seed.base?.sha ?? 'b'.repeat(40) },
      head: {
        ref: seed.head?.ref ?? 'feature',
        sha: seed.head?.sha ?? 'a'.repeat(40),
        repo: seed.head?.repo === undefined ? this.fullName : seed.head.repo
      },
      files,
      changedFiles: seed.changedFiles ?? files.length,
      reviews: [],
      reviewComments: [],
      requestedReviewers: [],
      createdAt: githubTime(),
      updatedAt: seed.mergedAt ?? seed.closedAt ?? githubTime(),
      mergedAt: seed.mergedAt ?? null,
      closedAt: seed.mergedAt ?? seed.closedAt ?? null
    };
    this.pulls.set(pull.number, pull);
    return pull;
  }

  addIssue(seed: SeedIssue): FakeIssue {
    const now = githubTime();
    const issue: FakeIssue = {
      number: seed.number,
      title: seed.title ?? `Issue #${seed.number}`,
      body: seed.body === undefined ? '' : seed.body,
      user: seed.user ?? { login: 'octocat', type: 'User' },
      state: seed.state ?? 'open',
      labels: seed.labels ?? [],
      createdAt: seed.createdAt ?? seed.updatedAt ?? now,
      updatedAt: seed.updatedAt ?? now
    };
    this.issues.set(issue.number, issue);
    return issue;
  }

  /** An edit by a person: the text changes and `updated_at` moves on, past any earlier value. */
  editIssue(number: number, change: { title?: string; body?: string }): FakeIssue {
    const issue = this.issues.get(number);
    if (!issue) throw new Error(`no issue #${number} in ${this.fullName}`);
    if (change.title !== undefined) issue.title = change.title;
    if (change.body !== undefined) issue.body = change.body;
    touch(issue);
    return issue;
  }

  addRelease(seed: { tagName: string; name?: string; body?: string | null; draft?: boolean; prerelease?: boolean; publishedAt?: string }): FakeRelease {
    const release: FakeRelease = {
      id: this.state.nextId(),
      tagName: seed.tagName,
      name: seed.name ?? seed.tagName,
      body: seed.body === undefined ? '' : seed.body,
      draft: seed.draft ?? false,
      prerelease: seed.prerelease ?? false,
      createdAt: seed.publishedAt ?? githubTime(),
      publishedAt: seed.draft ? null : (seed.publishedAt ?? githubTime())
    };
    this.releases.push(release);
    return release;
  }

  addLabel(name: string, description: string | null = null): FakeLabel {
    const label: FakeLabel = { name, color: 'ededed', description };
    this.labels.push(label);
    return label;
  }

  setRole(login: string, role: FakeRole): void {
    this.roles.set(login, role);
  }

  setFile(ref: string, path: string, content: string | Buffer): void {
    const files = this.contents.get(ref) ?? new Map<string, Buffer>();
    files.set(path, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    this.contents.set(ref, files);
  }

  setBranch(name: string, sha: string): void {
    this.branches.set(name, sha);
  }

  addCommit(seed: { sha: string; parents?: string[]; message?: string; files?: SeedFile[] }): FakeCommit {
    const commit: FakeCommit = {
      sha: seed.sha,
      parents: seed.parents ?? [],
      message: seed.message ?? `commit ${seed.sha.slice(0, 7)}`,
      files: (seed.files ?? []).map(completeFile)
    };
    this.commits.set(commit.sha, commit);
    return commit;
  }

  addIssueComment(issueNumber: number, body: string, user: FakeUser = { login: 'octocat', type: 'User' }): FakeIssueComment {
    const now = new Date().toISOString();
    const comment: FakeIssueComment = { id: this.state.nextId(), issue_number: issueNumber, body, user, created_at: now, updated_at: now, reactions: [] };
    this.issueComments.push(comment);
    const issue = this.issues.get(issueNumber);
    if (issue) touch(issue);
    return comment;
  }

  /** Seeds a review comment as GitHub would list it, e.g. an outdated one (`line: null`). */
  addReviewComment(pullNumber: number, seed: Pick<FakeReviewComment, 'path' | 'body'> & Partial<FakeReviewComment>): FakeReviewComment {
    const pull = this.pulls.get(pullNumber);
    if (!pull) throw new Error(`no pull request #${pullNumber} in ${this.fullName}`);
    const line = seed.line === undefined ? 1 : seed.line;
    const comment: FakeReviewComment = {
      id: this.state.nextId(),
      pull_request_review_id: null,
      side: 'RIGHT',
      start_line: null,
      start_side: null,
      original_line: line ?? 1,
      position: line === null ? null : 1,
      original_position: 1,
      commit_id: pull.head.sha,
      original_commit_id: pull.head.sha,
      diff_hunk: '',
      user: this.state.actor,
      created_at: new Date().toISOString(),
      ...seed,
      line
    };
    pull.reviewComments.push(comment);
    return comment;
  }

  resolveRef(ref: string): string | undefined {
    if (this.commits.has(ref)) return ref;
    return this.branches.get(ref);
  }
}

/** A change moves `updated_at` to now, and never back or onto the same second as before. */
function touch(item: { updatedAt: string }): void {
  item.updatedAt = githubTime(Math.max(Date.now(), Date.parse(item.updatedAt) + 1000));
}

export class FakeGitHubState {
  readonly repos = new Map<string, FakeRepo>();
  private lastId = 1000;
  /** What `GET /repos/{o}/{r}/actions/caches` lists; tests connect it to the fake cache service. */
  actionsCaches: () => FakeActionsCache[] = () => [];

  constructor(readonly actor: FakeUser) {}

  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  addRepo(seed: { owner: string; repo: string; defaultBranch?: string; fork?: boolean; parent?: string }): FakeRepo {
    const repo = new FakeRepo(this, seed.owner, seed.repo, seed.defaultBranch ?? 'main', seed.fork ?? false, seed.parent ?? null);
    this.repos.set(repoKey(seed.owner, seed.repo), repo);
    return repo;
  }

  /** Owner and name are case-insensitive on GitHub. */
  repo(owner: string, repo: string): FakeRepo | undefined {
    return this.repos.get(repoKey(owner, repo));
  }
}

function repoKey(owner: string, repo: string): string {
  return `${owner}/${repo}`.toLowerCase();
}

function completeFile(seed: SeedFile): FakeFile {
  const counts = seed.patch === undefined ? { additions: 0, deletions: 0 } : countChanges(seed.patch);
  const additions = seed.additions ?? counts.additions;
  const deletions = seed.deletions ?? counts.deletions;
  return {
    status: 'modified',
    ...seed,
    additions,
    deletions,
    changes: seed.changes ?? additions + deletions
  };
}

function countChanges(patch: string): { additions: number; deletions: number } {
  let additions = 0;
  let deletions = 0;
  for (const line of patch.split('\n')) {
    if (line.startsWith('+')) additions += 1;
    else if (line.startsWith('-')) deletions += 1;
  }
  return { additions, deletions };
}

// ---------------------------------------------------------------------------------------------
// Diff positions: which lines GitHub lets a review comment point at
// ---------------------------------------------------------------------------------------------

interface Hunk {
  /** Line number → position in the file's diff (1 = the line after the first @@ header). */
  left: Map<number, number>;
  right: Map<number, number>;
  /** The hunk's text up to each position, for `diff_hunk`. */
  text: Map<number, string>;
}

function parseHunks(patch: string): Hunk[] {
  const hunks: Hunk[] = [];
  let current: Hunk | undefined;
  let lines: string[] = [];
  let position = 0;
  let oldLine = 0;
  let newLine = 0;
  for (const raw of patch.split('\n')) {
    const header = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(raw);
    if (header) {
      // Later hunk headers count as positions; the first one is position 0.
      if (current) position += 1;
      current = { left: new Map(), right: new Map(), text: new Map() };
      hunks.push(current);
      lines = [raw];
      oldLine = Number(header[1]);
      newLine = Number(header[2]);
      continue;
    }
    if (!current || raw === '') continue;
    position += 1;
    lines.push(raw);
    current.text.set(position, lines.join('\n'));
    const mark = raw[0];
    if (mark === '+') current.right.set(newLine++, position);
    else if (mark === '-') current.left.set(oldLine++, position);
    else if (mark === ' ') {
      current.left.set(oldLine++, position);
      current.right.set(newLine++, position);
    }
  }
  return hunks;
}

type ThreadProblem = 'path' | 'line' | 'start-hunk' | 'start-order';

interface ThreadInput {
  path: string;
  line?: number;
  side?: Side;
  start_line?: number;
  start_side?: Side;
}

type ThreadResult = { ok: true; position: number; diffHunk: string } | { ok: false; problems: ThreadProblem[] };

function resolveThread(pull: FakePull, input: ThreadInput): ThreadResult {
  const file = pull.files.slice(0, MAX_PULL_FILES).find((f) => f.filename === input.path);
  if (!file) return { ok: false, problems: ['path'] };
  if (file.patch === undefined || input.line === undefined) return { ok: false, problems: ['line'] };
  const side = input.side ?? 'RIGHT';
  const hunks = parseHunks(file.patch);
  const hunk = hunks.find((h) => (side === 'RIGHT' ? h.right : h.left).has(input.line as number));
  const position = hunk && (side === 'RIGHT' ? hunk.right : hunk.left).get(input.line);
  if (!hunk || position === undefined) return { ok: false, problems: ['line'] };
  if (input.start_line !== undefined) {
    const startSide = input.start_side ?? side;
    const start = (startSide === 'RIGHT' ? hunk.right : hunk.left).get(input.start_line);
    if (start === undefined) return { ok: false, problems: ['start-hunk'] };
    if (start >= position) return { ok: false, problems: ['start-order'] };
  }
  return { ok: true, position, diffHunk: hunk.text.get(position) ?? '' };
}

/** As `createReview` words them: plain strings. */
const REVIEW_PROBLEM: Record<ThreadProblem, string> = {
  path: 'Pull request review thread path is invalid',
  line: 'Line could not be resolved',
  'start-hunk': 'Pull request review thread start line must be part of the same hunk as the line.',
  'start-order': 'Pull request review thread start line must precede the end line.'
};

/** As `createReviewComment` words them: Validation Failed objects. */
const COMMENT_PROBLEM: Record<ThreadProblem, { field: string; message: string }> = {
  path: { field: 'pull_request_review_thread.path', message: 'pull_request_review_thread.path is invalid' },
  line: { field: 'pull_request_review_thread.line', message: 'pull_request_review_thread.line must be part of the diff' },
  'start-hunk': {
    field: 'pull_request_review_thread.start_line',
    message: 'pull_request_review_thread.start_line must be part of the same hunk as the line.'
  },
  'start-order': {
    field: 'pull_request_review_thread.start_line',
    message: 'pull_request_review_thread.start_line must precede the end line.'
  }
};

// ---------------------------------------------------------------------------------------------
// HTTP plumbing
// ---------------------------------------------------------------------------------------------

export interface RecordedRequest {
  method: string;
  /** Path without the API prefix and query, percent-decoded. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  headers: IncomingMessage['headers'];
  /** Milliseconds since the epoch when the request arrived. */
  at: number;
}

export type RequestMatcher = { method?: string; path?: string | RegExp } | ((request: RecordedRequest) => boolean);

interface InjectedFailure {
  matches: (request: RecordedRequest) => boolean;
  status: number;
  body: unknown;
  headers: Record<string, string>;
  /** The request is carried out and only its answer is lost, as behind a gateway that times out. */
  applied: boolean;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Json
  ) {
    super(String(body.message));
  }
}

function fail(status: number, body: Json): never {
  throw new HttpError(status, { ...body, status: String(status) });
}
function unprocessableMessage(message: string, doc: string): never {
  return fail(422, { message, documentation_url: doc });
}
function notFound(doc: string): never {
  return fail(404, { message: 'Not Found', documentation_url: doc });
}
function invalidRequest(detail: string, doc: string): never {
  return fail(422, { message: `Invalid request.\n\n${detail}`, documentation_url: doc });
}
function validationFailed(errors: Json[], doc: string): never {
  return fail(422, { message: 'Validation Failed', errors, documentation_url: doc });
}
function unprocessable(errors: string[], doc: string): never {
  return fail(422, { message: 'Unprocessable Entity', errors, documentation_url: doc });
}

/** GitHub's schema message for missing keys: `"a" wasn't supplied.` / `"a", "b" weren't supplied.` */
function missing(object: Json, keys: string[]): string | undefined {
  const absent = keys.filter((k) => object[k] === undefined || object[k] === null).sort();
  if (absent.length === 0) return undefined;
  const names = absent.map((k) => `"${k}"`).join(', ');
  return absent.length === 1 ? `${names} wasn't supplied.` : `${names} weren't supplied.`;
}

interface Context {
  request: RecordedRequest;
  origin: string;
  prefix: string;
  headers: Record<string, string>;
}

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

type Handler = (ctx: Context, params: string[]) => Reply;

interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

function paginate<T>(ctx: Context, items: T[], { defaultPerPage = 30 } = {}): T[] {
  const perPageRaw = Number(ctx.request.query.per_page ?? defaultPerPage);
  const perPage = Number.isInteger(perPageRaw) && perPageRaw > 0 ? Math.min(perPageRaw, 100) : defaultPerPage;
  const pageRaw = Number(ctx.request.query.page ?? 1);
  const page = Number.isInteger(pageRaw) && pageRaw > 0 ? pageRaw : 1;
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (p: number, rel: string): string => {
    const query = new URLSearchParams({ ...ctx.request.query, per_page: String(perPage), page: String(p) });
    return `<${ctx.origin}${ctx.prefix}${ctx.request.path}?${query.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  if (links.length > 0) ctx.headers.link = links.join(', ');
  return items.slice((page - 1) * perPage, page * perPage);
}

// ---------------------------------------------------------------------------------------------
// Representations
// ---------------------------------------------------------------------------------------------

/** A new commit or tree id: 40 hex digits, never one a test seeded (those are runs of one digit). */
function newSha(state: FakeGitHubState): string {
  return `ace${state.nextId().toString(16)}`.padEnd(40, '0');
}

/** The tree of a commit: made through the API, or the files the test seeded at it (by its sha, or by a branch at it). */
function treeOf(state: FakeGitHubState, repo: FakeRepo, sha: string): string {
  const known = repo.commitTrees.get(sha);
  if (known) return known;
  const branch = [...repo.branches].find(([, at]) => at === sha)?.[0];
  const files = repo.contents.get(sha) ?? (branch === undefined ? undefined : repo.contents.get(branch)) ?? new Map<string, Buffer>();
  const tree = newSha(state);
  repo.trees.set(tree, new Map(files));
  repo.commitTrees.set(sha, tree);
  return tree;
}

function gitCommitJson(repo: FakeRepo, commit: FakeCommit, tree: string, origin: string): Json {
  return {
    sha: commit.sha,
    message: commit.message,
    tree: { sha: tree, url: `${origin}/repos/${repo.fullName}/git/trees/${tree}` },
    parents: commit.parents.map((sha) => ({ sha, url: `${origin}/repos/${repo.fullName}/git/commits/${sha}` }))
  };
}

function userJson(user: FakeUser): Json {
  return { login: user.login, id: loginId(user.login), type: user.type };
}

function loginId(login: string): number {
  return [...login].reduce((sum, c) => sum * 31 + c.charCodeAt(0), 7) % 1_000_000;
}

function repoJson(repo: FakeRepo, origin: string): Json {
  return {
    id: loginId(repo.fullName),
    name: repo.name,
    full_name: repo.fullName,
    owner: { login: repo.owner, type: 'User' },
    private: false,
    fork: repo.fork,
    default_branch: repo.defaultBranch,
    html_url: `${origin}/${repo.fullName}`,
    ...(repo.parent ? { parent: { full_name: repo.parent } } : {})
  };
}

function pullJson(repo: FakeRepo, pull: FakePull, origin: string): Json {
  const additions = pull.files.reduce((n, f) => n + f.additions, 0);
  const deletions = pull.files.reduce((n, f) => n + f.deletions, 0);
  return {
    id: pull.number * 7919,
    number: pull.number,
    state: pull.closedAt ? 'closed' : 'open',
    merged_at: pull.mergedAt,
    closed_at: pull.closedAt,
    updated_at: pull.updatedAt,
    title: pull.title,
    body: pull.body,
    user: userJson(pull.user),
    draft: pull.draft,
    labels: pull.labels.map((name) => ({ name })),
    html_url: `${origin}/${repo.fullName}/pull/${pull.number}`,
    base: { ref: pull.base.ref, sha: pull.base.sha, repo: { full_name: repo.fullName, fork: repo.fork } },
    head: {
      ref: pull.head.ref,
      sha: pull.head.sha,
      repo: pull.head.repo === null ? null : { full_name: pull.head.repo, fork: pull.head.repo !== repo.fullName }
    },
    changed_files: pull.changedFiles,
    additions,
    deletions,
    // GitHub counts the conversation's comments and the review comments on the pull request.
    comments: repo.issueComments.filter((c) => c.issue_number === pull.number).length,
    review_comments: pull.reviewComments.length,
    merged: pull.mergedAt !== null,
    mergeable: null
  };
}

function fileJson(repo: FakeRepo, file: FakeFile, ref: string, origin: string): Json {
  return {
    sha: 'f'.repeat(40),
    filename: file.filename,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.changes,
    blob_url: `${origin}/${repo.fullName}/blob/${ref}/${file.filename}`,
    raw_url: `${origin}/${repo.fullName}/raw/${ref}/${file.filename}`,
    ...(file.patch === undefined ? {} : { patch: file.patch }),
    ...(file.previous_filename === undefined ? {} : { previous_filename: file.previous_filename })
  };
}

function reviewJson(repo: FakeRepo, pull: FakePull, review: FakeReview, origin: string): Json {
  return {
    id: review.id,
    user: userJson(review.user),
    author_association: associationOf(review.user),
    body: review.body,
    state: review.state,
    commit_id: review.commit_id,
    submitted_at: review.submitted_at,
    html_url: `${origin}/${repo.fullName}/pull/${pull.number}#pullrequestreview-${review.id}`
  };
}

function reviewCommentJson(repo: FakeRepo, pull: FakePull, c: FakeReviewComment, origin: string): Json {
  return {
    id: c.id,
    pull_request_review_id: c.pull_request_review_id,
    path: c.path,
    line: c.line,
    side: c.side,
    start_line: c.start_line,
    start_side: c.start_side,
    original_line: c.original_line,
    position: c.position,
    original_position: c.original_position,
    commit_id: c.commit_id,
    original_commit_id: c.original_commit_id,
    diff_hunk: c.diff_hunk,
    body: c.body,
    user: userJson(c.user),
    author_association: associationOf(c.user),
    created_at: c.created_at,
    updated_at: c.created_at,
    html_url: `${origin}/${repo.fullName}/pull/${pull.number}#discussion_r${c.id}`,
    ...(c.in_reply_to_id === undefined ? {} : { in_reply_to_id: c.in_reply_to_id })
  };
}

function issueCommentJson(repo: FakeRepo, c: FakeIssueComment, origin: string): Json {
  return {
    id: c.id,
    body: c.body,
    user: userJson(c.user),
    author_association: associationOf(c.user),
    created_at: c.created_at,
    updated_at: c.updated_at,
    html_url: `${origin}/${repo.fullName}/issues/${c.issue_number}#issuecomment-${c.id}`
  };
}

/** An issue as the issues API shows it; a pull request there carries a `pull_request` key. */
function issueJson(repo: FakeRepo, item: FakeIssue | FakePull, origin: string): Json {
  const pull = 'head' in item;
  const state = pull ? 'open' : item.state;
  return {
    id: item.number * 104729,
    number: item.number,
    title: item.title,
    body: item.body,
    user: userJson(item.user),
    labels: item.labels.map((name) => labelJson(repo.labels.find((l) => l.name === name) ?? { name, color: 'ededed', description: null })),
    state,
    locked: false,
    assignees: [],
    comments: repo.issueComments.filter((c) => c.issue_number === item.number).length,
    created_at: item.createdAt,
    updated_at: item.updatedAt,
    closed_at: null,
    author_association: associationOf(item.user),
    html_url: `${origin}/${repo.fullName}/${pull ? 'pull' : 'issues'}/${item.number}`,
    ...(pull
      ? { pull_request: { url: `${origin}/repos/${repo.fullName}/pulls/${item.number}`, html_url: `${origin}/${repo.fullName}/pull/${item.number}` } }
      : {})
  };
}

function releaseJson(repo: FakeRepo, release: FakeRelease, origin: string): Json {
  return {
    id: release.id,
    tag_name: release.tagName,
    name: release.name,
    body: release.body,
    draft: release.draft,
    prerelease: release.prerelease,
    created_at: release.createdAt,
    published_at: release.publishedAt,
    html_url: `${origin}/${repo.fullName}/releases/tag/${release.tagName}`
  };
}

function labelJson(label: FakeLabel): Json {
  return { id: loginId(label.name), name: label.name, color: label.color, description: label.description, default: false };
}

function reactionJson(reaction: FakeReaction): Json {
  return { id: reaction.id, content: reaction.content, user: userJson(reaction.user), created_at: githubTime() };
}

function checkRunJson(repo: FakeRepo, run: FakeCheckRun, origin: string): Json {
  return {
    id: run.id,
    name: run.name,
    head_sha: run.head_sha,
    status: run.status,
    conclusion: run.conclusion,
    details_url: run.details_url,
    started_at: run.started_at,
    completed_at: run.completed_at,
    html_url: `${origin}/${repo.fullName}/runs/${run.id}`,
    output: { ...run.output, annotations_count: run.annotations.length },
    app: run.app,
    external_id: run.external_id
  };
}

// ---------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------

function createRoutes(state: FakeGitHubState): Route[] {
  const routes: Route[] = [];
  const on = (method: string, path: string, handler: Handler): void => {
    // `{name}` matches one path segment; `{+name}` the rest of the path (slashes included).
    const source = path.replace(/\{\+\w+\}/g, '(.+)').replace(/\{\w+\}/g, '([^/]+)');
    routes.push({ method, pattern: new RegExp(`^${source}$`), handler });
  };
  const repoOf = (params: string[], doc: string): FakeRepo => state.repo(params[0] ?? '', params[1] ?? '') ?? notFound(doc);
  const pullOf = (params: string[], doc: string): [FakeRepo, FakePull] => {
    const repo = repoOf(params, doc);
    return [repo, repo.pulls.get(Number(params[2])) ?? notFound(doc)];
  };
  const bodyOf = (ctx: Context): Json => {
    const body = ctx.request.body;
    return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Json) : {};
  };

  on('GET', '/repos/{o}/{r}', (ctx, p) => ({ status: 200, body: repoJson(repoOf(p, DOC.repo), ctx.origin) }));

  on('GET', '/repos/{o}/{r}/pulls', (ctx, p) => {
    const repo = repoOf(p, DOC.listPulls);
    const q = ctx.request.query;
    const wanted = q.state ?? 'open';
    if (!['open', 'closed', 'all'].includes(wanted)) invalidRequest(`"${wanted}" is not a member of ["open", "closed", "all"].`, DOC.listPulls);
    const sort = q.sort ?? 'created';
    // GitHub's default: desc when sorting by creation, asc otherwise.
    const direction = (q.direction ?? (sort === 'created' ? 'desc' : 'asc')) === 'asc' ? 1 : -1;
    const pulls = [...repo.pulls.values()].filter((pull) => wanted === 'all' || (pull.closedAt ? 'closed' : 'open') === wanted);
    const key = (pull: FakePull) => Date.parse(sort === 'updated' ? pull.updatedAt : pull.createdAt);
    pulls.sort((a, b) => direction * (key(a) - key(b)) || direction * (a.number - b.number));
    return { status: 200, body: paginate(ctx, pulls).map((pull) => pullJson(repo, pull, ctx.origin)) };
  });

  on('GET', '/repos/{o}/{r}/pulls/{n}', (ctx, p) => {
    const [repo, pull] = pullOf(p, DOC.pull);
    return { status: 200, body: pullJson(repo, pull, ctx.origin) };
  });

  on('GET', '/repos/{o}/{r}/pulls/{n}/files', (ctx, p) => {
    const [repo, pull] = pullOf(p, DOC.files);
    const page = paginate(ctx, pull.files.slice(0, MAX_PULL_FILES));
    return { status: 200, body: page.map((f) => fileJson(repo, f, pull.head.sha, ctx.origin)) };
  });

  on('GET', '/repos/{o}/{r}/pulls/{n}/reviews', (ctx, p) => {
    const [repo, pull] = pullOf(p, DOC.listReviews);
    return { status: 200, body: paginate(ctx, pull.reviews).map((r) => reviewJson(repo, pull, r, ctx.origin)) };
  });

  on('POST', '/repos/{o}/{r}/pulls/{n}/reviews', (ctx, p) => {
    const [repo, pull] = pullOf(p, DOC.createReview);
    const body = bodyOf(ctx);
    const event = body.event;
    if (event !== undefined && !['APPROVE', 'REQUEST_CHANGES', 'COMMENT'].includes(String(event))) {
      invalidRequest(`"${String(event)}" is not a member of ["APPROVE", "REQUEST_CHANGES", "COMMENT"].`, DOC.createReview);
    }
    const comments = Array.isArray(body.comments) ? (body.comments as Json[]) : [];
    const schemaProblems = comments.map((c) => missing(c, ['path', 'body'])).filter((m) => m !== undefined);
    if (schemaProblems.length > 0) invalidRequest(schemaProblems.join('\n'), DOC.createReview);
    const commitId = typeof body.commit_id === 'string' ? body.commit_id : pull.head.sha;
    if (commitId !== pull.head.sha) unprocessable(['The commitOID is not part of the pull request'], DOC.createReview);

    const resolved = comments.map((c) => ({ input: c, result: resolveThread(pull, threadInput(c)) }));
    const problems = new Set<ThreadProblem>();
    for (const { result } of resolved) if (!result.ok) result.problems.forEach((x) => problems.add(x));
    // One bad comment rejects the whole review: nothing is created.
    if (problems.size > 0) unprocessable([toSentence([...problems].map((x) => REVIEW_PROBLEM[x]))], DOC.createReview);

    const review = addReview(state, pull, {
      body: typeof body.body === 'string' ? body.body : '',
      state: event === 'APPROVE' ? 'APPROVED' : event === 'REQUEST_CHANGES' ? 'CHANGES_REQUESTED' : event === 'COMMENT' ? 'COMMENTED' : 'PENDING',
      commitId
    });
    for (const { input, result } of resolved) {
      if (result.ok) addThreadComment(state, pull, review.id, commitId, input, result);
    }
    return { status: 200, body: reviewJson(repo, pull, review, ctx.origin) };
  });

  on('GET', '/repos/{o}/{r}/pulls/{n}/reviews/{id}/comments', (ctx, p) => {
    const [repo, pull] = pullOf(p, DOC.reviewComments);
    const reviewId = Number(p[3]);
    if (!pull.reviews.some((r) => r.id === reviewId)) notFound(DOC.reviewComments);
    const comments = pull.reviewComments.filter((c) => c.pull_request_review_id === reviewId);
    return { status: 200, body: paginate(ctx, comments).map((c) => reviewCommentJson(repo, pull, c, ctx.origin)) };
  });

  on('GET', '/repos/{o}/{r}/pulls/{n}/comments', (ctx, p) => {
    const [repo, pull] = pullOf(p, DOC.listComments);
    return { status: 200, body: paginate(ctx, pull.reviewComments).map((c) => reviewCommentJson(repo, pull, c, ctx.origin)) };
  });

  on('POST', '/repos/{o}/{r}/pulls/{n}/comments', (ctx, p) => {
    const [repo, pull] = pullOf(p, DOC.createComment);
    const body = bodyOf(ctx);
    const absent = missing(body, ['body', 'commit_id', 'path']);
    if (absent) invalidRequest(absent, DOC.createComment);
    if (body.commit_id !== pull.head.sha) {
      validationFailed(
        [{ resource: 'PullRequestReviewComment', code: 'custom', field: 'commit_id', message: 'commit_id is not part of the pull request' }],
        DOC.createComment
      );
    }
    const result = resolveThread(pull, threadInput(body));
    if (!result.ok) {
      validationFailed(
        result.problems.map((x) => ({ resource: 'PullRequestReviewComment', code: 'custom', ...COMMENT_PROBLEM[x] })),
        DOC.createComment
      );
    }
    // A lone comment still belongs to a review that GitHub creates for it.
    const review = addReview(state, pull, { body: '', state: 'COMMENTED', commitId: pull.head.sha });
    const comment = addThreadComment(state, pull, review.id, pull.head.sha, body, result);
    return { status: 201, body: reviewCommentJson(repo, pull, comment, ctx.origin) };
  });

  on('GET', '/repos/{o}/{r}/issues/{n}/comments', (ctx, p) => {
    const repo = repoOf(p, DOC.issueComments);
    const number = Number(p[2]);
    const comments = repo.issueComments.filter((c) => c.issue_number === number);
    return { status: 200, body: paginate(ctx, comments).map((c) => issueCommentJson(repo, c, ctx.origin)) };
  });

  on('POST', '/repos/{o}/{r}/issues/{n}/comments', (ctx, p) => {
    const repo = repoOf(p, DOC.createIssueComment);
    const number = Number(p[2]);
    if (!repo.pulls.has(number) && !repo.issues.has(number)) notFound(DOC.createIssueComment);
    const text = issueCommentBody(bodyOf(ctx), DOC.createIssueComment);
    const comment = repo.addIssueComment(number, text, state.actor);
    return { status: 201, body: issueCommentJson(repo, comment, ctx.origin) };
  });

  // Labels that do not exist yet are created by GitHub when they are added to an issue.
  on('POST', '/repos/{o}/{r}/issues/{n}/labels', (ctx, p) => {
    const repo = repoOf(p, DOC.addLabels);
    const item = repo.pulls.get(Number(p[2])) ?? repo.issues.get(Number(p[2])) ?? notFound(DOC.addLabels);
    const labels = bodyOf(ctx).labels;
    if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string' || l === ''))
      unprocessable(["Invalid request.\n\nFor 'properties/labels', is not an array of strings."], DOC.addLabels);
    for (const label of labels as string[]) {
      // Label names are case-insensitive: an existing label keeps its own spelling.
      const known = repo.labels.find((l) => l.name.toLowerCase() === label.toLowerCase()) ?? repo.addLabel(label);
      if (!item.labels.includes(known.name)) item.labels.push(known.name);
    }
    touch(item);
    return { status: 200, body: item.labels.map((name) => ({ name })) };
  });

  on('GET', '/repos/{o}/{r}/labels', (ctx, p) => {
    const repo = repoOf(p, DOC.listLabels);
    return { status: 200, body: paginate(ctx, repo.labels).map(labelJson) };
  });

  // Issues and pull requests share one list, as on GitHub.
  on('GET', '/repos/{o}/{r}/issues', (ctx, p) => {
    const repo = repoOf(p, DOC.listIssues);
    const q = ctx.request.query;
    const state = q.state ?? 'open';
    if (!['open', 'closed', 'all'].includes(state)) invalidRequest(`"${state}" is not a member of ["open", "closed", "all"].`, DOC.listIssues);
    const sort = q.sort ?? 'created';
    if (!['created', 'updated', 'comments'].includes(sort)) invalidRequest(`"${sort}" is not a member of ["created", "updated", "comments"].`, DOC.listIssues);
    const since = q.since === undefined ? undefined : Date.parse(q.since);
    if (since !== undefined && Number.isNaN(since)) invalidRequest(`"${q.since}" is not a valid date-time.`, DOC.listIssues);
    // `labels`: a comma-separated list; an item must carry every one.
    const labels =
      q.labels === undefined
        ? []
        : q.labels
            .split(',')
            .map((l) => l.trim().toLowerCase())
            .filter((l) => l !== '');
    const items: (FakeIssue | FakePull)[] = [...repo.issues.values(), ...repo.pulls.values()].filter((i) => {
      const itemState = 'head' in i ? 'open' : i.state;
      return (
        (state === 'all' || itemState === state) &&
        (since === undefined || Date.parse(i.updatedAt) >= since) &&
        labels.every((l) => i.labels.some((n) => n.toLowerCase() === l))
      );
    });
    const key = (i: FakeIssue | FakePull) =>
      sort === 'updated'
        ? Date.parse(i.updatedAt)
        : sort === 'comments'
          ? repo.issueComments.filter((c) => c.issue_number === i.number).length
          : Date.parse(i.createdAt);
    const direction = q.direction === 'asc' ? 1 : -1;
    items.sort((a, b) => direction * (key(a) - key(b)) || direction * (a.number - b.number));
    return { status: 200, body: paginate(ctx, items).map((i) => issueJson(repo, i, ctx.origin)) };
  });

  on('POST', '/repos/{o}/{r}/issues', (ctx, p) => {
    const repo = repoOf(p, DOC.createIssue);
    const body = bodyOf(ctx);
    const absent = missing(body, ['title']);
    if (absent) invalidRequest(absent, DOC.createIssue);
    const title = String(body.title);
    if (title.trim() === '') validationFailed([{ resource: 'Issue', code: 'missing_field', field: 'title' }], DOC.createIssue);
    if ([...title].length > MAX_ISSUE_TITLE)
      validationFailed(
        [{ resource: 'Issue', code: 'custom', field: 'title', message: `title is too long (maximum is ${MAX_ISSUE_TITLE} characters)` }],
        DOC.createIssue
      );
    const text = body.body === undefined || body.body === null ? '' : String(body.body);
    if ([...text].length > MAX_COMMENT_BODY)
      validationFailed(
        [{ resource: 'Issue', code: 'custom', field: 'body', message: `body is too long (maximum is ${MAX_COMMENT_BODY} characters)` }],
        DOC.createIssue
      );
    const labels = body.labels === undefined ? [] : body.labels;
    if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string'))
      invalidRequest("For 'properties/labels', is not an array of strings.", DOC.createIssue);
    // Issues and pull requests share one sequence of numbers.
    const number = Math.max(0, ...repo.issues.keys(), ...repo.pulls.keys()) + 1;
    const names = (labels as string[]).map((label) => (repo.labels.find((l) => l.name.toLowerCase() === label.toLowerCase()) ?? repo.addLabel(label)).name);
    const issue = repo.addIssue({ number, title, body: text, user: state.actor, labels: [...new Set(names)] });
    return { status: 201, body: issueJson(repo, issue, ctx.origin) };
  });

  on('GET', '/repos/{o}/{r}/commits/{ref}', (ctx, p) => {
    const repo = repoOf(p, DOC.getCommit);
    const sha = repo.resolveRef(p[2] ?? '') ?? notFound(DOC.getCommit);
    const commit = repo.commits.get(sha) ?? notFound(DOC.getCommit);
    return {
      status: 200,
      body: {
        sha,
        commit: { message: commit.message },
        parents: commit.parents.map((s) => ({ sha: s })),
        files: commit.files.slice(0, MAX_COMPARE_FILES).map((f) => fileJson(repo, f, sha, ctx.origin))
      }
    };
  });

  on('GET', '/repos/{o}/{r}/releases', (ctx, p) => {
    const repo = repoOf(p, DOC.listReleases);
    // Newest first, as GitHub lists them.
    const releases = [...repo.releases].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id);
    return { status: 200, body: paginate(ctx, releases).map((r) => releaseJson(repo, r, ctx.origin)) };
  });

  on('GET', '/repos/{o}/{r}/releases/{id}', (ctx, p) => {
    const repo = repoOf(p, DOC.getRelease);
    const release = repo.releases.find((r) => r.id === Number(p[2])) ?? notFound(DOC.getRelease);
    return { status: 200, body: releaseJson(repo, release, ctx.origin) };
  });

  on('PATCH', '/repos/{o}/{r}/releases/{id}', (ctx, p) => {
    const repo = repoOf(p, DOC.updateRelease);
    const release = repo.releases.find((r) => r.id === Number(p[2])) ?? notFound(DOC.updateRelease);
    const body = bodyOf(ctx);
    if (body.body !== undefined) {
      const text = String(body.body);
      if ([...text].length > MAX_RELEASE_BODY)
        validationFailed(
          [{ resource: 'Release', code: 'custom', field: 'body', message: `body is too long (maximum is ${MAX_RELEASE_BODY} characters)` }],
          DOC.updateRelease
        );
      release.body = text;
    }
    if (typeof body.name === 'string') release.name = body.name;
    return { status: 200, body: releaseJson(repo, release, ctx.origin) };
  });

  // Before /issues/{n}: `events` is not an issue number.
  on('GET', '/repos/{o}/{r}/issues/events', (ctx, p) => {
    const repo = repoOf(p, DOC.issueEvents);
    const events = [...repo.issueEvents].reverse();
    return {
      status: 200,
      body: paginate(ctx, events).map((e) => {
        const item = repo.issues.get(e.issue) ?? repo.pulls.get(e.issue);
        return {
          id: e.id,
          event: e.event,
          actor: userJson(e.actor),
          created_at: e.createdAt,
          label: { name: e.label, color: 'ededed' },
          issue: item ? issueJson(repo, item, ctx.origin) : null
        };
      })
    };
  });

  on('GET', '/repos/{o}/{r}/issues/{n}', (ctx, p) => {
    const repo = repoOf(p, DOC.getIssue);
    const item = repo.issues.get(Number(p[2])) ?? repo.pulls.get(Number(p[2])) ?? notFound(DOC.getIssue);
    return { status: 200, body: issueJson(repo, item, ctx.origin) };
  });

  const addReaction = (reactions: FakeReaction[], body: Json, doc: string): Reply => {
    const content = body.content;
    if (!REACTIONS.includes(content as FakeReaction['content'])) {
      invalidRequest(`"${String(content)}" is not a member of ${JSON.stringify(REACTIONS)}.`, doc);
    }
    // The same reaction by the same user is answered with the existing one (200), not a second.
    const existing = reactions.find((r) => r.content === content && r.user.login === state.actor.login);
    if (existing) return { status: 200, body: reactionJson(existing) };
    const reaction: FakeReaction = { id: state.nextId(), content: content as FakeReaction['content'], user: state.actor };
    reactions.push(reaction);
    return { status: 201, body: reactionJson(reaction) };
  };

  on('POST', '/repos/{o}/{r}/issues/comments/{id}/reactions', (ctx, p) => {
    const repo = repoOf(p, DOC.issueCommentReaction);
    const comment = repo.issueComments.find((c) => c.id === Number(p[2])) ?? notFound(DOC.issueCommentReaction);
    return addReaction(comment.reactions, bodyOf(ctx), DOC.issueCommentReaction);
  });

  on('POST', '/repos/{o}/{r}/pulls/comments/{id}/reactions', (ctx, p) => {
    const repo = repoOf(p, DOC.reviewCommentReaction);
    const comment = [...repo.pulls.values()].flatMap((pull) => pull.reviewComments).find((c) => c.id === Number(p[2])) ?? notFound(DOC.reviewCommentReaction);
    comment.reactions ??= [];
    return addReaction(comment.reactions, bodyOf(ctx), DOC.reviewCommentReaction);
  });

  on('GET', '/repos/{o}/{r}/pulls/comments/{id}', (ctx, p) => {
    const repo = repoOf(p, DOC.getReviewComment);
    for (const pull of repo.pulls.values()) {
      const comment = pull.reviewComments.find((c) => c.id === Number(p[2]));
      if (comment) return { status: 200, body: reviewCommentJson(repo, pull, comment, ctx.origin) };
    }
    return notFound(DOC.getReviewComment);
  });

  // A reply joins the thread of the comment it answers; replies to replies are not allowed.
  on('POST', '/repos/{o}/{r}/pulls/{n}/comments/{id}/replies', (ctx, p) => {
    const [repo, pull] = pullOf(p, DOC.replyReviewComment);
    const parent = pull.reviewComments.find((c) => c.id === Number(p[3])) ?? notFound(DOC.replyReviewComment);
    const body = bodyOf(ctx);
    const absent = missing(body, ['body']);
    if (absent) invalidRequest(absent, DOC.replyReviewComment);
    if (parent.in_reply_to_id !== undefined) {
      validationFailed(
        [{ resource: 'PullRequestReviewComment', code: 'custom', field: 'in_reply_to_id', message: 'in_reply_to_id cannot be a reply' }],
        DOC.replyReviewComment
      );
    }
    const reply = repo.addReviewComment(pull.number, {
      path: parent.path,
      body: String(body.body),
      line: parent.line,
      in_reply_to_id: parent.id,
      user: state.actor
    });
    return { status: 201, body: reviewCommentJson(repo, pull, reply, ctx.origin) };
  });

  on('GET', '/repos/{o}/{r}/collaborators/{user}/permission', (_ctx, p) => {
    const repo = repoOf(p, DOC.permission);
    const login = p[2] ?? '';
    const role = repo.roles.get(login) ?? 'read';
    const permission = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role;
    return { status: 200, body: { permission, role_name: role, user: { login, id: loginId(login), type: 'User' } } };
  });

  // An artifact's download answers 302 with a short-lived URL of the zip, which needs no token (served under /_blobs).
  on('GET', '/repos/{o}/{r}/actions/artifacts', (ctx, p) => {
    const repo = repoOf(p, DOC.listArtifacts);
    const q = ctx.request.query;
    const artifacts = repo.artifacts.filter((a) => q.name === undefined || a.name === q.name).sort((a, b) => b.id - a.id);
    return {
      status: 200,
      body: {
        total_count: artifacts.length,
        artifacts: paginate(ctx, artifacts).map((a) => ({
          id: a.id,
          node_id: `MDg6QXJ0aWZhY3Q${a.id}`,
          name: a.name,
          size_in_bytes: a.zip.length,
          url: `${ctx.origin}${ctx.prefix}/repos/${repo.fullName}/actions/artifacts/${a.id}`,
          archive_download_url: `${ctx.origin}${ctx.prefix}/repos/${repo.fullName}/actions/artifacts/${a.id}/zip`,
          expired: a.expired,
          created_at: a.createdAt,
          updated_at: a.createdAt,
          expires_at: a.createdAt
        }))
      }
    };
  });

  on('GET', '/repos/{o}/{r}/actions/artifacts/{id}/{format}', (ctx, p) => {
    const repo = repoOf(p, DOC.downloadArtifact);
    const artifact = repo.artifacts.find((a) => a.id === Number(p[2]));
    if (!artifact || p[3] !== 'zip') notFound(DOC.downloadArtifact);
    if (artifact.expired) fail(410, { message: 'Artifact has expired', documentation_url: DOC.downloadArtifact });
    return { status: 302, body: undefined, headers: { location: `${ctx.origin}/_blobs/artifact-${artifact.id}.zip` } };
  });

  on('GET', '/repos/{o}/{r}/actions/caches', (ctx, p) => {
    repoOf(p, DOC.listCaches);
    const q = ctx.request.query;
    const entries = state.actionsCaches().filter((c) => (q.key === undefined || c.key.startsWith(q.key)) && (q.ref === undefined || c.ref === q.ref));
    const sort = q.sort ?? 'last_accessed_at';
    const direction = q.direction === 'asc' ? 1 : -1;
    entries.sort(
      (a, b) =>
        direction * (sort === 'size_in_bytes' ? a.sizeInBytes - b.sizeInBytes : Date.parse(a.createdAt) - Date.parse(b.createdAt)) || direction * (a.id - b.id)
    );
    const page = paginate(ctx, entries);
    return {
      status: 200,
      body: {
        total_count: entries.length,
        actions_caches: page.map((c) => ({
          id: c.id,
          ref: c.ref,
          key: c.key,
          version: c.version,
          last_accessed_at: c.createdAt,
          created_at: c.createdAt,
          size_in_bytes: c.sizeInBytes
        }))
      }
    };
  });

  on('POST', '/repos/{o}/{r}/pulls/{n}/requested_reviewers', (ctx, p) => {
    const repo = repoOf(p, DOC.requestReviewers);
    const pull = repo.pulls.get(Number(p[2])) ?? notFound(DOC.requestReviewers);
    const reviewers = (bodyOf(ctx).reviewers ?? []) as string[];
    if (reviewers.includes(pull.user.login)) unprocessable(['Review cannot be requested from pull request author.'], DOC.requestReviewers);
    for (const r of reviewers) if (!pull.requestedReviewers.includes(r)) pull.requestedReviewers.push(r);
    return { status: 201, body: { ...pullJson(repo, pull, ctx.origin), requested_reviewers: pull.requestedReviewers.map((login) => ({ login })) } };
  });

  on('GET', '/repos/{o}/{r}/issues/comments/{id}', (ctx, p) => {
    const repo = repoOf(p, DOC.updateIssueComment);
    const comment = repo.issueComments.find((c) => c.id === Number(p[2])) ?? notFound(DOC.updateIssueComment);
    return { status: 200, body: issueCommentJson(repo, comment, ctx.origin) };
  });

  on('PATCH', '/repos/{o}/{r}/issues/comments/{id}', (ctx, p) => {
    const repo = repoOf(p, DOC.updateIssueComment);
    const comment = repo.issueComments.find((c) => c.id === Number(p[2])) ?? notFound(DOC.updateIssueComment);
    comment.body = issueCommentBody(bodyOf(ctx), DOC.updateIssueComment);
    comment.updated_at = new Date().toISOString();
    return { status: 200, body: issueCommentJson(repo, comment, ctx.origin) };
  });

  on('POST', '/repos/{o}/{r}/check-runs', (ctx, p) => {
    const repo = repoOf(p, DOC.createCheckRun);
    const body = bodyOf(ctx);
    const absent = missing(body, ['head_sha', 'name']);
    if (absent) invalidRequest(absent, DOC.createCheckRun);
    // Only a GitHub App (whose token writes as `<slug>[bot]`) can create check runs.
    const slug = /^(.+)\[bot\]$/.exec(state.actor.login)?.[1];
    if (!slug) throw new HttpError(403, { message: 'You must authenticate via a GitHub App.', documentation_url: DOC.createCheckRun, status: '403' });
    const run: FakeCheckRun = {
      id: state.nextId(),
      name: String(body.name),
      head_sha: String(body.head_sha),
      status: 'queued',
      conclusion: null,
      details_url: null,
      started_at: null,
      completed_at: null,
      output: { title: null, summary: null, text: null },
      annotations: [],
      app: { id: loginId(slug), slug, name: slug },
      external_id: typeof body.external_id === 'string' ? body.external_id : null
    };
    applyCheckRunUpdate(run, body, DOC.createCheckRun);
    repo.checkRuns.set(run.id, run);
    return { status: 201, body: checkRunJson(repo, run, ctx.origin) };
  });

  on('PATCH', '/repos/{o}/{r}/check-runs/{id}', (ctx, p) => {
    const repo = repoOf(p, DOC.updateCheckRun);
    const run = repo.checkRuns.get(Number(p[2])) ?? notFound(DOC.updateCheckRun);
    applyCheckRunUpdate(run, bodyOf(ctx), DOC.updateCheckRun);
    return { status: 200, body: checkRunJson(repo, run, ctx.origin) };
  });

  // https://docs.github.com/rest/checks/runs#list-check-runs-for-a-git-reference (filter=latest: the newest run per name)
  on('GET', '/repos/{o}/{r}/commits/{ref}/check-runs', (ctx, p) => {
    const repo = repoOf(p, DOC.getCheckRun);
    const ref = p[2] ?? '';
    const sha = repo.resolveRef(ref) ?? ref;
    let runs = [...repo.checkRuns.values()].filter(
      (r) => r.head_sha === sha && (ctx.request.query.check_name === undefined || r.name === ctx.request.query.check_name)
    );
    if ((ctx.request.query.filter ?? 'latest') === 'latest') runs = runs.filter((r) => !runs.some((o) => o.name === r.name && o.id > r.id));
    return { status: 200, body: { total_count: runs.length, check_runs: paginate(ctx, runs.reverse()).map((r) => checkRunJson(repo, r, ctx.origin)) } };
  });

  on('GET', '/repos/{o}/{r}/check-runs/{id}', (ctx, p) => {
    const repo = repoOf(p, DOC.getCheckRun);
    const run = repo.checkRuns.get(Number(p[2])) ?? notFound(DOC.getCheckRun);
    return { status: 200, body: checkRunJson(repo, run, ctx.origin) };
  });

  // The git data API: refs, commits and trees over the fake's branches and contents.
  const refJson = (repo: FakeRepo, name: string, sha: string, origin: string): Json => ({
    ref: `refs/heads/${name}`,
    url: `${origin}/repos/${repo.fullName}/git/refs/heads/${name}`,
    object: { type: 'commit', sha, url: `${origin}/repos/${repo.fullName}/git/commits/${sha}` }
  });
  on('GET', '/repos/{o}/{r}/git/ref/{+ref}', (ctx, p) => {
    const repo = repoOf(p, DOC.getRef);
    const name = /^heads\/(.+)$/.exec(p[2] ?? '')?.[1];
    const sha = name === undefined ? undefined : repo.branches.get(name);
    if (name === undefined || sha === undefined) notFound(DOC.getRef);
    return { status: 200, body: refJson(repo, name, sha, ctx.origin) };
  });
  on('POST', '/repos/{o}/{r}/git/refs', (ctx, p) => {
    const repo = repoOf(p, DOC.createRef);
    const body = bodyOf(ctx);
    const absent = missing(body, ['ref', 'sha']);
    if (absent) invalidRequest(absent, DOC.createRef);
    const ref = String(body.ref);
    if (!/^refs\/[^/]+\/.+/.test(ref)) unprocessableMessage("Reference name must start with 'refs/' and have at least two slashes.", DOC.createRef);
    const name = /^refs\/heads\/(.+)$/.exec(ref)?.[1];
    if (name === undefined) unprocessableMessage('The fake keeps branches only', DOC.createRef);
    if (repo.branches.has(name)) unprocessableMessage('Reference already exists', DOC.createRef);
    const sha = String(body.sha);
    if (!repo.commits.has(sha)) unprocessableMessage('Object does not exist', DOC.createRef);
    repo.setBranch(name, sha);
    return { status: 201, body: refJson(repo, name, sha, ctx.origin) };
  });
  on('PATCH', '/repos/{o}/{r}/git/refs/{+ref}', (ctx, p) => {
    const repo = repoOf(p, DOC.updateRef);
    const body = bodyOf(ctx);
    const absent = missing(body, ['sha']);
    if (absent) invalidRequest(absent, DOC.updateRef);
    const name = /^heads\/(.+)$/.exec(p[2] ?? '')?.[1];
    const old = name === undefined ? undefined : repo.branches.get(name);
    if (name === undefined || old === undefined) unprocessableMessage('Reference does not exist', DOC.updateRef);
    const sha = String(body.sha);
    if (!repo.commits.has(sha)) unprocessableMessage('Object does not exist', DOC.updateRef);
    if (body.force !== true && !ancestors(repo, sha).includes(old)) unprocessableMessage('Update is not a fast forward', DOC.updateRef);
    repo.setBranch(name, sha);
    // The branch's files are now the commit's.
    repo.contents.delete(name);
    return { status: 200, body: refJson(repo, name, sha, ctx.origin) };
  });
  on('GET', '/repos/{o}/{r}/git/commits/{sha}', (ctx, p) => {
    const repo = repoOf(p, DOC.getGitCommit);
    const sha = p[2] ?? '';
    const commit = repo.commits.get(sha) ?? notFound(DOC.getGitCommit);
    return { status: 200, body: gitCommitJson(repo, commit, treeOf(state, repo, sha), ctx.origin) };
  });
  on('POST', '/repos/{o}/{r}/git/trees', (ctx, p) => {
    const repo = repoOf(p, DOC.createTree);
    const body = bodyOf(ctx);
    if (!Array.isArray(body.tree)) invalidRequest('"tree" wasn\'t supplied.', DOC.createTree);
    const base = body.base_tree === undefined ? new Map<string, Buffer>() : repo.trees.get(String(body.base_tree));
    if (!base) unprocessableMessage('Invalid tree info', DOC.createTree);
    const files = new Map(base);
    for (const entry of body.tree as Json[]) {
      if (typeof entry.path !== 'string' || entry.type !== 'blob' || typeof entry.content !== 'string')
        unprocessableMessage('Invalid tree info', DOC.createTree);
      files.set(entry.path, Buffer.from(entry.content, 'utf8'));
    }
    const sha = newSha(state);
    repo.trees.set(sha, files);
    return {
      status: 201,
      body: {
        sha,
        url: `${ctx.origin}/repos/${repo.fullName}/git/trees/${sha}`,
        tree: [...files.keys()].map((path) => ({ path, mode: '100644', type: 'blob' })),
        truncated: false
      }
    };
  });
  on('POST', '/repos/{o}/{r}/git/commits', (ctx, p) => {
    const repo = repoOf(p, DOC.createGitCommit);
    const body = bodyOf(ctx);
    const absent = missing(body, ['message', 'tree']);
    if (absent) invalidRequest(absent, DOC.createGitCommit);
    const files = repo.trees.get(String(body.tree));
    if (!files) unprocessableMessage('Tree SHA does not exist', DOC.createGitCommit);
    const parents = Array.isArray(body.parents) ? body.parents.map(String) : [];
    if (parents.some((parent) => !repo.commits.has(parent))) unprocessableMessage('Parent SHA does not exist or is not a commit object', DOC.createGitCommit);
    const sha = newSha(state);
    const commit = repo.addCommit({ sha, parents, message: String(body.message) });
    repo.commitTrees.set(sha, String(body.tree));
    repo.contents.set(sha, new Map(files));
    return { status: 201, body: gitCommitJson(repo, commit, String(body.tree), ctx.origin) };
  });

  on('POST', '/repos/{o}/{r}/pulls', (ctx, p) => {
    const repo = repoOf(p, DOC.createPull);
    const body = bodyOf(ctx);
    const absent = missing(body, ['head', 'base']);
    if (absent) invalidRequest(absent, DOC.createPull);
    const head = String(body.head).replace(new RegExp(`^${repo.owner}:`), '');
    const base = String(body.base);
    const headSha = repo.branches.get(head);
    const baseSha = repo.branches.get(base);
    if (headSha === undefined) validationFailed([{ resource: 'PullRequest', field: 'head', code: 'invalid' }], DOC.createPull);
    if (baseSha === undefined) validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }], DOC.createPull);
    if ([...repo.pulls.values()].some((pull) => !pull.closedAt && pull.head.ref === head && pull.base.ref === base))
      validationFailed([{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${repo.owner}:${head}.` }], DOC.createPull);
    if (headSha === baseSha) validationFailed([{ resource: 'PullRequest', code: 'custom', message: `No commits between ${base} and ${head}` }], DOC.createPull);
    if (typeof body.title !== 'string' || body.title === '')
      validationFailed([{ resource: 'PullRequest', field: 'title', code: 'missing_field' }], DOC.createPull);
    const number = Math.max(0, ...repo.pulls.keys(), ...repo.issues.keys()) + 1;
    const pull = repo.addPull({
      number,
      title: body.title,
      body: typeof body.body === 'string' ? body.body : null,
      user: state.actor,
      base: { ref: base, sha: baseSha },
      head: { ref: head, sha: headSha }
    });
    return { status: 201, body: pullJson(repo, pull, ctx.origin) };
  });
  on('PATCH', '/repos/{o}/{r}/pulls/{n}', (ctx, p) => {
    const [repo, pull] = pullOf(p, DOC.updatePull);
    const body = bodyOf(ctx);
    if (typeof body.title === 'string') pull.title = body.title;
    if (typeof body.body === 'string') pull.body = body.body;
    if (body.state === 'closed' && !pull.closedAt) pull.closedAt = githubTime();
    touch(pull);
    return { status: 200, body: pullJson(repo, pull, ctx.origin) };
  });

  on('GET', '/repos/{o}/{r}/contents/{+path}', (ctx, p) => {
    const repo = repoOf(p, DOC.contents);
    const path = p[2] ?? '';
    const ref = ctx.request.query.ref ?? repo.defaultBranch;
    const sha = repo.resolveRef(ref) ?? '';
    // A commit's files, seeded at its sha or at a branch that points at it.
    const atBranch = [...repo.branches].find(([name, at]) => at === sha && repo.contents.has(name))?.[0];
    const files =
      repo.contents.get(ref) ?? repo.contents.get(sha) ?? (atBranch === undefined ? undefined : repo.contents.get(atBranch)) ?? notFound(DOC.contents);
    const bytes = files.get(path);
    if (bytes) return { status: 200, body: contentFileJson(repo, path, ref, bytes, ctx.origin) };
    const children = [...files.keys()].filter((k) => k.startsWith(`${path}/`));
    if (children.length === 0) notFound(DOC.contents);
    const names = [...new Set(children.map((k) => k.slice(path.length + 1).split('/')[0] ?? ''))];
    return {
      status: 200,
      body: names.map((name) => {
        const child = `${path}/${name}`;
        return { type: files.has(child) ? 'file' : 'dir', name, path: child };
      })
    };
  });

  on('GET', '/repos/{o}/{r}/compare/{+basehead}', (ctx, p) => {
    const repo = repoOf(p, DOC.compare);
    const [baseRef, headRef] = (p[2] ?? '').split('...');
    const base = repo.resolveRef(baseRef ?? '') ?? notFound(DOC.compare);
    const head = repo.resolveRef(headRef ?? '') ?? notFound(DOC.compare);
    return { status: 200, body: compareJson(repo, base, head, ctx.origin) };
  });

  return routes;
}

function threadInput(c: Json): ThreadInput {
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  const side = (v: unknown): Side | undefined => (v === 'LEFT' || v === 'RIGHT' ? v : undefined);
  return {
    path: String(c.path),
    line: num(c.line),
    side: side(c.side),
    start_line: num(c.start_line),
    start_side: side(c.start_side)
  };
}

function toSentence(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')}, and ${parts[parts.length - 1]}`;
}

function addReview(state: FakeGitHubState, pull: FakePull, seed: { body: string; state: FakeReview['state']; commitId: string }): FakeReview {
  const review: FakeReview = {
    id: state.nextId(),
    user: state.actor,
    body: seed.body,
    state: seed.state,
    commit_id: seed.commitId,
    submitted_at: new Date().toISOString()
  };
  pull.reviews.push(review);
  return review;
}

function addThreadComment(
  state: FakeGitHubState,
  pull: FakePull,
  reviewId: number,
  commitId: string,
  input: Json,
  thread: { position: number; diffHunk: string }
): FakeReviewComment {
  const t = threadInput(input);
  const line = t.line ?? 0;
  const comment: FakeReviewComment = {
    id: state.nextId(),
    pull_request_review_id: reviewId,
    path: t.path,
    line,
    side: t.side ?? 'RIGHT',
    start_line: t.start_line ?? null,
    start_side: t.start_line === undefined ? null : (t.start_side ?? t.side ?? 'RIGHT'),
    original_line: line,
    position: thread.position,
    original_position: thread.position,
    commit_id: commitId,
    original_commit_id: commitId,
    diff_hunk: thread.diffHunk,
    body: String(input.body),
    user: state.actor,
    created_at: new Date().toISOString()
  };
  pull.reviewComments.push(comment);
  return comment;
}

function issueCommentBody(body: Json, doc: string): string {
  const absent = missing(body, ['body']);
  if (absent) invalidRequest(absent, doc);
  const text = String(body.body);
  if ([...text].length > MAX_COMMENT_BODY) {
    validationFailed(
      [{ resource: 'IssueComment', code: 'unprocessable', field: 'data', message: `Body is too long (maximum is ${MAX_COMMENT_BODY} characters)` }],
      doc
    );
  }
  return text;
}

const CHECK_STATUSES = ['queued', 'in_progress', 'completed'];
const CHECK_CONCLUSIONS = ['action_required', 'cancelled', 'failure', 'neutral', 'success', 'skipped', 'timed_out'];
const ANNOTATION_LEVELS = ['notice', 'warning', 'failure'];

/** Validates everything first, then applies: a rejected update changes nothing. */
function applyCheckRunUpdate(run: FakeCheckRun, body: Json, doc: string): void {
  if (body.status !== undefined && !CHECK_STATUSES.includes(String(body.status))) {
    invalidRequest(`"${String(body.status)}" is not a member of ${JSON.stringify(CHECK_STATUSES)}.`, doc);
  }
  if (body.conclusion !== undefined && !CHECK_CONCLUSIONS.includes(String(body.conclusion))) {
    invalidRequest(`"${String(body.conclusion)}" is not a member of ${JSON.stringify(CHECK_CONCLUSIONS)}.`, doc);
  }
  // The schema: status "completed" (or a completed_at) requires a conclusion.
  if ((body.status === 'completed' || body.completed_at !== undefined) && body.conclusion === undefined) {
    invalidRequest(`"conclusion" wasn't supplied.`, doc);
  }
  const output = body.output as Json | undefined;
  let annotations: FakeAnnotation[] = [];
  if (output !== undefined) {
    const absent = missing(output, ['summary', 'title']);
    if (absent) invalidRequest(absent, doc);
    for (const field of ['summary', 'text'] as const) {
      const value = output[field];
      if (typeof value !== 'string') continue;
      const chars = [...value].length;
      if (chars > MAX_CHECK_TEXT) invalidRequest(`Only ${MAX_CHECK_TEXT} characters are allowed; ${chars} were supplied.`, doc);
      if (Buffer.byteLength(value, 'utf8') > MAX_CHECK_TEXT) {
        validationFailed([{ resource: 'CheckRun', code: 'custom', field, message: `${field} exceeds a maximum bytesize of ${MAX_CHECK_TEXT}` }], doc);
      }
    }
    const list = Array.isArray(output.annotations) ? (output.annotations as Json[]) : [];
    if (list.length > MAX_ANNOTATIONS_PER_REQUEST) {
      invalidRequest(`No more than ${MAX_ANNOTATIONS_PER_REQUEST} items are allowed; ${list.length} were supplied.`, doc);
    }
    const problems = list.map((a) => missing(a, ['annotation_level', 'end_line', 'message', 'path', 'start_line'])).filter((m) => m !== undefined);
    if (problems.length > 0) invalidRequest(problems.join('\n'), doc);
    const badLevel = list.find((a) => !ANNOTATION_LEVELS.includes(String(a.annotation_level)));
    if (badLevel) invalidRequest(`"${String(badLevel.annotation_level)}" is not a member of ${JSON.stringify(ANNOTATION_LEVELS)}.`, doc);
    annotations = list as unknown as FakeAnnotation[];
  }

  if (typeof body.details_url === 'string') run.details_url = body.details_url;
  if (body.conclusion !== undefined) {
    // Setting a conclusion completes the run.
    run.conclusion = String(body.conclusion);
    run.status = 'completed';
    run.completed_at = typeof body.completed_at === 'string' ? body.completed_at : new Date().toISOString();
  } else if (body.status !== undefined) {
    run.status = String(body.status);
  }
  if (run.status === 'in_progress' && run.started_at === null) {
    run.started_at = typeof body.started_at === 'string' ? body.started_at : new Date().toISOString();
  }
  if (output !== undefined) {
    run.output = {
      title: String(output.title),
      summary: String(output.summary),
      text: typeof output.text === 'string' ? output.text : run.output.text
    };
    // Each update appends to the annotations already there.
    run.annotations.push(...annotations);
  }
}

function contentFileJson(repo: FakeRepo, path: string, ref: string, bytes: Buffer, origin: string): Json {
  const inline = bytes.length <= MAX_INLINE_CONTENT;
  return {
    type: 'file',
    name: path.split('/').pop(),
    path,
    size: bytes.length,
    sha: 'c'.repeat(40),
    // GitHub wraps base64 at 60 characters per line.
    encoding: inline ? 'base64' : 'none',
    content: inline ? (bytes.toString('base64').match(/.{1,60}/g) ?? []).join('\n') : '',
    html_url: `${origin}/${repo.fullName}/blob/${ref}/${path}`,
    download_url: `${origin}/${repo.fullName}/raw/${ref}/${path}`
  };
}

function ancestors(repo: FakeRepo, sha: string): string[] {
  const seen: string[] = [];
  const queue = [sha];
  while (queue.length > 0) {
    const next = queue.shift() as string;
    if (seen.includes(next)) continue;
    seen.push(next);
    queue.push(...(repo.commits.get(next)?.parents ?? []));
  }
  return seen;
}

function compareJson(repo: FakeRepo, base: string, head: string, origin: string): Json {
  const fromHead = ancestors(repo, head);
  const fromBase = ancestors(repo, base);
  const ahead = fromHead.filter((s) => !fromBase.includes(s)).reverse();
  const behind = fromBase.filter((s) => !fromHead.includes(s));
  const status = base === head ? 'identical' : behind.length === 0 ? 'ahead' : ahead.length === 0 ? 'behind' : 'diverged';
  // The changes of the commits only on head, a later commit's entry replacing an earlier one.
  const files = new Map<string, FakeFile>();
  for (const sha of ahead) for (const f of repo.commits.get(sha)?.files ?? []) files.set(f.filename, f);
  return {
    status,
    ahead_by: ahead.length,
    behind_by: behind.length,
    total_commits: ahead.length,
    merge_base_commit: { sha: fromHead.find((s) => fromBase.includes(s)) ?? null },
    commits: ahead.map((sha) => ({ sha, commit: { message: repo.commits.get(sha)?.message ?? '' } })),
    files: [...files.values()].slice(0, MAX_COMPARE_FILES).map((f) => fileJson(repo, f, head, origin))
  };
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

export interface FakeGitHubOptions {
  /** The only token the fake accepts. */
  token?: string;
  /** Path the API is served under, e.g. "/api/v3" as on GitHub Enterprise Server. */
  pathPrefix?: string;
  /** Who writes: reviews, comments and check runs are authored by this user. */
  actor?: FakeUser;
  latencyMs?: number;
}

export interface FakeGitHub {
  /** API root to give Octokit as `baseUrl`, prefix included. */
  url: string;
  token: string;
  state: FakeGitHubState;
  requests: RecordedRequest[];
  /** Delay before each response; may be changed at any time. */
  latencyMs: number;
  /** The next request that matches fails once with this status, body and headers. */
  failNext(matcher: RequestMatcher, status: number, body?: unknown, headers?: Record<string, string>): void;
  /** The next request that matches is carried out, but answered with this status (a 502 from a gateway that gave up waiting). */
  loseAnswerNext(matcher: RequestMatcher, status: number): void;
  /** Resolves with the next request that matches, once it has arrived: an event another fake can wait for. */
  arrived(matcher: RequestMatcher): Promise<RecordedRequest>;
  /** The next request that matches is carried out and answered only once `until` settles: a slow GitHub whose slowness the test decides. */
  holdNext(matcher: RequestMatcher, until: Promise<unknown>): void;
  close(): Promise<void>;
}

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const token = options.token ?? 'ghs_fake_token';
  const prefix = (options.pathPrefix ?? '').replace(/\/$/, '');
  const state = new FakeGitHubState(options.actor ?? { login: 'github-actions[bot]', type: 'Bot' });
  const routes = createRoutes(state);
  const failures: InjectedFailure[] = [];
  const requests: RecordedRequest[] = [];
  const waiting: { matches: (request: RecordedRequest) => boolean; resolve: (request: RecordedRequest) => void }[] = [];
  const holds: { matches: (request: RecordedRequest) => boolean; until: Promise<unknown> }[] = [];
  let latencyMs = options.latencyMs ?? 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = safeDecode(url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname);
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'x-github-request-id': `FAKE:${requests.length + 1}`,
      'x-github-media-type': 'github.v3'
    };
    let parsed: unknown = undefined;
    let badJson = false;
    if (raw.length > 0) {
      try {
        parsed = JSON.parse(raw);
      } catch {
        badJson = true;
      }
    }
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(url.searchParams),
      body: parsed,
      headers: req.headers,
      at: Date.now()
    };
    requests.push(request);
    for (const waiter of waiting.filter((w) => w.matches(request))) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve(request);
    }
    const reply = (status: number, body: unknown, extra: Record<string, string> = {}): void => {
      const text = body === undefined ? '' : JSON.stringify(body);
      res.writeHead(status, { ...headers, ...extra, 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    const held = holds.findIndex((h) => h.matches(request));
    // A hold that rejects still lets the request go.
    if (held >= 0) await holds.splice(held, 1)[0]!.until.catch(() => undefined);
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));

    const blob = /^\/_blobs\/artifact-(\d+)\.zip$/.exec(url.pathname);
    if (blob && req.method === 'GET') {
      const zip = [...state.repos.values()].flatMap((r) => r.artifacts).find((a) => a.id === Number(blob[1]))?.zip;
      if (!zip) return reply(404, undefined);
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': zip.length });
      return void res.end(zip);
    }
    const authorization = req.headers.authorization;
    if (!authorization) return reply(401, { message: 'Requires authentication', documentation_url: DOCS, status: '401' });
    const [scheme, credential] = authorization.split(/\s+/, 2);
    if (!/^(token|bearer)$/i.test(scheme ?? '') || credential !== token) {
      return reply(401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
    }

    const injected = failures.findIndex((f) => f.matches(request));
    const [failure] = injected >= 0 ? failures.splice(injected, 1) : [];
    if (failure && !failure.applied) return reply(failure.status, failure.body, failure.headers);
    if (badJson) return reply(400, { message: 'Problems parsing JSON', documentation_url: DOCS, status: '400' });

    // GraphQL lives at /graphql, or /api/graphql beside GitHub Enterprise Server's /api/v3.
    if (request.method === 'POST' && (path === '/graphql' || url.pathname === `${prefix.replace(/\/v3$/, '')}/graphql`)) {
      // Loaded on the first GraphQL request: most tests never send one, and graphql-js is a tenth of a second to load.
      const { answerGraphql } = await import('./github-graphql.js');
      const answer = await answerGraphql(state, parsed, `http://${req.headers.host ?? '127.0.0.1'}`);
      return reply(answer.status, answer.body);
    }
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const route = routes.find((r) => r.method === method && r.pattern.test(path));
    if (!route) return reply(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
    const params = (route.pattern.exec(path) ?? []).slice(1);
    const ctx: Context = { request, origin: `http://${req.headers.host ?? '127.0.0.1'}`, prefix, headers };
    try {
      const result = route.handler(ctx, params);
      if (failure) return reply(failure.status, failure.body, failure.headers);
      reply(result.status, result.body, result.headers);
    } catch (error) {
      if (error instanceof HttpError) return reply(error.status, error.body);
      reply(500, { message: `fake GitHub crashed: ${(error as Error).message}`, status: '500' });
    }
  };
  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeGitHub = {
    url: `http://127.0.0.1:${port}${prefix}`,
    token,
    state,
    requests,
    get latencyMs() {
      return latencyMs;
    },
    set latencyMs(value: number) {
      latencyMs = value;
    },
    failNext(matcher, status, body, headers = {}) {
      failures.push({
        matches: toPredicate(matcher),
        status,
        body: body ?? { message: STATUS_CODES[status] ?? 'Error', documentation_url: DOCS, status: String(status) },
        headers,
        applied: false
      });
    },
    loseAnswerNext(matcher, status) {
      failures.push({
        matches: toPredicate(matcher),
        status,
        body: { message: STATUS_CODES[status] ?? 'Error', status: String(status) },
        headers: {},
        applied: true
      });
    },
    holdNext(matcher, until) {
      holds.push({ matches: toPredicate(matcher), until });
    },
    arrived(matcher) {
      return new Promise((resolve) => waiting.push({ matches: toPredicate(matcher), resolve }));
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      })
  };
  return fake;
}

function toPredicate(matcher: RequestMatcher): (request: RecordedRequest) => boolean {
  if (typeof matcher === 'function') return matcher;
  return (request) =>
    (matcher.method === undefined || matcher.method.toUpperCase() === request.method) &&
    (matcher.path === undefined || (typeof matcher.path === 'string' ? matcher.path === request.path : matcher.path.test(request.path)));
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
