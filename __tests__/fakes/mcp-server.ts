/**
 * A small MCP server for the tests, built on the official SDK's server (so the client is tested
 * over the real protocol): `lookup` (annotated read-only), `server_pid` (read-only: the test checks
 * the process is gone after close), `tag_counts` (read-only, a free-form map as input), `delete_branch` (annotated destructive) and `tag_release` (no
 * annotations: per the spec, not read-only). Self-contained: mcp-server-stdio.ts runs it as a
 * stdio server with node; mcp-server-http.ts serves it over streamable HTTP in the test's process.
 *
 * Flags (stdio): --slow-ms N (lookup answers after N ms), --require-env NAME=VALUE (exit 1 unless
 * the variable holds the value), --forbid-env NAME (exit 1 when the variable is set), --crash (exit
 * at once), --mute (start and never answer, until stdin closes).
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export interface FakeMcpOptions {
  slowMs?: number;
  /** What the destructive tools were asked to do: the tests check it stays empty. */
  writes?: string[];
}

export function fakeMcpServer(options: FakeMcpOptions = {}): McpServer {
  const server = new McpServer({ name: 'fake-mcp', version: '1.0.0' });
  server.registerTool(
    'lookup',
    {
      description: 'Look a term up in the project docs.',
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
  await fakeMcpServer(slowMs === undefined ? {} : { slowMs: Number(slowMs) }).connect(new StdioServerTransport());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) void main();
