/**
 * The evaluation as markdown: the loops side by side, a small chart of their F1, recall by
 * severity, then each loop's cases. A terminal shows it as it is; a job summary renders it. Titles
 * and URLs come from the benchmark and loop names from loop files: all of it is escaped for a cell.
 */
import { SEVERITIES } from '../loop/schema.js';
import { codeSpan, markdownCell } from '../render/index.js';
import { formatCost, formatDuration } from '../render/format.js';
import type { CaseResult, EvalReport, LoopTotals } from './results.js';

const BAR = 24;

const ratio = (v: number | null) => (v === null ? '—' : v.toFixed(2));
const dollars = (v: number | null) => (v === null ? '—' : formatCost(v));

export function evalMarkdown(report: EvalReport): string {
  const out: string[] = [`## LoopKit eval · ${markdownCell(report.bench)}`, ''];
  out.push(
    '| loop | pull requests | golden | candidates | true positives | golden found | precision | recall | F1 | loop cost | cost per true positive | cost per pull request |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|'
  );
  for (const { loop, totals: t } of report.loops)
    out.push(
      `| ${markdownCell(loop)} | ${t.cases} | ${t.golden} | ${t.candidates} | ${t.truePositives} | ${t.matchedGolden} | ${ratio(t.precision)} | ${ratio(t.recall)} | ${ratio(t.f1)} | ${formatCost(t.costUsd)} | ${dollars(t.costPerTruePositive)} | ${dollars(t.costPerPr)} |`
    );
  out.push('', 'Totals are micro-averaged: the counts of every judged pull request are added, then divided.', '');
  out.push('```text', ...chart(report), '```', '');

  const severities = SEVERITIES.filter((s) => report.loops.some((l) => l.totals.bySeverity[s]));
  if (severities.length > 0) {
    out.push(`| recall by severity | ${severities.join(' | ')} |`, `|---|${severities.map(() => '--:').join('|')}|`);
    for (const { loop, totals } of report.loops)
      out.push(
        `| ${markdownCell(loop)} | ${severities
          .map((s) => {
            const r = totals.bySeverity[s];
            return r ? `${r.found}/${r.golden}` : '—';
          })
          .join(' | ')} |`
      );
    out.push('');
  }

  for (const { loop, cases, totals } of report.loops) {
    out.push(`### ${markdownCell(loop)}`, '', notes(totals), '');
    out.push(
      '| pull request | golden | candidates | true positives | found | precision | recall | F1 | loop cost | judge cost | time | status |',
      '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|'
    );
    for (const c of cases)
      out.push(
        `| ${markdownCell(c.url)} | ${c.golden} | ${c.candidates} | ${c.truePositives} | ${c.matchedGolden} | ${ratio(c.precision)} | ${ratio(c.recall)} | ${ratio(c.f1)} | ${formatCost(c.costUsd)} | ${formatCost(c.judgeCostUsd)} | ${formatDuration(c.wallMs)} | ${status(c)} |`
      );
    out.push('');
  }

  out.push(
    `Judge: ${codeSpan(report.judge.model)} · ${report.judge.calls} call(s) · ${formatCost(report.judge.costUsd)}. Whole evaluation: ${formatCost(report.costUsd)}.`
  );
  if (report.stopped) out.push('', `**Stopped early:** ${markdownCell(report.stopped)}; the cases not run are marked so and left out of the totals.`);
  if (report.skipped.length > 0) {
    out.push('', `**${report.skipped.length} pull request(s) could not be read** and were skipped by every loop:`);
    for (const s of report.skipped) out.push(`- ${markdownCell(s.url)}: ${markdownCell(s.reason)}`);
  }
  if (report.problems.length > 0) {
    out.push('', `**${report.problems.length} golden entr${report.problems.length === 1 ? 'y' : 'ies'} could not be used:**`);
    for (const p of report.problems) out.push(`- ${markdownCell(p)}`);
  }
  return out.join('\n');
}

/** One bar per loop: F1, then precision and recall, so a change in one shows beside the others. */
function chart(report: EvalReport): string[] {
  const width = Math.max(...report.loops.map((l) => [...l.loop].length), 'recall'.length);
  const bar = (v: number | null) => (v === null ? `${'·'.repeat(BAR)}    —` : `${'█'.repeat(Math.round(v * BAR)).padEnd(BAR, '░')} ${v.toFixed(2)}`);
  const lines: string[] = [];
  for (const { loop, totals } of report.loops) {
    lines.push(`${loop.padEnd(width)}  F1        ${bar(totals.f1)}`);
    lines.push(`${''.padEnd(width)}  precision ${bar(totals.precision)}`);
    lines.push(`${''.padEnd(width)}  recall    ${bar(totals.recall)}`);
  }
  // The chart sits in a code block: nothing in it may close the block.
  return lines.map((l) => l.replace(/`/g, "'"));
}

function notes(t: LoopTotals): string {
  const parts = [`${t.cases} pull request(s) judged`];
  if (t.failed > 0) parts.push(`**${t.failed} failed** (left out of the totals)`);
  if (t.notRun > 0) parts.push(`${t.notRun} not run`);
  if (t.unjudged > 0) parts.push(`${t.unjudged} candidate(s) the judge left unjudged (not counted as true positives)`);
  if (t.uncertain > 0) parts.push(`${t.uncertain} the judge was uncertain about (not counted as true positives)`);
  parts.push(`judge ${formatCost(t.judgeCostUsd)}`, `${formatDuration(t.wallMs)} of reviews`);
  return `${parts.join(' · ')}.`;
}

function status(c: CaseResult): string {
  if (c.status === 'judged') return c.reviewStatus === 'partial' ? 'judged (partial review)' : 'judged';
  return `${c.status}${c.error ? `: ${markdownCell(c.error)}` : ''}`;
}
