/**
 * What is valid in a loop file but almost certainly not what its author meant: an agent declared
 * and never used, a checker that became the built-in verifier beside a declared agent that looks
 * like the one meant, a schedule GitHub will not run that often, a store for state a loop never
 * keeps, lessons with no feedback to come from or no loop to read them. Warnings: the loop still
 * loads and runs.
 */
import { CronExpressionParser } from 'cron-parser';
import type { Diagnostic, KeyPath } from './diagnostic.js';
import { isBuiltInVerifier } from './dialect.js';
import { taskOf, type Loop } from './schema.js';
import { suggestion } from './suggest.js';

/** GitHub runs a scheduled workflow at most once every 5 minutes (docs: "Events that trigger workflows", schedule). */
const MIN_SCHEDULE_MINUTES = 5;

export type Warn = (path: KeyPath, message: string, fix?: string) => Diagnostic;

export function loopWarnings(loop: Loop, warn: Warn): Diagnostic[] {
  return [...unusedAgents(loop, warn), ...tooFrequent(loop, warn), ...stateNotKept(loop, warn), ...lessonsFromNothing(loop, warn)];
}

/** A lesson names a feedback item of the github-feedback connector: without one, `outputs.notes` can never write. */
function lessonsFromNothing(loop: Loop, warn: Warn): Diagnostic[] {
  if (!loop.outputs?.notes || loop.connectors?.some((c) => c.type === 'github-feedback')) return [];
  return [
    warn(
      ['outputs', 'notes'],
      '`outputs.notes` writes lessons from the feedback the github-feedback connector reads, and the loop has no such connector: nothing will be written',
      'add `connectors: [{ type: github-feedback }]`, or remove `outputs.notes`'
    )
  ];
}

/**
 * Lessons land in the notes file only to be read: a learning loop whose `memory.notesFile` no other
 * loop of the project names teaches no one (a project-wide check, once every loop is loaded).
 */
export function lessonsNobodyReads(loop: Loop, project: readonly Loop[], warn: Warn): Diagnostic[] {
  const file = loop.memory?.notesFile;
  // "./.github/notes.md" and ".github/notes.md" are one file.
  const same = (other?: string) => other !== undefined && other.replace(/^\.\//, '') === file?.replace(/^\.\//, '');
  if (!loop.outputs?.notes || !file || project.some((other) => other !== loop && same(other.memory?.notesFile))) return [];
  return [
    warn(
      ['outputs', 'notes'],
      `the lessons go to ${file}, and no other loop here reads it: the review loops learn nothing from them`,
      `add \`memory: { notesFile: ${file} }\` to the loops that should follow the lessons`
    )
  ];
}

/** Agents under `agents:` run only when `verify` names them (steps declare their own agents inline). */
function unusedAgents(loop: Loop, warn: Warn): Diagnostic[] {
  const named = new Set([...(loop.verify?.maker ?? []), ...(loop.verify?.checker ?? []).filter((c): c is string => typeof c === 'string')]);
  const builtIn = (loop.agents ?? []).filter(isBuiltInVerifier).map((a) => a.label);
  const out: Diagnostic[] = [];
  (loop.agents ?? []).forEach((agent, i) => {
    if (isBuiltInVerifier(agent) || named.has(agent.label)) return;
    // The checker that names no agent is LoopKit's built-in verifier: the declared agent is probably the one meant.
    const meant = builtIn.find((label) => suggestion(label, [agent.label]) !== undefined) ?? (builtIn.length === 1 ? builtIn[0] : undefined);
    out.push(
      meant
        ? warn(
            ['agents', i, 'label'],
            `agent "${agent.label}" is declared but never runs: the checker "${meant}" names no agent, so LoopKit's built-in verifier checks instead`,
            `to check with "${agent.label}", write \`checker: ${agent.label}\` under \`verify\``
          )
        : warn(
            ['agents', i, 'label'],
            `agent "${agent.label}" is declared but never runs: no \`verify.checker\` or \`verify.maker\` names it`,
            'name it in `verify` (as the checker, or among the makers), or remove it'
          )
    );
  });
  return out;
}

/**
 * The shortest gap between two runs of `cron` in minutes (undefined: it does not parse), from its
 * fields rather than by listing runs (which takes tens of milliseconds a cron): a run is a minute of
 * the minute field in an hour of the hour field, so within a day the gaps are those between the
 * sorted times of day ("*\/2 9 * * *" is frequent only inside its hour); the last run of a day and
 * the first of the next count when two days in a row can both run (runsOnConsecutiveDays).
 */
function shortestGap(cron: string): number | undefined {
  let fields: CronFields;
  try {
    fields = CronExpressionParser.parse(cron, { tz: 'UTC' }).fields;
  } catch {
    return undefined; // the schema reports a cron that does not parse
  }
  const times = fields.hour.values.flatMap((h) => fields.minute.values.map((m) => h * 60 + m)).sort((a, b) => a - b);
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  if (runsOnConsecutiveDays(fields)) gaps.push(24 * 60 - times.at(-1)! + times[0]!);
  return gaps.length > 0 ? Math.min(...gaps) : undefined;
}

/**
 * Whether some day and the next can both run. With one day field restricted, the days are those it
 * allows: weekdays beside each other (Monday to Friday: Monday then Tuesday), or days of the month
 * (the 31st, or the 28th to 30th of a short month, then the 1st). With both restricted cron runs on
 * either, and some month puts a day of one beside a day of the other.
 */
function runsOnConsecutiveDays({ dayOfMonth, dayOfWeek }: CronFields): boolean {
  if (!dayOfMonth.isWildcard && !dayOfWeek.isWildcard) return true;
  if (!dayOfWeek.isWildcard) {
    // "5L" (the last Friday) and "1#2" (the second Monday) come once a month: only plain weekdays can follow each other.
    const weekdays = new Set(dayOfWeek.values.flatMap((d) => (typeof d === 'number' ? [d % 7] : [])));
    return [...weekdays].some((d) => weekdays.has((d + 1) % 7));
  }
  // "L" is the month's last day, which the 1st follows.
  const days = new Set(dayOfMonth.values.flatMap((d) => (typeof d === 'number' ? [d] : d === 'L' ? [31] : [])));
  return [...days].some((d) => days.has(d + 1) || (d >= 28 && days.has(1)));
}

type CronFields = ReturnType<typeof CronExpressionParser.parse>['fields'];

function tooFrequent(loop: Loop, warn: Warn): Diagnostic[] {
  const cron = loop.trigger.cron;
  if (!cron) return [];
  const gap = shortestGap(cron);
  if (gap === undefined || gap >= MIN_SCHEDULE_MINUTES) return [];
  return [
    warn(
      ['trigger', 'cron'],
      `cron "${cron}" asks for a run every ${gap} minute${gap === 1 ? '' : 's'}; GitHub runs scheduled workflows at most every ${MIN_SCHEDULE_MINUTES} minutes (and may delay them)`,
      `run at most every ${MIN_SCHEDULE_MINUTES} minutes, e.g. "*/${MIN_SCHEDULE_MINUTES} * * * *"`
    )
  ];
}

/** A generic loop keeps no state document: its writes find LoopKit's earlier ones by their markers. */
function stateNotKept(loop: Loop, warn: Warn): Diagnostic[] {
  const memory = loop.memory;
  if (taskOf(loop) !== 'generic' || !memory || memory.store === 'memory' || memory.notesFile) return [];
  return [
    warn(
      ['memory', 'store'],
      `\`memory.store: ${memory.store}\` has no effect on ${loop.name}: a generic loop keeps no state between runs (its comment, issues and release section are found again by their markers)`,
      'remove `memory`, or keep notes for its agents in a file with `memory.notesFile`'
    )
  ];
}
