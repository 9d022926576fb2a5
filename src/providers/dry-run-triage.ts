/**
 * The dry run's triage: labels, type, priority, missing information and duplicates read from the
 * issue text by a few keyword rules, and a checker that applies the same rules to the proposals.
 * Deterministic and offline; plausible for a demo and a test, not a classifier.
 */
import type { IssueProposal, TriageCheckerOutput, TriageMakerOutput, TriageVerdict } from '../answers/triage.js';
import type { TaskIssue, TaskProposal, TaskRecentIssue } from './types.js';

interface LabelRule {
  /** Label names (lower case) the rule stands for. */
  names: readonly string[];
  pattern: RegExp;
  cue: string;
}

const LABEL_RULES: readonly LabelRule[] = [
  {
    names: ['bug'],
    pattern: /\b(?:crash(?:es|ed)?|error|exception|stack ?trace|broken|fails?|failing|regression|bug)\b|doesn't work|does not work/i,
    cue: 'a failure'
  },
  {
    names: ['enhancement', 'feature', 'feature-request'],
    pattern: /\b(?:feature|would be (?:nice|great)|please add|support for|request|enhancement)\b/i,
    cue: 'a request for something new'
  },
  { names: ['question'], pattern: /\bhow (?:do|can|to)\b|\bquestion\b|\bis it possible\b/i, cue: 'a question' },
  { names: ['documentation', 'docs'], pattern: /\b(?:docs?|documentation|readme|typo|guide)\b/i, cue: 'the documentation' },
  { names: ['security'], pattern: /\b(?:xss|injection|vulnerab\w*|cve-\d+|security)\b/i, cue: 'a security problem' },
  { names: ['performance'], pattern: /\b(?:slow|performance|latency|memory leak)\b/i, cue: 'speed or memory' }
];
const NEEDS_INFO = ['needs-info', 'needs info', 'more-info-needed', 'needs-more-info'];
const DUPLICATE = ['duplicate'];
const DUPLICATE_SIMILARITY = 0.5;
const REPLY_MAX = 600;
const CONFIDENT = 0.9;
const UNSURE = 0.5;

const STOP_WORDS = new Set(['the', 'and', 'for', 'with', 'when', 'from', 'that', 'this', 'not', 'does', 'are', 'was', 'can', 'into', 'after']);

export function dryRunTriage(issues: TaskIssue[], labels: string[], recent: TaskRecentIssue[], objections: string[]): TriageMakerOutput {
  const objected = (issue: number, kind: string, value: string) => objections.some((o) => o.startsWith(`issue #${issue} ${kind} ${JSON.stringify(value)}`));
  return {
    issues: issues.map((issue): IssueProposal => {
      const reading = read(issue, recent);
      const proposal: IssueProposal = {
        issue: issue.number,
        labels: labels
          .filter((name) => labelHolds(name, reading))
          .filter((name) => !objected(issue.number, 'label', name))
          .map((name) => ({ name, reason: `Dry run, no model: the text points to ${cueOf(name) ?? 'this label'}.` }))
      };
      proposal.type = { value: reading.type, reason: `Dry run, no model: keyword rules read it as a ${reading.type}.` };
      proposal.priority = { value: reading.priority, reason: `Dry run, no model: keyword rules rate it ${reading.priority}.` };
      if (reading.duplicate)
        proposal.duplicate = { of: reading.duplicate, evidence: `Dry run, no model: its title shares most words with #${reading.duplicate}.` };
      if (reading.missing.length > 0) proposal.missing = { items: reading.missing, reason: 'Dry run, no model: the text gives none of these.' };
      proposal.comment = replyOf(reading);
      return proposal;
    })
  };
}

export function dryRunVerifyTriage(proposals: TaskProposal[], issues: TaskIssue[], recent: TaskRecentIssue[]): TriageCheckerOutput {
  return { verdicts: proposals.map((p) => verdictFor(p, issues, recent)) };
}

interface Reading {
  text: string;
  type: 'bug' | 'feature' | 'question' | 'docs' | 'other';
  priority: 'critical' | 'high' | 'medium' | 'low';
  missing: string[];
  duplicate?: number;
}

function read(issue: TaskIssue, recent: TaskRecentIssue[]): Reading {
  const text = [issue.title, issue.body, ...issue.comments].join('\n');
  const holds = (name: string) => LABEL_RULES.find((r) => r.names.includes(name))!.pattern.test(text);
  const type = holds('bug') ? 'bug' : holds('enhancement') ? 'feature' : holds('question') ? 'question' : holds('documentation') ? 'docs' : 'other';
  const priority =
    holds('security') || /\bdata loss\b/i.test(text) ? 'critical' : type === 'bug' && /\bcrash/i.test(text) ? 'high' : type === 'bug' ? 'medium' : 'low';
  const missing: string[] = [];
  if (type === 'bug') {
    if (!/\b(?:steps|reproduce|repro)\b|^\s*1\.|```/im.test(text)) missing.push('steps to reproduce');
    if (!/\bversion\b|\bv?\d+\.\d+(?:\.\d+)?\b/i.test(text)) missing.push('the version in use');
    if (!/\bexpected\b/i.test(text)) missing.push('what was expected instead');
  }
  const best = recent
    .filter((r) => r.number !== issue.number)
    .map((r) => ({ number: r.number, score: similarity(issue.title, r.title) }))
    .sort((a, b) => b.score - a.score || a.number - b.number)[0];
  return { text, type, priority, missing, ...(best && best.score >= DUPLICATE_SIMILARITY ? { duplicate: best.number } : {}) };
}

function labelHolds(name: string, reading: Reading): boolean {
  const key = name.toLowerCase();
  if (NEEDS_INFO.includes(key)) return reading.missing.length > 0;
  if (DUPLICATE.includes(key)) return reading.duplicate !== undefined;
  const rule = LABEL_RULES.find((r) => r.names.includes(key));
  return rule !== undefined && rule.pattern.test(reading.text);
}

function cueOf(name: string): string | undefined {
  const key = name.toLowerCase();
  if (NEEDS_INFO.includes(key)) return 'information that is missing';
  if (DUPLICATE.includes(key)) return 'an earlier issue about the same thing';
  return LABEL_RULES.find((r) => r.names.includes(key))?.cue;
}

function replyOf(reading: Reading): string {
  const parts = [`Thanks for opening this. It reads as a ${reading.type === 'other' ? 'general report' : reading.type} of ${reading.priority} priority.`];
  if (reading.missing.length > 0) parts.push(`To act on it, please add ${reading.missing.join(', ')}.`);
  if (reading.duplicate) parts.push(`It may be the same as #${reading.duplicate}.`);
  return parts.join(' ');
}

function verdictFor(p: TaskProposal, issues: TaskIssue[], recent: TaskRecentIssue[]): TriageVerdict {
  const verdict = (kind: TriageVerdict['verdict'], confidence: number, evidence: string): TriageVerdict => ({ id: p.id, verdict: kind, confidence, evidence });
  const issue = issues.find((i) => i.number === p.issue);
  if (!issue) return verdict('refuted', CONFIDENT, `Checked: issue #${p.issue} is not among the issues shown.`);
  const reading = read(issue, recent);
  switch (p.kind) {
    case 'label': {
      if (!cueOf(p.label)) return verdict('uncertain', UNSURE, `Checked #${p.issue}: no rule says what "${p.label}" means.`);
      return labelHolds(p.label, reading)
        ? verdict('confirmed', CONFIDENT, `Checked #${p.issue}: the text points to ${cueOf(p.label)}.`)
        : verdict('refuted', CONFIDENT, `Checked #${p.issue}: nothing in the text points to ${cueOf(p.label)}.`);
    }
    case 'type':
      return p.type === reading.type
        ? verdict('confirmed', CONFIDENT, `Checked #${p.issue}: it reads as a ${reading.type}.`)
        : verdict('refuted', CONFIDENT, `Checked #${p.issue}: it reads as a ${reading.type}, not a ${p.type}.`);
    case 'priority':
      return p.priority === reading.priority
        ? verdict('confirmed', CONFIDENT, `Checked #${p.issue}: ${reading.priority} fits what it describes.`)
        : verdict('uncertain', UNSURE, `Checked #${p.issue}: ${reading.priority} would fit better than ${p.priority}.`);
    case 'duplicate': {
      const of = p.of;
      const original = recent.find((r) => r.number === of) ?? issues.find((i) => i.number === of);
      const score = original ? similarity(issue.title, original.title) : 0;
      return score >= DUPLICATE_SIMILARITY
        ? verdict('confirmed', CONFIDENT, `Checked #${p.issue} against #${of}: the titles describe the same thing.`)
        : verdict('refuted', CONFIDENT, `Checked #${p.issue} against #${of}: the titles describe different things.`);
    }
    case 'missing': {
      const claimed = p.items;
      return claimed.every((item) => reading.missing.includes(item))
        ? verdict('confirmed', CONFIDENT, `Checked #${p.issue}: the text gives none of ${claimed.join(', ')}.`)
        : verdict('refuted', CONFIDENT, `Checked #${p.issue}: the text already gives some of ${claimed.join(', ')}.`);
    }
    case 'comment':
      return p.body.length <= REPLY_MAX && !/@\w/.test(p.body) && !/\b(?:will (?:be )?fix|guarantee|promise)/i.test(p.body)
        ? verdict('confirmed', CONFIDENT, `Checked #${p.issue}: the reply is short, factual and promises nothing.`)
        : verdict('refuted', CONFIDENT, `Checked #${p.issue}: the reply is too long, mentions someone or promises something.`);
  }
}

/** Shared significant words of two titles over all of them (Jaccard). */
function similarity(a: string, b: string): number {
  const words = (s: string) =>
    new Set(
      s
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter((w) => w.length >= 3 && !STOP_WORDS.has(w))
    );
  const x = words(a);
  const y = words(b);
  if (x.size === 0 || y.size === 0) return 0;
  const shared = [...x].filter((w) => y.has(w)).length;
  return shared / (x.size + y.size - shared);
}
