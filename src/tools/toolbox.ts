/**
 * The Toolbox: the loop's tool connectors opened once per run, and for each agent call the
 * AgentTools it may use, with the caps applied across concurrent calls (a counter per agent call
 * and one per connector for the run, both taken before the call starts), a timeout on every call,
 * and results capped. The provider that runs the turns records each call (providers/answer.ts).
 */
import type { Connector, McpConnector } from '../loop/schema.js';
import type { ToolGroup, ToolHandler } from './handler.js';
import { McpServerError, openMcpServer, type McpOptions, type OpenedMcpServer } from './mcp.js';
import { repositoryTools, type RepositoryAccess } from './repository.js';
import { cappedResult, ToolRefusal } from './result.js';
import type { AgentTools, ToolResult } from './types.js';

/** Model turns one agent call may take by default: enough for a few rounds of parallel calls, then the answer. */
export const DEFAULT_MAX_TURNS = 8;

export interface ToolboxLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface ToolboxOptions {
  connectors: readonly Connector[];
  /** Tools that need no opening, after the connectors' (the skills' read_skill_file, src/tools/skill.ts). */
  groups?: readonly ToolGroup[];
  /** Whether the loop's outputs write anything (writesDeclared in loop/schema.ts); tools that may write need it. */
  writesAllowed: boolean;
  /** The commits and the ways to read them; a repository connector without it is a failure the run goes on without. */
  repository?: RepositoryAccess;
  /** What MCP servers are started with; absent (no tool environment): an MCP connector is a failure the run goes on without. */
  mcp?: Omit<McpOptions, 'writesAllowed'>;
  log: ToolboxLog;
  maxTurns?: number;
}

/** A connector that could not be opened: the run goes on without it, and is partial when it is `required`. */
export interface ConnectorFailure {
  connector: string;
  required: boolean;
  error: string;
}

interface Group extends ToolGroup {
  used: number;
}

export class Toolbox {
  private constructor(
    private readonly groups: Group[],
    private readonly servers: OpenedMcpServer[],
    readonly failures: ConnectorFailure[],
    private readonly options: ToolboxOptions
  ) {}

  /** Opens every tool connector of the loop (MCP servers in parallel); one that fails is logged and left out. Close the Toolbox when the run ends. */
  static async open(options: ToolboxOptions): Promise<Toolbox> {
    const groups: Group[] = [];
    const failures: ConnectorFailure[] = [];
    const servers: OpenedMcpServer[] = [];
    for (const connector of options.connectors) {
      if (connector.type !== 'repository') continue;
      if (options.repository) groups.push({ ...repositoryTools(connector, options.repository), used: 0 });
      else failures.push({ connector: 'repository', required: false, error: 'the repository tools need a commit to read, and this run is about none' });
    }
    const mcp = options.connectors.filter((c): c is McpConnector => c.type === 'mcp');
    const { mcp: mcpOptions } = options;
    const opened = await Promise.allSettled(
      mcp.map((c) =>
        mcpOptions
          ? openMcpServer(c, { ...mcpOptions, writesAllowed: options.writesAllowed })
          : Promise.reject(new McpServerError(`MCP server "${c.name}": not started where LoopKit runs now (no tool environment)`))
      )
    );
    opened.forEach((outcome, i) => {
      const connector = mcp[i]!;
      if (outcome.status === 'fulfilled') {
        servers.push(outcome.value);
        groups.push({ ...outcome.value.group, used: 0 });
        for (const note of outcome.value.notes) options.log.info(`MCP server "${connector.name}": ${note}`);
        options.log.info(
          `MCP server "${connector.name}": ${outcome.value.group.handlers.length} tools offered (${outcome.value.group.handlers.map((h) => h.spec.name).join(', ') || 'none'})`
        );
        return;
      }
      const error = outcome.reason instanceof McpServerError ? outcome.reason.message : `MCP server "${connector.name}": ${(outcome.reason as Error).message}`;
      failures.push({ connector: `mcp:${connector.name}`, required: connector.required, error });
    });
    for (const group of options.groups ?? []) groups.push({ ...group, used: 0 });
    for (const f of failures) options.log.warn(`${f.error}; the run goes on without it${f.required ? ' and is partial (the connector is required)' : ''}`);
    return new Toolbox(groups, servers, failures, options);
  }

  /** Whether a required connector failed: the caller marks the run partial. */
  get partial(): boolean {
    return this.failures.some((f) => f.required);
  }

  /** The tools the agent labelled `agent` may use in one call, or undefined when it gets none. Each call of forAgent has its own per-agent caps. */
  forAgent(agent: string): AgentTools | undefined {
    const groups = this.groups.filter((g) => g.handlers.length > 0 && (!g.agents || g.agents.includes(agent)));
    if (groups.length === 0) return undefined;
    const byName = new Map<string, { handler: ToolHandler; group: Group }>();
    for (const group of groups) for (const handler of group.handlers) if (!byName.has(handler.spec.name)) byName.set(handler.spec.name, { handler, group });
    const usedByAgent = new Map<Group, number>();
    const specs = [...byName.values()].map((t) => t.handler.spec);

    return {
      specs,
      maxTurns: this.options.maxTurns ?? DEFAULT_MAX_TURNS,
      call: async (name: string, input: unknown, signal?: AbortSignal): Promise<ToolResult> => {
        const tool = byName.get(name);
        if (!tool) return { text: `there is no tool "${name}"; the tools are ${specs.map((s) => s.name).join(', ')}`, isError: true, truncated: false };
        const { handler, group } = tool;
        const agentUsed = usedByAgent.get(group) ?? 0;
        const refusal =
          agentUsed >= group.maxCallsPerAgent
            ? `this agent has made its ${group.maxCallsPerAgent} calls of the ${group.source} tools: answer with what you have`
            : group.used >= group.maxCalls
              ? `the run has made its ${group.maxCalls} calls of the ${group.source} tools: answer with what you have`
              : undefined;
        if (refusal) return { text: refusal, isError: true, truncated: false };
        // Taken before the first await, so concurrent calls never pass a cap together.
        usedByAgent.set(group, agentUsed + 1);
        group.used++;

        const timeout = AbortSignal.timeout(group.timeoutMs);
        const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
        try {
          const answer = await untilAborted(handler.run(input, combined), combined);
          return cappedResult(answer.text, group.maxResultBytes, answer.isError === true);
        } catch (error) {
          const message =
            error instanceof ToolRefusal
              ? error.message
              : timeout.aborted
                ? `timed out after ${group.timeoutMs / 1000} s`
                : signal?.aborted
                  ? 'cancelled'
                  : `failed: ${(error as Error).message}`;
          return cappedResult(message, group.maxResultBytes, true);
        }
      }
    };
  }

  /** Closes every MCP server (a stdio server's process ends); never throws. */
  async close(): Promise<void> {
    await Promise.allSettled(this.servers.map((s) => s.close()));
  }
}

/** The work, or a rejection as soon as the signal aborts (a read that ignores the signal is not waited on). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
