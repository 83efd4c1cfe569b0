import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserHost, type BrowserHost } from '../../../main/hosts/browser/server';
import { testCore, type TestCore } from '../../helpers/core';
import { tempDir } from '../../helpers/temp';

let host: BrowserHost | null = null;
let core: TestCore | null = null;
afterEach(async () => {
  await host?.close();
  await core?.close();
  host = null;
  core = null;
});

async function start() {
  const renderer = tempDir();
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Một Cửa Số</title>');
  fs.mkdirSync(path.join(renderer, 'assets'));
  fs.writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
  core = await testCore();
  host = await startBrowserHost({ core, rendererDir: renderer });
  return host;
}

/** Raw request so Host headers and odd paths go out exactly as written. */
function raw(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('browser host', () => {
  it('binds to loopback and answers API calls only with the per-start token', async () => {
    const h = await start();
    expect(h.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
    const host = `127.0.0.1:${h.port}`;
    const ok = await raw(h.port, { method: 'POST', path: '/api/app.info', headers: { host, 'x-motcua-token': h.token, 'x-motcua-session': 'tab-0123456789abcdef' }, body: '{}' });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, result: { host: 'test', needsSetup: true } });
    // Each tab names its session; a call without one is refused.
    const noSession = await raw(h.port, { method: 'POST', path: '/api/app.info', headers: { host, 'x-motcua-token': h.token }, body: '{}' });
    expect(noSession.status).toBe(400);
    const noToken = await raw(h.port, { method: 'POST', path: '/api/app.info', headers: { host }, body: '{}' });
    expect(noToken.status).toBe(401);
    const wrongToken = await raw(h.port, { method: 'POST', path: '/api/app.info', headers: { host, 'x-motcua-token': 'x'.repeat(32) }, body: '{}' });
    expect(wrongToken.status).toBe(401);
  });

  it('refuses foreign Host headers (DNS rebinding) and foreign origins', async () => {
    const h = await start();
    const rebinding = await raw(h.port, { method: 'POST', path: '/api/app.info', headers: { host: `evil.example:${h.port}`, 'x-motcua-token': h.token }, body: '{}' });
    expect(rebinding.status).toBe(403);
    const foreign = await raw(h.port, {
      method: 'POST',
      path: '/api/app.info',
      headers: { host: `127.0.0.1:${h.port}`, origin: 'http://evil.example', 'x-motcua-token': h.token },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
  });

  it('serves the renderer with a strict CSP and never outside its folder', async () => {
    const h = await start();
    const host = `127.0.0.1:${h.port}`;
    const index = await raw(h.port, { path: '/', headers: { host } });
    expect(index.status).toBe(200);
    expect(index.body).toContain('Một Cửa Số');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await raw(h.port, { path: '/assets/app.js', headers: { host } })).status).toBe(200);
    for (const p of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fpackage.json', '/..%5c..%5cwindows', '/a%00.js', '/C:/Windows/win.ini']) {
      const r = await raw(h.port, { path: p, headers: { host } });
      expect(r.status, p).toBe(404);
      expect(r.body).not.toContain('root:');
    }
  });

  it('pushes core events over a WebSocket that requires the token', async () => {
    const h = await start();
    const refused = await new Promise<boolean>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${h.port}/events?token=wrong`);
      ws.on('error', () => resolve(true));
      ws.on('open', () => resolve(false));
    });
    expect(refused).toBe(true);
    const ws = new WebSocket(`ws://127.0.0.1:${h.port}/events?token=${h.token}`);
    await new Promise((r) => ws.on('open', r));
    const got = new Promise<unknown>((r) => ws.on('message', (m) => r(JSON.parse(String(m)))));
    await core!.call('setup.initialize', { unitCode: 'U', unitName: 'Đơn vị', unitLevel: 'xã', username: 'ad', fullName: 'Quản trị', pin: '123456' });
    const p = await core!.call('procedures.upsert', { code: '1.1', name: 'Thủ tục', field: '', processingDays: 1, fullyOnline: false, resultIsPaper: true, feeBearing: false, components: [] });
    await core!.call('dossiers.create', { procedureId: p.id, applicant: { name: 'A', idNumber: '', address: '', phone: '', email: '' }, components: [] });
    expect(await got).toMatchObject({ event: 'dossier.changed', payload: { dossierId: expect.any(String) } });
    ws.close();
  });
});
