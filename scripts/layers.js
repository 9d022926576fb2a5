/**
 * The import table of docs/ARCHITECTURE.md ("Rooms and what they may import") as data: which
 * folders of src/ each folder may import. The table is the one place the layers are written;
 * eslint.config.js turns it into import restrictions and __tests__/architecture.test.ts checks
 * every import of src/ and the absence of cycles against it.
 */
import { readFileSync } from 'node:fs';

export const LAYERS_DOC = 'docs/ARCHITECTURE.md';
/** How the table names the files directly in src/ (the action's entries). */
export const ENTRIES = '*.ts';

const HEADING = '## Rooms and what they may import';

/** folder (as under src/, or ENTRIES) → the folders it may import, itself excluded. */
export function readLayers(markdown = readFileSync(new URL(`../${LAYERS_DOC}`, import.meta.url), 'utf8')) {
  const start = markdown.indexOf(HEADING);
  if (start < 0) throw new Error(`${LAYERS_DOC}: no "${HEADING}" section`);
  const rows = markdown
    .slice(start)
    .split('\n')
    .filter((line) => line.startsWith('| `src/'));
  const named = rows.map((row) => {
    const cells = row.split('|').map((cell) => cell.trim());
    const folder = /^`src\/(.+?)\/?`$/.exec(cells[1] ?? '')?.[1];
    if (folder === undefined) throw new Error(`${LAYERS_DOC}: a row's first cell must be a folder like \`src/engine/\`: ${row}`);
    return { folder, rule: cells[cells.length - 2] ?? '' };
  });
  // The entries are run, never imported: "everything" means every folder.
  const folders = named.map((entry) => entry.folder).filter((folder) => folder !== ENTRIES);
  const layers = new Map();
  for (const { folder, rule } of named) layers.set(folder, new Set(allowedBy(folder, rule, folders).filter((other) => other !== folder)));
  return layers;
}

/** The folders a row's last cell names: "—", "everything", "everything but `a/`, `b/`" or "`a/`, `b/`". */
function allowedBy(folder, rule, folders) {
  const listed = [...rule.matchAll(/`([^`]+)\/`/g)].map((match) => match[1]);
  const unknown = listed.find((name) => !folders.includes(name));
  if (unknown !== undefined) throw new Error(`${LAYERS_DOC}: the row of src/${folder} names ${unknown}/, which has no row of its own`);
  if (rule === '—') return [];
  if (rule === 'everything') return folders;
  if (rule.startsWith('everything but')) return folders.filter((other) => !listed.includes(other));
  if (listed.length > 0) return listed;
  throw new Error(`${LAYERS_DOC}: the row of src/${folder} must list folders like \`loop/\`, or say "everything", "everything but …" or "—": ${rule}`);
}

/** A cycle among the folders of `graph` (folder → folders it imports) as [a, b, …, a], or undefined. */
export function findCycle(graph) {
  const done = new Set();
  const path = [];
  const visit = (folder) => {
    const seen = path.indexOf(folder);
    if (seen >= 0) return [...path.slice(seen), folder];
    if (done.has(folder)) return undefined;
    path.push(folder);
    for (const next of graph.get(folder) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    done.add(folder);
    return undefined;
  };
  for (const folder of graph.keys()) {
    const cycle = visit(folder);
    if (cycle) return cycle;
  }
  return undefined;
}
