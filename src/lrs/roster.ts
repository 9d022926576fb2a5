/**
 * Who makes and who checks: the loop's agents with where each is written, the makers that
 * verification runs and the agent the checker resolves to.
 */
import { agentsOf } from '../loop/load.js';
import type { Agent, Loop } from '../loop/schema.js';
import { DEFAULT_MODEL } from '../providers/models.js';
import type { Path } from './judgement.js';

export interface PlacedAgent {
  agent: Agent;
  path: Path;
  /** The model it runs on once the loop's default applies. */
  model: string;
}

type CheckerRef = { placed: PlacedAgent } | { missing: string };

export interface Roster {
  /** As declared, resolvable or not: every label counts as a call per round. */
  makerLabels: string[];
  makers: PlacedAgent[];
  /** Every checker as written; empty without `verify`. */
  checkers: CheckerRef[];
}

export function rosterOf(loop: Loop): Roster {
  const placed = agentsOf(loop).map(({ agent, path, inPipeline }) => ({
    agent,
    path,
    inPipeline,
    model: agent.model ?? loop.model ?? DEFAULT_MODEL
  }));
  const byLabel = (label: string) => placed.find((p) => p.agent.label === label);

  const makerLabels = loop.verify?.maker ?? placed.filter((p) => p.inPipeline).map((p) => p.agent.label);
  const makers = makerLabels.flatMap((label) => byLabel(label) ?? []);
  const checkers = (loop.verify?.checker ?? []).map((declared): CheckerRef => {
    const found = typeof declared === 'string' ? byLabel(declared) : placed.find((p) => p.agent === declared);
    return found ? { placed: found } : { missing: typeof declared === 'string' ? declared : declared.label };
  });
  return { makerLabels, makers, checkers };
}

/**
 * The maker the checker coincides with: the same label, or a twin with the same prompt, model
 * and skill under another name, which would judge its own work just the same.
 */
export function makerMatching(checker: PlacedAgent, roster: Roster): { label: string; twin: boolean } | undefined {
  if (roster.makerLabels.includes(checker.agent.label)) return { label: checker.agent.label, twin: false };
  const twin = roster.makers.find(
    (m) => m.agent.prompt.trim() === checker.agent.prompt.trim() && m.model === checker.model && m.agent.skill === checker.agent.skill
  );
  return twin && { label: twin.agent.label, twin: true };
}
