/**
 * What the makers and the checker of a generic loop answer (validated structured output). A
 * maker proposes typed outputs; nothing is written until the engine has dropped what the loop
 * does not declare, the checker has verified the rest and the plan has capped it. A leaf: the
 * engine and the dry run import it.
 */
import { z } from 'zod';
import { Severity } from '../loop/schema.js';
import { verdictSchema } from './review.js';

const Reason = z.string().min(1).max(1000).describe('Why, citing the event context.');

export const GenericProposal = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('finding'),
    severity: Severity,
    title: z.string().min(1).max(200).describe('One line: what is wrong.'),
    detail: z.string().min(1).max(4000).describe('The evidence, citing the context.'),
    path: z.string().min(1).max(500).optional().describe('The file it is in, when there is one.'),
    line: z.number().int().positive().optional(),
    reason: Reason
  }),
  z.strictObject({
    kind: z.literal('comment'),
    body: z.string().min(1).max(6000).describe('Markdown comment on the issue or pull request the event is about.'),
    reason: Reason
  }),
  z.strictObject({ kind: z.literal('label'), label: z.string().min(1).max(50).describe('A label from the allowed list.'), reason: Reason }),
  z.strictObject({ kind: z.literal('issue'), title: z.string().min(1).max(200), body: z.string().min(1).max(8000), reason: Reason }),
  z.strictObject({ kind: z.literal('release_notes'), body: z.string().min(1).max(12000).describe('Markdown appended to the release body.'), reason: Reason })
]);
export type GenericProposal = z.infer<typeof GenericProposal>;
export type GenericKind = GenericProposal['kind'];
export const GENERIC_KINDS = ['finding', 'comment', 'label', 'issue', 'release_notes'] as const satisfies readonly GenericKind[];

export const GenericMakerOutput = z.strictObject({
  summary: z.string().max(2000).describe('A few sentences on what the event is and what you found.'),
  proposals: z.array(GenericProposal).max(30)
});
export type GenericMakerOutput = z.infer<typeof GenericMakerOutput>;

export const GenericVerdict = verdictSchema('proposal', 'context');
export type GenericVerdict = z.infer<typeof GenericVerdict>;

export const GenericCheckerOutput = z.strictObject({ verdicts: z.array(GenericVerdict) });
export type GenericCheckerOutput = z.infer<typeof GenericCheckerOutput>;
