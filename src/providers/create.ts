/**
 * The one place a run's provider is built: the dry run, or the model APIs its agents need, each
 * chosen by the agent's `provider:` or its model's name, so one loop may mix vendors (a checker
 * on another vendor's model). The action and the CLI call this and nothing else.
 */
import { Redactor } from '../guard/index.js';
import { declaredSecrets } from '../tools/index.js';
import type { LoadedLoop } from '../loop/load.js';
import type { Effort, ProviderName } from '../loop/schema.js';
import { AnthropicProvider } from './anthropic.js';
import type { Logger } from './model-api.js';
import { modelOf, providerOf, THINKING_TOKENS } from './capabilities.js';
import { DryRunProvider } from './dry-run.js';
import { GuardedProvider } from './guarded.js';
import type { OpenAIProviderOptions } from './openai.js';

import { ProviderError, type ModelProvider, type ModelRequest, type ModelResponse, type PromptCount, type PromptRequest } from './types.js';

export interface ProviderKeys {
  anthropic?: string;
  openai?: string;
}

export interface ProviderSetup {
  loaded: LoadedLoop;
  /** The action's `model` input or the CLI's default. */
  defaultModel: string;
  keys: ProviderKeys;
  /** ANTHROPIC_BASE_URL and OPENAI_BASE_URL are honoured. */
  env: Readonly<Record<string, string | undefined>>;
  dryRun: boolean;
  logger?: Logger;
  /**
   * The run's secrets, taken out of every request (guarded.ts); the keys and the loop's connector
   * secrets are added to it. Required: a provider given a redactor of its own would not know the
   * secrets the rest of the run learnt (the GitHub token, the inputs, the MCP servers' values).
   */
  redactor: Redactor;
  /** The longest one model API call may take (the CLI's `--timeout`); default: the provider's. */
  timeoutMs?: number;
  /** The wait before an SDK retry the server gave no `retry-after` for (model-api.ts); default: the SDK's backoff. */
  retryBackoffMs?: number;
}

export type Created = { ok: true; provider: ModelProvider } | { ok: false; missing: ProviderName; reason: string };

const VENDOR: Record<ProviderName, { label: string; where: string }> = {
  anthropic: { label: 'Anthropic', where: 'set the anthropic-api-key input' },
  openai: { label: 'OpenAI', where: 'set the openai-api-key input or OPENAI_API_KEY' }
};

export function createProvider(setup: ProviderSetup): Created {
  const created = createUnguarded(setup);
  if (!created.ok) return created;
  // A key or a connector's secret is one of the run's wherever the provider was built (the action, the CLI, eval).
  for (const secret of [setup.keys.anthropic, setup.keys.openai, ...declaredSecrets(setup.loaded.loop).map((name) => setup.env[name])])
    setup.redactor.add(secret);
  return { ok: true, provider: new GuardedProvider(created.provider, setup.redactor) };
}

function createUnguarded(setup: ProviderSetup): Created {
  if (setup.dryRun) return { ok: true, provider: new DryRunProvider() };
  const { loop, makers, checkers } = setup.loaded;
  // Only the vendors the agents run on: a loop of OpenAI agents needs no Anthropic key, whatever the default model.
  const agents = [...makers, ...checkers];
  const needed = new Set((agents.length > 0 ? agents : [undefined]).map((agent) => modelOf(agent, loop, setup.defaultModel).provider));
  const providers: Partial<Record<ProviderName, ModelProvider>> = {};
  for (const name of needed) {
    const made = vendorProvider(name, setup);
    if (!made.ok) return made;
    providers[name] = made.provider;
  }
  const only = Object.values(providers);
  return { ok: true, provider: only.length === 1 ? only[0]! : new MixedProvider(providers) };
}

/** The provider one model runs on (an evaluation's judge), by its name, guarded like a loop's. */
export function createModelProvider(model: string, setup: Omit<ProviderSetup, 'loaded' | 'defaultModel' | 'dryRun'> & { redactor: Redactor }): Created {
  const made = vendorProvider(providerOf(model), setup);
  return made.ok ? { ok: true, provider: new GuardedProvider(made.provider, setup.redactor) } : made;
}

function vendorProvider(name: ProviderName, setup: Pick<ProviderSetup, 'keys' | 'env' | 'logger' | 'timeoutMs' | 'retryBackoffMs'>): Created {
  const key = setup.keys[name];
  const vendor = VENDOR[name];
  if (!key) return { ok: false, missing: name, reason: `no ${vendor.label} API key (${vendor.where})` };
  const logger = {
    ...(setup.logger ? { logger: setup.logger } : {}),
    ...(setup.timeoutMs !== undefined ? { timeoutMs: setup.timeoutMs } : {}),
    ...(setup.retryBackoffMs !== undefined ? { retryBackoffMs: setup.retryBackoffMs } : {})
  };
  return {
    ok: true,
    provider:
      name === 'anthropic'
        ? new AnthropicProvider({ apiKey: key, ...(setup.env.ANTHROPIC_BASE_URL ? { baseURL: setup.env.ANTHROPIC_BASE_URL } : {}), ...logger })
        : openAIOnFirstUse({ apiKey: key, ...(setup.env.OPENAI_BASE_URL ? { baseURL: setup.env.OPENAI_BASE_URL } : {}), ...logger })
  };
}

/**
 * The OpenAI provider, built when it is first asked for a count or a call: the `openai` SDK it
 * runs on (about 0.6 MiB) is then compiled by the runs that call an OpenAI model, not by every
 * run that starts. Its thinking reserve is the one every ModelApi gives, which needs no SDK.
 */
function openAIOnFirstUse(options: OpenAIProviderOptions): ModelProvider {
  let built: Promise<ModelProvider> | undefined;
  const provider = () => (built ??= import('./openai.js').then(({ OpenAIProvider }) => new OpenAIProvider(options)));
  return {
    name: 'openai',
    dryRun: false,
    thinkingTokens: (_model: string, effort: Effort) => THINKING_TOKENS[effort],
    async promptTokens(request: PromptRequest): Promise<PromptCount> {
      return (await provider()).promptTokens(request);
    },
    async call<T>(request: ModelRequest<T>): Promise<ModelResponse<T>> {
      return (await provider()).call(request);
    }
  };
}

/** Several vendors in one loop: each call goes to the API its request names. */
export class MixedProvider implements ModelProvider {
  readonly name: string;
  readonly dryRun = false;
  constructor(private readonly byName: Partial<Record<ProviderName, ModelProvider>>) {
    this.name = Object.keys(byName).join('+');
  }

  thinkingTokens(model: string, effort: ModelRequest<unknown>['effort']): number {
    return this.#for(providerOf(model)).thinkingTokens(model, effort);
  }

  promptTokens(request: PromptRequest): Promise<PromptCount> {
    return this.#for(request.provider ?? providerOf(request.model)).promptTokens(request);
  }

  call<T>(request: ModelRequest<T>): Promise<ModelResponse<T>> {
    return this.#for(request.provider ?? providerOf(request.model)).call(request);
  }

  #for(name: ProviderName): ModelProvider {
    const provider = this.byName[name];
    if (!provider) throw new ProviderError('auth', `no ${VENDOR[name].label} API key for this model`);
    return provider;
  }
}
