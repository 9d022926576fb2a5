/**
 * SDK failures as ProviderErrors the engine can act on (wait, give up, stop the run), with a
 * message that names the agent and the API's own explanation and never carries the API key.
 */
import { APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { ProviderError, type ProviderErrorKind } from './types.js';

/** Why our side ended the call, when it did: the caller's signal, or the per-call deadline. */
export type EndedBy = 'caller' | 'deadline' | undefined;

/** Shared with the OpenAI provider: both APIs use these statuses the same way. */
export const KIND_BY_STATUS: Readonly<Record<number, ProviderErrorKind>> = {
  401: 'auth',
  403: 'auth',
  408: 'timeout',
  429: 'rate_limited',
  504: 'timeout',
  529: 'overloaded'
};

// Errors that arrive inside a stream (`event: error`) carry a type but no HTTP status.
const KIND_BY_TYPE: Readonly<Record<string, ProviderErrorKind>> = {
  authentication_error: 'auth',
  permission_error: 'auth',
  rate_limit_error: 'rate_limited',
  timeout_error: 'timeout',
  overloaded_error: 'overloaded'
};

export function toProviderError(err: unknown, agent: string, endedBy: EndedBy, secret: string): ProviderError {
  const { kind, detail } = classify(err, endedBy);
  return new ProviderError(kind, redacted(`${agent}: ${detail}`, secret));
}

export function redacted(message: string, secret: string): string {
  return secret ? message.split(secret).join('[redacted]') : message;
}

function classify(err: unknown, endedBy: EndedBy): { kind: ProviderErrorKind; detail: string } {
  if (endedBy === 'caller') return { kind: 'aborted', detail: 'the call was aborted' };
  if (endedBy === 'deadline' || err instanceof APIConnectionTimeoutError) {
    return { kind: 'timeout', detail: 'no complete answer from the Anthropic API in time' };
  }
  if (err instanceof APIUserAbortError) return { kind: 'aborted', detail: 'the call was aborted' };
  if (err instanceof APIError) {
    const kind = (err.status !== undefined ? KIND_BY_STATUS[err.status] : undefined) ?? (err.type ? KIND_BY_TYPE[err.type] : undefined) ?? 'api';
    const parts = [err.status, err.type, err.apiMessage ?? err.message].filter((p) => p !== undefined && p !== null);
    const request = err.requestID ? ` (request ${err.requestID})` : '';
    return { kind, detail: `Anthropic API error ${parts.join(' ')}${request}` };
  }
  return { kind: 'api', detail: err instanceof Error ? err.message : String(err) };
}
