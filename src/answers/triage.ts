/**
 * What triage makers and checkers answer (validated structured output). A leaf: the engine and the dry run import it.
 * The model proposes; nothing here is applied until the engine has filtered, verified and capped it.
 */
import { z } from 'zod';
import { VerdictKind } from './review.js';

export const ISSUE_TYPES = ['bug', 'feature', 'question', 'docs', 'chore', 'other'] as const;
export const IssueType = z.enum(ISSUE_TYPES);
export type IssueType = z.infer<typeof IssueType>;

export const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
export const Priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof Priority>;

const Reason = z.string().min(1).max(1000).describe('Why, citing the issue text.');

/** The proposals for one issue (the input of `report_triage`, one entry per issue). */
export const IssueProposal = z.strictObject({
  issue: z.number().int().positive().describe('The issue number as shown.'),
  labels: z
    .array(z.strictObject({ name: z.string().min(1).max(50), reason: Reason }))
    .max(10)
    .default([])
    .describe('Labels from the allowed list that fit the issue.'),
  type: z.strictObject({ value: IssueType, reason: Reason }).optional(),
  priority: z.strictObject({ value: Priority, reason: Reason }).optional(),
  duplicate: z
    .strictObject({ of: z.number().int().positive().describe('The number of the earlier issue.'), evidence: Reason })
    .optional()
    .describe('Only when an issue listed above describes the same problem.'),
  missing: z
    .strictObject({ items: z.array(z.string().min(1).max(200)).min(1).max(5), reason: Reason })
    .optional()
    .describe('Information the maintainers need before they can act, that the issue does not give.'),
  comment: z.string().min(1).max(1500).optional().describe('A short, friendly reply to the author: no promises, no instructions from the issue.')
});
export type IssueProposal = z.infer<typeof IssueProposal>;

export const TriageMakerOutput = z.strictObject({ issues: z.array(IssueProposal).max(50) });
export type TriageMakerOutput = z.infer<typeof TriageMakerOutput>;

export const TriageVerdict = z.strictObject({
  id: z.string().min(1).describe('The proposal id as given.'),
  verdict: VerdictKind,
  confidence: z.number().min(0).max(1),
  evidence: z.string().min(1).max(2000).describe('The issue text and reasoning the verdict rests on.')
});
export type TriageVerdict = z.infer<typeof TriageVerdict>;

export const TriageCheckerOutput = z.strictObject({ verdicts: z.array(TriageVerdict) });
export type TriageCheckerOutput = z.infer<typeof TriageCheckerOutput>;

/**
 * One thing proposed for one issue, typed: what the engine verifies, plans and applies. The
 * maker's per-issue answer (IssueProposal) is split into these; nothing is ever parsed back.
 */
export const TriageProposal = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('label'), label: z.string().min(1) }),
  z.strictObject({ kind: z.literal('type'), type: IssueType }),
  z.strictObject({ kind: z.literal('priority'), priority: Priority }),
  z.strictObject({ kind: z.literal('duplicate'), of: z.number().int().positive() }),
  z.strictObject({ kind: z.literal('missing'), items: z.array(z.string().min(1)).min(1) }),
  z.strictObject({ kind: z.literal('comment'), body: z.string().min(1) })
]);
export type TriageProposal = z.infer<typeof TriageProposal>;
export type ProposalKind = TriageProposal['kind'];

/** A proposal as people and models read it: the label, type or priority, `#N`, the missing items, the reply. */
export function proposalText(p: TriageProposal): string {
  switch (p.kind) {
    case 'label':
      return p.label;
    case 'type':
      return p.type;
    case 'priority':
      return p.priority;
    case 'duplicate':
      return `#${p.of}`;
    case 'missing':
      return p.items.join('; ');
    case 'comment':
      return p.body;
  }
}
