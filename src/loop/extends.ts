/**
 * Shared loops: a loop file (a loop inline in loopkit.yaml, or loopkit.yaml itself) that says
 *
 *     extends:
 *       from: npm:@acme/loops/review.yaml        # or github:owner/repo/path/to/loop.yaml@ref
 *       sha256: <hex digest of that file's bytes>
 *
 * starts from the shared file and overrides what it writes itself. The merge rules (mergeShared):
 * a mapping merges key by key, deeply; a list replaces the shared list whole; a scalar replaces the
 * shared scalar; `null` is a value like any other (it replaces). The shared file may extend another,
 * at most MAX_EXTENDS_DEPTH files deep, never one already in the chain.
 *
 * The digest is required and checked against the bytes read before the file is parsed: a shared
 * file that changed is refused, and the loop never runs. The files come in through narrow readers
 * (npm: an installed package, through the LoopFileSource the loader reads skills from; github: a
 * repository at a ref, through the API), so this module does no I/O of its own.
 *
 * What the merge gives is an ordinary loop value: the loader validates it with the same schema and
 * maps it through the same dialect as a plain loop. Its positions are layered: a key points at the
 * file that wrote it (Position.file), so every problem names the shared file's line when the shared
 * file holds it.
 */
import { createHash } from 'node:crypto';
import { formatKeyPath, type Diagnostic, type KeyPath } from './diagnostic.js';
import type { LoopFileSource } from './load.js';
import { Extends } from './schema.js';
import { npmPath } from './skill.js';
import { decodeUtf8, parseYaml, type ParsedYaml, type Position } from './yaml-document.js';

/** How many shared files one file may stand on: enough for org → team → repository, and a bound on what a run reads. */
export const MAX_EXTENDS_DEPTH = 5;

/** Files of a GitHub repository at a ref, through the API (src/github/loop-source.ts). */
export interface SharedRepositories {
  /** The file's bytes; null when the repository, the ref or the file does not exist (or the token cannot see it). */
  read(repository: { owner: string; repo: string }, path: string, ref: string): Promise<Uint8Array | null>;
}

export interface SharedLoopReaders {
  /** Where `npm:` files are read (node_modules): the same source as `npm:` skills. */
  packages: LoopFileSource;
  /** Where `github:` files are read; absent when no GitHub token is at hand. */
  github?: SharedRepositories;
}

/** One file of a resolved chain, the file itself first. */
export interface ChainLink {
  /** The loop file, or the `from` of a shared one as written. */
  source: string;
  /** A shared file's digest: the SHA-256 of the bytes read, which matched the pin (absent for the file itself). */
  sha256?: string;
}

export interface ResolvedYaml {
  /** The merged value (no `extends`), with layered positions; the file itself when it extends nothing. */
  yaml: ParsedYaml;
  /** The file, then each shared file it stands on. */
  chain: ChainLink[];
}

type SharedRef = { kind: 'npm'; path: string } | { kind: 'github'; owner: string; repo: string; path: string; ref: string };

const GITHUB_REF = /^github:([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)\/([^@]+)@([^@\s]+)$/;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The shared value with `override` written over it: mappings merge key by key (deeply), anything
 * else `override` writes (a list, a scalar, null) replaces what the shared value has there.
 */
export function mergeShared(shared: unknown, override: unknown): unknown {
  if (!isMapping(shared) || !isMapping(override)) return override;
  const out: Record<string, unknown> = { ...shared };
  for (const [key, value] of Object.entries(override)) out[key] = key in shared ? mergeShared(shared[key], value) : value;
  return out;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** What `from` names, or why it names nothing. */
export function parseSharedRef(from: string): SharedRef | { problem: string; fix: string } {
  const fix = 'write npm:<package>/<path>.yaml (e.g. npm:@acme/loops/review.yaml) or github:<owner>/<repo>/<path>.yaml@<ref>';
  if (from.startsWith('npm:')) {
    const path = npmPath(from.slice('npm:'.length));
    if (path === 'no package') return { problem: `"${from}" does not name an npm package`, fix };
    if (path === 'leaves') return { problem: `"${from}" leaves its package`, fix };
    if (!/\.ya?ml$/i.test(path)) return { problem: `"${from}" names no YAML file in the package`, fix };
    return { kind: 'npm', path };
  }
  if (from.startsWith('github:')) {
    const m = GITHUB_REF.exec(from);
    if (!m) return { problem: `"${from}" is not github:<owner>/<repo>/<path>@<ref>`, fix };
    const path = m[3]!;
    if (path.split('/').some((p) => p === '..' || p === '.' || p === '') || !/\.ya?ml$/i.test(path))
      return { problem: `"${from}" names no YAML file in the repository`, fix };
    return { kind: 'github', owner: m[1]!, repo: m[2]!, path, ref: m[4]! };
  }
  return { problem: `extends.from "${from}" names no shared file`, fix };
}

/** The bytes a shared file holds now, or why they cannot be read (for `loopkit pin` and the resolution alike). */
export async function readShared(from: string, readers: SharedLoopReaders): Promise<{ bytes: Uint8Array; file: string } | { problem: string; fix: string }> {
  const ref = parseSharedRef(from);
  if ('problem' in ref) return ref;
  if (ref.kind === 'npm') {
    const bytes = await readers.packages.read(ref.path);
    if (bytes) return { bytes, file: ref.path };
    return {
      problem: `the shared loop "${from}" is not installed (looked for ${ref.path})`,
      fix: 'install the package before LoopKit runs (a step `npm ci` with it in devDependencies, or `npm install --no-save <package>@<version>`); a pull request from a fork reads the loops from the base commit, where node_modules must hold it'
    };
  }
  if (!readers.github)
    return {
      problem: `the shared loop "${from}" is read through the GitHub API, and no GitHub token is set`,
      fix: 'set GITHUB_TOKEN (the action passes its github-token)'
    };
  const bytes = await readers.github.read({ owner: ref.owner, repo: ref.repo }, ref.path, ref.ref);
  if (bytes) return { bytes, file: from };
  return {
    problem: `the shared loop "${from}" was not found: no ${ref.path} at ${ref.ref} in ${ref.owner}/${ref.repo}`,
    fix: "check the path and the ref; a private repository needs a token that can read it (the action's github-token can read only its own repository)"
  };
}

/**
 * The file with every shared file it extends merged under it, each pinned digest checked before
 * the shared file is parsed; undefined when anything in the chain is wrong (each problem in
 * `diagnostics`, at the file and line of the `extends` that names it).
 */
export async function resolveExtends(yaml: ParsedYaml, readers: SharedLoopReaders, diagnostics: Diagnostic[]): Promise<ResolvedYaml | undefined> {
  return resolveFrom(yaml, readers, diagnostics, [yaml.file]);
}

/** A loopkit.yaml whose inline loops' `extends` are resolved, and the chain of each loop that extends (by its key in `loops`). */
export interface ResolvedInline {
  yaml: ParsedYaml;
  chains: Map<string | number, ChainLink[]>;
}

/**
 * loopkit.yaml with each inline loop under `loops:` that says `extends` resolved exactly as a loop
 * file is (the same chain, digest check and merge, on the loop's own part of the file), so the
 * project schema validates merged loops. A problem names loopkit.yaml and the line in the inline
 * loop. A loop whose chain is wrong is left out of `loops` (its problems in `diagnostics`): the
 * settings and the other loops still load, as a broken loop file stops only itself.
 */
export async function resolveInlineExtends(config: ParsedYaml, readers: SharedLoopReaders, diagnostics: Diagnostic[]): Promise<ResolvedInline> {
  const chains = new Map<string | number, ChainLink[]>();
  const written = isMapping(config.value) ? config.value.loops : undefined;
  const asList = Array.isArray(written);
  const entries: [string | number, unknown][] = asList ? written.map((loop, i) => [i, loop]) : isMapping(written) ? Object.entries(written) : [];
  if (!entries.some(([, loop]) => isMapping(loop) && 'extends' in loop)) return { yaml: config, chains };

  // Each loop kept, under the key it has in the value the schema reads (a list closes up over a loop left out).
  const kept = new Map<string | number, ParsedYaml>();
  for (const [key, loop] of entries) {
    const at = asList ? kept.size : key;
    const part = partOf(config, ['loops', key]);
    if (!isMapping(loop) || !('extends' in loop)) {
      kept.set(at, part);
      continue;
    }
    // In `loops: { name: loop }` the key names the loop unless it writes `name`: the shared loop's name does not replace it.
    const own = asList || 'name' in loop ? part : named(part, String(key), config.locateExact(['loops', key]));
    const resolved = await resolveExtends(own, readers, diagnostics);
    if (!resolved) continue;
    kept.set(at, resolved.yaml);
    chains.set(at, resolved.chain);
  }
  const loops = asList ? [...kept.values()].map((l) => l.value) : Object.fromEntries([...kept].map(([key, l]) => [key, l.value]));
  const loopAt = (path: KeyPath): ParsedYaml | undefined => (path[0] === 'loops' && path.length > 1 ? kept.get(path[1]!) : undefined);
  return {
    yaml: {
      ...config,
      value: { ...(config.value as Record<string, unknown>), loops },
      locate: (path) => loopAt(path)?.locate(path.slice(2)) ?? config.locate(path),
      locateExact: (path) => {
        const loop = loopAt(path);
        return loop ? loop.locateExact(path.slice(2)) : config.locateExact(path);
      },
      locateKey: (parent, key) => loopAt(parent)?.locateKey(parent.slice(2), key) ?? config.locateKey(parent, key)
    },
    chains
  };
}

/** The part of `yaml` at `prefix`, as a document of its own: its positions are those of `yaml`. */
function partOf(yaml: ParsedYaml, prefix: KeyPath): ParsedYaml {
  let value: unknown = yaml.value;
  for (const part of prefix) value = (value as Record<string | number, unknown>)[part];
  return {
    ...yaml,
    value,
    locate: (path) => yaml.locate([...prefix, ...path]),
    locateExact: (path) => yaml.locateExact([...prefix, ...path]),
    locateKey: (parent, key) => yaml.locateKey([...prefix, ...parent], key),
    diagnostics: []
  };
}

/** `part` writing `name: <key>`, at the key's position. */
function named(part: ParsedYaml, name: string, at: Position | undefined): ParsedYaml {
  return {
    ...part,
    value: { name, ...(part.value as Record<string, unknown>) },
    locateExact: (path) => (path.length === 1 && path[0] === 'name' ? at : part.locateExact(path))
  };
}

async function resolveFrom(yaml: ParsedYaml, readers: SharedLoopReaders, diagnostics: Diagnostic[], chain: string[]): Promise<ResolvedYaml | undefined> {
  const value = yaml.value;
  if (!isMapping(value) || !('extends' in value)) return { yaml, chain: [{ source: chain.at(-1)! }] };
  const problem = (path: KeyPath, message: string, fix: string): Diagnostic => ({
    severity: 'error',
    file: yaml.file,
    ...yaml.locate(path),
    path: formatKeyPath(path),
    message,
    fix
  });
  const written = value.extends;
  if (isMapping(written) && typeof written.from === 'string' && written.sha256 === undefined) {
    diagnostics.push(
      problem(
        ['extends'],
        `extends "${written.from}" has no sha256: a shared loop runs only pinned by the digest of its bytes`,
        'run `loopkit pin` to write the digest of the file as it is now, after reading it'
      )
    );
    return undefined;
  }
  const parsed = Extends.safeParse(written);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = ['extends', ...(issue.path as (string | number)[])];
      const fix =
        issue.path[0] === 'sha256'
          ? 'run `loopkit pin` to write the digest'
          : 'write `extends:` with `from: npm:<package>/<path>.yaml` (or github:<owner>/<repo>/<path>.yaml@<ref>) and `sha256:`';
      diagnostics.push(problem(path, issue.message, fix));
    }
    return undefined;
  }
  const { from, sha256: expected } = parsed.data;
  if (chain.includes(from)) {
    diagnostics.push(
      problem(['extends', 'from'], `extends makes a cycle: ${[...chain, from].join(' → ')}`, 'make one of these files stop extending the other')
    );
    return undefined;
  }
  if (chain.length > MAX_EXTENDS_DEPTH) {
    diagnostics.push(
      problem(
        ['extends', 'from'],
        `extends is followed at most ${MAX_EXTENDS_DEPTH} files deep: ${[...chain, from].join(' → ')}`,
        'merge some of the shared files into one'
      )
    );
    return undefined;
  }
  let read: Awaited<ReturnType<typeof readShared>>;
  try {
    read = await readShared(from, readers);
  } catch (error) {
    read = { problem: `the shared loop "${from}" could not be read: ${(error as Error).message}`, fix: 'check that the file can be read, then run again' };
  }
  if ('problem' in read) {
    diagnostics.push(problem(['extends', 'from'], read.problem, read.fix));
    return undefined;
  }
  const actual = sha256Hex(read.bytes);
  if (actual !== expected) {
    diagnostics.push(
      problem(
        ['extends', 'sha256'],
        `the shared loop "${from}" does not match its pin: expected sha256 ${expected}, the file has ${actual}`,
        'read what changed in the shared file; if you trust it, run `loopkit pin` to pin the new digest, else install the version pinned'
      )
    );
    return undefined;
  }
  const decoded = decodeUtf8(read.file, read.bytes);
  if (decoded.diagnostic) {
    diagnostics.push(decoded.diagnostic);
    return undefined;
  }
  const shared = parseYaml(read.file, decoded.text!);
  diagnostics.push(...shared.diagnostics);
  if (shared.value === undefined) return undefined;
  if (!isMapping(shared.value)) {
    diagnostics.push(problem(['extends', 'from'], `the shared loop "${from}" is not a mapping of keys (${read.file})`, 'extend a loop file or a loopkit.yaml'));
    return undefined;
  }
  const base = await resolveFrom(shared, readers, diagnostics, [...chain, from]);
  if (!base) return undefined;
  const { extends: _extends, ...own } = value;
  const [, ...further] = base.chain;
  return {
    yaml: layered(yaml, base.yaml, mergeShared(base.yaml.value, own)),
    chain: [{ source: chain.at(-1)! }, { source: from, sha256: actual }, ...further]
  };
}

/**
 * `top` written over `base`: a path's position is in `top` when it writes the path, else in `base`
 * when `top` leaves it to the base (no list or scalar of `top` on the way replaces it), with the
 * file named on the position.
 */
function layered(top: ParsedYaml, base: ParsedYaml, value: unknown): ParsedYaml {
  const inFile = (yaml: ParsedYaml, at: Position | undefined): Position | undefined => (at ? { ...at, file: at.file ?? yaml.file } : undefined);
  const baseShows = (path: KeyPath): boolean => {
    let current: unknown = top.value;
    for (const part of path.slice(0, -1)) {
      if (current === undefined) return true;
      // A list or a scalar `top` writes on the way replaced the base's, and everything under it.
      if (!isMapping(current)) return false;
      current = current[String(part)];
    }
    return current === undefined || isMapping(current);
  };
  const locateExact = (path: KeyPath): Position | undefined => {
    const own = top.locateExact(path);
    if (own) return own;
    return baseShows(path) ? inFile(base, base.locateExact(path)) : undefined;
  };
  const locate = (path: KeyPath): Position => {
    for (let depth = path.length; depth > 0; depth--) {
      const at = locateExact(path.slice(0, depth));
      if (at) return at;
    }
    return top.locate([]);
  };
  return {
    file: top.file,
    text: top.text,
    value,
    locate,
    locateExact,
    locateKey: (parent, key) => locateExact([...parent, key]) ?? locate(parent),
    diagnostics: []
  };
}
