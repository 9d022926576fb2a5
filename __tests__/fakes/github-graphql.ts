/**
 * The part of GitHub's GraphQL API (POST /graphql) LoopKit uses, served by graphql-js over the
 * fake's own state: a real GraphQL executor, so queries are parsed and validated as GitHub does
 * (unknown fields, missing variables and bad types are errors in `errors`, with HTTP 200) and
 * aliases, fragments and variables behave as they do there. The schema is a faithful subset of
 * GitHub's public schema (https://docs.github.com/graphql/reference): `viewer`, and
 * `repository.object(expression:)` resolving `<ref>:<path>` to a Blob or Tree.
 */
import { buildSchema, graphql } from 'graphql';
import type { FakeGitHubState } from './github-server.js';

const SCHEMA = buildSchema(`
  scalar GitObjectID
  type Query {
    "The currently authenticated user (for an App installation token, the App's bot)."
    viewer: User!
    repository(owner: String!, name: String!, followRenames: Boolean = true): Repository
  }
  type User {
    login: String!
  }
  type Repository {
    nameWithOwner: String!
    object(expression: String, oid: GitObjectID): GitObject
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

export async function answerGraphql(state: FakeGitHubState, body: unknown): Promise<{ status: number; body: unknown }> {
  const request = body as { query?: unknown; variables?: unknown } | undefined;
  if (!request || typeof request.query !== 'string') {
    return { status: 400, body: { message: 'Problems parsing JSON', documentation_url: 'https://docs.github.com/graphql' } };
  }
  const root = {
    viewer: { login: state.actor.login },
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = state.repo(owner, name);
      if (!repo) return null;
      return {
        nameWithOwner: repo.fullName,
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
    typeResolver: (value: GitObjectValue) => value.__typename
  });
  return { status: 200, body: result };
}

function oidOf(bytes: Buffer): string {
  let hash = 0;
  for (const b of bytes) hash = (hash * 31 + b) >>> 0;
  return hash.toString(16).padStart(40, '0');
}
