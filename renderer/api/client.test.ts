// Unit tests for the API client and the HTTP transport (run with Vitest once its include covers
// renderer/**/*.test.ts; they need no DOM: window and WebSocket are stubbed).
/* eslint-disable @typescript-eslint/no-explicit-any -- stubs of window and WebSocket */
import { describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError } from './client';
import { createHttpTransport, takeToken } from './http';

class FakeWS { onopen: any; onmessage: any; onclose: any; onerror: any; static last: FakeWS; constructor(public url: string) { FakeWS.last = this; } close() {} }
(globalThis as any).window = { addEventListener() {}, location: { origin: 'http://127.0.0.1:9' } };

function client(fetchImpl: any) {
  return new ApiClient(createHttpTransport({ origin: 'http://127.0.0.1:9', token: 'tok', sessionId: 'tab0123456789abcdef', fetchImpl, WebSocketImpl: FakeWS as any }));
}
const json = (status: number, body: unknown) => async () => ({ status, json: async () => body }) as any;

describe('client', () => {
  it('validates output and returns parsed data', async () => {
    const f = vi.fn(json(200, { ok: true, result: { ok: true } }));
    await expect(client(f).call('auth.signOut', {})).resolves.toEqual({ ok: true });
    const [url, init] = f.mock.calls[0] as any;
    expect(url).toBe('http://127.0.0.1:9/api/auth.signOut');
    expect(init.headers['x-motcua-token']).toBe('tok');
  });
  it('throws ApiError with the Vietnamese message on ok:false', async () => {
    const c = client(json(200, { ok: false, error: { code: 'BAD_CREDENTIALS', message: 'Tên đăng nhập hoặc mã PIN không đúng.' } }));
    const err = await c.call('auth.signIn', { username: 'a', pin: '1' }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('BAD_CREDENTIALS');
    expect(err.message).toBe('Tên đăng nhập hoặc mã PIN không đúng.');
  });
  it('rejects outputs that break the contract', async () => {
    const err = await client(json(200, { ok: true, result: { nope: 1 } })).call('auth.signOut', {}).catch((e) => e);
    expect(err.code).toBe('BAD_RESPONSE');
  });
  it('maps HTTP 401 to TOKEN_INVALID and notifies', async () => {
    const c = client(json(401, { ok: false, error: { code: 'UNAUTHORIZED', message: 'x' } }));
    const seen: string[] = [];
    c.onAuthProblem((p) => seen.push(p));
    const err = await c.call('app.info', {}).catch((e) => e);
    expect(err.code).toBe('TOKEN_INVALID');
    expect(seen).toEqual(['TOKEN_INVALID']);
  });
  it('session UNAUTHORIZED (200) notifies UNAUTHORIZED', async () => {
    const c = client(json(200, { ok: false, error: { code: 'UNAUTHORIZED', message: 'Bạn cần đăng nhập' } }));
    const seen: string[] = [];
    c.onAuthProblem((p) => seen.push(p));
    await c.call('officers.list', {}).catch(() => 0);
    expect(seen).toEqual(['UNAUTHORIZED']);
  });
  it('network failure → NETWORK', async () => {
    const err = await client(async () => { throw new TypeError('fetch failed'); }).call('app.info', {}).catch((e) => e);
    expect(err.code).toBe('NETWORK');
    expect(err.message).toMatch(/Không kết nối được/);
  });
  it('checks input before sending', async () => {
    const f = vi.fn();
    const err = await client(f).call('auth.signIn', { username: '', pin: '' }).catch((e) => e);
    expect(err.code).toBe('BAD_REQUEST');
    expect(f).not.toHaveBeenCalled();
  });
  it('validates event payloads and drops bad ones', () => {
    const c = client(json(200, {}));
    const got: unknown[] = [];
    c.on('pages.changed', (p) => got.push(p));
    const ws = FakeWS.last;
    expect(ws.url).toBe('ws://127.0.0.1:9/events?token=tok');
    ws.onmessage({ data: JSON.stringify({ event: 'pages.changed', payload: { componentId: 'c1' } }) });
    ws.onmessage({ data: JSON.stringify({ event: 'pages.changed', payload: { componentId: 5 } }) });
    ws.onmessage({ data: 'garbage' });
    expect(got).toEqual([{ componentId: 'c1' }]);
  });
  it('fileUrl carries the token and the tab session', () => {
    expect(client(json(200, {})).fileUrl('thumb', 'a b')).toBe('http://127.0.0.1:9/files/thumb/a%20b?token=tok&session=tab0123456789abcdef');
  });
  it('takeToken stores the token and cleans the address bar', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const replace = vi.fn();
    expect(takeToken({ href: 'http://h/?token=abc#/ho-so' }, storage, { replaceState: replace, state: null } as any)).toBe('abc');
    expect(replace).toHaveBeenCalledWith(null, '', '/#/ho-so');
    expect(takeToken({ href: 'http://h/#/ho-so' }, storage, { replaceState: replace, state: null } as any)).toBe('abc');
  });
});
