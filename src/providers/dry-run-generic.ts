/**
 * The dry run's generic loop: proposals read from the event's context by the review's pattern
 * rules (findings in the lines a diff adds), a comment and release notes made of the context's
 * own lines, a label that the context names, an issue when there are findings, every feedback
 * item as a lesson; a checker that
 * confirms what it can find again in the context. Deterministic and offline: a demo of the plan.
 */
import type { GenericCheckerOutput, GenericKind, GenericMakerOutput, GenericProposal, GenericVerdict } from '../answers/generic.js';
import { readDiffFileHeader } from '../diff/index.js';
import { appliesTo, matches, RULES } from './dry-run-rules.js';
import type { TaskGenericProposal, TaskSection } from './types.js';

const MAX_FINDINGS = 10;
const MAX_NOTES = 20;
const CONFIDENT = 0.9;
const UNSURE = 0.5;
const REASON = 'Dry run, no model: read from the event context by fixed rules.';

export function dryRunGeneric(
  title: string,
  sections: TaskSection[],
  kinds: string[],
  labels: string[],
  objections: string[],
  lessons: readonly string[] = []
): GenericMakerOutput {
  const may = (kind: GenericKind) => kinds.includes(kind);
  const proposals: GenericProposal[] = [];
  const findings = findingsIn(sections);
  if (may('finding')) proposals.push(...findings);
  if (may('label')) {
    const label = labels.find((l) => mentioned(sections, l));
    if (label) proposals.push({ kind: 'label', label, reason: `The context mentions "${label}".` });
  }
  if (may('comment'))
    proposals.push({
      kind: 'comment',
      body: `Dry run, no model: LoopKit read ${sections.length} part(s) of the context of ${title}: ${sections.map((s) => s.name).join(', ') || 'none'}.`,
      reason: REASON
    });
  if (may('issue') && findings.length > 0) {
    proposals.push({
      kind: 'issue',
      title: `${findings.length} finding(s) in ${title}`.slice(0, 200),
      body: findings.map((f) => `- ${f.severity}: ${f.title}${f.path ? ` (${f.path}:${f.line})` : ''}`).join('\n'),
      reason: REASON
    });
  }
  if (may('release_notes')) {
    const notes = sections
      .flatMap((s) =>
        s.text
          .split('\n')
          .filter((l) => /^\s*[-*] \S/.test(l))
          .map((l) => l.trim())
      )
      .slice(0, MAX_NOTES);
    if (notes.length > 0) proposals.push({ kind: 'release_notes', body: `## What changed (dry run)\n\n${notes.join('\n')}`, reason: REASON });
  }
  // A learning loop: every feedback item, as a lesson (their words are fixed; the dry run only shows which would be kept).
  if (may('lesson')) for (const item of lessons.slice(0, MAX_NOTES)) proposals.push({ kind: 'lesson', item, reason: REASON });
  const kept = proposals.filter(
    (p) =>
      !objections.some(
        (o) =>
          o.startsWith(`${p.kind} `) &&
          o.includes(
            JSON.stringify(p.kind === 'label' ? p.label : p.kind === 'finding' || p.kind === 'issue' ? p.title : p.kind === 'lesson' ? p.item : p.body).slice(
              1,
              40
            )
          )
      )
  );
  const summary = `Dry run, no model: ${kept.length} proposal(s) from fixed rules over ${sections.length} part(s) of the context of ${title}.`;
  // A run that may propose nothing has no `proposals` in its answer schema.
  return kinds.length > 0 ? { summary, proposals: kept } : { summary };
}

export function dryRunVerifyGeneric(proposals: TaskGenericProposal[], sections: TaskSection[]): GenericCheckerOutput {
  return { verdicts: proposals.map((p) => verdictFor(p, sections)) };
}

function verdictFor(p: TaskGenericProposal, sections: TaskSection[]): GenericVerdict {
  const verdict = (kind: GenericVerdict['verdict'], confidence: number, evidence: string): GenericVerdict => ({
    id: p.id,
    verdict: kind,
    confidence,
    evidence
  });
  if (p.kind === 'finding') {
    const again = findingsIn(sections).some((f) => p.text.startsWith(f.title));
    return again
      ? verdict('confirmed', CONFIDENT, 'Checked the context: the added line matches the pattern the finding names.')
      : verdict('uncertain', UNSURE, 'No known pattern in the added lines matches this finding.');
  }
  if (p.kind === 'label')
    return mentioned(sections, p.text)
      ? verdict('confirmed', CONFIDENT, `The context mentions "${p.text}".`)
      : verdict('refuted', CONFIDENT, `The context never mentions "${p.text}".`);
  return verdict('confirmed', CONFIDENT, 'Checked the context: the text is made of what the context says.');
}

/** Findings of the pattern rules on the lines the context's diff adds (its file headers: diff/file-header.ts). */
function findingsIn(sections: TaskSection[]): Extract<GenericProposal, { kind: 'finding' }>[] {
  const out: Extract<GenericProposal, { kind: 'finding' }>[] = [];
  for (const section of sections) {
    let path = '';
    let line = 0;
    for (const text of section.text.split('\n')) {
      const file = readDiffFileHeader(text);
      if (file) {
        path = file.path;
        line = 0;
        continue;
      }
      const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)/.exec(text);
      if (hunk) {
        line = Number(hunk[1]);
        continue;
      }
      if (text.startsWith('-')) continue;
      if (text.startsWith('+') && path) {
        const rule = RULES.find((r) => appliesTo(r, path) && matches(r, text.slice(1)));
        if (rule && out.length < MAX_FINDINGS)
          out.push({
            kind: 'finding',
            severity: rule.severity,
            title: rule.claim,
            detail: `${path}:${line} adds \`${text.slice(1).trim().slice(0, 200)}\`. ${rule.why}`,
            path,
            line,
            reason: rule.why
          });
      }
      if (line > 0) line++;
    }
  }
  return out;
}

function mentioned(sections: TaskSection[], word: string): boolean {
  const pattern = new RegExp(`\\b${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i');
  return sections.some((s) => pattern.test(s.text));
}
