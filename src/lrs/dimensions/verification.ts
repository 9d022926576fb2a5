/**
 * Verification: a checker that is not one of the makers, briefed to refute their findings, and
 * ideally on another model so the two do not share blind spots.
 */
import { locateNearest } from '../locate.js';
import { met, short, type DimensionOutcome, type Judgement, type ScoringInput } from '../judgement.js';
import { makerMatching, type PlacedAgent } from '../roster.js';

const ADVERSARIAL_CUES: readonly { cue: string; pattern: RegExp }[] = [
  { cue: 'refute', pattern: /\brefut/i },
  { cue: 'disprove', pattern: /\bdisprov/i },
  { cue: 'challenge', pattern: /\bchalleng/i },
  { cue: 'verify', pattern: /\bverif/i },
  { cue: 'evidence', pattern: /\bevidence/i },
  { cue: 'false positive', pattern: /\bfalse[\s-]positive/i },
  { cue: 'skeptic', pattern: /\bs[ck]eptic/i }
];
/** Shorter than this, a prompt cannot brief a checker on what to doubt and how to show it. */
const MIN_PROMPT_CHARS = 40;

const ADD_VERIFY = 'Add `verify:` with a separate checker agent that tries to refute each finding';
const ADVERSARIAL_FIX = 'Tell the checker to try to refute each finding and to confirm only with evidence from the code (40+ characters)';
const SEPARATE_FIX = 'Give the checker its own agent under `agents:` with its own prompt, and leave it out of `verify.maker`';

export function scoreVerification({ source, ctx, roster }: ScoringInput): DimensionOutcome<'verification'> {
  if (roster.checkers.length === 0) {
    const none = short(0, undefined, ADD_VERIFY, ['verify']);
    return {
      judgements: {
        present: short(0, 'no `verify`: findings are posted as the makers wrote them', ADD_VERIFY, ['verify']),
        separate: none,
        adversarial: none,
        independentModel: none
      }
    };
  }
  const missing = roster.checkers.find((c): c is { missing: string } => 'missing' in c);
  if (missing) {
    const fix = 'Define the checker under `agents:` or write it inline in `verify.checker`';
    const unknown = short(0, undefined, fix, ['verify', 'checker']);
    return {
      judgements: {
        present: met(),
        separate: short(0, `the checker "${missing.missing}" is not an agent in \`agents\` or the pipeline`, fix, ['verify', 'checker']),
        adversarial: unknown,
        independentModel: unknown
      }
    };
  }

  // Several checkers must all confirm: the weakest brief decides, and one checker on another model is enough to catch what the makers' model misses.
  const placed = roster.checkers.map((c) => (c as { placed: PlacedAgent }).placed);
  const labels = placed.map((p) => `"${p.agent.label}"`).join(', ');
  const adversarial = placed.map(judgeAdversarial).sort((a, b) => a.fraction - b.fraction)[0]!;
  const models = placed.map((p) => judgeModel(p, roster.makers));
  const outcome: DimensionOutcome<'verification'> = {
    judgements: {
      present: met(),
      separate: met(
        placed.length > 1 ? `the ${placed.length} checkers (${labels}) are not makers, and all must confirm` : `the checker ${labels} is not a maker`
      ),
      adversarial,
      independentModel: models.find((m) => m.fraction === 1) ?? models[0]!
    }
  };
  const coinciding = placed.flatMap((p) => {
    const same = makerMatching(p, roster);
    return same ? [{ placed: p, same }] : [];
  })[0];
  if (!coinciding) return outcome;
  const { placed: checker, same } = coinciding;

  const message = same.twin
    ? `The checker "${checker.agent.label}" is the maker "${same.label}" under another name (same prompt and model)`
    : `The checker "${checker.agent.label}" is also a maker: it would verify its own findings`;
  outcome.judgements.separate = short(0, message.charAt(0).toLowerCase() + message.slice(1), SEPARATE_FIX, ['verify', 'checker']);
  if (ctx.enforceMakerChecker) {
    outcome.blockers = [{ id: 'checker-is-maker', message, fix: SEPARATE_FIX, location: locateNearest(source, ['verify', 'checker']) }];
  } else {
    outcome.caps = [{ grade: 'D', by: 'checker-is-maker' }];
    outcome.warnings = [`${message}; the grade is capped at D because enforceMakerChecker is off`];
  }
  return outcome;
}

function judgeAdversarial(checker: PlacedAgent): Judgement {
  const prompt = checker.agent.prompt.trim();
  const cues = ADVERSARIAL_CUES.filter((c) => c.pattern.test(prompt)).map((c) => c.cue);
  const share = cues.length >= 2 ? 1 : cues.length / 2;
  const at = [...checker.path, 'prompt'];
  if (prompt.length < MIN_PROMPT_CHARS) {
    return short(Math.min(share, 0.25), `the checker prompt is only ${prompt.length} characters`, ADVERSARIAL_FIX, at);
  }
  if (share === 1) return met(`the checker prompt is adversarial (${cues.join(', ')})`);
  const note = cues.length === 0 ? 'the checker prompt does not ask it to refute findings' : `the checker prompt has one adversarial cue (${cues[0]})`;
  return short(share, note, ADVERSARIAL_FIX, at);
}

function judgeModel(checker: PlacedAgent, makers: readonly PlacedAgent[]): Judgement {
  if (makers.every((m) => m.model !== checker.model)) return met(`it runs on ${checker.model}, unlike the makers`);
  return short(
    0,
    `it shares the model ${checker.model} with a maker`,
    'Give the checker a different `model:` from the makers so the two do not share blind spots',
    [...checker.path, 'model']
  );
}
