/**
 * The provider boundary: every model request of a run passes here before it leaves for a model
 * API. Its text (the shared context, the agent's prompt), the tool descriptions and every tool
 * result are redacted with the run's secrets; a tool description from outside LoopKit (an MCP
 * server's) is fenced like any other untrusted text. The results are fenced where the turns are
 * built (answer.ts), after the call is recorded.
 */
import { fence, type Redactor } from '../guard/index.js';
import type { AgentTools, ToolSpec } from '../tools/types.js';
import type { ModelProvider, ModelRequest, ModelResponse, PromptCount, PromptRequest } from './types.js';

/** Tools LoopKit itself describes; every other description (an MCP server's) is untrusted. */
const OWN_SOURCES = /^(repository|skill:)/;

export class GuardedProvider implements ModelProvider {
  readonly name: string;
  readonly dryRun: boolean;
  constructor(
    private readonly inner: ModelProvider,
    private readonly redactor: Redactor
  ) {
    this.name = inner.name;
    this.dryRun = inner.dryRun;
  }

  thinkingTokens(model: string, effort: ModelRequest<unknown>['effort']): number {
    return this.inner.thinkingTokens(model, effort);
  }

  promptTokens(request: PromptRequest): Promise<PromptCount> {
    return this.inner.promptTokens(this.#text(request));
  }

  call<T>(request: ModelRequest<T>): Promise<ModelResponse<T>> {
    const { tools } = request;
    return this.inner.call({ ...this.#text(request), ...(tools ? { tools: this.#tools(tools, request.agent) } : {}) });
  }

  #text<R extends PromptRequest>(request: R): R {
    const where = `the prompt of ${request.agent}`;
    return { ...request, sharedContext: this.redactor.redact(request.sharedContext, where), prompt: this.redactor.redact(request.prompt, where) };
  }

  #tools(tools: AgentTools, agent: string): AgentTools {
    const { redactor } = this;
    const specs = tools.specs.map((spec): ToolSpec => {
      const description = redactor.redact(spec.description, `the description of the tool ${spec.name}`);
      return {
        ...spec,
        description: OWN_SOURCES.test(spec.source) ? description : fence(`description of the tool ${spec.name} (${spec.source})`, description)
      };
    });
    return {
      specs,
      maxTurns: tools.maxTurns,
      call: async (name, input, signal) => {
        const result = await tools.call(name, input, signal);
        return { ...result, text: redactor.redact(result.text, `a result of the tool ${name} for ${agent}`) };
      }
    };
  }
}
