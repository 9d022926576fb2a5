/**
 * What a generic loop writes and reports: its one comment (found again by its opening marker and
 * edited in place), the issues it opens (a closing marker names the event, so a re-run finds them),
 * its section of a release body (between two markers, replaced on a re-run), its check output and
 * its part of the job summary. Everything the model or people wrote is escaped here; the plan
 * decides what is written, these only how.
 */
import type { Severity } from '../loop/schema.js';
import { escapeMarkdownInline, markdownCell, sanitizeModelInline, sanitizeModelMarkdown, stripControls } from './escape.js';
import { clip, fit, formatCost, formatCount, formatDuration, MAX_CHECK, MAX_COMMENT, MAX_JOB_SUMMARY_BYTES, table } from './format.js';
import { genericCommentMarker, openedIssueMarker, findReleaseSection, releaseSectionMarkers } from './markers.js';

/** GitHub's limits: an issue title, a release body. */
export const MAX_ISSUE_TITLE = 256;
export const MAX_RELEASE_BODY = 125_000;

export interface GenericFinding {
  severity: Severity;
  title: string;
  detail: string;
  path?: string;
  line?: number;
}

/** What a generic run wrote; absent parts were not written. */
export interface AppliedOutputs {
  comment?: 'created' | 'edited' | 'unchanged';
  labels: string[];
  /** Issues opened now, and those an earlier attempt at the same event had opened (`existed`). */
  issues: { number: number; title: string; existed: boolean }[];
  release?: 'appended' | 'replaced' | 'unchanged';
  check?: { name: string; conclusion: string };
  /** The lessons pull request (`outputs.notes`): opened, updated or left as it was. */
  notes?: { pull: number; outcome: 'opened' | 'updated' | 'unchanged'; added: number };
  /** Writes the plan asked for that the write-time checks refused (a cap, an undeclared output, no target). */
  refused: { kind: string; what: string; reason: string }[];
  /** Writes GitHub refused. */
  problems: string[];
}

const FOOTER = 'Proposed by an AI agent and confirmed by a second one that tried to refute it.';

/** Characters kept of model text, from all to little, until the body fits. */
const BUDGETS = [Infinity, 20_000, 4_000];

export function genericComment(loop: string, text: string, options: { opened?: readonly { number: number; title: string }[]; runUrl?: string }): string {
  return fit(MAX_COMMENT, BUDGETS, (budget) =>
    [
      genericCommentMarker(loop),
      `**LoopKit · ${escapeMarkdownInline(loop)}**`,
      sanitizeModelMarkdown(clip(text, budget)),
      options.opened?.length ? `Issues opened: ${options.opened.map((i) => `#${i.number}`).join(', ')}` : '',
      `<sub>${FOOTER} This comment is edited on later runs.${options.runUrl ? ` [Run](${options.runUrl})` : ''}</sub>`
    ]
      .filter((part) => part !== '')
      .join('\n\n')
  );
}

/** An issue's title with the loop's prefix, on one line, within GitHub's limit; nothing in it is markdown to GitHub. */
export function openedIssueTitle(title: string, prefix: string | undefined): string {
  const flat = stripControls(title).replace(/\s+/g, ' ').trim();
  const head = prefix && !flat.startsWith(prefix.trim()) ? `${stripControls(prefix)}${flat}` : flat;
  return clip(head, MAX_ISSUE_TITLE);
}

export function openedIssueBody(loop: string, eventKey: string, body: string, options: { event: string; runUrl?: string }): string {
  const marker = openedIssueMarker(loop, eventKey);
  return fit(MAX_COMMENT, BUDGETS, (budget) =>
    [
      sanitizeModelMarkdown(clip(body, budget)),
      `<sub>Opened by LoopKit · ${escapeMarkdownInline(loop)} on ${escapeMarkdownInline(options.event)}. ${FOOTER}${options.runUrl ? ` [Run](${options.runUrl})` : ''}</sub>`,
      marker
    ].join('\n\n')
  );
}

/**
 * The release body with the loop's section: appended below what people wrote, or, when a run
 * already wrote one, put in its place; nothing outside the markers changes.
 */
export function withReleaseSection(current: string, loop: string, notes: string): string {
  const { start, end } = releaseSectionMarkers(loop);
  // Only the section LoopKit wrote, at the body's end, is replaced; anything else is the maintainers' and stays.
  const from = findReleaseSection(current, loop);
  const before = (from === undefined ? current : current.slice(0, from)).trimEnd();
  const room = MAX_RELEASE_BODY - before.length - start.length - end.length - 8;
  const section = `${start}\n\n${sanitizeModelMarkdown(clip(notes, Math.max(0, room)))}\n\n${end}`;
  return `${before === '' ? '' : `${before}\n\n`}${section}`;
}

export interface GenericCheckInput {
  loop: string;
  conclusion: 'success' | 'failure' | 'neutral';
  title: string;
  findings: readonly GenericFinding[];
  event: string;
}

export function genericCheckSummary(input: GenericCheckInput): string {
  return fit(MAX_CHECK, [200, 50, 10], (rows) =>
    [
      `**${escapeMarkdownInline(input.loop)}** on ${escapeMarkdownInline(input.event)}: ${escapeMarkdownInline(input.title)}`,
      input.findings.length > 0 ? findingsTable(input.findings, rows) : 'No verified findings.'
    ].join('\n\n')
  );
}

function findingsTable(findings: readonly GenericFinding[], rows: number): string {
  const shown = findings.slice(0, rows);
  const more = findings.length - shown.length;
  return [
    table(
      ['Severity', 'Finding', 'Where'],
      shown.map((f) => [f.severity, markdownCell(clip(f.title, 300)), f.path ? markdownCell(`${f.path}${f.line ? `:${f.line}` : ''}`) : ''])
    ),
    more > 0 ? `_${formatCount(more)} more not shown._` : ''
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}

/** A generic run as the job summary shows it. */
export interface GenericReport {
  loop: string;
  /** The event, in one line. */
  event: string;
  dryRun: boolean;
  status: 'complete' | 'partial' | 'failed';
  reasons: string[];
  plan: {
    comment?: string;
    labels: string[];
    issues: { title: string; body: string; labels: string[] }[];
    releaseNotes?: string;
    notes?: readonly string[];
    findings: readonly GenericFinding[];
    check?: { conclusion: string; title: string };
    dropped: readonly { kind: string; what: string; reason: string }[];
  };
  /** Absent on a dry run: nothing was written. */
  applied?: AppliedOutputs;
  tokens: number;
  costUsd: number;
  durationMs: number;
}

const LEVELS = [
  { rows: Infinity, text: 2_000 },
  { rows: 50, text: 300 },
  { rows: 10, text: 80 }
];

/** The generic runs' part of the job summary, within `maxBytes`. */
export function genericJobSummary(reports: readonly GenericReport[], maxBytes = MAX_JOB_SUMMARY_BYTES): string {
  return fit(
    maxBytes,
    LEVELS,
    (level) => reports.map((r) => reportSection(r, level.rows, level.text)).join('\n\n'),
    (t) => Buffer.byteLength(t, 'utf8')
  );
}

function reportSection(r: GenericReport, rows: number, text: number): string {
  const outcome = r.dryRun
    ? 'dry run, nothing written'
    : r.status === 'complete'
      ? 'complete'
      : `${r.status}: ${r.reasons.map((x) => escapeMarkdownInline(x)).join('; ')}`;
  const verb = r.applied ? '' : 'would ';
  const lines: string[] = [];
  const { plan, applied } = r;
  if (plan.comment !== undefined)
    lines.push(`- ${verb}comment${applied?.comment ? ` (${applied.comment})` : ''}: ${sanitizeModelInline(clip(plan.comment, text))}`);
  if (plan.labels.length > 0) lines.push(`- ${verb}add labels: ${(applied?.labels ?? plan.labels).map(escapeMarkdownInline).join(', ') || 'none'}`);
  for (const issue of applied?.issues ?? plan.issues.map((i) => ({ number: 0, title: i.title, existed: false }))) {
    lines.push(
      `- ${verb}open issue${issue.number ? ` #${issue.number}` : ''}${issue.existed ? ' (opened by an earlier attempt, not again)' : ''}: ${escapeMarkdownInline(clip(issue.title, text))}`
    );
  }
  if (plan.releaseNotes !== undefined) lines.push(`- ${verb}write the release notes${applied?.release ? ` (${applied.release})` : ''}`);
  if (plan.notes?.length) {
    const pull = applied?.notes;
    const where = pull
      ? pull.outcome === 'opened'
        ? ` (opened #${pull.pull})`
        : pull.outcome === 'updated'
          ? ` (updated #${pull.pull})`
          : ' (all there already)'
      : '';
    lines.push(`- ${verb}propose ${plan.notes.length} lesson(s) for the notes file${where}`);
  }
  if (plan.check)
    lines.push(
      `- ${verb}conclude the check ${applied?.check ? `${escapeMarkdownInline(applied.check.name)} ${applied.check.conclusion}` : plan.check.conclusion}: ${escapeMarkdownInline(plan.check.title)}`
    );
  const dropped = [...plan.dropped, ...(applied?.refused ?? [])];
  return [
    `### ${escapeMarkdownInline(r.loop)} — ${outcome}`,
    `**Event:** ${escapeMarkdownInline(r.event)}`,
    lines.length > 0 ? `**${r.applied ? 'Written' : 'Plan'}:**\n\n${lines.slice(0, rows).join('\n')}` : `**${r.applied ? 'Written' : 'Plan'}:** nothing`,
    plan.findings.length > 0 ? `**Verified findings:**\n\n${findingsTable(plan.findings, rows)}` : '',
    dropped.length > 0
      ? `**Not written:**\n\n${dropped
          .slice(0, rows)
          .map((d) => `- ${escapeMarkdownInline(d.kind)} ${escapeMarkdownInline(clip(d.what, text))}: ${escapeMarkdownInline(d.reason)}`)
          .join('\n')}`
      : '',
    applied?.problems.length
      ? `**GitHub refused:**\n\n${applied.problems
          .slice(0, rows)
          .map((p) => `- ${escapeMarkdownInline(p)}`)
          .join('\n')}`
      : '',
    `${formatCount(r.tokens)} tokens · ${formatCost(r.costUsd)} · ${formatDuration(r.durationMs)}`
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}
