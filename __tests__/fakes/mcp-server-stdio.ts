/**
 * The fake MCP server as a command a stdio connector runs: mcp-server.ts transpiled (types erased)
 * into a module next to node_modules, where it finds the SDK, and run with this node. The module
 * is named by its source's digest, so workers share one file and an edit makes a new one.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
let built: string | undefined;

/** `command` and `args` of a stdio MCP connector that runs the fake server with these flags. */
export function fakeMcpCommand(...flags: string[]): { command: string; args: string[] } {
  if (!built) {
    const source = readFileSync(join(here, 'mcp-server.ts'), 'utf8');
    const digest = createHash('sha256').update(source).digest('hex').slice(0, 12);
    built = join(here, '..', '..', 'node_modules', '.cache', 'loopkit-tests', `fake-mcp-server-${digest}.mjs`);
    if (!existsSync(built)) {
      // Loaded only to build the file: the compiler is 9 MB of JavaScript, and after the first
      // build on a machine every test file that runs the fake finds the module already there.
      const ts = createRequire(import.meta.url)('typescript') as typeof import('typescript');
      const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
      mkdirSync(dirname(built), { recursive: true });
      // Written aside and renamed: a worker never runs a file another worker is still writing.
      const partial = `${built}.${process.pid}`;
      writeFileSync(partial, outputText);
      renameSync(partial, built);
    }
  }
  return { command: process.execPath, args: [built, ...flags] };
}
