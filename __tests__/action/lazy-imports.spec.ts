/**
 * What the action compiles at start: the heavy packages a run may not need are imported on first
 * use (`import()`), which the bundler splits into chunks of their own. The post step, after a main
 * step that completed its checks, loads nothing beyond its own entry; the Actions cache (with the
 * Azure SDK), the MCP SDK and the OpenAI SDK are compiled only by a run that uses them.
 * docs/BENCHMARKS.md has the figures.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';

describe('action/lazy-imports', () => {
  /** The modules a source file imports statically, type-only imports aside. */
  async function staticImports(path: string): Promise<string[]> {
    const source = await readFile(path, 'utf8');
    return [...source.matchAll(/^import (?!type )[^;]*?from '([^']+)';/gm)].map((m) => m[1]!);
  }

  test('the post step imports only the name of its saved state before it knows a check was left open', async () => {
    expect(await staticImports('src/post.ts')).toEqual(['./action/post.js']);
    expect(await staticImports('src/action/post.ts')).toEqual(['./state-names.js']);
    expect(await staticImports('src/action/state-names.ts')).toEqual([]);
  });

  test('@actions/cache and the MCP SDK are loaded on first use, not with the action', async () => {
    for (const path of ['src/state/cache-store.ts', 'src/state/folder-carrier.ts']) {
      expect((await staticImports(path)).filter((m) => m.startsWith('@actions/cache'))).toEqual([]);
    }
    expect((await staticImports('src/tools/mcp.ts')).filter((m) => m.startsWith('@modelcontextprotocol/'))).toEqual([]);
    expect(await readFile('src/state/cache-store.ts', 'utf8')).toContain("import('@actions/cache')");
    expect(await readFile('src/tools/mcp.ts', 'utf8')).toContain("import('@modelcontextprotocol/sdk/client/index.js')");
  });

  /** Every TypeScript file under `dir`. */
  async function sources(dir: string): Promise<string[]> {
    const entries = await readdir(dir, { withFileTypes: true, recursive: true });
    return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
  }

  test('the OpenAI SDK is loaded by the first OpenAI count or call, so a review on Anthropic models never compiles it', async () => {
    const staticallyOpenAI: string[] = [];
    for (const path of await sources('src')) {
      const source = await readFile(path, 'utf8');
      const imports = await staticImports(path);
      // A value export re-exports the module as surely as an import.
      const reexports = [...source.matchAll(/^export (?!type )[^;]*?from '([^']+)';/gm)].map((m) => m[1]!);
      if ([...imports, ...reexports].some((m) => m === 'openai' || m.startsWith('openai/') || /(^|\/)openai\.js$/.test(m))) staticallyOpenAI.push(path);
    }
    // Only the provider itself imports the SDK; nothing imports the provider but on first use.
    expect(staticallyOpenAI).toEqual([join('src', 'providers', 'openai.ts')]);
    expect(await readFile('src/providers/create.ts', 'utf8')).toContain("import('./openai.js')");
  });

  test('the OpenTelemetry SDK and exporters are loaded only when the environment names an OTLP endpoint', async () => {
    const step = await staticImports('src/action/adapters.ts');
    expect(step.filter((m) => m.startsWith('@opentelemetry/') || m === './trace.js')).toEqual([]);
    expect(step).toContain('./otlp-settings.js');
    expect((await staticImports('src/action/otlp-settings.ts')).filter((m) => m.startsWith('@opentelemetry/'))).toEqual([]);
    expect(await readFile('src/action/adapters.ts', 'utf8')).toMatch(/if \(otlp\) await \(await import\('\.\/trace\.js'\)\)\.exportTrace/);
    // The exporters are split again by protocol: a run loads the one it sends with.
    const trace = await readFile('src/action/trace.ts', 'utf8');
    expect(await staticImports('src/action/trace.ts')).not.toContain('@opentelemetry/exporter-trace-otlp-proto');
    expect(trace).toContain("import('@opentelemetry/exporter-trace-otlp-proto')");
    expect(trace).toContain("import('@opentelemetry/exporter-trace-otlp-http')");
  });
});
