/**
 * A local OpenTelemetry collector's OTLP/HTTP traces receiver: `POST /v1/traces` (or any path the
 * test names) with an ExportTraceServiceRequest, as `application/x-protobuf` (binary protobuf) or
 * `application/json` (OTLP/JSON: hex ids, enum numbers, 64-bit integers as strings or numbers), as
 * the OTLP specification defines them. It answers 200 with an empty ExportTraceServiceResponse in
 * the request's encoding, 415 for another content type. The protobuf is decoded by its wire format
 * with the field numbers of opentelemetry-proto's trace.proto, common.proto and resource.proto.
 * `hang: true` accepts requests and never answers (a collector that is stuck).
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type AttributeValue = string | number | boolean | AttributeValue[] | null;

export interface CollectedSpan {
  traceId: string;
  spanId: string;
  /** '' for a root span. */
  parentSpanId: string;
  name: string;
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Record<string, AttributeValue>;
  /** 0 unset, 1 ok, 2 error. */
  statusCode: number;
  resource: Record<string, AttributeValue>;
  scope: string;
}

export interface CollectedRequest {
  path: string;
  contentType: string;
  headers: IncomingHttpHeaders;
  /** The raw body, for tests that look for what must not be in it. */
  body: Buffer;
  spans: CollectedSpan[];
}

export interface FakeCollector {
  /** The base endpoint (OTEL_EXPORTER_OTLP_ENDPOINT): traces go to `${url}/v1/traces`. */
  url: string;
  requests: CollectedRequest[];
  spans(): CollectedSpan[];
  close(): Promise<void>;
}

export async function startFakeCollector(options: { hang?: boolean } = {}): Promise<FakeCollector> {
  const requests: CollectedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
      if (options.hang) return;
      let spans: CollectedSpan[];
      if (req.method !== 'POST') return void res.writeHead(405).end();
      try {
        if (contentType === 'application/x-protobuf') spans = decodeProtobuf(body);
        else if (contentType === 'application/json') spans = decodeJson(JSON.parse(body.toString('utf8')) as JsonRequest);
        else return void res.writeHead(415, { 'content-type': 'text/plain' }).end(`unsupported content type ${contentType}`);
      } catch (error) {
        return void res.writeHead(400, { 'content-type': 'text/plain' }).end(`cannot decode: ${(error as Error).message}`);
      }
      requests.push({ path: req.url ?? '', contentType, headers: req.headers, body, spans });
      if (contentType === 'application/json') res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      else res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    spans: () => requests.flatMap((r) => r.spans),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}

// ---------------------------------------------------------------------------------------------
// Protobuf wire format
// ---------------------------------------------------------------------------------------------

type Field = { no: number; wire: number; varint?: bigint; bytes?: Buffer; fixed?: Buffer };

function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let at = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (at >= buf.length) throw new Error('truncated varint');
      const byte = buf[at++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (at < buf.length) {
    const key = Number(varint());
    const no = key >>> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ no, wire, varint: varint() });
    else if (wire === 1) out.push({ no, wire, fixed: buf.subarray(at, (at += 8)) });
    else if (wire === 5) out.push({ no, wire, fixed: buf.subarray(at, (at += 4)) });
    else if (wire === 2) {
      const length = Number(varint());
      out.push({ no, wire, bytes: buf.subarray(at, (at += length)) });
    } else throw new Error(`wire type ${wire} not in OTLP`);
  }
  return out;
}

const all = (fs: Field[], no: number) => fs.filter((f) => f.no === no);
const one = (fs: Field[], no: number) => fs.find((f) => f.no === no);
const text = (f: Field | undefined) => f?.bytes?.toString('utf8') ?? '';
const hex = (f: Field | undefined) => f?.bytes?.toString('hex') ?? '';

/** AnyValue: string 1, bool 2, int 3, double 4, array 5 (ArrayValue.values 1), kvlist 6, bytes 7. */
function anyValue(buf: Buffer): AttributeValue {
  const f = fields(buf)[0];
  if (!f) return null;
  if (f.no === 1) return text(f);
  if (f.no === 2) return f.varint === 1n;
  if (f.no === 3) return Number(BigInt.asIntN(64, f.varint!));
  if (f.no === 4) return f.fixed!.readDoubleLE(0);
  if (f.no === 5) return all(fields(f.bytes!), 1).map((v) => anyValue(v.bytes!));
  return hex(f);
}

/** repeated KeyValue (key 1, value 2). */
function keyValues(fs: Field[]): Record<string, AttributeValue> {
  return Object.fromEntries(
    fs.map((kv) => {
      const parts = fields(kv.bytes!);
      return [text(one(parts, 1)), anyValue(one(parts, 2)?.bytes ?? Buffer.alloc(0))];
    })
  );
}

/** ExportTraceServiceRequest.resource_spans 1 → ResourceSpans (resource 1, scope_spans 2) → ScopeSpans (scope 1, spans 2) → Span. */
function decodeProtobuf(body: Buffer): CollectedSpan[] {
  return all(fields(body), 1).flatMap((rs) => {
    const rsf = fields(rs.bytes!);
    const resourceField = one(rsf, 1);
    const resource = resourceField ? keyValues(all(fields(resourceField.bytes!), 1)) : {};
    return all(rsf, 2).flatMap((ss) => {
      const ssf = fields(ss.bytes!);
      const scopeField = one(ssf, 1);
      const scope = scopeField ? text(one(fields(scopeField.bytes!), 1)) : '';
      return all(ssf, 2).map((sp) => {
        const s = fields(sp.bytes!);
        const status = one(s, 15);
        return {
          traceId: hex(one(s, 1)),
          spanId: hex(one(s, 2)),
          parentSpanId: hex(one(s, 4)),
          name: text(one(s, 5)),
          kind: Number(one(s, 6)?.varint ?? 0n),
          startTimeUnixNano: one(s, 7)?.fixed?.readBigUInt64LE(0) ?? 0n,
          endTimeUnixNano: one(s, 8)?.fixed?.readBigUInt64LE(0) ?? 0n,
          attributes: keyValues(all(s, 9)),
          statusCode: status ? Number(one(fields(status.bytes!), 3)?.varint ?? 0n) : 0,
          resource,
          scope
        };
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// OTLP/JSON
// ---------------------------------------------------------------------------------------------

interface JsonAny {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: JsonAny[] };
  bytesValue?: string;
}
interface JsonKeyValue {
  key: string;
  value?: JsonAny;
}
interface JsonRequest {
  resourceSpans?: {
    resource?: { attributes?: JsonKeyValue[] };
    scopeSpans?: {
      scope?: { name?: string };
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind?: number;
        startTimeUnixNano: string | number;
        endTimeUnixNano: string | number;
        attributes?: JsonKeyValue[];
        status?: { code?: number };
      }[];
    }[];
  }[];
}

function jsonValue(v: JsonAny | undefined): AttributeValue {
  if (!v) return null;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(jsonValue);
  return v.bytesValue ?? null;
}

const jsonAttributes = (kvs: JsonKeyValue[] | undefined) => Object.fromEntries((kvs ?? []).map((kv) => [kv.key, jsonValue(kv.value)]));

function decodeJson(request: JsonRequest): CollectedSpan[] {
  return (request.resourceSpans ?? []).flatMap((rs) =>
    (rs.scopeSpans ?? []).flatMap((ss) =>
      (ss.spans ?? []).map((s) => ({
        traceId: s.traceId,
        spanId: s.spanId,
        parentSpanId: s.parentSpanId ?? '',
        name: s.name,
        kind: s.kind ?? 0,
        startTimeUnixNano: BigInt(s.startTimeUnixNano),
        endTimeUnixNano: BigInt(s.endTimeUnixNano),
        attributes: jsonAttributes(s.attributes),
        statusCode: s.status?.code ?? 0,
        resource: jsonAttributes(rs.resource?.attributes),
        scope: ss.scope?.name ?? ''
      }))
    )
  );
}
