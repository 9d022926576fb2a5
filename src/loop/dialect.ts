/**
 * The one place where a loop as written becomes the loop the engine sees. Loop files written for
 * the original LoopKit use other keys for the same things; each is mapped here, with the meaning
 * it had there, so nothing after the loader knows there were two dialects:
 *
 * - `trigger.type`: webhook → `event`; cron → `cron`; manual → workflow_dispatch only;
 *   event → a repository_dispatch whose event_type (`types`) is `trigger.event`.
 * - a pipeline step that is an agent (`- prompt: … label: …`) → `agent:`; agents without a label
 *   are called "Agent <n>" by their place among the loop's agents.
 * - `verify.checker` naming no agent (and no near-miss of one, which stays a typo) → LoopKit's
 *   built-in adversarial verifier under that name; one checker or a list → a list.
 * - `memory` without `store` → filesystem (the original's default); `store: claude` → the default
 *   store of the Action (the cache) with `learn: true`: notes of what maintainers taught the loop,
 *   given to its agents as a notes section of the shared context (state/notes.ts).
 * - the loop name → its slug, which keys, cache keys, markers and file names need.
 */
import type { Agent, EventName, Loop, LoopFile, Memory, Step } from './schema.js';
import { suggestion } from './suggest.js';

/** The checker LoopKit provides when `verify.checker` names an agent the loop does not declare. */
export const BUILT_IN_VERIFIER_PROMPT = `You are an adversarial verifier, independent of the agents whose work you check. Assume each finding or proposal is a false positive until the evidence proves otherwise, and try to refute it: read the code or the issue it rests on, look for the guard, the caller, the test, the earlier discussion or the configuration that makes it harmless or wrong, and check every claim against the actual text. Confirm only what the evidence proves, citing it; refute what it disproves, citing that; say uncertain when you cannot tell. Lower the severity of what is real but overstated.`;

export function isBuiltInVerifier(agent: Agent): boolean {
  return agent.prompt === BUILT_IN_VERIFIER_PROMPT;
}

type WrittenAgent = LoopFile['agents'] extends (infer A)[] | undefined ? A : never;
type WrittenStep = LoopFile['pipeline'][number];

export function canonicalLoop(file: LoopFile): Loop {
  let unnamed = 0;
  const labelled = (agent: WrittenAgent): Agent => ({ ...agent, label: agent.label ?? `Agent ${++unnamed}` });
  const pipeline = file.pipeline.map((step) => canonicalStep(step, labelled));
  const agents = file.agents?.map(labelled);
  const { type, event, ...trigger } = file.trigger;
  const { trigger: _trigger, pipeline: _pipeline, agents: _agents, verify, memory, ...rest } = file;
  const loop: Loop = {
    ...rest,
    name: slugOf(file.name),
    trigger: { ...trigger, ...canonicalEvents(type, event, trigger.types) },
    pipeline,
    ...(agents ? { agents } : {}),
    ...(memory ? { memory: canonicalMemory(memory) } : {})
  };
  if (!verify) return loop;
  const written = Array.isArray(verify.checker) ? verify.checker : [verify.checker];
  const checker = written.map((c) => (typeof c === 'string' ? c : labelled(c)));
  loop.verify = { ...verify, checker };
  const makers = pipeline.flatMap(stepAgents).map((a) => a.label);
  // A near-miss is a typo only of an agent that could check: a checker is never one of the loop's makers,
  // so "Digest Verifier" beside the maker "Digest Writer" is the built-in verifier, as the original format allows.
  const checking = [...(agents ?? []), ...checker.filter((c): c is Agent => typeof c !== 'string')].map((a) => a.label);
  const builtIn = checker.filter(
    (c): c is string => typeof c === 'string' && !makers.includes(c) && !checking.includes(c) && suggestion(c, checking) === undefined
  );
  if (builtIn.length > 0) loop.agents = [...(agents ?? []), ...[...new Set(builtIn)].map((label) => ({ label, prompt: BUILT_IN_VERIFIER_PROMPT }))];
  return loop;
}

function canonicalStep(step: WrittenStep, labelled: (a: WrittenAgent) => Agent): Step {
  const { label, prompt, model, skill, maxOutputTokens, agent, parallel, agents, ...rest } = step;
  const out: Step = { ...rest };
  if (prompt !== undefined) {
    out.agent = labelled({
      prompt,
      ...(label ? { label } : {}),
      ...(model ? { model } : {}),
      ...(skill ? { skill } : {}),
      ...(maxOutputTokens ? { maxOutputTokens } : {})
    });
  }
  if (agent) out.agent = labelled(agent);
  if (parallel) out.parallel = parallel.map(labelled);
  if (agents) out.agents = agents.map(labelled);
  return out;
}

function stepAgents(step: Step): Agent[] {
  return [...(step.agent ? [step.agent] : []), ...(step.parallel ?? []), ...(step.agents ?? [])];
}

function canonicalEvents(
  type: LoopFile['trigger']['type'],
  event: string[] | undefined,
  types: string[] | undefined
): { event?: EventName[]; types?: string[] } {
  switch (type) {
    case 'manual':
      return { event: ['workflow_dispatch'] };
    case 'event':
      // GitHub's `on.repository_dispatch.types` are exactly the event_types a dispatch may carry.
      return { event: ['repository_dispatch'], types: [...new Set([...(types ?? []), ...(event ?? [])])] };
    default:
      // The schema has checked every name (outside `type: event`) against EVENT_NAMES.
      return event ? { event: event as EventName[] } : {};
  }
}

export function canonicalMemory(memory: NonNullable<LoopFile['memory']>): Memory {
  const { store, ...rest } = memory;
  if (store === 'claude') return { ...rest, store: 'cache', learn: rest.learn ?? true };
  return { ...rest, store: store ?? 'filesystem' };
}

/** Lower-case words joined by "-", accents dropped; a name without any such word gets a short hash. */
export function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  if (slug !== '') return slug;
  // FNV-1a: stable across runs and machines, enough to tell a few loops apart.
  let hash = 0x811c9dc5;
  for (const ch of name) hash = Math.imul(hash ^ ch.codePointAt(0)!, 0x01000193) >>> 0;
  return `loop-${hash.toString(16).padStart(8, '0')}`;
}
