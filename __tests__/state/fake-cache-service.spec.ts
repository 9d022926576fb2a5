// The fake's own rules, where the store's tests through @actions/cache do not reach them.
import { startFakeCacheService, type FakeCacheService } from '../fakes/cache-server.js';

describe('state/fake-cache-service', () => {
  let service: FakeCacheService;
  beforeEach(async () => {
    service = await startFakeCacheService();
  });
  afterEach(async () => {
    await service.close();
  });

  async function twirp(method: string, body: unknown, init: { token?: string; raw?: string } = {}) {
    const response = await fetch(new URL(`/twirp/github.actions.results.api.v1.CacheService/${method}`, service.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${init.token ?? service.token}` },
      body: init.raw ?? JSON.stringify(body)
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function store(key: string, version: string, bytes: string): Promise<void> {
    const created = await twirp('CreateCacheEntry', { key, version });
    const put = await fetch(String(created.body['signed_upload_url']), { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: bytes });
    expect(put.status).toBe(201);
    expect((await twirp('FinalizeCacheEntryUpload', { key, version, size_bytes: String(bytes.length) })).body['ok']).toBe(true);
  }

  async function download(key: string, version: string, restoreKeys?: string[]) {
    const found = await twirp('GetCacheEntryDownloadURL', { key, version, ...(restoreKeys ? { restore_keys: restoreKeys } : {}) });
    if (found.body['ok'] !== true) return undefined;
    const response = await fetch(String(found.body['signed_download_url']));
    return { matchedKey: found.body['matched_key'], text: await response.text() };
  }

  describe('fake cache service: Twirp', () => {
    it('refuses a request without the runtime token', async () => {
      expect(await twirp('GetCacheEntryDownloadURL', { key: 'k', version: 'v' }, { token: 'other' })).toEqual({
        status: 401,
        body: { code: 'unauthenticated', msg: expect.any(String) }
      });
    });

    it('answers unknown methods, wrong verbs and bad bodies as Twirp does', async () => {
      expect((await twirp('DeleteCacheEntry', {})).body['code']).toBe('bad_route');
      const get = await fetch(new URL('/twirp/github.actions.results.api.v1.CacheService/CreateCacheEntry', service.url));
      expect(get.status).toBe(404);
      expect(await twirp('CreateCacheEntry', null, { raw: '{nope' })).toEqual({ status: 400, body: { code: 'malformed', msg: expect.any(String) } });
      expect(await twirp('CreateCacheEntry', null, { raw: 'null' })).toEqual({ status: 400, body: { code: 'malformed', msg: expect.any(String) } });
      expect(await twirp('CreateCacheEntry', { version: 'v' })).toEqual({ status: 400, body: { code: 'invalid_argument', msg: 'key is required' } });
      const protobuf = await fetch(new URL('/twirp/github.actions.results.api.v1.CacheService/CreateCacheEntry', service.url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/protobuf', Authorization: `Bearer ${service.token}` },
        body: ''
      });
      expect(await protobuf.json()).toEqual({ code: 'bad_route', msg: expect.stringContaining('Content-Type') });
    });

    it('answers paths it does not serve as storage does', async () => {
      const response = await fetch(new URL('/elsewhere', service.url));
      expect(response.status).toBe(404);
      expect(response.headers.get('x-ms-error-code')).toBe('ResourceNotFound');
    });

    it('keeps entries immutable: a second create of key and version, saved or being saved, is already_exists', async () => {
      await store('k', 'v1', 'a');
      expect(await twirp('CreateCacheEntry', { key: 'k', version: 'v1' })).toEqual({
        status: 409,
        body: { code: 'already_exists', msg: 'cache entry with the same key, version, and scope already exists' }
      });
      expect((await twirp('CreateCacheEntry', { key: 'k', version: 'v2' })).body['ok']).toBe(true);
      expect((await twirp('CreateCacheEntry', { key: 'k', version: 'v2' })).status).toBe(409);
    });

    it('finalizes only a reserved entry whose upload has the size announced', async () => {
      expect((await twirp('FinalizeCacheEntryUpload', { key: 'k', version: 'v', size_bytes: '1' })).body['code']).toBe('not_found');
      const created = await twirp('CreateCacheEntry', { key: 'k', version: 'v' });
      expect((await twirp('FinalizeCacheEntryUpload', { key: 'k', version: 'v', size_bytes: '0' })).body).toEqual({
        code: 'not_found',
        msg: 'uploaded blob not found'
      });
      await fetch(String(created.body['signed_upload_url']), { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: 'abc' });
      expect((await twirp('FinalizeCacheEntryUpload', { key: 'k', version: 'v', size_bytes: '4' })).body['code']).toBe('invalid_argument');
      expect((await twirp('FinalizeCacheEntryUpload', { key: 'k', version: 'v', size_bytes: '3' })).body).toEqual({ ok: true, entry_id: '1' });
    });

    it('matches the exact key first, then the newest key with the key as prefix, then restore keys, within one version', async () => {
      await store('deps-a', 'v', 'exact');
      await store('deps-a-2', 'v', 'longer');
      await store('other-1', 'v', 'restore');
      expect(await download('deps-a', 'v')).toEqual({ matchedKey: 'deps-a', text: 'exact' });
      expect(await download('deps-', 'v')).toEqual({ matchedKey: 'deps-a-2', text: 'longer' });
      expect(await download('none', 'v', ['other-'])).toEqual({ matchedKey: 'other-1', text: 'restore' });
      expect(await download('deps-a', 'another-version')).toBeUndefined();
      expect((await twirp('GetCacheEntryDownloadURL', { key: 'none', version: 'v' })).body).toEqual({
        ok: false,
        signed_download_url: '',
        matched_key: ''
      });
    });

    it('fails the next requests to a route as often as asked', async () => {
      service.failNext('GetCacheEntryDownloadURL', 503, 2);
      const ask = () => twirp('GetCacheEntryDownloadURL', { key: 'k', version: 'v' });
      expect(await ask()).toEqual({ status: 503, body: { code: 'unavailable', msg: expect.any(String) } });
      expect((await ask()).status).toBe(503);
      expect((await ask()).status).toBe(200);
    });
  });

  describe('fake cache service: blob storage', () => {
    it('assembles staged blocks in the order of the block list', async () => {
      const created = await twirp('CreateCacheEntry', { key: 'big', version: 'v' });
      const url = new URL(String(created.body['signed_upload_url']));
      const block = (id: string) => {
        const blockUrl = new URL(url);
        blockUrl.searchParams.set('comp', 'block');
        blockUrl.searchParams.set('blockid', id);
        return blockUrl;
      };
      expect((await fetch(block('QjI='), { method: 'PUT', body: 'second' })).status).toBe(201);
      expect((await fetch(block('QjE='), { method: 'PUT', body: 'first-' })).status).toBe(201);
      const list = new URL(url);
      list.searchParams.set('comp', 'blocklist');
      const committed = await fetch(list, {
        method: 'PUT',
        body: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><BlockList><Latest>QjE=</Latest><Latest>QjI=</Latest></BlockList>'
      });
      expect(committed.status).toBe(201);
      expect(committed.headers.get('etag')).toBeTruthy();
      await twirp('FinalizeCacheEntryUpload', { key: 'big', version: 'v', size_bytes: '12' });
      expect(await download('big', 'v')).toEqual({ matchedKey: 'big', text: 'first-second' });
    });

    it('refuses a block list naming a block never staged', async () => {
      const created = await twirp('CreateCacheEntry', { key: 'k', version: 'v' });
      const list = new URL(String(created.body['signed_upload_url']));
      list.searchParams.set('comp', 'blocklist');
      const response = await fetch(list, { method: 'PUT', body: '<BlockList><Latest>bm9uZQ==</Latest></BlockList>' });
      expect(response.status).toBe(400);
      expect(response.headers.get('x-ms-error-code')).toBe('InvalidBlockList');
    });

    it('requires x-ms-blob-type BlockBlob on Put Blob, and knows only block operations', async () => {
      const created = await twirp('CreateCacheEntry', { key: 'k', version: 'v' });
      const url = new URL(String(created.body['signed_upload_url']));
      const missing = await fetch(url, { method: 'PUT', body: 'x' });
      expect(missing.status).toBe(400);
      expect(missing.headers.get('x-ms-error-code')).toBe('MissingRequiredHeader');
      expect(await missing.text()).toContain('<Code>MissingRequiredHeader</Code>');
      const append = await fetch(url, { method: 'PUT', headers: { 'x-ms-blob-type': 'AppendBlob' }, body: 'x' });
      expect(append.headers.get('x-ms-error-code')).toBe('InvalidHeaderValue');
      url.searchParams.set('comp', 'appendblock');
      expect((await fetch(url, { method: 'PUT', body: 'x' })).headers.get('x-ms-error-code')).toBe('InvalidQueryParameterValue');
    });

    it('honours only the signature and permissions it issued', async () => {
      const created = await twirp('CreateCacheEntry', { key: 'k', version: 'v' });
      const upload = new URL(String(created.body['signed_upload_url']));
      expect((await fetch(upload)).headers.get('x-ms-error-code')).toBe('AuthorizationPermissionMismatch');
      upload.searchParams.set('sp', 'rcw');
      const forged = await fetch(upload, { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: 'x' });
      expect(forged.status).toBe(403);
      expect(forged.headers.get('x-ms-error-code')).toBe('AuthenticationFailed');
    });

    it('serves what corrupt() left in place of an archive', async () => {
      await store('k', 'v', 'archive');
      service.corrupt('k');
      expect((await download('k', 'v'))?.text).not.toBe('archive');
    });
  });
});
