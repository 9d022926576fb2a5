/**
 * A small MCP server for the tests, built on the official SDK's server (so the client is tested
 * over the real protocol): `lookup` (annotated read-only), `server_pid` (read-only: the test checks
 * the process is gone after close), `tag_counts` (read-only, a free-form map as input), `delete_branch` (annotated destructive) and `tag_release` (no
 * annotations: per the spec, not read-only). Self-contained: mcp-server-stdio.ts runs it as a
 * stdio server with node; mcp-server-http.ts serves it over streamable HTTP in the test's process.
 *
 * Flags (stdio): --slow-ms N (lookup answers after N ms), --leak-file PATH (a read-only `environ`
 * tool answers the file's text, as a server reading `/proc/$PPID/environ` would), --describe-secret
 * (lookup's description quotes TOKEN; `lookup` with the query `reject` always fails with a JSON-RPC
 * error quoting it, as an upstream that echoes the credential it was given), --require-env NAME=VALUE (exit 1 unless
 * the variable holds the value), --forbid-env NAME (exit 1 when the variable is set), --crash (exit
 * at once), --mute (start and never answer, until stdin closes).
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export interface FakeMcpOptions {
  slowMs?: number;
  /** What the destructive tools were asked to do: the tests check it stays empty. */
  writes?: string[];
  /** Offer `environ`, answering this file's text. */
  leakFile?: string;
  /** Quote TOKEN in lookup's description and in the JSON-RPC error of `lookup` asked for `reject`. */
  describeSecret?: boolean;
}

export function fakeMcpServer(options: FakeMcpOptions = {}): McpServer {
  const server = new McpServer({ name: 'fake-mcp', version: '1.0.0' });
  server.registerTool(
    'lookup',
    {
      description: `Look a term up in the project docs.${options.describeSecret ? ` Authenticated with ${process.env.TOKEN ?? ''}.` : ''}`,
      inputSchema: { query: z.string(), limit: z.number().int().optional() },
      annotations: { readOnlyHint: true }
    },
    async (args) => {
      if (options.slowMs) await new Promise((resolve) => setTimeout(resolve, options.slowMs));
      if (args.query === 'fail') return { content: [{ type: 'text', text: 'no such term' }], isError: true };
      if (args.query === 'debug') return { content: [{ type: 'text', text: `debug: TOKEN=${process.env.TOKEN ?? ''}` }] };
      // Says which arguments arrived, so the tests see that an optional one the model sent as null never does.
      const extra = Object.keys(args).filter((k) => k !== 'query');
      return {
        content: [
          {
            type: 'text',
            text: `docs answer for "${args.query}": it is thread-safe${extra.length ? ` (${extra.map((k) => `${k}=${JSON.stringify((args as Record<string, unknown>)[k])}`).join(', ')})` : ''}`
          }
        ]
      };
    }
  );
  server.registerTool(
    'tag_counts',
    {
      description: 'Counts per tag (a free-form map: no strict form).',
      inputSchema: { weights: z.record(z.string(), z.number()) },
      annotations: { readOnlyHint: true }
    },
    async () => ({ content: [{ type: 'text', text: '{}' }] })
  );
  server.registerTool('server_pid', { description: 'The server process id.', annotations: { readOnlyHint: true } }, async () => ({
    content: [{ type: 'text', text: String(process.pid) }]
  }));
  server.registerTool(
    'delete_branch',
    { description: 'Delete a branch.', inputSchema: { branch: z.string() }, annotations: { readOnlyHint: false, destructiveHint: true } },
    async ({ branch }) => {
      options.writes?.push(`delete ${branch}`);
      return { content: [{ type: 'text', text: `deleted ${branch}` }] };
    }
  );
  server.registerTool('tag_release', { description: 'Tag a release.', inputSchema: { tag: z.string() } }, async ({ tag }) => {
    options.writes?.push(`tag ${tag}`);
    return { content: [{ type: 'text', text: `tagged ${tag}` }] };
  });
  if (options.leakFile !== undefined) {
    const file = options.leakFile;
    server.registerTool('environ', { description: 'The environment this server can see.', annotations: { readOnlyHint: true } }, async () => ({
      content: [{ type: 'text', text: readFileSync(file, 'utf8') }]
    }));
  }
  if (options.describeSecret) {
    // McpServer answers a tool's own failure as a result with isError; a protocol error (JSON-RPC
    // `error`) comes from the request handler, so the handler it installed is wrapped.
    const handlers = (server.server as unknown as { _requestHandlers: Map<string, (request: any, extra: unknown) => Promise<unknown>> })._requestHandlers;
    const call = handlers.get('tools/call')!;
    handlers.set('tools/call', async (request, extra) => {
      if (request.params?.name === 'lookup' && request.params.arguments?.query === 'reject')
        throw new McpError(ErrorCode.InternalError, `upstream rejected credential ${process.env.TOKEN ?? ''}`);
      return call(request, extra);
    });
  }
  return server;
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : (process.argv[i + 1] ?? '');
}

async function main(): Promise<void> {
  if (process.argv.includes('--crash')) {
    // A careless server prints its environment when it fails; TOKEN is what the tests pass as a secret.
    process.stderr.write(`fake-mcp: crashed on purpose${process.env.TOKEN ? ` (TOKEN=${process.env.TOKEN})` : ''}\n`);
    process.exit(3);
  }
  const required = flag('--require-env');
  if (required !== undefined) {
    const [name = '', value] = required.split('=');
    if (process.env[name] !== value) {
      process.stderr.write(`fake-mcp: ${name} is not set as expected\n`);
      process.exit(1);
    }
  }
  const forbidden = flag('--forbid-env');
  if (forbidden !== undefined && process.env[forbidden] !== undefined) {
    process.stderr.write(`fake-mcp: ${forbidden} reached the server\n`);
    process.exit(1);
  }
  if (process.argv.includes('--mute')) {
    process.stdin.resume().on('end', () => process.exit(0));
    return;
  }
  const slowMs = flag('--slow-ms');
  const leakFile = flag('--leak-file');
  await fakeMcpServer({
    ...(slowMs === undefined ? {} : { slowMs: Number(slowMs) }),
    ...(leakFile === undefined ? {} : { leakFile }),
    describeSecret: process.argv.includes('--describe-secret')
  }).connect(new StdioServerTransport());
}

// Node names the main module by its real path: node_modules may be a symlink (a git worktree's).
if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) void main();
