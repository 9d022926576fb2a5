export * from './types.js';
export { AnthropicProvider, type AnthropicProviderOptions } from './anthropic.js';
export type { Logger } from './model-api.js';
// Not the OpenAI provider: its SDK is loaded on first use (create.ts), and exporting it from here would compile it with every run.
export { DryRunProvider } from './dry-run.js';
export { createModelProvider, createProvider, type ProviderKeys, type ProviderSetup } from './create.js';
export { DEFAULT_MODEL, DEFAULT_OPENAI_MODEL, MODELS, modelInfo, priceOf, type ModelInfo, type ModelPrice, type Rates } from './models.js';
export { pricing, conservativePrice, costAt, costUsd } from './cost-model.js';
export { modelOf, providerOf } from './capabilities.js';
