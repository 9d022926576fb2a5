/**
 * MCP connectors: a server started over stdio or reached over streamable HTTP through the official
 * SDK client, its tools offered to the agents only when the loop's allow-list names them, and only
 * when annotated read-only unless the connector and the loop's outputs both allow writes. Per the
 * MCP spec an absent `readOnlyHint` means the tool may change things, so it counts as a write.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Redactor } from '../guard/index.js';
import type { McpConnector } from '../loop/schema.js';
import type { ToolGroup, ToolHandler } from './handler.js';
import { ToolRefusal } from './result.js';
import { resolveSecrets } from './secrets.js';
import { strictInput } from './strict-schema.js';

const MCP_DEFAULTS = { maxCalls: 30, maxCallsPerAgent: 6 } as const;
/** Pages of `tools/list` read at most: a server that pages for ever is not waited on. */
const MAX_LIST_PAGES = 20;
/** What of a failing stdio server's stderr is kept for the error message. */
const STDERR_TAIL_CHARS = 2000;

export interface McpOptions {
  /** The step's environment, where `${{ secrets.X }}` is looked up. */
  env: Readonly<Record<string, string | undefined>>;
  /** Hides a secret in the runner's log (the action passes `core.setSecret`). */
  mask(secret: string): void;
  /** The run's secrets: the connector's own join them, and every text the server sends is redacted with all of them. */
  redactor: Redactor;
  /** Whether the loop's outputs write; tools that are not read-only need it and the connector's `writes: true`. */
  writesAllowed: boolean;
  /** The name and version the client tells the server. */
  clientVersion: string;
}

export interface OpenedMcpServer {
  group: ToolGroup;
  /** What the log should say: tools withheld and why, allowed tools the server does not have. */
  notes: string[];
  close(): Promise<void>;
}

/** Thrown when the server does not start, connect or list its tools in time; the run goes on without it. */
export class McpServerError extends Error {}

interface ListedTool {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean };
}

/**
 * The SDK's client and transports, loaded when a loop opens its first MCP server: with the JSON
 * schema validator they bring they are a good part of the action's bundle, which the many loops
 * without an MCP connector need not compile.
 */
async function mcpSdk() {
  const [{ Client }, { StdioClientTransport }, { StreamableHTTPClientTransport }] = await Promise.all([
    import('@modelcontextprotocol/sdk/client/index.js'),
    import('@modelcontextprotocol/sdk/client/stdio.js'),
    import('@modelcontextprotocol/sdk/client/streamableHttp.js')
  ]);
  return { Client, StdioClientTransport, StreamableHTTPClientTransport };
}
type McpSdk = Awaited<ReturnType<typeof mcpSdk>>;

export async function openMcpServer(connector: McpConnector, options: McpOptions): Promise<OpenedMcpServer> {
  const sdk = await mcpSdk();
  const where = connector.command === undefined ? `at ${connector.url}` : `(${[connector.command, ...connector.args].join(' ')})`;
  // A server runs with the runner's rights and may echo any secret of the run: its errors reach the log, a pull request
  // comment and the model, its results and descriptions the model, the job summary's tool table and the log, none
  // covered by the runner's masking. Every secret of the run (this connector's among them) is taken out here.
  const { redactor } = options;
  const mask = (secret: string) => {
    redactor.add(secret);
    options.mask(secret);
  };
  const redact = (text: string, what: string) => redactor.redact(text, `${what} of the MCP server "${connector.name}"`);
  const fail = (why: string): never => {
    throw new McpServerError(`MCP server "${connector.name}" ${where}: ${redact(why, 'an error')}`);
  };
  let stderrTail = '';
  let transport: Transport;
  try {
    const secretOptions = { ...options, mask };
    transport =
      connector.command === undefined
        ? httpTransport(sdk, connector, secretOptions)
        : stdioTransport(sdk, connector, secretOptions, (chunk) => (stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_CHARS)));
  } catch (error) {
    return fail((error as Error).message);
  }

  const client = new sdk.Client({ name: 'loopkit', version: options.clientVersion });
  const timeout = connector.connectTimeoutSeconds * 1000;
  let listed: ListedTool[];
  try {
    listed = await withDeadline(
      (async () => {
        // The deadline below bounds connecting and listing together; the SDK's own per-request timeout (60 s) is the outer bound.
        await client.connect(transport);
        const tools: ListedTool[] = [];
        let cursor: string | undefined;
        for (let page = 0; page < MAX_LIST_PAGES; page++) {
          const result = await client.listTools(cursor === undefined ? {} : { cursor });
          tools.push(...(result.tools as ListedTool[]));
          cursor = result.nextCursor;
          if (cursor === undefined) break;
        }
        return tools;
      })(),
      timeout,
      `did not start and list its tools within ${connector.connectTimeoutSeconds} s`
    );
  } catch (error) {
    await client.close().catch(() => undefined);
    const stderr = stderrTail.trim();
    return fail(`${(error as Error).message}${stderr ? `; its stderr ends: ${stderr}` : ''}`);
  }

  const { offered, notes } = selectTools(connector, listed, options.writesAllowed);
  const source = `mcp:${connector.name}`;
  const callTimeout = connector.callTimeoutSeconds * 1000;
  const handlers: ToolHandler[] = [];
  for (const tool of offered) {
    const name = modelToolName(connector.name, tool.name);
    if (handlers.some((h) => h.spec.name === name)) {
      notes.push(`"${tool.name}" is not offered: another of the server's tools is offered as "${name}" already`);
      continue;
    }
    const strict = strictInput(tool.inputSchema);
    if (!strict) {
      notes.push(`"${tool.name}" is not offered: its input schema has no strict form both model APIs accept (a free-form map, allOf or patternProperties)`);
      continue;
    }
    handlers.push({
      spec: {
        name,
        description: redact(tool.description ?? `The ${tool.name} tool of the ${connector.name} MCP server.`, 'a tool description'),
        inputSchema: strict.schema,
        source
      },
      run: async (input, signal) => {
        if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new ToolRefusal('the arguments must be a JSON object');
        let result;
        try {
          // The Toolbox's signal carries the call's timeout; the SDK's, a little later, only backs it up.
          result = await client.callTool({ name: tool.name, arguments: strict.restore(input as Record<string, unknown>) }, undefined, {
            timeout: callTimeout + 1000,
            signal
          });
        } catch (error) {
          // A JSON-RPC error's message is the server's text: the Toolbox shows it to the model and records it.
          throw new Error(redact((error as Error).message, 'an error'));
        }
        return { text: redact(resultText(result), 'a tool result'), isError: result.isError === true };
      }
    });
  }
  return {
    group: {
      source,
      handlers,
      maxCalls: connector.maxCalls ?? MCP_DEFAULTS.maxCalls,
      maxCallsPerAgent: connector.maxCallsPerAgent ?? MCP_DEFAULTS.maxCallsPerAgent,
      maxResultBytes: connector.maxResultBytes,
      timeoutMs: callTimeout,
      ...(connector.agents ? { agents: connector.agents } : {})
    },
    notes: notes.map((note) => redact(note, 'a tool name')),
    close: () => client.close()
  };
}

/** The allowed tools, without the ones that may write unless writes are allowed; with notes on the rest. */
export function selectTools(connector: McpConnector, listed: readonly ListedTool[], writesAllowed: boolean): { offered: ListedTool[]; notes: string[] } {
  const everything = connector.tools.includes('*');
  const notes: string[] = [];
  const offered = listed.filter((tool) => {
    if (!everything && !connector.tools.includes(tool.name)) return false;
    if (tool.annotations?.readOnlyHint === true) return true;
    const kind = tool.annotations?.destructiveHint === false ? 'not annotated read-only' : 'destructive (or not annotated otherwise)';
    if (!connector.writes) {
      notes.push(`"${tool.name}" is not offered: it is ${kind}, and the connector does not say \`writes: true\``);
      return false;
    }
    if (!writesAllowed) {
      notes.push(`"${tool.name}" is not offered: it is ${kind}, and the loop's \`outputs\` write nothing`);
      return false;
    }
    return true;
  });
  const names = new Set(listed.map((t) => t.name));
  for (const name of connector.tools) if (name !== '*' && !names.has(name)) notes.push(`"${name}" is in the allow-list, but the server has no such tool`);
  return { offered, notes };
}

/** `<server>__<tool>`, in the characters and length both model APIs accept for a tool name. */
export function modelToolName(server: string, tool: string): string {
  return `${server}__${tool}`.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
}

type ContentPart = { type: string; text?: string; mimeType?: string; uri?: string; resource?: { uri?: string; text?: string } };

function resultText(result: { content?: unknown; structuredContent?: unknown; toolResult?: unknown }): string {
  const parts = Array.isArray(result.content) ? (result.content as ContentPart[]) : [];
  const texts = parts.map((part) => {
    if (part.type === 'text') return part.text ?? '';
    if (part.type === 'resource') return part.resource?.text ?? `[resource ${part.resource?.uri ?? ''}]`;
    if (part.type === 'resource_link') return `[resource link ${part.uri ?? ''}]`;
    return `[${part.type}${part.mimeType ? ` (${part.mimeType})` : ''} omitted: only text reaches the model]`;
  });
  if (texts.length > 0) return texts.join('\n');
  const structured = result.structuredContent ?? result.toolResult;
  return structured === undefined ? '' : JSON.stringify(structured);
}

function stdioTransport(sdk: McpSdk, connector: McpConnector, options: McpOptions, onStderr: (chunk: string) => void): Transport {
  // The SDK adds only PATH, HOME and the like to this: the step's other variables (its tokens) never reach the server.
  const env = resolveSecrets(connector.env, options.env, options.mask);
  const transport = new sdk.StdioClientTransport({ command: connector.command!, args: connector.args, env, stderr: 'pipe' });
  transport.stderr?.on('data', (chunk: Buffer) => onStderr(chunk.toString('utf8')));
  return transport;
}

function httpTransport(sdk: McpSdk, connector: McpConnector, options: McpOptions): Transport {
  const headers = resolveSecrets(connector.headers, options.env, options.mask);
  return new sdk.StreamableHTTPClientTransport(new URL(connector.url!), { requestInit: { headers } });
}

async function withDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
