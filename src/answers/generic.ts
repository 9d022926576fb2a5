/**
 * What the makers and the checker of a generic loop answer (validated structured output). A
 * maker proposes typed outputs, of the kinds its run may write only; nothing is written until
 * the checker has verified them and the plan has capped them. A leaf: the engine and the dry run
 * import it.
 */
import { z } from 'zod';
import { Severity } from '../loop/schema.js';
import { verdictSchema } from './review.js';

const Reason = z.string().min(1).max(1000).describe('Why, citing the event context.');

/** Each kind of output a maker can propose, by its `kind`. */
const PROPOSALS = {
  finding: z.strictObject({
    kind: z.literal('finding'),
    severity: Severity,
    title: z.string().min(1).max(200).describe('One line: what is wrong.'),
    detail: z.string().min(1).max(4000).describe('The evidence, citing the context.'),
    path: z.string().min(1).max(500).optional().describe('The file it is in, when there is one.'),
    line: z.number().int().positive().optional(),
    reason: Reason
  }),
  comment: z.strictObject({
    kind: z.literal('comment'),
    body: z.string().min(1).max(6000).describe('Markdown comment on the issue or pull request the event is about.'),
    reason: Reason
  }),
  label: z.strictObject({ kind: z.literal('label'), label: z.string().min(1).max(50).describe('A label from the allowed list.'), reason: Reason }),
  issue: z.strictObject({ kind: z.literal('issue'), title: z.string().min(1).max(200), body: z.string().min(1).max(8000), reason: Reason }),
  release_notes: z.strictObject({
    kind: z.literal('release_notes'),
    body: z.string().min(1).max(12000).describe('Markdown appended to the release body.'),
    reason: Reason
  }),
  // A lesson names a feedback item; its words are LoopKit's own, built from what the maintainer did, never the model's.
  lesson: z.strictObject({
    kind: z.literal('lesson'),
    item: z.string().min(1).max(20).describe('The id of the feedback item the lesson is kept from, e.g. "L3".'),
    reason: Reason
  })
};
export type GenericKind = keyof typeof PROPOSALS;
/** Every kind, in the order plans and reports list them. */
export const GENERIC_KINDS = ['finding', 'comment', 'label', 'issue', 'release_notes', 'lesson'] as const satisfies readonly GenericKind[];

export const GenericProposal = z.discriminatedUnion('kind', [
  PROPOSALS.finding,
  PROPOSALS.comment,
  PROPOSALS.label,
  PROPOSALS.issue,
  PROPOSALS.release_notes,
  PROPOSALS.lesson
]);
export type GenericProposal = z.infer<typeof GenericProposal>;

const Summary = z.string().max(2000).describe('A few sentences on what the event is and what you found.');
const MAX_PROPOSALS = 30;

/** What a maker answers; `proposals` is absent when the run may propose nothing (see genericAnswers). */
export const GenericMakerOutput = z.strictObject({ summary: Summary, proposals: z.array(GenericProposal).max(MAX_PROPOSALS).optional() });
export type GenericMakerOutput = z.infer<typeof GenericMakerOutput>;

export const GenericVerdict = verdictSchema('proposal', 'context');
export type GenericVerdict = z.infer<typeof GenericVerdict>;

export const GenericCheckerOutput = z.strictObject({ verdicts: z.array(GenericVerdict) });
export type GenericCheckerOutput = z.infer<typeof GenericCheckerOutput>;

/**
 * The maker's schema of a run that may propose only `kinds`: a union of those kinds alone, so a
 * strict structured output cannot spend a call on a kind that would be dropped; with no kind at
 * all, no `proposals` field (a JSON schema strict on both APIs has no form for "an empty list").
 */
export function genericMakerSchema(kinds: readonly GenericKind[]): z.ZodObject & z.ZodType<GenericMakerOutput> {
  const [first, ...rest] = GENERIC_KINDS.filter((kind) => kinds.includes(kind)).map((kind) => PROPOSALS[kind]);
  if (!first) return z.strictObject({ summary: Summary });
  return z.strictObject({ summary: Summary, proposals: z.array(z.discriminatedUnion('kind', [first, ...rest])).max(MAX_PROPOSALS) });
}
