/**
 * A local stand-in for the GitHub Actions cache service v2, answering the requests that the real
 * `@actions/cache` 6 makes when ACTIONS_CACHE_SERVICE_V2 is set:
 *
 * - Twirp JSON under ACTIONS_RESULTS_URL, `POST /twirp/github.actions.results.api.v1.CacheService/<Method>`,
 *   authorised by `Authorization: Bearer <ACTIONS_RUNTIME_TOKEN>`; errors are `{ code, msg }` with the
 *   HTTP status Twirp gives each code.
 * - Signed blob URLs answered as Azure Blob Storage answers them: the package uploads with the Azure
 *   SDK (Put Blob with `x-ms-blob-type: BlockBlob`, or Put Block + Put Block List for large archives)
 *   and downloads with a plain GET, because the host is not `*.blob.core.windows.net`.
 *
 * Lookups follow the service's documented order: an exact key + version match, then the newest
 * entry whose key starts with the requested key, then the restore keys as prefixes. Entries are
 * immutable: creating an existing key + version answers 409 `already_exists`, as GitHub does.
 */
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.CacheService/';
const ACCOUNT = 'devstoreaccount1';
const CONTAINER = 'actions-cache';
const AZURE_VERSION = '2025-05-05';

const TWIRP_METHODS = ['CreateCacheEntry', 'FinalizeCacheEntryUpload', 'GetCacheEntryDownloadURL'] as const;
export type TwirpMethod = (typeof TWIRP_METHODS)[number];
export type CacheRoute = TwirpMethod | 'blob-upload' | 'blob-download';

export type DownMode = 'error' | 'hang' | 'reset';

export interface FakeCacheEntry {
  id: number;
  key: string;
  version: string;
  /** The archive as uploaded (or as `corrupt` left it). */
  bytes: Buffer;
  createdAt: number;
}

export interface RecordedRequest {
  route: CacheRoute;
  /** The JSON body of Twirp requests. */
  body?: unknown;
}

export interface FakeCacheService {
  /** ACTIONS_RESULTS_URL, with the trailing slash the runner gives it. */
  url: string;
  token: string;
  /** Committed (finalized) entries, oldest first. */
  entries: FakeCacheEntry[];
  requests: RecordedRequest[];
  /** The next `times` requests to `route` fail with `status`. */
  failNext(route: CacheRoute, status: number, times?: number): void;
  /** The next request to the Twirp method `route` is carried out when it arrives but answered only once `until` settles: a slow service whose slowness the test decides. */
  holdNext(route: TwirpMethod, until: Promise<unknown>): void;
  /** Resolves once the next request to `route` has arrived: an event another fake can wait for. */
  arrived(route: CacheRoute): Promise<void>;
  /**
   * The service down until `up()`: `error` answers every request 503 `unavailable` (which
   * `@actions/cache` retries for about 30 s), `hang` accepts requests and never answers, `reset`
   * drops each connection as it arrives. Requests are still recorded.
   */
  down(mode: DownMode): void;
  up(): void;
  /** Replaces the archive of every entry with this key by bytes that are not an archive. */
  corrupt(key: string): void;
  /** Stops listening; closing twice is harmless. */
  close(): Promise<void>;
}

interface Pending {
  id: number;
  key: string;
  version: string;
}

interface Blob {
  committed?: Buffer;
  etag?: string;
  lastModified?: Date;
  uncommitted: Map<string, Buffer>;
}

const TWIRP_STATUS: Record<string, number> = {
  invalid_argument: 400,
  malformed: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  internal: 500,
  unavailable: 503
};

function twirpCodeFor(status: number): string {
  return Object.entries(TWIRP_STATUS).find(([, s]) => s === status)?.[0] ?? (status >= 500 ? 'internal' : 'unknown');
}

class TwirpError extends Error {
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message);
  }
}

class AzureError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function md5(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('base64');
}

function stringField(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '') throw new TwirpError('invalid_argument', `${name} is required`);
  return value;
}

export async function startFakeCacheService(): Promise<FakeCacheService> {
  const token = `token-${randomUUID()}`;
  const signingKey = randomBytes(32);
  const entries: FakeCacheEntry[] = [];
  const requests: RecordedRequest[] = [];
  const pending = new Map<string, Pending>();
  const blobs = new Map<string, Blob>();
  const failures = new Map<CacheRoute, { status: number; times: number }>();
  const holds = new Map<TwirpMethod, Promise<unknown>>();
  const waiting: { route: CacheRoute; resolve: () => void }[] = [];
  let downMode: DownMode | undefined;
  let nextId = 1;
  let origin = '';

  const sign = (blob: string, permissions: string) => createHmac('sha256', signingKey).update(`${permissions}\n${blob}`).digest('base64');
  const signedUrl = (blob: string, permissions: string) => {
    const query = new URLSearchParams({ sv: AZURE_VERSION, sr: 'b', sp: permissions, sig: sign(blob, permissions) });
    return `${origin}/${ACCOUNT}/${CONTAINER}/${blob}?${query.toString()}`;
  };
  const entryKey = (key: string, version: string) => `${version}\n${key}`;

  function record(request: RecordedRequest): void {
    requests.push(request);
    for (const waiter of waiting.filter((w) => w.route === request.route)) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  function takeFailure(route: CacheRoute): number | undefined {
    const failure = failures.get(route);
    if (!failure) return undefined;
    failure.times -= 1;
    if (failure.times <= 0) failures.delete(route);
    return failure.status;
  }

  /** The hold on the next answer of `route`, taken; a hold that rejects still lets the answer go. */
  function takeHold(route: TwirpMethod): Promise<unknown> | undefined {
    const hold = holds.get(route);
    holds.delete(route);
    return hold?.catch(() => undefined);
  }

  function lookup(key: string, restoreKeys: string[], version: string): FakeCacheEntry | undefined {
    const sameVersion = entries.filter((e) => e.version === version);
    const exact = sameVersion.find((e) => e.key === key);
    if (exact) return exact;
    for (const prefix of [key, ...restoreKeys]) {
      const newest = sameVersion.filter((e) => e.key.startsWith(prefix)).sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)[0];
      if (newest) return newest;
    }
    return undefined;
  }

  const twirp: Record<TwirpMethod, (body: Record<string, unknown>) => unknown> = {
    CreateCacheEntry(body) {
      const key = stringField(body, 'key');
      const version = stringField(body, 'version');
      const id = entryKey(key, version);
      if (entries.some((e) => entryKey(e.key, e.version) === id) || pending.has(id)) {
        throw new TwirpError('already_exists', 'cache entry with the same key, version, and scope already exists');
      }
      const reservation = { id: nextId++, key, version };
      pending.set(id, reservation);
      return { ok: true, signed_upload_url: signedUrl(String(reservation.id), 'cw') };
    },
    FinalizeCacheEntryUpload(body) {
      const key = stringField(body, 'key');
      const version = stringField(body, 'version');
      const reservation = pending.get(entryKey(key, version));
      if (!reservation) throw new TwirpError('not_found', 'cache entry not found');
      const uploaded = blobs.get(String(reservation.id))?.committed;
      if (!uploaded) throw new TwirpError('not_found', 'uploaded blob not found');
      const size = Number(body['size_bytes']);
      if (size !== uploaded.length) {
        throw new TwirpError('invalid_argument', `size_bytes ${String(body['size_bytes'])} does not match the ${uploaded.length} bytes uploaded`);
      }
      pending.delete(entryKey(key, version));
      entries.push({ id: reservation.id, key, version, bytes: uploaded, createdAt: Date.now() });
      return { ok: true, entry_id: String(reservation.id) };
    },
    GetCacheEntryDownloadURL(body) {
      const key = stringField(body, 'key');
      const version = stringField(body, 'version');
      const restoreKeys = Array.isArray(body['restore_keys']) ? body['restore_keys'].map(String) : [];
      const found = lookup(key, restoreKeys, version);
      return found
        ? { ok: true, signed_download_url: signedUrl(String(found.id), 'r'), matched_key: found.key }
        : { ok: false, signed_download_url: '', matched_key: '' };
    }
  };

  async function handleTwirp(method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sendError = (code: string, msg: string) => {
      res.writeHead(TWIRP_STATUS[code] ?? 500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ code, msg }));
    };
    const raw = await readBody(req);
    if (!(TWIRP_METHODS as readonly string[]).includes(method) || req.method !== 'POST') {
      return sendError('bad_route', `no handler for ${req.method ?? ''} ${req.url ?? ''}`);
    }
    const route = method as TwirpMethod;
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendError('bad_route', `unexpected Content-Type: ${req.headers['content-type'] ?? 'none'}`);
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      return sendError('unauthenticated', 'invalid or missing runtime token');
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      body = undefined;
    }
    if (typeof body !== 'object' || body === null) return sendError('malformed', 'the request body is not a JSON object');
    record({ route, body });
    const failure = takeFailure(route);
    if (failure !== undefined) return sendError(twirpCodeFor(failure), `injected failure (${failure})`);
    const hold = takeHold(route);
    try {
      const answer = twirp[route](body as Record<string, unknown>);
      if (hold) await hold;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(answer));
    } catch (error) {
      if (error instanceof TwirpError) return sendError(error.code, error.message);
      throw error;
    }
  }

  function blobHeaders(blob: Blob): Record<string, string> {
    return {
      ETag: blob.etag ?? '',
      'Last-Modified': (blob.lastModified ?? new Date()).toUTCString(),
      'x-ms-request-id': randomUUID(),
      'x-ms-version': AZURE_VERSION,
      'x-ms-request-server-encrypted': 'true'
    };
  }

  function commit(blob: Blob, bytes: Buffer): void {
    blob.committed = bytes;
    blob.etag = `"0x${randomBytes(8).toString('hex').toUpperCase()}"`;
    blob.lastModified = new Date();
  }

  async function handleBlob(name: string, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const write = req.method === 'PUT';
    const permissions = url.searchParams.get('sp') ?? '';
    const signature = url.searchParams.get('sig');
    if (!signature || signature !== sign(name, permissions)) {
      throw new AzureError(
        403,
        'AuthenticationFailed',
        'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.'
      );
    }
    if (write ? !permissions.includes('w') : !permissions.includes('r')) {
      throw new AzureError(403, 'AuthorizationPermissionMismatch', 'This request is not authorized to perform this operation using this permission.');
    }
    record({ route: write ? 'blob-upload' : 'blob-download' });
    const failure = takeFailure(write ? 'blob-upload' : 'blob-download');
    if (failure !== undefined) throw new AzureError(failure, failure >= 500 ? 'InternalError' : 'InjectedFailure', `injected failure (${failure})`);

    if (write) {
      const blob = blobs.get(name) ?? { uncommitted: new Map<string, Buffer>() };
      blobs.set(name, blob);
      const comp = url.searchParams.get('comp');
      if (comp === null) {
        const type = req.headers['x-ms-blob-type'];
        if (type === undefined) throw new AzureError(400, 'MissingRequiredHeader', "An HTTP header that's mandatory for this request is not specified.");
        if (type !== 'BlockBlob') throw new AzureError(400, 'InvalidHeaderValue', 'The value for one of the HTTP headers is not in the correct format.');
        commit(blob, body);
        res.writeHead(201, { ...blobHeaders(blob), 'Content-MD5': md5(body) });
        return void res.end();
      }
      if (comp === 'block') {
        const blockId = url.searchParams.get('blockid');
        if (!blockId) throw new AzureError(400, 'InvalidQueryParameterValue', 'Value for one of the query parameters specified in the request URI is invalid.');
        blob.uncommitted.set(blockId, body);
        res.writeHead(201, { ...blobHeaders(blob), 'Content-MD5': md5(body) });
        return void res.end();
      }
      if (comp === 'blocklist') {
        const ids = [...body.toString('utf8').matchAll(/<(Latest|Uncommitted)>([^<]*)<\/\1>/g)].map((m) => m[2] ?? '');
        const parts = ids.map((id) => blob.uncommitted.get(id));
        if (parts.some((part) => part === undefined)) {
          throw new AzureError(400, 'InvalidBlockList', 'The specified block list is invalid.');
        }
        commit(blob, Buffer.concat(parts as Buffer[]));
        blob.uncommitted.clear();
        res.writeHead(201, blobHeaders(blob));
        return void res.end();
      }
      throw new AzureError(400, 'InvalidQueryParameterValue', 'Value for one of the query parameters specified in the request URI is invalid.');
    }

    const entry = entries.find((e) => String(e.id) === name);
    if (!entry) throw new AzureError(404, 'BlobNotFound', 'The specified blob does not exist.');
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(entry.bytes.length),
      'Content-MD5': md5(entry.bytes),
      'Accept-Ranges': 'bytes',
      'x-ms-blob-type': 'BlockBlob',
      'x-ms-request-id': randomUUID(),
      'x-ms-version': AZURE_VERSION
    });
    res.end(entry.bytes);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (downMode !== undefined) {
      const twirp = url.pathname.startsWith(TWIRP_PREFIX);
      record({ route: twirp ? (url.pathname.slice(TWIRP_PREFIX.length) as TwirpMethod) : req.method === 'PUT' ? 'blob-upload' : 'blob-download' });
      if (downMode === 'reset') return void req.socket.destroy();
      if (downMode === 'hang') return;
      res.writeHead(503, { 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify({ code: 'unavailable', msg: 'the service is unavailable' }));
    }
    const blobPath = url.pathname.match(new RegExp(`^/${ACCOUNT}/${CONTAINER}/([^/]+)$`));
    const handled = url.pathname.startsWith(TWIRP_PREFIX)
      ? handleTwirp(url.pathname.slice(TWIRP_PREFIX.length), req, res)
      : blobPath
        ? handleBlob(blobPath[1] ?? '', url, req, res)
        : Promise.reject(new AzureError(404, 'ResourceNotFound', 'The specified resource does not exist.'));
    handled.catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (error instanceof AzureError) {
        res.writeHead(error.status, { 'Content-Type': 'application/xml', 'x-ms-error-code': error.code, 'x-ms-request-id': randomUUID() });
        res.end(`<?xml version="1.0" encoding="utf-8"?><Error><Code>${error.code}</Code><Message>${error.message}</Message></Error>`);
        return;
      }
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ code: 'internal', msg: String(error) }));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${origin}/`,
    token,
    entries,
    requests,
    failNext(route, status, times = 1) {
      failures.set(route, { status, times });
    },
    holdNext(route, until) {
      holds.set(route, until);
    },
    arrived(route) {
      return new Promise((resolve) => waiting.push({ route, resolve }));
    },
    down(mode) {
      downMode = mode;
    },
    up() {
      downMode = undefined;
    },
    corrupt(key) {
      for (const entry of entries.filter((e) => e.key === key)) entry.bytes = Buffer.from('these bytes are not a tar archive');
    },
    close() {
      if (!server.listening) return Promise.resolve();
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    }
  };
}

/** The environment `@actions/cache` reads inside a job step, pointed at the fake. */
export function actionsCacheEnv(service: Pick<FakeCacheService, 'url' | 'token'>, runnerTemp: string): Record<string, string> {
  return {
    ACTIONS_CACHE_SERVICE_V2: 'True',
    ACTIONS_RESULTS_URL: service.url,
    ACTIONS_RUNTIME_TOKEN: service.token,
    RUNNER_TEMP: runnerTemp,
    // Anything but github.com, *.ghe.com or *.localhost is GitHub Enterprise Server, which the package
    // serves with the v1 protocol.
    GITHUB_SERVER_URL: 'https://github.com'
  };
}
