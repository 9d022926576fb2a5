/**
 * `loopkit pin`: writes into every `extends.sha256` of loopkit.yaml and the loop files the digest
 * of the shared file as it is now, so the loops run on exactly what was read. Only the digest
 * changes: the files are edited through the yaml library's Document API, comments and layout kept.
 * The shared files' own `extends` are their authors' to pin.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMap, parseDocument } from 'yaml';
import { readShared, sha256Hex } from '../loop/extends.js';
import { FileSystemLoopSource, type LoopFileSource } from '../loop/index.js';
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
    const from = doc.getIn(['extends', 'from']);
    if (typeof from !== 'string') continue;
    extending++;
    const read = await readShared(from, readers);
    if ('problem' in read) {
      io.err(io.red(`${file}: ${read.problem}`));
      io.err(`    fix: ${read.fix}`);
      failed++;
      continue;
    }
    const digest = sha256Hex(read.bytes);
    const before = doc.getIn(['extends', 'sha256']);
    if (before === digest) {
      io.out(`${io.dim('same')}  ${file}: ${from} sha256 ${digest}`);
      continue;
    }
    doc.setIn(['extends', 'sha256'], digest);
    await writeFile(join(root, file), doc.toString({ lineWidth: 0 }));
    io.out(`${io.green('pinned')} ${file}: ${from} sha256 ${digest}${typeof before === 'string' ? io.dim(` (was ${before})`) : ''}`);
  }
  if (extending === 0) io.out(`Nothing to pin: neither ${config} nor ${dir}/*.yaml extends a shared loop.`);
  return failed > 0 ? 1 : 0;
}

/** Read as the loader reads it: never through a link that leaves the checkout. */
async function readText(source: LoopFileSource, file: string): Promise<string | undefined> {
  const bytes = await source.read(file);
  return bytes ? new TextDecoder().decode(bytes) : undefined;
}
