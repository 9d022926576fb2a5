/**
 * Which writes a loop may declare, given what it does: a review posts a review, a triage labels and
 * answers issues, a generic loop writes what its `outputs` declare, each on what its event is about.
 * A write the loop's task cannot make is an error at its key (it would be silently ignored);
 * a comment or labels that no event of the loop can land anywhere is a warning.
 */
import type { Diagnostic, KeyPath } from './diagnostic.js';
import { GENERIC_OUTPUTS, taskOf, type EventName, type Loop } from './schema.js';

type Problem = (path: KeyPath, message: string, fix?: string) => Diagnostic;

/** Events that carry an issue or a pull request a comment or labels can land on (workflow_dispatch: its `issue` or `pr` input). */
const EVENTS_WITH_A_SUBJECT: readonly EventName[] = ['pull_request', 'pull_request_target', 'issues', 'issue_comment', 'workflow_dispatch'];

export function writeProblems(loop: Loop, problem: Problem): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const task = taskOf(loop);
  const events = loop.trigger.event ?? [];
  const outputs = loop.outputs;
  const why = loop.task ? `\`task: ${task}\`` : `its trigger makes it a ${task} loop`;
  if (outputs?.review && task !== 'review') {
    problems.push(
      problem(
        ['outputs', 'review'],
        `\`outputs.review\` posts a pull request review, which only review loops do; this is a ${task} loop (${why})`,
        'remove `outputs.review`, or set `task: review` on a loop triggered by pull_request'
      )
    );
  }
  if (task !== 'generic') {
    for (const key of GENERIC_OUTPUTS) {
      if (outputs?.[key] === undefined) continue;
      problems.push(
        problem(
          ['outputs', key],
          `\`outputs.${key}\` is written by generic loops only; this is a ${task} loop (${why})`,
          `add \`task: generic\`, or remove \`outputs.${key}\``
        )
      );
    }
  }
  if (outputs?.release && !events.includes('release')) {
    problems.push(
      problem(
        ['outputs', 'release'],
        '`outputs.release` writes into the release the event is about, and the trigger does not listen to release',
        'add `event: release` to the trigger (with `types: [published]`), or remove `outputs.release`'
      )
    );
  }
  if (outputs?.notes && !loop.memory?.notesFile) {
    problems.push(
      problem(
        ['outputs', 'notes'],
        '`outputs.notes` proposes lessons as edits of `memory.notesFile`, and the loop names no notes file',
        'add `memory: { notesFile: .github/loopkit-notes.md }` (the file your review loops read), or remove `outputs.notes`'
      )
    );
  }
  if (loop.trigger.branches && !events.includes('push')) {
    problems.push(
      problem(
        ['trigger', 'branches'],
        '`trigger.branches` filters push events, and the trigger does not listen to push',
        'add `event: push`, or remove `branches`'
      )
    );
  }
  for (const key of landingNowhere(loop)) {
    const warning = problem(
      ['outputs', key],
      `\`outputs.${key}\` lands on the issue or pull request the event is about, and no event of this loop (${events.join(', ') || 'a schedule'}) is about one: nothing will be written`,
      'open an issue instead (`outputs.issue`), or trigger the loop on issues, pull requests or a command'
    );
    problems.push({ ...warning, severity: 'warning' });
  }
  return problems;
}

/** A generic loop's comment and labels when none of its events is about an issue or a pull request: they can never be written. */
export function landingNowhere(loop: Loop): ('comment' | 'labels')[] {
  const events = loop.trigger.event ?? [];
  if (taskOf(loop) !== 'generic' || loop.trigger.command || events.some((e) => EVENTS_WITH_A_SUBJECT.includes(e))) return [];
  return (['comment', 'labels'] as const).filter((key) => loop.outputs?.[key] !== undefined);
}
