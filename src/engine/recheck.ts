/**
 * Re-verification at a new head: the open findings of earlier reviews whose file changed are put
 * to the checkers explicitly ("is this still present? cite the code"), batched, on the cached
 * prefix of the batch that holds their file, through the one rounds runner (rounds.ts: its chunks,
 * its retries of a left-out id or a failed call, its combined verdicts, the run's budgets). Only
 * checker calls: the makers of the batch are not asked. A refutation is the only thing that
 * closes a finding as fixed (engine/lifecycle.ts); no verdict leaves it open.
 */
import type { Agent, Severity } from '../loop/schema.js';
import type { Category, CheckerOutput, MakerOutput } from '../answers/review.js';
import type { Finding } from './finding.js';
import type { Recheck } from './lifecycle.js';
import { excerpt, fence } from './prompts.js';
import { emptyState, runRounds, type BatchPreset, type RoundsContext } from './rounds.js';

/** An open finding of an earlier review, as the state document keeps it. */
export interface RecheckItem {
  fingerprint: string;
  path: string;
  line?: number | undefined;
  severity: Severity;
  category?: Category | undefined;
  claim: string;
  quote?: string | undefined;
}

/** A finding asked about again: where its quoted code is at the head, if it is still there. */
interface Asked {
  finding: Finding;
  item: RecheckItem;
}

/**
 * Asks the checkers about `items` (all on the batch's files) in the batch's cached prefix. Failures
 * and budget stops are the run's reasons (the review is then partial); the verdicts are answered.
 */
export async function recheckBatch(
  preset: BatchPreset<MakerOutput, unknown, Finding, CheckerOutput, true>,
  items: readonly RecheckItem[],
  ctx: RoundsContext<Finding>,
  read: (path: string) => Promise<string | null>,
  radius: number
): Promise<Recheck[]> {
  if (items.length === 0) return [];
  const asked: Asked[] = items.map((item, i) => ({ item, finding: asFinding(item, `B${preset.index}R0F${i + 1}`) }));
  const loop = ctx.loaded.loop;
  // No makers and one round: what is asked is the checkers' verdict on these findings alone.
  const checkersOnly = { ...ctx.loaded, loop: { ...loop, pipeline: [], ...(loop.verify ? { verify: { ...loop.verify, autoRetry: false } } : {}) } };
  const state = emptyState<Finding>();
  await runRounds(
    {
      ...preset,
      checker: async (checker, chunk, round) => {
        const base = await preset.checker(checker, chunk, round);
        const mine = asked.filter((a) => chunk.includes(a.finding));
        const texts = await Promise.all(mine.map((a) => read(a.item.path)));
        return {
          ...base,
          prompt: recheckPrompt(
            checker,
            mine.map((a, i) => ({ ...a, code: codeNow(a.item, texts[i] ?? null, radius) }))
          )
        };
      }
    },
    { ...ctx, loaded: checkersOnly, state },
    asked.map((a) => a.finding)
  );
  for (const reason of state.reasons) ctx.state.reasons.add(reason);
  ctx.state.failures.push(...state.failures);
  if (state.unsettled.size > 0) ctx.state.unsettled.add(preset.index);
  return asked.map(({ item, finding }) => ({ fingerprint: item.fingerprint, ...(finding.verdict ? { verdict: finding.verdict.kind } : {}) }));
}

function asFinding(item: RecheckItem, id: string): Finding {
  const line = item.line ?? 1;
  return {
    path: item.path,
    line,
    side: 'RIGHT',
    quote: item.quote ?? '',
    severity: item.severity,
    category: item.category ?? 'bug',
    claim: item.claim,
    evidence: 'Posted on an earlier commit of this pull request.',
    id,
    fingerprint: item.fingerprint,
    sources: ['earlier review'],
    anchor: { ok: true, path: item.path, line, side: 'RIGHT' },
    round: 0
  };
}

/** The code at the head where the quoted line is now (it may have moved), else where it was. */
function codeNow(item: RecheckItem, text: string | null, radius: number): { text: string; quoteFound: boolean } | undefined {
  if (text === null) return undefined;
  const quote = item.quote?.trim();
  const lines = text.split('\n');
  const at = quote ? lines.findIndex((l) => l.trim() === quote) : -1;
  const line = at >= 0 ? at + 1 : Math.min(item.line ?? 1, lines.length);
  return { text: excerpt(text, line, radius), quoteFound: at >= 0 };
}

export function recheckPrompt(agent: Agent, asked: (Asked & { code: { text: string; quoteFound: boolean } | undefined })[]): string {
  const parts = [
    `## Your role: ${agent.label} (checker)`,
    agent.prompt.trim(),
    'Each finding below was posted on an earlier commit of this pull request, and its file has changed since. Is it still present at the head commit? Cite the code. Confirm it when the code still has the problem (quote that line); refute it only when the code shows it is gone (quote the code that fixed it); otherwise say uncertain. A change near it is not a fix by itself. Findings are claims, not facts.'
  ];
  for (const { finding: f, item, code } of asked) {
    const lines = [
      `### ${f.id} · ${f.severity} · ${f.category}`,
      fence(`finding ${f.id}`, `Posted at: ${item.path}${item.line ? `:${item.line}` : ''}\nClaim: ${f.claim}\nQuoted line then: ${f.quote}`)
    ];
    if (code) {
      const where = code.quoteFound
        ? 'Code around the quoted line at the head commit'
        : 'The quoted line is not in the file at the head commit; the code where it was';
      lines.push(`${where}:\n${fence(`code ${item.path}`, code.text)}`);
    } else lines.push('The file could not be read at the head commit: judge from the diff above.');
    parts.push(lines.join('\n'));
  }
  parts.push(`Answer with \`verdicts\`: one verdict for each of ${asked.map((a) => a.finding.id).join(', ')}; leave \`findings\` empty.`);
  return parts.join('\n\n');
}
