/**
 * A ModelProvider whose answers a test writes: the engine's adapter for unit tests, swapped in
 * for Anthropic. Usage is a fixed, plausible figure per call so budgets can be exercised.
 */
import { promptEstimate } from '../../src/providers/cost-model.js';
import {
  ProviderError,
  type ModelProvider,
  type ModelRequest,
  type ModelResponse,
  type PromptCount,
  type PromptRequest,
  type Usage
} from '../../src/providers/types.js';

export type Script = (request: ModelRequest<unknown>, index: number) => unknown | Promise<unknown>;

export class ScriptedProvider implements ModelProvider {
  readonly name = 'scripted';
  readonly dryRun = false;
  readonly requests: ModelRequest<unknown>[] = [];
  constructor(
    private readonly script: Script,
    private readonly usage: Usage = { inputTokens: 1000, outputTokens: 200, cacheWriteTokens: 0, cacheReadTokens: 0, thinkingTokens: 0 },
    /** Output tokens set aside for thinking on every call. */
    private readonly thinking = 0
  ) {}

  thinkingTokens(): number {
    return this.thinking;
  }

  async promptTokens(request: PromptRequest): Promise<PromptCount> {
    return { tokens: promptEstimate(request) };
  }

  async call<T>(request: ModelRequest<T>): Promise<ModelResponse<T>> {
    const index = this.requests.push(request as ModelRequest<unknown>) - 1;
    request.onFirstToken?.();
    const answer = await this.script(request as ModelRequest<unknown>, index);
    if (answer instanceof ProviderError) throw answer;
    const parsed = request.answer.schema.safeParse(answer);
    if (!parsed.success) throw new ProviderError('malformed', `scripted answer does not fit ${request.answer.name}: ${parsed.error.message}`, this.usage);
    return { output: parsed.data, usage: this.usage, model: request.model, attempts: 1, durationMs: 1 };
  }
}
