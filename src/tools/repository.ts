/**
 * The repository tools: read a file at the head or base commit, list a folder, search the code.
 * Read-only by construction (they only read commits), confined to the repository (paths.ts), each
 * commit read from the checkout's git objects when it has them, else through GitHub.
 */
import { z } from 'zod';
import type { RepositoryConnector } from '../loop/schema.js';
import { isBinary, type CommitView, type RepoNode, type RepositoryReader } from './commit-view.js';
import type { ToolGroup, ToolHandler } from './handler.js';
import { LocalCommit } from './local-commit.js';
import { repositoryPath, symlinkTarget } from './paths.js';
import { ReaderCommit } from './reader-commit.js';
import { ToolRefusal } from './result.js';

const REPOSITORY_DEFAULTS = { maxCalls: 60, maxCallsPerAgent: 12 } as const;
/** Search results at most; past them the model is told to narrow the search. */
const MAX_MATCHES = 50;
const MAX_PATTERN_CHARS = 200;

export interface RepositoryAccess {
  /** The pull request's (or event's) commits the model can ask for. */
  head: string;
  base?: string;
  /** The checkout's root (GITHUB_WORKSPACE), when there is one; its git objects are read when they hold the commit. */
  checkout?: string;
  reader: RepositoryReader;
}

type Ref = 'head' | 'base';

const Ref = z.enum(['head', 'base']);
const ReadFileInput = z.strictObject({
  path: z.string(),
  ref: Ref,
  startLine: z.number().int().min(1).nullable(),
  endLine: z.number().int().min(1).nullable()
});
const ListDirInput = z.strictObject({ path: z.string(), ref: Ref });
const SearchInput = z.strictObject({ query: z.string().min(1), regex: z.boolean(), path: z.string().nullable(), ref: Ref });

// Written out rather than generated: strict tools on both APIs need every property required (optional ones nullable, as anyOf with null, which both take) and no extra keys.
const REF_SCHEMA = { type: 'string', enum: ['head', 'base'], description: "head: the pull request's new code; base: the code it changes." };
const SCHEMAS = {
  read_file: {
    type: 'object',
    properties: {
      path: { type: 'string', description: 'From the repository root, e.g. "src/index.ts".' },
      ref: REF_SCHEMA,
      startLine: { anyOf: [{ type: 'integer' }, { type: 'null' }], description: 'First line to read (1-based); null from the start.' },
      endLine: { anyOf: [{ type: 'integer' }, { type: 'null' }], description: 'Last line to read; null to the end.' }
    },
    required: ['path', 'ref', 'startLine', 'endLine'],
    additionalProperties: false
  },
  list_dir: {
    type: 'object',
    properties: { path: { type: 'string', description: 'A folder from the repository root; "" for the root.' }, ref: REF_SCHEMA },
    required: ['path', 'ref'],
    additionalProperties: false
  },
  search_code: {
    type: 'object',
    properties: {
      query: { type: 'string', description: 'Text to find on a line.' },
      regex: { type: 'boolean', description: 'Read `query` as a regular expression (no backreferences or nested quantifiers); false: a fixed string.' },
      path: { anyOf: [{ type: 'string' }, { type: 'null' }], description: 'Search only under this folder or in this file; null: everywhere.' },
      ref: REF_SCHEMA
    },
    required: ['query', 'regex', 'path', 'ref'],
    additionalProperties: false
  }
} as const;

const DESCRIPTIONS = {
  read_file: "Read a file of the repository at the pull request's head or base commit, whole or a line range; lines come numbered.",
  list_dir: 'List a folder of the repository at the head or base commit: files, folders (ending in "/") and symbolic links.',
  search_code: `Find lines in the repository's files at the head or base commit: a fixed string or a regular expression, optionally under one folder; at most ${MAX_MATCHES} matches as path:line: text.`
} as const;

export function repositoryTools(connector: RepositoryConnector, access: RepositoryAccess): ToolGroup {
  const views = new Map<Ref, Promise<CommitView>>();
  const viewOf = (ref: Ref): Promise<CommitView> => {
    const sha = ref === 'head' ? access.head : access.base;
    if (!sha) throw new ToolRefusal('this run has no base commit: use ref "head"');
    let view = views.get(ref);
    if (!view) {
      view = (async () => (access.checkout && (await LocalCommit.open(access.checkout, sha))) || new ReaderCommit(access.reader, sha))();
      views.set(ref, view);
    }
    return view;
  };

  const run = {
    read_file: async (input: unknown, signal: AbortSignal) => {
      const args = parse(ReadFileInput, input);
      const { path, node } = await follow(await viewOf(args.ref), repositoryPath(args.path), signal);
      if (node.kind === 'dir') throw new ToolRefusal(`"${path}" is a folder: use list_dir`);
      if (node.kind === 'submodule') throw new ToolRefusal(`"${path}" is a submodule: its files are in another repository`);
      if (node.kind === 'large-file') throw new ToolRefusal(`"${path}" is ${node.size} bytes, too large to read here`);
      if (isBinary(node.bytes)) return { text: `"${path}" is a binary file of ${node.bytes.length} bytes.` };
      const lines = Buffer.from(node.bytes).toString('utf8').split('\n');
      if (lines.at(-1) === '') lines.pop();
      const first = args.startLine ?? 1;
      const last = Math.min(args.endLine ?? lines.length, lines.length);
      if (first > Math.max(lines.length, 1)) throw new ToolRefusal(`"${path}" has ${lines.length} lines; startLine ${first} is past its end`);
      if (last < first) throw new ToolRefusal(`endLine ${last} is before startLine ${first}`);
      const numbered = lines.slice(first - 1, last).map((line, i) => `${first + i}\t${line}`);
      return { text: [`${path} at ${args.ref}, lines ${first}-${last} of ${lines.length}:`, ...numbered].join('\n') };
    },
    list_dir: async (input: unknown, signal: AbortSignal) => {
      const args = parse(ListDirInput, input);
      const { path, node } = await follow(await viewOf(args.ref), repositoryPath(args.path), signal);
      if (node.kind !== 'dir') throw new ToolRefusal(`"${path}" is not a folder: use read_file`);
      const shown = node.entries
        .map((e) =>
          e.kind === 'dir' ? `${e.name}/` : e.kind === 'symlink' ? `${e.name} (symbolic link)` : e.kind === 'submodule' ? `${e.name} (submodule)` : e.name
        )
        .sort((a, b) => Number(!a.endsWith('/')) - Number(!b.endsWith('/')) || a.localeCompare(b));
      return { text: [`${path || '(repository root)'} at ${args.ref}: ${shown.length} entries`, ...shown].join('\n') };
    },
    search_code: async (input: unknown, signal: AbortSignal) => {
      const args = parse(SearchInput, input);
      if (args.regex) boundedPattern(args.query);
      const outcome = await (
        await viewOf(args.ref)
      ).search({ query: args.query, regex: args.regex, path: repositoryPath(args.path ?? '') }, MAX_MATCHES, signal);
      const lines = outcome.matches.map((m) => `${m.path}:${m.line}: ${m.text}`);
      const head =
        outcome.matches.length === 0
          ? `no match for ${JSON.stringify(args.query)} at ${args.ref}`
          : `${outcome.matches.length} match${outcome.matches.length === 1 ? '' : 'es'} at ${args.ref}:`;
      return { text: [head, ...lines, ...(outcome.stoppedShort ? [`(stopped: ${outcome.stoppedShort})`] : [])].join('\n') };
    }
  };

  const names = connector.tools ?? (Object.keys(run) as (keyof typeof run)[]);
  return {
    source: 'repository',
    handlers: names.map((name): ToolHandler => ({
      spec: { name, description: DESCRIPTIONS[name], inputSchema: SCHEMAS[name], source: 'repository' },
      run: run[name]
    })),
    maxCalls: connector.maxCalls ?? REPOSITORY_DEFAULTS.maxCalls,
    maxCallsPerAgent: connector.maxCallsPerAgent ?? REPOSITORY_DEFAULTS.maxCallsPerAgent,
    maxResultBytes: connector.maxResultBytes,
    timeoutMs: connector.timeoutSeconds * 1000,
    ...(connector.agents ? { agents: connector.agents } : {})
  };
}

/** The node at `path`, through at most a few symbolic links, each of which must stay in the repository. */
async function follow(view: CommitView, path: string, signal: AbortSignal): Promise<{ path: string; node: Exclude<RepoNode, { kind: 'symlink' }> }> {
  let current = path;
  for (let hops = 0; hops < 5; hops++) {
    const node = await view.read(current, signal);
    if (!node) throw new ToolRefusal(`"${current}" does not exist at this commit`);
    if (node.kind !== 'symlink') return { path: current, node };
    current = symlinkTarget(current, node.target);
  }
  throw new ToolRefusal(`"${path}" is a chain of symbolic links too long to follow`);
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ToolRefusal(`bad arguments: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`);
}

/**
 * The first line of defence against a regular expression that runs away: short, no backreferences, no quantified
 * group that is itself quantified. What passes can still backtrack (`^(a|aa)*$`): through the API it runs in a worker
 * the call's timeout ends (regex-lines.ts); on the checkout git grep runs it in its own process, killed the same way.
 */
function boundedPattern(pattern: string): void {
  if (pattern.length > MAX_PATTERN_CHARS) throw new ToolRefusal(`the regular expression is over ${MAX_PATTERN_CHARS} characters`);
  if (/\\[1-9]|\\k</.test(pattern)) throw new ToolRefusal('backreferences are not supported: search a fixed string or a simpler expression');
  if (/[+*}]\)[+*{]/.test(pattern))
    throw new ToolRefusal('a quantified group that is itself quantified (such as (a+)+) can run for ever: simplify the expression');
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    throw new ToolRefusal(`the regular expression does not parse: ${(error as Error).message}`);
  }
}
