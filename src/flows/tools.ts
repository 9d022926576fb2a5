/**
 * The tools a loop's agents may call during one run: its `repository` and `mcp` connectors opened
 * once (src/tools/toolbox.ts), closed when the run ends, and `read_skill_file` for an agent whose
 * skill comes with files. The flows give the engine `toolsFor(agent)`: every agent of the loop gets
 * the same connector tools (the connector's `agents:` aside), because the tools come first in the
 * cached prefix and a list that differs between makers and checker would make each write the
 * shared context again; the skill tool comes last, so only the agents with that skill differ, and
 * each agent's list is the same on every call.
 */
import { GitHubLoopSource } from '../github/index.js';
import { agentsOf, type LoadedLoop } from '../loop/load.js';
import { writesDeclared, type Agent } from '../loop/schema.js';
import {
  CheckoutSkillFiles,
  skillFilesNote,
  skillToolGroups,
  sourceSkillFiles,
  Toolbox,
  type AgentTools,
  type RepositoryReader,
  type SkillFileReader
} from '../tools/index.js';
import type { FlowAdapters } from './adapters.js';

export interface OpenedTools {
  /** For the engine's input: the tools one agent call may use. */
  toolsFor: (agent: Agent) => AgentTools | undefined;
  /** The loop as the engine gets it: a skill with files says in the prompt that they can be read, and names them. */
  loaded: LoadedLoop;
  /** Why the run is partial: a required connector that could not be opened. */
  partialReason?: string;
  close(): Promise<void>;
}

/**
 * Opens the loop's tool connectors and its skills' file tools, or answers undefined when it has
 * neither. `reader`: how the repository tools reach a commit the checkout does not hold (GitHub,
 * or the CLI's local forge). `commits`: the commits the repository tools read (a pull request's head and base; a
 * push's head).
 */
export async function openTools(
  loaded: LoadedLoop,
  adapters: Pick<FlowAdapters, 'tools' | 'log' | 'loops'>,
  reader: RepositoryReader,
  commits?: { head: string; base?: string }
): Promise<OpenedTools | undefined> {
  const { loop } = loaded;
  const { tools: environment, log } = adapters;
  const declared = (loop.connectors ?? []).filter((c) => c.type === 'repository' || c.type === 'mcp');
  if (declared.length > 0 && !environment)
    log.warn(`${loop.name}: its tool connectors are not opened where LoopKit runs now (no tool environment); the agents answer without them`);
  const connectors = environment ? declared : [];
  const skillGroups = skillToolGroups(
    agentsOf(loop).map((a) => a.agent),
    loaded.skillDetails,
    skillFiles(adapters.loops, environment?.checkout)
  );
  if (connectors.length === 0 && skillGroups.length === 0) return undefined;
  const toolbox = await Toolbox.open({
    connectors,
    groups: skillGroups,
    writesAllowed: writesDeclared(loop.outputs),
    ...(commits
      ? {
          repository: {
            head: commits.head,
            ...(commits.base ? { base: commits.base } : {}),
            ...(environment?.checkout ? { checkout: environment.checkout } : {}),
            reader
          }
        }
      : {}),
    ...(environment ? { mcp: { env: environment.env, mask: environment.mask, redactor: environment.redactor, clientVersion: environment.clientVersion } } : {}),
    log: { info: (m) => log.info(m), warn: (m) => log.warn(m) }
  });
  const required = toolbox.failures.filter((f) => f.required);
  return {
    toolsFor: (agent) => toolbox.forAgent(agent.label),
    loaded: withSkillFilesNamed(loaded),
    ...(required.length > 0 ? { partialReason: `required connector(s) not available: ${required.map((f) => f.error).join('; ')}` } : {}),
    close: () => toolbox.close()
  };
}

/**
 * Where skill files are read: from the loop file source when it is the base commit over the API (a
 * pull request from a fork, or pull_request_target: the head's checkout is not to be trusted for
 * them), an `npm:` skill's from the checkout's node_modules as loadProject does; otherwise from the
 * checkout, with every symlink resolved; from the loop file source when there is no checkout.
 */
function skillFiles(loops: FlowAdapters['loops'], checkout: string | undefined): SkillFileReader {
  const onCheckout = checkout ? new CheckoutSkillFiles(checkout) : undefined;
  if (loops instanceof GitHubLoopSource || !onCheckout) return sourceSkillFiles(loops, onCheckout);
  return onCheckout;
}

/** The skills with files, each with the line that names them after its instructions. */
function withSkillFilesNamed(loaded: LoadedLoop): LoadedLoop {
  const skills = { ...loaded.skills };
  for (const [ref, skill] of Object.entries(loaded.skillDetails))
    if (skill.resources.length > 0) skills[ref] = `${skill.body.trimEnd()}\n\n${skillFilesNote(skill)}`;
  return { ...loaded, skills };
}
