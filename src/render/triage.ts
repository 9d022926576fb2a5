/**
 * What the triage loop writes and reports: the one comment per issue (found again by its hidden
 * marker and edited in place), the job summary section of a triage run, and the plan as log lines.
 * Model text and issue titles are untrusted and escaped like everything else LoopKit renders.
 */
import { proposalText } from '../answers/triage.js';
import type { IssuePlan, TriageResult } from '../engine/triage.js';
import { cellCode, escapeMarkdownInline, markdownCell, sanitizeModelMarkdown } from './escape.js';
import { clip, fit, formatCost, formatCount, MAX_COMMENT, plural, table, withMore } from './format.js';
import { triageMarker } from './markers.js';

export interface TriageCommentOptions {
  loop: string;
  /** Labels LoopKit added in this run. */
  labelsAdded: readonly string[];
  runUrl?: string;
}

/** Characters kept of each piece of model text, from all to little. */
const COMMENT_BUDGETS = [Infinity, 2_000, 500];

export function triageComment(plan: IssuePlan, options: TriageCommentOptions): string {
  return fit(MAX_COMMENT, COMMENT_BUDGETS, (budget) => renderComment(plan, options, budget));
}

function renderComment(plan: IssuePlan, options: TriageCommentOptions, budget: number): string {
  const rows: [string, string][] = [];
  if (plan.type) rows.push(['Type', plan.type]);
  if (plan.priority) rows.push(['Priority', plan.priority]);
  if (plan.duplicateOf) rows.push(['Possibly a duplicate of', `#${plan.duplicateOf.issue} — ${markdownCell(clip(plan.duplicateOf.evidence, budget))}`]);
  if (plan.missing) rows.push(['Missing to act on it', plan.missing.map((m) => markdownCell(clip(m, budget))).join('; ')]);
  if (options.labelsAdded.length > 0) rows.push(['Labels added', options.labelsAdded.map(cellCode).join(', ')]);
  return [
    triageMarker(options.loop),
    `**LoopKit · ${escapeMarkdownInline(options.loop)}**`,
    plan.reply ? sanitizeModelMarkdown(clip(plan.reply, budget)) : '',
    rows.length > 0 ? table(['', ''], rows) : '',
    `<sub>Proposed by an AI agent and confirmed by a second one that tried to refute each point. This comment is edited when the issue changes; LoopKit never closes, assigns or locks issues.${options.runUrl ? ` [Run](${options.runUrl})` : ''}</sub>`
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}

/** What a triage run did to one issue. */
export interface AppliedIssue {
  issue: number;
  labels: string[];
  comment?: 'created' | 'edited' | 'unchanged';
  /** Writes GitHub refused. */
  problems: string[];
}

export interface TriageReport {
  result: TriageResult;
  /** Which issues the run looked at, in words: "open issues updated since …", "issue #12". */
  scope: string;
  /** Issues not sent to the makers, and why (unchanged since the last triage, a pull request, …). */
  notTriaged: { issue: number; reason: string }[];
  /** Empty on a dry run. */
  applied: AppliedIssue[];
}

const LEVELS = [
  { rows: Infinity, text: Infinity },
  { rows: 500, text: 300 },
  { rows: 100, text: 100 },
  { rows: 20, text: 60 }
];

/** The job summary sections of the triage runs, within `maxBytes`. */
export function triageJobSummary(reports: readonly TriageReport[], maxBytes: number): string {
  return fit(
    maxBytes,
    LEVELS,
    (level) => reports.map((r) => section(r, level.rows, level.text)).join('\n\n'),
    (t) => Buffer.byteLength(t, 'utf8')
  );
}

function triageOutcome({ result, applied }: TriageReport): string {
  if (result.status === 'failed') return 'Triage failed';
  const labelled = applied.filter((a) => a.labels.length > 0).length;
  const commented = applied.filter((a) => a.comment === 'created' || a.comment === 'edited').length;
  const triaged = plural(result.plans.length, 'issue');
  if (result.dryRun) return `Dry run · ${triaged} triaged, nothing written`;
  const done = `${triaged} triaged · ${formatCount(labelled)} labelled · ${formatCount(commented)} commented`;
  return result.status === 'partial' ? `Triage partial · ${done}` : done;
}

function section(report: TriageReport, rows: number, text: number): string {
  const { result } = report;
  const skipped = [...report.notTriaged, ...result.skipped];
  const plans = result.plans.slice(0, rows);
  return [
    `### ${escapeMarkdownInline(result.loop)} — ${triageOutcome(report)}`,
    result.dryRun ? '**Dry run** — no model was called and nothing was written; the plan below is what a run would apply.' : '',
    result.reasons.length > 0
      ? `**Triage ${result.status}:** ${result.reasons
          .slice(0, rows)
          .map((r) => escapeMarkdownInline(clip(r, text)))
          .join('; ')}.`
      : '',
    result.escalated ? `**A human should look at these issues:** ${escapeMarkdownInline(clip(result.escalation ?? '', text))}` : '',
    `**Scope:** ${escapeMarkdownInline(report.scope)} · ${plural(result.plans.length, 'issue')} triaged · ${formatCount(skipped.length)} not triaged`,
    plans.length > 0
      ? withMore(
          table(
            ['Issue', 'Labels', 'Type', 'Priority', 'Duplicate of', 'Missing', 'Comment'],
            plans.map((p) => row(p, report, text))
          ),
          result.plans.length - plans.length
        )
      : '',
    skipped.length > 0
      ? `**Not triaged:**\n\n${withMore(
          skipped
            .slice(0, rows)
            .map((s) => `- #${s.issue} — ${escapeMarkdownInline(clip(s.reason, text))}`)
            .join('\n'),
          skipped.length - Math.min(rows, skipped.length)
        )}`
      : '',
    [plural(result.tokens, 'token'), formatCost(result.costUsd), plural(result.calls.length, 'model call')].join(' · ')
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}

function row(plan: IssuePlan, report: TriageReport, text: number): string[] {
  const applied = report.applied.find((a) => a.issue === plan.issue);
  const labels = applied ? applied.labels : plan.labels;
  const comment = report.result.dryRun ? (plan.comment ? 'would be written' : '—') : (applied?.comment ?? '—');
  return [
    `#${plan.issue} ${markdownCell(clip(plan.title, text))}`,
    labels.length > 0 ? labels.map(cellCode).join(', ') : '—',
    plan.type ?? '—',
    plan.priority ?? '—',
    plan.duplicateOf ? `#${plan.duplicateOf.issue}` : '—',
    plan.missing ? markdownCell(clip(plan.missing.join('; '), text)) : '—',
    [comment, ...(applied?.problems ?? []).map((p) => markdownCell(clip(p, text)))].join('; ')
  ];
}

/** The plan of one issue on one line, for the log (escape it with escapeForLog). */
export function planLine(plan: IssuePlan): string {
  return [
    `#${plan.issue}`,
    `labels: ${plan.labels.length > 0 ? plan.labels.join(', ') : 'none'}`,
    ...(plan.type ? [`type ${plan.type}`] : []),
    ...(plan.priority ? [`priority ${plan.priority}`] : []),
    ...(plan.duplicateOf ? [`duplicate of #${plan.duplicateOf.issue}`] : []),
    ...(plan.missing ? [`missing: ${plan.missing.join('; ')}`] : []),
    `comment: ${plan.comment ? clip((plan.reply ?? '(details only)').replace(/\s+/g, ' '), 200) : 'none'}`,
    ...(plan.dropped.length > 0 ? [`left out: ${plan.dropped.map((d) => `${d.kind} ${proposalText(d)} (${d.reason})`).join(', ')}`] : [])
  ].join(' · ');
}
