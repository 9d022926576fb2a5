/**
 * Whether a model accepts a forced `tool_choice` ({type: 'tool'} or {type: 'any'}).
 *
 * Claude Fable 5.1, Mythos 5.1, Opus 5.5 and Sonnet 5.5 answer a forced choice with
 * 400 `tool_choice: type "tool" and "any" are not supported for this model.`; Anthropic's
 * replacement is `tool_choice: auto` plus an instruction to use the tool. Forcing is therefore
 * an allowlist of models documented to accept it: a model not listed here (a newer one, or one
 * whose rules are unknown) gets `auto`, which every model accepts, and the malformed-reply
 * repair covers the case where it answers in text instead.
 */
import { baseModelId } from './model-id.js';

const ACCEPTS_FORCED_TOOL_CHOICE = new Set([
  'claude-fable-5',
  'claude-mythos-5',
  'claude-opus-5',
  'claude-sonnet-5',
  'claude-opus-4-8',
  'claude-opus-4-7',
  'claude-opus-4-6',
  'claude-opus-4-5',
  'claude-sonnet-4-6',
  'claude-sonnet-4-5',
  'claude-haiku-4-5'
]);

export function acceptsForcedToolChoice(model: string): boolean {
  return ACCEPTS_FORCED_TOOL_CHOICE.has(baseModelId(model));
}
