/**
 * A recording proxy in front of the fake Anthropic API. The action talks to it as to the API; it
 * forwards every byte unchanged and notes, per call, when it started and ended and the usage the
 * fake billed (the `message_start` / `message_delta` events of the stream). The benchmark reads
 * cost and timing from here, not from the action's own log, so it measures what the provider saw.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MeteredCall {
  /** A model call (POST /v1/messages), or a count of a prompt's tokens (count_tokens), which is no call. */
  kind: 'message' | 'count';
  startedAt: number;
  endedAt: number;
  status: number;
  role: 'maker' | 'checker' | 'other';
  /** The text of the cached prefix (the system prompt): one per batch. */
  prefixHash: string;
  /** Highest round this call belongs to (from finding ids / objections in its prompt). */
  round: number;
  usage: { input: number; cacheWrite: number; cacheRead: number; output: number };
}

export interface Meter {
  url: string;
  calls: MeteredCall[];
  close(): Promise<void>;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((b: { text?: unknown }) => (typeof b.text === 'string' ? b.text : '')).join('\n');
  return '';
}

function classify(raw: string): Pick<MeteredCall, 'role' | 'prefixHash' | 'round'> {
  try {
    const body = JSON.parse(raw) as { system?: unknown; messages?: { content: unknown }[] };
    const prompt = textOf(body.messages?.[0]?.content);
    const role = prompt.includes('(checker)') ? 'checker' : prompt.includes('(maker)') ? 'maker' : 'other';
    const rounds = [...prompt.matchAll(/### B\d+R(\d+)F\d+/g)].map((m) => Number(m[1]));
    const round = Math.max(1, ...rounds, prompt.includes('refuted these findings of the previous round') ? 2 : 1);
    const system = textOf(body.system);
    let hash = 0;
    for (let i = 0; i < system.length; i++) hash = (Math.imul(hash, 31) + system.charCodeAt(i)) | 0;
    return { role, prefixHash: `${system.length}:${hash}`, round };
  } catch {
    return { role: 'other', prefixHash: '', round: 1 };
  }
}

export async function startMeter(target: string): Promise<Meter> {
  const upstream = new URL(target);
  const calls: MeteredCall[] = [];
  const server = http.createServer((req, res) => {
    const startedAt = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const call: MeteredCall = {
        kind: req.url?.includes('count_tokens') ? 'count' : 'message',
        startedAt,
        endedAt: 0,
        status: 0,
        ...classify(raw.toString('utf8')),
        usage: { input: 0, cacheWrite: 0, cacheRead: 0, output: 0 }
      };
      const forward = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (answer) => {
          call.status = answer.statusCode ?? 0;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          let pending = '';
          answer.on('data', (c: Buffer) => {
            res.write(c);
            pending += c.toString('utf8');
            let cut: number;
            while ((cut = pending.indexOf('\n\n')) >= 0) {
              readEvent(pending.slice(0, cut), call);
              pending = pending.slice(cut + 2);
            }
          });
          answer.on('end', () => {
            call.endedAt = Date.now();
            calls.push(call);
            res.end();
          });
          answer.on('error', () => res.destroy());
        }
      );
      forward.on('error', () => {
        call.endedAt = Date.now();
        calls.push(call);
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      // A client that gives up (a timeout) ends the call upstream too.
      res.on('close', () => {
        if (!res.writableEnded) forward.destroy();
      });
      forward.end(raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}

interface UsageJson {
  input_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
  output_tokens?: number;
}

function readEvent(block: string, call: MeteredCall): void {
  const data = block.split('\n').find((l) => l.startsWith('data: '));
  if (!data) return;
  let event: { type?: string; message?: { usage?: UsageJson }; usage?: UsageJson };
  try {
    event = JSON.parse(data.slice(6)) as typeof event;
  } catch {
    return;
  }
  const usage = event.type === 'message_start' ? event.message?.usage : event.type === 'message_delta' ? event.usage : undefined;
  if (!usage) return;
  // message_delta repeats the cumulative counts: the last one seen wins.
  call.usage = {
    input: usage.input_tokens ?? call.usage.input,
    cacheWrite: usage.cache_creation_input_tokens ?? call.usage.cacheWrite,
    cacheRead: usage.cache_read_input_tokens ?? call.usage.cacheRead,
    output: usage.output_tokens ?? call.usage.output
  };
}

/** Total time during which at least one model call was in flight. */
export function modelBusyMs(calls: MeteredCall[]): number {
  const spans = calls.map((c) => [c.startedAt, c.endedAt] as const).sort((a, b) => a[0] - b[0]);
  let busy = 0;
  let end = -Infinity;
  let start = -Infinity;
  for (const [s, e] of spans) {
    if (s > end) {
      if (end > start) busy += end - start;
      start = s;
      end = e;
    } else end = Math.max(end, e);
  }
  if (end > start) busy += end - start;
  return busy;
}
