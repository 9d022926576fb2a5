/**
 * Pull request fixtures for the benchmark, generated in code and deterministic (a seeded PRNG):
 * the same fixture on every machine and every run. Each file's patch is a real unified diff of its
 * head text (context lines, old and new numbers that agree), so the action, the anchoring and the
 * fake GitHub's line checks see what they would see on GitHub.
 */

export interface FixtureFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed';
  /** Absent for binaries, pure renames and deletions too large to show, as GitHub lists them. */
  patch?: string;
  previous_filename?: string;
  additions: number;
  deletions: number;
  /** The file at the head commit (absent for removed files); Buffer for binaries. */
  head?: string | Buffer;
}

export interface Fixture {
  name: string;
  description: string;
  title: string;
  body: string;
  files: FixtureFile[];
}

/** mulberry32: small, fast and the same everywhere. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'user',
  'order',
  'invoice',
  'session',
  'token',
  'cart',
  'price',
  'item',
  'account',
  'audit',
  'payload',
  'cursor',
  'limit',
  'retry',
  'config',
  'cache',
  'queue',
  'report',
  'tenant',
  'record'
];
const CALLS = ['fetch', 'load', 'save', 'parse', 'format', 'validate', 'compute', 'merge', 'resolve', 'encode'];

class Code {
  constructor(private readonly random: () => number) {}
  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)]!;
  }
  private ident(): string {
    const w = this.pick(WORDS);
    return `${w}${this.pick(['', 'Id', 'List', 'Count', 'Map', 'Ref'])}`;
  }
  /** One line of plausible TypeScript, about 10 tokens. */
  line(indent = 2): string {
    const pad = ' '.repeat(indent);
    switch (Math.floor(this.random() * 7)) {
      case 0:
        return `${pad}const ${this.ident()} = await ${this.pick(CALLS)}${cap(this.pick(WORDS))}(${this.ident()}, ${Math.floor(this.random() * 100)});`;
      case 1:
        return `${pad}if (!${this.ident()}) throw new Error('${this.pick(WORDS)} ${this.pick(['missing', 'invalid', 'expired', 'locked'])}');`;
      case 2:
        return `${pad}${this.ident()}.${this.pick(['push', 'set', 'delete', 'add'])}(${this.ident()});`;
      case 3:
        return `${pad}for (const ${this.pick(WORDS)} of ${this.ident()}) total += ${this.pick(WORDS)}.${this.pick(['amount', 'size', 'weight'])};`;
      case 4:
        return `${pad}log.${this.pick(['info', 'debug', 'warn'])}(\`${this.pick(WORDS)} \${${this.ident()}} ${this.pick(CALLS)}ed\`);`;
      case 5:
        return `${pad}return ${this.pick(CALLS)}${cap(this.pick(WORDS))}({ ${this.ident()}, ${this.ident()} });`;
      default:
        return `${pad}let ${this.ident()} = ${this.ident()} ?? ${Math.floor(this.random() * 1000)};`;
    }
  }
  /** A file of `count` lines: functions of 6–14 lines each. */
  file(count: number, name: string): string[] {
    const lines = [`// ${name}`, `import { log } from '../log';`, ''];
    let fn = 0;
    while (lines.length < count) {
      lines.push(`export async function ${this.pick(CALLS)}${cap(this.pick(WORDS))}${fn++}(input: Input): Promise<Output> {`, '  let total = 0;');
      const body = 4 + Math.floor(this.random() * 9);
      for (let i = 0; i < body && lines.length < count - 1; i++) lines.push(this.line());
      lines.push('}', '');
    }
    return lines.slice(0, count);
  }
}

function cap(word: string): string {
  return word[0]!.toUpperCase() + word.slice(1);
}

interface Change {
  /** 0-based index in the new file of the first added line. */
  at: number;
  added: number;
  /** Old lines removed at the same place. */
  removed: string[];
}

/**
 * A modified file: head text, and a patch with 3 lines of context whose numbers agree with it.
 * `changes` must be in order and at least 7 lines apart so that hunks do not merge.
 */
function modified(head: string[], changes: Change[]): { patch: string; additions: number; deletions: number } {
  const hunks: string[] = [];
  let delta = 0; // new line number − old line number before the current hunk
  let additions = 0;
  let deletions = 0;
  for (const c of changes) {
    const from = Math.max(0, c.at - 3);
    const to = Math.min(head.length, c.at + c.added + 3);
    const before = head.slice(from, c.at);
    const after = head.slice(c.at + c.added, to);
    const newStart = from + 1;
    const newCount = to - from;
    const oldCount = before.length + c.removed.length + after.length;
    const oldStart = newStart - delta;
    const body = [
      ...before.map((l) => ` ${l}`),
      ...c.removed.map((l) => `-${l}`),
      ...head.slice(c.at, c.at + c.added).map((l) => `+${l}`),
      ...after.map((l) => ` ${l}`)
    ];
    hunks.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@\n${body.join('\n')}`);
    delta += c.added - c.removed.length;
    additions += c.added;
    deletions += c.removed.length;
  }
  return { patch: hunks.join('\n'), additions, deletions };
}

interface Mix {
  /** Source files changed (added or modified). */
  changed: number;
  /** Changed lines per changed file, as a range. */
  lines: [number, number];
  renamedWithPatch?: number;
  renamedPure?: number;
  removedWithPatch?: number;
  removedLarge?: number;
  binaries?: number;
}

function generate(name: string, seed: number, mix: Mix): FixtureFile[] {
  const random = prng(seed);
  const code = new Code(random);
  const files: FixtureFile[] = [];
  const dirs = ['src/api', 'src/core', 'src/billing', 'src/auth', 'src/jobs', 'src/util', 'lib/store', 'services/orders'];
  const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const path = (i: number, ext = 'ts') => `${dirs[i % dirs.length]}/${name}-${String(i).padStart(4, '0')}-${WORDS[i % WORDS.length]}.${ext}`;

  for (let i = 0; i < mix.changed; i++) {
    const target = between(mix.lines[0], mix.lines[1]);
    const filename = path(i);
    if (i % 5 === 4) {
      // A new file: every line added.
      const head = code.file(Math.max(4, target), filename);
      files.push({
        filename,
        status: 'added',
        patch: `@@ -0,0 +1,${head.length} @@\n${head.map((l) => `+${l}`).join('\n')}`,
        additions: head.length,
        deletions: 0,
        head: `${head.join('\n')}\n`
      });
      continue;
    }
    // A modified file: hunks of 2–12 added lines (a third also remove lines) spread over a longer file.
    const changes: Change[] = [];
    let budget = target;
    let at = between(3, 12);
    while (budget > 0) {
      const removed = random() < 0.35 ? Array.from({ length: between(1, 3) }, () => code.line()) : [];
      const added = Math.max(1, Math.min(budget - removed.length, between(2, 12)));
      changes.push({ at, added, removed });
      budget -= added + removed.length;
      at += added + between(8, 30);
    }
    const head = code.file(at + between(5, 20), filename);
    const diff = modified(head, changes);
    files.push({ filename, status: 'modified', ...diff, head: `${head.join('\n')}\n` });
  }
  let n = mix.changed;
  for (let i = 0; i < (mix.renamedWithPatch ?? 0); i++, n++) {
    const head = code.file(between(40, 80), path(n));
    const diff = modified(head, [{ at: between(5, 20), added: between(2, 6), removed: [code.line()] }]);
    files.push({ filename: path(n), previous_filename: path(n).replace('.ts', '.old.ts'), status: 'renamed', ...diff, head: `${head.join('\n')}\n` });
  }
  for (let i = 0; i < (mix.renamedPure ?? 0); i++, n++) {
    files.push({
      filename: path(n),
      previous_filename: path(n).replace('src/', 'legacy/'),
      status: 'renamed',
      additions: 0,
      deletions: 0,
      head: `${code.file(30, path(n)).join('\n')}\n`
    });
  }
  for (let i = 0; i < (mix.removedWithPatch ?? 0); i++, n++) {
    const old = code.file(between(20, 60), path(n));
    files.push({
      filename: path(n),
      status: 'removed',
      patch: `@@ -1,${old.length} +0,0 @@\n${old.map((l) => `-${l}`).join('\n')}`,
      additions: 0,
      deletions: old.length
    });
  }
  for (let i = 0; i < (mix.removedLarge ?? 0); i++, n++) {
    files.push({ filename: path(n), status: 'removed', additions: 0, deletions: between(3000, 9000) });
  }
  for (let i = 0; i < (mix.binaries ?? 0); i++, n++) {
    const bytes = Buffer.alloc(2048);
    for (let b = 0; b < bytes.length; b++) bytes[b] = Math.floor(random() * 256);
    bytes[0] = 0x89; // PNG magic, and a NUL early on: binary by git's test
    bytes[5] = 0;
    files.push({ filename: `assets/${name}-${n}.png`, status: i % 2 === 0 ? 'added' : 'modified', additions: 0, deletions: 0, head: bytes });
  }
  return files;
}

export function changedLines(files: FixtureFile[]): number {
  return files.reduce((sum, f) => sum + f.additions + f.deletions, 0);
}

export function fixtures(): Fixture[] {
  return [
    {
      name: 'small',
      description: '2 files, a few dozen changed lines',
      title: 'Validate the cart total before checkout',
      body: 'Rejects carts whose total is negative and logs the rejection.',
      files: generate('small', 11, { changed: 2, lines: [15, 30] })
    },
    {
      name: 'medium',
      description: '20 files, hundreds of changed lines',
      title: 'Invoices: retry failed payments and record an audit trail',
      body: 'Adds a retry queue for failed payments, an audit record per attempt, and the settings to tune both.',
      files: generate('medium', 23, { changed: 20, lines: [15, 30] })
    },
    {
      name: 'large',
      description: '130 files, 5,000+ changed lines, renames, deletions and binaries',
      title: 'Move order processing to the new store',
      body: 'Ports every order job to lib/store, renames the legacy modules, deletes the old adapters and updates the assets.',
      files: generate('large', 37, { changed: 110, lines: [40, 60], renamedWithPatch: 6, renamedPure: 4, removedWithPatch: 4, removedLarge: 2, binaries: 4 })
    },
    {
      name: 'huge',
      description: '3,000 files (the most GitHub lists), synthetic',
      title: 'Regenerate every service client',
      body: 'Mechanical change across the monorepo: every client gets the new retry helper.',
      files: generate('huge', 53, { changed: 2990, lines: [3, 8], renamedWithPatch: 4, removedWithPatch: 2, binaries: 4 })
    }
  ];
}
