/** `loopkit status`: what local runs stored (the filesystem store), one line per loop and subject. */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_STATE_DIR, FileSystemStore } from '../state/index.js';
import type { Output } from './output.js';

export async function status(root: string, io: Output): Promise<number> {
  const dir = join(root, DEFAULT_STATE_DIR);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch {
    names = [];
  }
  if (names.length === 0) {
    io.out(`No state stored in ${DEFAULT_STATE_DIR} yet: \`loopkit run <loop>\` (without --dry-run) records each run there.`);
    return 0;
  }
  const store = new FileSystemStore(dir);
  for (const name of names) {
    const { doc, warning } = await store.load(name.slice(0, -'.json'.length));
    if (!doc) {
      io.err(io.yellow(warning ?? `${name}: unreadable`));
      continue;
    }
    const open = doc.posted.filter((p) => p.status === 'open').length;
    io.out(
      `${io.bold(doc.loop)} ${doc.subject.kind}${doc.subject.number ? ` #${doc.subject.number}` : ''}: last reviewed ${doc.lastReviewedHead?.slice(0, 12) ?? 'never'}${doc.reviewedAt ? ` at ${doc.reviewedAt}` : ''}; ${doc.posted.length} finding(s) recorded (${open} open), ${doc.ignored.length} ignored; ${doc.spend.runs} run(s), ${doc.spend.tokens.toLocaleString('en-US')} tokens, $${doc.spend.costUsd.toFixed(4)}`
    );
  }
  return 0;
}
