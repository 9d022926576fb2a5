/**
 * Whether the step exports a trace, and where to: the OpenTelemetry exporter variables of the step's
 * environment, read as the OTLP exporter specification says. Kept apart from the exporter itself
 * (trace.ts), which is loaded only when these say to export.
 */
import type { RunnerEnv } from './adapters.js';

export interface OtlpSettings {
  /** Where spans are sent: the traces endpoint as given, else `/v1/traces` under the base endpoint. */
  url: string;
  protocol: 'http/protobuf' | 'http/json';
  /** Sent with every export; their values are secrets (an API key of the tracing service). */
  headers: Record<string, string>;
}

/**
 * The settings, or undefined when neither OTEL_EXPORTER_OTLP_TRACES_ENDPOINT nor
 * OTEL_EXPORTER_OTLP_ENDPOINT is set (nothing is exported). A protocol LoopKit cannot send (grpc)
 * is refused with why, and nothing is exported.
 */
export function otlpSettings(env: RunnerEnv): { settings?: OtlpSettings; problem?: string } {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!traces && !base) return {};
  const url = traces || `${base!.replace(/\/+$/, '')}/v1/traces`;
  const protocol = (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? '').trim() || 'http/protobuf';
  if (protocol !== 'http/protobuf' && protocol !== 'http/json') {
    return { problem: `OTEL_EXPORTER_OTLP_PROTOCOL is "${protocol}": LoopKit exports traces over http/protobuf or http/json only; no trace is sent` };
  }
  const headers = { ...parseHeaders(env.OTEL_EXPORTER_OTLP_HEADERS), ...parseHeaders(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS) };
  return { settings: { url, protocol, headers } };
}

/** `key1=value1,key2=value2`, values percent-encoded (the W3C baggage format the specification names); a pair without `=` is skipped. */
function parseHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (text ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const key = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    if (!key) continue;
    try {
      headers[key] = decodeURIComponent(value);
    } catch {
      headers[key] = value;
    }
  }
  return headers;
}
