/** The CLI's model provider for a loop: the dry run, or the vendors its agents name with their keys from the shell. */
import type { LoadedLoop } from '../loop/index.js';
import { createProvider, DEFAULT_MODEL } from '../providers/index.js';
import type { RetryWaits } from '../flows/adapters.js';
import type { ModelProvider } from '../providers/types.js';
import type { GuardedOutput } from './guard.js';

/** The provider, or undefined once the missing key is named (the run then exits 3: it did not run). */
export function cliProvider(
  loaded: LoadedLoop,
  options: { env: NodeJS.ProcessEnv; dryRun: boolean; timeout?: number; retryWaits?: RetryWaits },
  io: GuardedOutput
): ModelProvider | undefined {
  const made = createProvider({
    loaded,
    defaultModel: DEFAULT_MODEL,
    keys: { anthropic: options.env.ANTHROPIC_API_KEY, openai: options.env.OPENAI_API_KEY },
    env: options.env,
    dryRun: options.dryRun,
    redactor: io.redactor,
    // `--timeout` bounds each model call too; without it a call keeps the provider's own (long) limit, as a long review needs.
    ...(options.timeout !== undefined ? { timeoutMs: options.timeout * 1000 } : {}),
    ...(options.retryWaits?.modelBackoffMs !== undefined ? { retryBackoffMs: options.retryWaits.modelBackoffMs } : {})
  });
  if (made.ok) return made.provider;
  const [variable, input] = made.missing === 'openai' ? ['OPENAI_API_KEY', 'openai-api-key'] : ['ANTHROPIC_API_KEY', 'anthropic-api-key'];
  io.err(`${variable} is not set (in the action: the \`${input}\` input): export it, or pass --dry-run to run without a model.`);
  return undefined;
}
