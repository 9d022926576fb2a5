/**
 * What review makers and checkers answer (validated structured output). A leaf: the engine and the
 * providers (the dry run answers in these forms) both import it, it imports nothing of theirs.
 */
import { z } from 'zod';
import { Side } from '../diff/types.js';
import { Severity } from '../loop/schema.js';

export const CATEGORIES = ['bug', 'security', 'performance', 'reliability', 'maintainability', 'testing', 'docs', 'style'] as const;
export const Category = z.enum(CATEGORIES);
export type Category = z.infer<typeof Category>;

/** One finding as a maker reports it (the input of the `report_findings` tool). */
export const MakerFinding = z.strictObject({
  path: z.string().min(1).describe('File path exactly as shown in the context.'),
  line: z.number().int().positive().describe('Line number shown in the context: new-file number on RIGHT, old-file number on LEFT.'),
  startLine: z.number().int().positive().optional().describe('First line of a multi-line range, same side and hunk as `line`.'),
  side: Side.default('RIGHT').describe('RIGHT for added or unchanged lines, LEFT for deleted lines.'),
  quote: z.string().describe('The exact code of `line` as shown, without the number prefix.'),
  severity: Severity,
  category: Category,
  claim: z.string().min(1).max(400).describe('One sentence: what is wrong.'),
  evidence: z.string().min(1).max(2000).describe('Why it is wrong, citing the code.'),
  fix: z.string().max(2000).optional().describe('How to fix it, in words.'),
  replacement: z.string().max(8000).optional().describe('Exact code that replaces lines startLine..line (or `line`) on RIGHT; omit when unsure.')
});
export type MakerFinding = z.infer<typeof MakerFinding>;

export const MakerOutput = z.strictObject({
  findings: z.array(MakerFinding).max(50),
  summary: z.string().max(2000).optional().describe('A short walkthrough of what the change does.')
});
export type MakerOutput = z.infer<typeof MakerOutput>;

export const VERDICTS = ['confirmed', 'refuted', 'uncertain'] as const;
export const VerdictKind = z.enum(VERDICTS);
export type VerdictKind = z.infer<typeof VerdictKind>;

/** A checker's verdict on one item, in the words of its loop: what an item is, what evidence rests on. */
export function verdictSchema(item: string, basis: string) {
  return z.strictObject({
    id: z.string().min(1).describe(`The ${item} id as given.`),
    verdict: VerdictKind,
    confidence: z.number().min(0).max(1),
    evidence: z.string().min(1).max(2000).describe(`The ${basis} and reasoning the verdict rests on.`),
    severity: Severity.optional().describe(`A lower severity, when the ${item} is real but overstated.`)
  });
}

export const CheckerVerdict = verdictSchema('finding', 'code');
export type CheckerVerdict = z.infer<typeof CheckerVerdict>;

export const CheckerOutput = z.strictObject({ verdicts: z.array(CheckerVerdict) });
export type CheckerOutput = z.infer<typeof CheckerOutput>;
