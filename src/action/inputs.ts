/**
 * The action's inputs, in one place: names, defaults and parsing. action.yml declares the same
 * names (a test keeps the two in step). Secrets are masked the moment they are read. The runner's
 * inputs are read through @actions/core; a test hands its own source.
 */
import * as core from '@actions/core';
import { Severity } from '../loop/schema.js';

export const INPUT_NAMES = [
  'github-token',
  'anthropic-api-key',
  'openai-api-key',
  'loop',
  'config',
  'model',
  'dry-run',
  'min-lrs',
  'fail-on',
  'max-comments',
  'cache-timeout-seconds',
  'mode',
  'eval-bench',
  'eval-cases',
  'eval-judge-model',
  'eval-max-f1-drop'
] as const;

export interface ActionInputs {
  githubToken: string;
  anthropicApiKey: string;
  /** The openai-api-key input, else OPENAI_API_KEY from the environment. */
  openaiApiKey: string;
  loop?: string;
  config: string;
  model?: string;
  dryRun: boolean;
  minLrs: number;
  failOn: Severity | 'none';
  maxComments?: number;
  /** The longest one Actions cache operation may take before the run goes on without the cache. */
  cacheTimeoutMs: number;
  /** `mode: eval`: the evaluation's settings (flows/eval.ts) instead of the event's loops. */
  eval?: EvalInputs;
}

export interface EvalInputs {
  bench: string;
  cases?: number;
  /** Empty: the `model` input's, else LoopKit's default. */
  judgeModel?: string;
  maxF1Drop: number;
}

export class InputError extends Error {
  override readonly name = 'InputError';
}

/** Where inputs come from: the value of an input ('' when not given), the environment, and how a secret is kept out of the log. */
export interface InputSource {
  get(name: (typeof INPUT_NAMES)[number]): string;
  env: Readonly<Record<string, string | undefined>>;
  mask(secret: string): void;
}

export const runnerInputs: InputSource = { get: (name) => core.getInput(name), env: process.env, mask: (secret) => core.setSecret(secret) };

export function readInputs(source: InputSource = runnerInputs): ActionInputs {
  const get = source.get;
  const githubToken = get('github-token');
  const anthropicApiKey = get('anthropic-api-key');
  const openaiApiKey = get('openai-api-key') || source.env.OPENAI_API_KEY || '';
  // Masked before anything else can print them, so no later log line, output or summary shows them.
  if (githubToken) source.mask(githubToken);
  if (anthropicApiKey) source.mask(anthropicApiKey);
  if (openaiApiKey) source.mask(openaiApiKey);

  const minLrsText = get('min-lrs') || '0';
  const minLrs = Number(minLrsText);
  if (!Number.isFinite(minLrs) || minLrs < 0 || minLrs > 100) throw new InputError(`input min-lrs must be a number from 0 to 100, got "${minLrsText}"`);

  const failOnText = (get('fail-on') || 'high').toLowerCase();
  const failOn = failOnText === 'none' ? 'none' : Severity.safeParse(failOnText);
  if (failOn !== 'none' && !failOn.success) throw new InputError(`input fail-on must be one of critical, high, medium, low, info or none, got "${failOnText}"`);

  const maxCommentsText = get('max-comments');
  const maxComments = maxCommentsText ? Number(maxCommentsText) : undefined;
  if (maxComments !== undefined && (!Number.isInteger(maxComments) || maxComments < 0 || maxComments > 100)) {
    throw new InputError(`input max-comments must be a whole number from 0 to 100, got "${maxCommentsText}"`);
  }

  const cacheTimeoutText = get('cache-timeout-seconds') || '10';
  const cacheTimeout = Number(cacheTimeoutText);
  if (!Number.isFinite(cacheTimeout) || cacheTimeout <= 0 || cacheTimeout > 600) {
    throw new InputError(`input cache-timeout-seconds must be a number of seconds above 0 and at most 600, got "${cacheTimeoutText}"`);
  }

  const dryRunText = (get('dry-run') || 'false').toLowerCase();
  if (!['true', 'false'].includes(dryRunText)) throw new InputError(`input dry-run must be true or false, got "${dryRunText}"`);

  const loop = get('loop');
  const model = get('model');
  const evaluation = readEvalInputs(get, dryRunText === 'true');
  return {
    githubToken,
    anthropicApiKey,
    openaiApiKey,
    ...(loop ? { loop } : {}),
    config: get('config') || 'loopkit.yaml',
    ...(model ? { model } : {}),
    dryRun: dryRunText === 'true',
    minLrs,
    failOn: failOn === 'none' ? 'none' : failOn.data,
    ...(maxComments !== undefined ? { maxComments } : {}),
    cacheTimeoutMs: cacheTimeout * 1000,
    ...(evaluation ? { eval: evaluation } : {})
  };
}

function readEvalInputs(get: InputSource['get'], dryRun: boolean): EvalInputs | undefined {
  const mode = (get('mode') || 'run').toLowerCase();
  if (mode !== 'run' && mode !== 'eval') throw new InputError(`input mode must be run or eval, got "${mode}"`);
  if (mode === 'run') return undefined;
  // A dry run calls no model: an evaluation of it would measure nothing.
  if (dryRun) throw new InputError('input dry-run cannot be true with mode: eval: an evaluation runs the real models');
  const casesText = get('eval-cases');
  const cases = casesText ? Number(casesText) : undefined;
  if (cases !== undefined && (!Number.isInteger(cases) || cases <= 0))
    throw new InputError(`input eval-cases must be a whole number above 0, got "${casesText}"`);
  const dropText = get('eval-max-f1-drop') || '0.05';
  const maxF1Drop = Number(dropText);
  if (!Number.isFinite(maxF1Drop) || maxF1Drop < 0 || maxF1Drop > 1)
    throw new InputError(`input eval-max-f1-drop must be a number from 0 to 1, got "${dropText}"`);
  const judgeModel = get('eval-judge-model');
  return { bench: get('eval-bench') || 'martian', ...(cases !== undefined ? { cases } : {}), ...(judgeModel ? { judgeModel } : {}), maxF1Drop };
}
