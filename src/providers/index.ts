export * from './types.js';
export { AnthropicProvider, type AnthropicProviderOptions, type Logger } from './anthropic.js';
export { DryRunProvider } from './dry-run.js';
export { DEFAULT_MODEL, PRICES, anthropicPricing, conservativePrice, costAt, costUsd, priceOf, type ModelPrice, type Rates } from './prices.js';
export { acceptsForcedToolChoice } from './tool-choice.js';
