/** Loop sources for LRS tests: the YAML text, a `locate` over it, and the parsed loop. */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify, type Node } from 'yaml';
import { Loop, type LoopInput } from '../../src/loop/schema.js';
import type { LoopSource } from '../../src/lrs/types.js';

export function sourceOf(text: string, file = 'loops/test.yaml'): LoopSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return {
    file,
    text,
    locate(path) {
      let node: unknown = doc.contents;
      let offset = (node as Node | null)?.range?.[0];
      for (const key of path) {
        if (isMap(node)) {
          const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
          if (!pair) return undefined;
          offset = (pair.key as Node).range?.[0];
          node = pair.value;
        } else if (isSeq(node) && typeof key === 'number') {
          const item = node.items[key] as Node | undefined;
          if (!item) return undefined;
          offset = item.range?.[0];
          node = item;
        } else {
          return undefined;
        }
      }
      return offset === undefined ? undefined : at(offset);
    }
  };
}

export function fromYaml(text: string): { loop: Loop; source: LoopSource } {
  return { loop: Loop.parse(parseDocument(text).toJS()), source: sourceOf(text) };
}

export function fromInput(input: LoopInput): { loop: Loop; source: LoopSource } {
  return fromYaml(stringify(input));
}

/** 1-based line of the first line containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`"${needle}" is not in the text`);
  return index + 1;
}
