export * from './types.js';
export { AnthropicProvider, type AnthropicProviderOptions } from './anthropic.js';
export type { Logger } from './model-api.js';
export { OpenAIProvider, type OpenAIProviderOptions } from './openai.js';
export { DryRunProvider } from './dry-run.js';
export { createProvider, type ProviderKeys, type ProviderSetup } from './create.js';
export { DEFAULT_MODEL, PRICES, pricing, conservativePrice, costAt, costUsd, priceOf, type ModelPrice, type Rates } from './prices.js';
export { ANTHROPIC_MODELS, OPENAI_MODELS, DEFAULT_OPENAI_MODEL, modelOf, providerOf } from './capabilities.js';
