/**
 * The tools a loop's agents may call during one run: its `repository` and `mcp` connectors opened
 * once (src/tools/toolbox.ts), closed when the run ends. The flows give the engine
 * `toolsFor(agent)`: every agent of the loop gets the same tool list (the connector's `agents:`
 * aside), because the tools come first in the cached prefix and a list that differs between makers
 * and checker would make each write the shared context again.
 */
import { GitHubRepositoryReader, type GitHub } from '../github/index.js';
import type { Agent, Loop } from '../loop/schema.js';
import { writesDeclared } from '../loop/schema.js';
import { Toolbox, type AgentTools } from '../tools/index.js';
import type { FlowAdapters } from './adapters.js';

export interface OpenedTools {
  /** For the engine's input: the tools one agent call may use. */
  toolsFor: (agent: Agent) => AgentTools | undefined;
  /** Why the run is partial: a required connector that could not be opened. */
  partialReason?: string;
  close(): Promise<void>;
}

/** Opens the loop's tool connectors, or answers undefined when it declares none. `commits`: the commits the repository tools read (a pull request's head and base; a push's head). */
export async function openTools(
  loop: Loop,
  adapters: Pick<FlowAdapters, 'tools' | 'log'>,
  repo: { github: GitHub; owner: string; repo: string },
  commits?: { head: string; base?: string }
): Promise<OpenedTools | undefined> {
  const connectors = (loop.connectors ?? []).filter((c) => c.type === 'repository' || c.type === 'mcp');
  if (connectors.length === 0) return undefined;
  const { tools: environment, log } = adapters;
  if (!environment) {
    log.warn(`${loop.name}: its tool connectors are not opened where LoopKit runs now (no tool environment); the agents answer without tools`);
    return undefined;
  }
  const toolbox = await Toolbox.open({
    connectors,
    writesAllowed: writesDeclared(loop.outputs),
    ...(commits
      ? {
          repository: {
            head: commits.head,
            ...(commits.base ? { base: commits.base } : {}),
            ...(environment.checkout ? { checkout: environment.checkout } : {}),
            reader: new GitHubRepositoryReader(repo.github, { owner: repo.owner, repo: repo.repo })
          }
        }
      : {}),
    mcp: { env: environment.env, mask: environment.mask, clientVersion: environment.clientVersion },
    log: { info: (m) => log.info(m), warn: (m) => log.warn(m) }
  });
  const required = toolbox.failures.filter((f) => f.required);
  return {
    toolsFor: (agent) => toolbox.forAgent(agent.label),
    ...(required.length > 0 ? { partialReason: `required connector(s) not available: ${required.map((f) => f.error).join('; ')}` } : {}),
    close: () => toolbox.close()
  };
}
