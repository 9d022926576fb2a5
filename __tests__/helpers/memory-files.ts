/** An in-memory LoopFileSource: the loader's adapter for tests, swapped in rather than mocked. */
import type { LoopFileSource } from '../../src/loop/load.js';

export class MemoryLoopSource implements LoopFileSource {
  private readonly files: Map<string, Uint8Array>;
  constructor(files: Record<string, string | Uint8Array>) {
    this.files = new Map(Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? new TextEncoder().encode(v) : v]));
  }
  async read(path: string): Promise<Uint8Array | null> {
    return this.files.get(path) ?? null;
  }
  async list(dir: string): Promise<string[]> {
    const prefix = `${dir}/`;
    return [...this.files.keys()].filter((k) => k.startsWith(prefix) && !k.slice(prefix.length).includes('/')).map((k) => k.slice(prefix.length));
  }
}
