/**
 * Whether a loop can ever fire: a loop only runs when a workflow that uses the LoopKit action is
 * started by its event, its schedule, or (for comment commands) a new comment. The workflows in
 * `.github/workflows` are read as YAML and checked against each loop's trigger.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Loop } from '../loop/schema.js';

export const WORKFLOWS_DIR = '.github/workflows';

export interface WorkflowTriggers {
  file: string;
  /** Event → the activity types it lists (undefined: every type). */
  events: Map<string, string[] | undefined>;
  /** The exact cron strings of `on.schedule`. */
  crons: string[];
  /** A step uses the LoopKit action (any `uses:` naming loopkit, or the repository's own action) to run loops (not `mode: eval`). */
  runsLoopKit: boolean;
}

const EventConfig = z.object({ types: z.union([z.string(), z.array(z.string())]).optional() }).nullish();
const On = z.union([z.string(), z.array(z.string()), z.record(z.string(), z.unknown())]);
const Schedule = z.array(z.object({ cron: z.string() }));
const Workflow = z.object({
  on: On,
  jobs: z
    .record(
      z.string(),
      z
        .object({
          steps: z.array(z.object({ uses: z.string().optional(), with: z.record(z.string(), z.unknown()).nullish() })).optional(),
          uses: z.string().optional()
        })
        .nullish()
    )
    .optional()
});

/** A workflow's triggers, or why it could not be read. */
export function parseWorkflow(file: string, text: string): WorkflowTriggers | { file: string; problem: string } {
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    return { file, problem: `not valid YAML (${(error as Error).message.split('\n')[0]})` };
  }
  const workflow = Workflow.safeParse(value);
  if (!workflow.success) return { file, problem: 'no `on:` block LoopKit can read' };
  const on = workflow.data.on;
  const events = new Map<string, string[] | undefined>();
  let crons: string[] = [];
  if (typeof on === 'string') events.set(on, undefined);
  else if (Array.isArray(on)) for (const name of on) events.set(name, undefined);
  else {
    for (const [name, config] of Object.entries(on)) {
      if (name === 'schedule') {
        const schedule = Schedule.safeParse(config);
        if (schedule.success) crons = schedule.data.map((s) => s.cron);
        events.set(name, undefined);
        continue;
      }
      const parsed = EventConfig.safeParse(config);
      const types = parsed.success ? parsed.data?.types : undefined;
      events.set(name, types === undefined ? undefined : Array.isArray(types) ? types : [types]);
    }
  }
  // A step in eval mode (`loopkit init --eval`) measures the loops and runs none of them on its events.
  const running = (step: { uses?: string | undefined; with?: Record<string, unknown> | null | undefined }) =>
    String(step.with?.mode ?? '')
      .trim()
      .toLowerCase() !== 'eval';
  const uses = Object.values(workflow.data.jobs ?? {}).flatMap((job) => [job?.uses ?? '', ...(job?.steps ?? []).filter(running).map((s) => s.uses ?? '')]);
  const runsLoopKit = uses.some((u) => /loopkit/i.test(u) || u === './' || u === '.');
  return { file, events, crons, runsLoopKit };
}

export async function readWorkflows(root: string): Promise<{ workflows: WorkflowTriggers[]; problems: string[] }> {
  const dir = join(root, WORKFLOWS_DIR);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/i.test(n)).sort();
  } catch {
    names = [];
  }
  const workflows: WorkflowTriggers[] = [];
  const problems: string[] = [];
  for (const name of names) {
    const file = `${WORKFLOWS_DIR}/${name}`;
    const read = parseWorkflow(file, await readFile(join(dir, name), 'utf8'));
    if ('problem' in read) problems.push(`${file}: ${read.problem}`);
    else workflows.push(read);
  }
  return { workflows, problems };
}

/** The types LoopKit routes by default, as the action does when a loop names none. */
const DEFAULT_TYPES: Record<string, string[]> = {
  pull_request: ['opened', 'synchronize', 'reopened', 'ready_for_review'],
  pull_request_target: ['opened', 'synchronize', 'reopened', 'ready_for_review'],
  issues: ['opened', 'edited', 'labeled'],
  issue_comment: ['created'],
  release: ['published']
};

/** One line per way a loop can never fire; empty when every trigger of it reaches a LoopKit workflow. */
export function neverFires(loop: Pick<Loop, 'name' | 'trigger'>, workflows: readonly WorkflowTriggers[]): string[] {
  const loopKit = workflows.filter((w) => w.runsLoopKit);
  if (loopKit.length === 0) return [`${loop.name} can never fire: no workflow in ${WORKFLOWS_DIR} uses the LoopKit action`];
  const listens = (event: string, types: readonly string[] | undefined) =>
    loopKit.some((w) => {
      if (!w.events.has(event)) return false;
      const listed = w.events.get(event);
      return listed === undefined || types === undefined || types.some((t) => listed.includes(t));
    });
  const out: string[] = [];
  const { trigger } = loop;
  if (trigger.cron && !loopKit.some((w) => w.crons.includes(trigger.cron!))) {
    out.push(
      `${loop.name} can never fire on its schedule: no LoopKit workflow in ${WORKFLOWS_DIR} schedules "${trigger.cron}" (add \`- cron: "${trigger.cron}"\` under \`on.schedule\`)`
    );
  }
  for (const event of trigger.event ?? []) {
    // A schedule is matched by its cron string, checked above.
    if (event === 'schedule') continue;
    const types = trigger.types ?? DEFAULT_TYPES[event];
    if (!listens(event, types))
      out.push(`${loop.name} can never fire on ${event}: no LoopKit workflow in ${WORKFLOWS_DIR} listens to ${event}${types ? ` (${types.join(', ')})` : ''}`);
  }
  if (trigger.command && !listens('issue_comment', ['created'])) {
    out.push(
      `${loop.name}'s command \`/loopkit ${trigger.command}\` never arrives: no LoopKit workflow in ${WORKFLOWS_DIR} listens to issue_comment (created)`
    );
  }
  return out;
}
