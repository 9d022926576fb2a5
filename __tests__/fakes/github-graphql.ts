/**
 * The part of GitHub's GraphQL API (POST /graphql) LoopKit uses, served by graphql-js over the
 * fake's own state: a real GraphQL executor, so queries are parsed and validated as GitHub does
 * (unknown fields, missing variables and bad types are errors in `errors`, with HTTP 200) and
 * aliases, fragments and variables behave as they do there. The schema is a faithful subset of
 * GitHub's public schema (https://docs.github.com/graphql/reference): `viewer`,
 * `repository.object(expression:)` resolving `<ref>:<path>` to a Blob or Tree, and a pull request's
 * review threads (`repository.pullRequest(number:).reviewThreads`, paginated by `first`/`after` up
 * to 100 as GitHub requires) with the `resolveReviewThread` and `unresolveReviewThread` mutations.
 * A thread is a top-level review comment and its replies, as on GitHub; its node id is opaque.
 * Like GitHub's GraphQL (unlike its REST API), a bot's `login` carries no `[bot]` suffix.
 */
import { buildSchema, graphql, GraphQLError } from 'graphql';
import type { FakeGitHubState, FakeRepo, FakeReviewComment } from './github-server.js';

const SCHEMA = buildSchema(`
  scalar GitObjectID
  scalar URI
  type Query {
    "The currently authenticated user (for an App installation token, the App's bot)."
    viewer: User!
    repository(owner: String!, name: String!, followRenames: Boolean = true): Repository
  }
  type Mutation {
    resolveReviewThread(input: ResolveReviewThreadInput!): ResolveReviewThreadPayload
    unresolveReviewThread(input: UnresolveReviewThreadInput!): UnresolveReviewThreadPayload
  }
  input ResolveReviewThreadInput {
    clientMutationId: String
    threadId: ID!
  }
  type ResolveReviewThreadPayload {
    clientMutationId: String
    thread: PullRequestReviewThread
  }
  input UnresolveReviewThreadInput {
    clientMutationId: String
    threadId: ID!
  }
  type UnresolveReviewThreadPayload {
    clientMutationId: String
    thread: PullRequestReviewThread
  }
  interface Actor {
    login: String!
  }
  type User implements Actor {
    login: String!
  }
  type Bot implements Actor {
    login: String!
  }
  type Repository {
    nameWithOwner: String!
    object(expression: String, oid: GitObjectID): GitObject
    pullRequest(number: Int!): PullRequest
  }
  type PageInfo {
    endCursor: String
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
  }
  type PullRequest {
    number: Int!
    reviewThreads(after: String, before: String, first: Int, last: Int): PullRequestReviewThreadConnection!
  }
  type PullRequestReviewThreadConnection {
    nodes: [PullRequestReviewThread]
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type PullRequestReviewThread {
    id: ID!
    isResolved: Boolean!
    isOutdated: Boolean!
    path: String!
    line: Int
    resolvedBy: User
    viewerCanResolve: Boolean!
    viewerCanUnresolve: Boolean!
    comments(after: String, before: String, first: Int, last: Int, skip: Int): PullRequestReviewCommentConnection!
  }
  type PullRequestReviewCommentConnection {
    nodes: [PullRequestReviewComment]
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type PullRequestReviewComment {
    id: ID!
    databaseId: Int
    body: String!
    author: Actor
    url: URI!
  }
  interface GitObject {
    oid: GitObjectID!
  }
  type Blob implements GitObject {
    oid: GitObjectID!
    byteSize: Int!
    "Indicates whether the Blob is binary or text. Returns null if unable to determine the encoding."
    isBinary: Boolean
    "Indicates whether the contents is truncated."
    isTruncated: Boolean!
    "UTF8 text data or null if the Blob is binary."
    text: String
  }
  type Tree implements GitObject {
    oid: GitObjectID!
  }
`);

/** Git's own test for binary content: a NUL byte in the first 8,000 bytes. */
const BINARY_SNIFF_BYTES = 8000;

interface GitObjectValue {
  __typename: 'Blob' | 'Tree';
  oid: string;
  byteSize?: number;
  isBinary?: boolean;
  isTruncated?: boolean;
  text?: string | null;
}

/** GitHub's rule for connections: `first` or `last`, at most 100; answers the page and its info. */
function page<T>(
  connection: string,
  all: readonly T[],
  args: { first?: number; last?: number; after?: string }
): { nodes: T[]; pageInfo: object; totalCount: number } {
  const n = args.first ?? args.last;
  if (n === undefined) throw new GraphQLError(`You must provide a \`first\` or \`last\` value to properly paginate the \`${connection}\` connection.`);
  if (n > 100)
    throw new GraphQLError(
      `Requesting ${n} records on the \`${connection}\` connection exceeds the \`${args.first !== undefined ? 'first' : 'last'}\` limit of 100 records.`
    );
  const from = args.after ? Number(Buffer.from(args.after, 'base64').toString('utf8').replace('cursor:', '')) : 0;
  const start = args.last !== undefined ? Math.max(0, all.length - n) : from;
  const nodes = all.slice(start, start + n);
  const cursor = (i: number) => Buffer.from(`cursor:${i}`).toString('base64');
  return {
    nodes,
    pageInfo: {
      startCursor: nodes.length ? cursor(start) : null,
      endCursor: nodes.length ? cursor(start + nodes.length) : null,
      hasNextPage: start + nodes.length < all.length,
      hasPreviousPage: start > 0
    },
    totalCount: all.length
  };
}

const threadId = (repo: FakeRepo, pull: number, first: FakeReviewComment) =>
  `PRRT_${Buffer.from(`${repo.fullName}:${pull}:${first.id}`).toString('base64url')}`;

export async function answerGraphql(state: FakeGitHubState, body: unknown, origin = ''): Promise<{ status: number; body: unknown }> {
  const request = body as { query?: unknown; variables?: unknown } | undefined;
  if (!request || typeof request.query !== 'string') {
    return { status: 400, body: { message: 'Problems parsing JSON', documentation_url: 'https://docs.github.com/graphql' } };
  }
  const actor = (login: string, type: 'User' | 'Bot') => ({ __typename: type, login: type === 'Bot' ? login.replace(/\[bot\]$/, '') : login });
  const threadOf = (repo: FakeRepo, pull: { number: number; reviewComments: FakeReviewComment[]; head: { sha: string } }, first: FakeReviewComment) => {
    const comments = [first, ...pull.reviewComments.filter((c) => c.in_reply_to_id === first.id)];
    return {
      id: threadId(repo, pull.number, first),
      isResolved: first.thread_resolved_by !== undefined,
      isOutdated: first.line === null,
      path: first.path,
      line: first.line,
      resolvedBy: first.thread_resolved_by ? actor(first.thread_resolved_by, 'User') : null,
      viewerCanResolve: first.thread_resolved_by === undefined,
      viewerCanUnresolve: first.thread_resolved_by !== undefined,
      comments: (args: { first?: number; last?: number; after?: string }) =>
        page(
          'comments',
          comments.map((c) => ({
            id: `PRRC_${Buffer.from(String(c.id)).toString('base64url')}`,
            databaseId: c.id,
            body: c.body,
            author: actor(c.user.login, c.user.type),
            url: `${origin}/${repo.fullName}/pull/${pull.number}#discussion_r${c.id}`
          })),
          args
        )
    };
  };
  /** The thread a node id names, for the mutations; GitHub's NOT_FOUND error otherwise. */
  const findThread = (id: string) => {
    for (const repo of state.repos.values())
      for (const pull of repo.pulls.values()) {
        const first = pull.reviewComments.find((c) => c.in_reply_to_id === undefined && threadId(repo, pull.number, c) === id);
        if (first) return { repo, pull, first };
      }
    throw new GraphQLError(`Could not resolve to a node with the global id of '${id}'`, { extensions: { type: 'NOT_FOUND' } });
  };
  const setResolved =
    (resolved: boolean) =>
    ({ input }: { input: { threadId: string; clientMutationId?: string } }) => {
      const { repo, pull, first } = findThread(input.threadId);
      if (resolved) first.thread_resolved_by = state.actor.login;
      else delete first.thread_resolved_by;
      return { clientMutationId: input.clientMutationId ?? null, thread: threadOf(repo, pull, first) };
    };
  const root = {
    viewer: { login: state.actor.login },
    resolveReviewThread: setResolved(true),
    unresolveReviewThread: setResolved(false),
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = state.repo(owner, name);
      if (!repo) return null;
      return {
        nameWithOwner: repo.fullName,
        pullRequest: ({ number }: { number: number }) => {
          const pull = repo.pulls.get(number);
          if (!pull) return null;
          return {
            number,
            reviewThreads: (args: { first?: number; last?: number; after?: string }) =>
              page(
                'reviewThreads',
                pull.reviewComments.filter((c) => c.in_reply_to_id === undefined).map((c) => threadOf(repo, pull, c)),
                args
              )
          };
        },
        object: ({ expression }: { expression?: string }): GitObjectValue | null => {
          if (!expression) return null;
          const colon = expression.indexOf(':');
          const ref = colon < 0 ? expression : expression.slice(0, colon);
          const path = colon < 0 ? '' : expression.slice(colon + 1);
          const files = repo.contents.get(ref) ?? repo.contents.get(repo.resolveRef(ref) ?? '');
          if (!files) return null;
          const bytes = files.get(path);
          if (bytes) {
            const isBinary = bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0);
            return {
              __typename: 'Blob',
              oid: oidOf(bytes),
              byteSize: bytes.length,
              isBinary,
              isTruncated: false,
              text: isBinary ? null : bytes.toString('utf8')
            };
          }
          return [...files.keys()].some((k) => k.startsWith(`${path}/`)) ? { __typename: 'Tree', oid: oidOf(Buffer.from(path)) } : null;
        }
      };
    }
  };
  const result = await graphql({
    schema: SCHEMA,
    source: request.query,
    rootValue: root,
    variableValues: (request.variables ?? {}) as Record<string, unknown>,
    typeResolver: (value: { __typename: string }) => value.__typename
  });
  return { status: 200, body: result };
}

function oidOf(bytes: Buffer): string {
  let hash = 0;
  for (const b of bytes) hash = (hash * 31 + b) >>> 0;
  return hash.toString(16).padStart(40, '0');
}
