/**
 * `loopkit pin`: writes into every `extends.sha256` of loopkit.yaml (its own, and each inline loop's
 * under `loops:`) and the loop files the digest of the shared file as it is now, so the loops run
 * on exactly what was read. Only the digest changes: the files are edited through the yaml library's Document API, comments and layout kept.
 * The shared files' own `extends` are their authors' to pin.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { readShared, sha256Hex } from '../loop/extends.js';
import { FileSystemLoopSource, formatKeyPath, type KeyPath, type LoopFileSource } from '../loop/index.js';
import type { Output } from './output.js';
import { sharedReaders } from './shared.js';

export async function pin(root: string, config: string, env: NodeJS.ProcessEnv, io: Output): Promise<number> {
  const source = new FileSystemLoopSource(root);
  const readers = sharedReaders(source, env);
  const configText = await readText(source, config);
  const configDoc = configText === undefined ? undefined : parseDocument(configText);
  const loopsDir = configDoc?.getIn(['settings', 'loopsDir']);
  const dir = typeof loopsDir === 'string' ? loopsDir : 'loops';
  const loopFiles = (await source.list(dir))
    .filter((n) => /\.ya?ml$/i.test(n))
    .sort()
    .map((n) => `${dir}/${n}`);
  let failed = 0;
  let extending = 0;
  for (const file of [...(configText === undefined ? [] : [config]), ...loopFiles]) {
    const text = file === config ? configText! : await readText(source, file);
    if (text === undefined) continue;
    const doc = parseDocument(text);
    if (doc.errors.length > 0 || !isMap(doc.contents)) continue;
    let changed = false;
    for (const at of extendsIn(doc, file === config)) {
      const from = doc.getIn([...at, 'extends', 'from']);
      if (typeof from !== 'string') continue;
      extending++;
      const where = at.length === 0 ? file : `${file} ${formatKeyPath(at)}`;
      const read = await readShared(from, readers);
      if ('problem' in read) {
        io.err(io.red(`${where}: ${read.problem}`));
        io.err(`    fix: ${read.fix}`);
        failed++;
        continue;
      }
      const digest = sha256Hex(read.bytes);
      const before = doc.getIn([...at, 'extends', 'sha256']);
      if (before === digest) {
        io.out(`${io.dim('same')}  ${where}: ${from} sha256 ${digest}`);
        continue;
      }
      doc.setIn([...at, 'extends', 'sha256'], digest);
      changed = true;
      io.out(`${io.green('pinned')} ${where}: ${from} sha256 ${digest}${typeof before === 'string' ? io.dim(` (was ${before})`) : ''}`);
    }
    if (changed) await writeFile(join(root, file), doc.toString({ lineWidth: 0 }));
  }
  if (extending === 0) io.out(`Nothing to pin: neither ${config}, the loops inline in it nor ${dir}/*.yaml extend a shared loop.`);
  return failed > 0 ? 1 : 0;
}

/** Where a file may say `extends`: at its top, and in loopkit.yaml in each loop written inline under `loops:` (a list or a map). */
function extendsIn(doc: Document, isConfig: boolean): KeyPath[] {
  const loops = isConfig ? doc.get('loops') : undefined;
  const inline = isSeq(loops)
    ? loops.items.map((_, i) => i)
    : isMap(loops)
      ? loops.items.flatMap((pair) => (isScalar(pair.key) ? [String(pair.key.value)] : []))
      : [];
  return [[], ...inline.map((key) => ['loops', key])];
}

/** Read as the loader reads it: never through a link that leaves the checkout. */
async function readText(source: LoopFileSource, file: string): Promise<string | undefined> {
  const bytes = await source.read(file);
  return bytes ? new TextDecoder().decode(bytes) : undefined;
}
