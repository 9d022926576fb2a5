/**
 * The fake MCP server as a command a stdio connector runs: mcp-server.ts transpiled once (types
 * erased) into a module next to node_modules, where it finds the SDK, and run with this node.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));
const built = join(here, '..', '..', 'node_modules', '.cache', 'loopkit-tests', `fake-mcp-server-${process.pid}.mjs`);
let ready = false;

/** `command` and `args` of a stdio MCP connector that runs the fake server with these flags. */
export function fakeMcpCommand(...flags: string[]): { command: string; args: string[] } {
  if (!ready) {
    const source = readFileSync(join(here, 'mcp-server.ts'), 'utf8');
    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
    mkdirSync(dirname(built), { recursive: true });
    writeFileSync(built, outputText);
    ready = true;
  }
  return { command: process.execPath, args: [built, ...flags] };
}
