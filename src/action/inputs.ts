/**
 * The action's inputs, in one place: names, defaults and parsing. action.yml declares the same
 * names (a test keeps the two in step). Secrets are masked the moment they are read.
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
  'cache-timeout-seconds'
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
}

export class InputError extends Error {
  override readonly name = 'InputError';
}

export function readInputs(): ActionInputs {
  const githubToken = core.getInput('github-token');
  const anthropicApiKey = core.getInput('anthropic-api-key');
  const openaiApiKey = core.getInput('openai-api-key') || process.env.OPENAI_API_KEY || '';
  // Masked before anything else can print them, so no later log line, output or summary shows them.
  if (githubToken) core.setSecret(githubToken);
  if (anthropicApiKey) core.setSecret(anthropicApiKey);
  if (openaiApiKey) core.setSecret(openaiApiKey);

  const minLrsText = core.getInput('min-lrs') || '0';
  const minLrs = Number(minLrsText);
  if (!Number.isFinite(minLrs) || minLrs < 0 || minLrs > 100) throw new InputError(`input min-lrs must be a number from 0 to 100, got "${minLrsText}"`);

  const failOnText = (core.getInput('fail-on') || 'high').toLowerCase();
  const failOn = failOnText === 'none' ? 'none' : Severity.safeParse(failOnText);
  if (failOn !== 'none' && !failOn.success) throw new InputError(`input fail-on must be one of critical, high, medium, low, info or none, got "${failOnText}"`);

  const maxCommentsText = core.getInput('max-comments');
  const maxComments = maxCommentsText ? Number(maxCommentsText) : undefined;
  if (maxComments !== undefined && (!Number.isInteger(maxComments) || maxComments < 0 || maxComments > 100)) {
    throw new InputError(`input max-comments must be a whole number from 0 to 100, got "${maxCommentsText}"`);
  }

  const cacheTimeoutText = core.getInput('cache-timeout-seconds') || '10';
  const cacheTimeout = Number(cacheTimeoutText);
  if (!Number.isFinite(cacheTimeout) || cacheTimeout <= 0 || cacheTimeout > 600) {
    throw new InputError(`input cache-timeout-seconds must be a number of seconds above 0 and at most 600, got "${cacheTimeoutText}"`);
  }

  const dryRunText = (core.getInput('dry-run') || 'false').toLowerCase();
  if (!['true', 'false'].includes(dryRunText)) throw new InputError(`input dry-run must be true or false, got "${dryRunText}"`);

  const loop = core.getInput('loop');
  const model = core.getInput('model');
  return {
    githubToken,
    anthropicApiKey,
    openaiApiKey,
    ...(loop ? { loop } : {}),
    config: core.getInput('config') || 'loopkit.yaml',
    ...(model ? { model } : {}),
    dryRun: dryRunText === 'true',
    minLrs,
    failOn: failOn === 'none' ? 'none' : failOn.data,
    ...(maxComments !== undefined ? { maxComments } : {}),
    cacheTimeoutMs: cacheTimeout * 1000
  };
}
