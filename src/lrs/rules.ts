/**
 * The Loop Readiness Score rules: every dimension, its weight and the criteria that earn its
 * points. The scorer takes its points from this table and the table in docs/lrs.md is rendered from it,
 * so what users read is what the code does.
 */

export interface CriterionRule {
  readonly points: number;
  /** What earns the points, as docs/lrs.md states it. */
  readonly earns: string;
}

export interface DimensionRule {
  readonly name: string;
  /** Equals the sum of the criteria's points; kept explicit so the weights read at a glance. */
  readonly weight: number;
  readonly criteria: Readonly<Record<string, CriterionRule>>;
  readonly blockers: readonly string[];
}

export const RULES = {
  // 15: without a measurable criterion nothing can say whether an unattended run succeeded.
  goal: {
    name: 'Quantifiable goal',
    weight: 15,
    criteria: {
      description: { points: 6, earns: 'a `description` of 8+ words that states the goal (a repeated name or a few words earn little)' },
      passCriterion: {
        points: 9,
        earns: 'a measurable pass criterion: `verify.passThreshold` set explicitly or a severity gate `failOn` (the default threshold earns a third)'
      }
    },
    blockers: []
  },
  // 15: a loop without bounds is the one failure whose cost has no ceiling.
  termination: {
    name: 'Termination',
    weight: 15,
    criteria: {
      rounds: { points: 6, earns: '`verify` bounds the run to `maxRounds` rounds' },
      cap: {
        points: 9,
        earns:
          '`budget.maxIterations` or `budget.maxDurationMinutes` caps the run, and every tool connector (`repository`, `mcp`) declares `maxCalls` (else a third is lost)'
      }
    },
    blockers: ['no bound at all: no `verify`, no `budget.maxIterations`, no `budget.maxDurationMinutes`']
  },
  // 20, the largest: an independent, adversarial checker is what lets findings go out unread.
  verification: {
    name: 'Verification',
    weight: 20,
    criteria: {
      present: { points: 4, earns: '`verify` is configured' },
      separate: { points: 7, earns: 'the checker resolves to an agent that is not one of the makers' },
      adversarial: {
        points: 6,
        earns: 'the checker prompt asks it to refute (refute, disprove, challenge, verify, evidence, false positive, skeptic; two cues, 40+ characters)'
      },
      independentModel: { points: 3, earns: 'the checker runs on a different model from the makers' }
    },
    blockers: ['the checker is also a maker (caps at D instead when `enforceMakerChecker` is off)']
  },
  // 10: the defaults already recover sensibly (neutral, partial), so declaring them adds less.
  recovery: {
    name: 'Failure recovery',
    weight: 10,
    criteria: {
      retry: { points: 5, earns: '`verify.autoRetry` with `maxRounds` of 2 or more' },
      providerError: { points: 3, earns: '`onError.provider: neutral` declared (undeclared default earns half)' },
      budgetStop: { points: 2, earns: '`onError.budget: partial` declared (undeclared default earns half)' }
    },
    blockers: []
  },
  // 15: caps are what stop a loop that is bounded but expensive.
  budget: {
    name: 'Budget control',
    weight: 15,
    criteria: {
      maxTokens: { points: 4, earns: '`budget.maxTokens` set' },
      maxCostUsd: { points: 5, earns: '`budget.maxCostUsd` set' },
      maxDurationMinutes: { points: 2, earns: '`budget.maxDurationMinutes` set' },
      fit: {
        points: 4,
        earns:
          'the caps fit (makers + checker) × rounds calls: per call at least what the engine reserves for its smallest call on the loop’s model and effort (a 2,000-token prompt, thinking and a short answer), `maxIterations` no fewer than the calls, at most $50 and 10M tokens per run and 6 hours'
      }
    },
    blockers: ['`budget.maxCostUsd` on a model that has no price in LoopKit’s model table (it would be billed at a guess)']
  },
  // 15: autonomy needs a way out: when the checker keeps rejecting, a human must hear of it.
  human: {
    name: 'Human intervention',
    weight: 15,
    criteria: {
      escalation: { points: 9, earns: '`escalation` with a `label` or `reviewers` behind `verify` (`comment` alone earns part)' },
      writes: {
        points: 6,
        earns:
          'writes declared and bounded: read-only, or `outputs` with `escalation`; a triage loop declares `outputs.labels`; reviews are COMMENT only; a generic loop writes nothing but its `outputs` (issues at most `max` per event, 1 when unset), and a comment or labels only when an event of it is about an issue or pull request (else half); half is lost for each MCP server whose `tools` is "*" and each that writes (`writes: true`) besides the outputs'
      }
    },
    blockers: []
  },
  // 10: lost state is noisy (repeated comments) but visible, and the output caps bound it.
  state: {
    name: 'State persistence',
    weight: 10,
    criteria: {
      store: {
        points: 10,
        earns: 'a `memory` store that survives where the loop runs: `cache` in the Action, `filesystem` in the CLI (filesystem in the Action earns a fifth)'
      }
    },
    blockers: []
  }
} as const satisfies Record<string, DimensionRule>;

export type DimensionId = keyof typeof RULES;
export type CriterionId<D extends DimensionId> = keyof (typeof RULES)[D]['criteria'] & string;

/** Table order: the order dimensions are scored, reported and rendered in. */
export const DIMENSION_IDS = Object.keys(RULES) as DimensionId[];

/** Blockers that belong to the file rather than to a dimension. */
export const FILE_BLOCKERS: readonly string[] = [
  "a literal secret anywhere in the file: an Anthropic key, a GitHub token, an AWS key, or a 16+ character `api_key`/`token`/`secret`/`password` value that is not `${{ secrets.X }}`; an MCP server's `env` or `headers` credential (authorization, token, key, password…) without `${{ secrets.X }}`"
];

/** The rules as a markdown table for docs/lrs.md. */
export function renderRuleTable(): string {
  const rows = DIMENSION_IDS.map((id) => {
    const rule: DimensionRule = RULES[id];
    const earns = Object.values(rule.criteria)
      .map((c) => `**${c.points}** ${c.earns}`)
      .join('<br>');
    return `| ${rule.name} | ${rule.weight} | ${earns} | ${rule.blockers.join('<br>') || '—'} |`;
  });
  const total = DIMENSION_IDS.reduce((sum, id) => sum + RULES[id].weight, 0);
  return [
    '| Dimension | Weight | What earns the points | Blockers (grade F) |',
    '| --- | ---: | --- | --- |',
    ...rows,
    `| Whole file | — | — | ${FILE_BLOCKERS.join('<br>')} |`,
    `| **Total** | **${total}** | | |`
  ].join('\n');
}
