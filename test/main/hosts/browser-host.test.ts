import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserHost, type BrowserHost } from '../../../main/hosts/browser/server';
import { readyCore, SAMPLE_APPLICANT, SAMPLE_UNIT, testCore, waitJob, type TestCore } from '../../helpers/core';
import { fakeOcr } from '../../helpers/fake-ocr';
import { scannedPage } from '../../helpers/pages';
import { tempDir } from '../../helpers/temp';

let host: BrowserHost | null = null;
let core: TestCore | null = null;
afterEach(async () => {
  await host?.close();
  await core?.close();
  host = null;
  core = null;
});

async function start(given?: TestCore) {
  const renderer = tempDir();
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Một Cửa Số</title>');
  fs.mkdirSync(path.join(renderer, 'assets'));
  fs.writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
  core = given ?? (await testCore());
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

/** The tab session the tests' raw requests name (the renderer makes one per tab). */
const SID = 'tab0123456789abcdef';

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
    const rebinding = await raw(h.port, { method: 'POST', path: '/api/app.info', headers: { host: `evil.example:${h.port}`, 'x-motcua-token': h.token, 'x-motcua-session': SID }, body: '{}' });
    expect(rebinding.status).toBe(403);
    const foreign = await raw(h.port, {
      method: 'POST',
      path: '/api/app.info',
      headers: { host: `127.0.0.1:${h.port}`, origin: 'http://evil.example', 'x-motcua-token': h.token, 'x-motcua-session': SID },
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
    await core!.call('setup.initialize', { unitCode: 'U.01', unitName: 'Đơn vị', unitLevel: 'xã', username: 'ad', fullName: 'Quản trị', pin: '123456' });
    const p = await core!.call('procedures.upsert', { code: '1.1', name: 'Thủ tục', field: '', processingDays: 1, fullyOnline: false, resultIsPaper: true, feeBearing: false, components: [] });
    await core!.call('dossiers.create', { procedureId: p.id, applicant: { name: 'A', idNumber: '', address: '', phone: '', email: '' }, components: [] });
    expect(await got).toMatchObject({ event: 'dossier.changed', payload: { dossierId: expect.any(String) } });
    ws.close();
  });

  describe('never falls over', () => {
    it('answers a malformed request line with 400 and keeps serving', async () => {
      const h = await start();
      const reply = await rawSocket(h.port, `GET http://[ HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\n\r\n`);
      expect(reply).toMatch(/^HTTP\/1\.1 400 /);
      expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4))).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      // One the parser itself refuses goes through clientError, with the same JSON shape.
      const garbage = await rawSocket(h.port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nbad header line\r\n\r\n');
      expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
      expect(garbage).toContain('"code":"BAD_REQUEST"');
      await expectAlive(h);
    });

    it('answers malformed percent-escapes in /api and /files with 400', async () => {
      const h = await start();
      const host = `127.0.0.1:${h.port}`;
      const api = await raw(h.port, { method: 'POST', path: '/api/%E0%A4%A', headers: { host, 'x-motcua-token': h.token, 'x-motcua-session': SID }, body: '{}' });
      expect(api.status).toBe(400);
      expect(JSON.parse(api.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      const file = await raw(h.port, { path: `/files/%zz/x?token=${h.token}&session=${SID}`, headers: { host } });
      expect(file.status).toBe(400);
      expect(JSON.parse(file.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      const id = await raw(h.port, { path: `/files/page/%E0%A4%A?token=${h.token}&session=${SID}`, headers: { host } });
      expect(id.status).toBe(400);
      await expectAlive(h);
    });

    it('closes a WebSocket that sends a message over the limit with 1009 and stays up', async () => {
      const h = await start();
      const ws = new WebSocket(`ws://127.0.0.1:${h.port}/events?token=${h.token}`);
      await new Promise((r) => ws.on('open', r));
      const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
      ws.on('error', () => {});
      ws.send(Buffer.alloc(256 * 1024, 1));
      expect(await closed).toBe(1009);
      // Other and later sockets are unaffected.
      const again = new WebSocket(`ws://127.0.0.1:${h.port}/events?token=${h.token}`);
      await new Promise((r) => again.on('open', r));
      again.close();
      await expectAlive(h);
    });

    it('refuses an upload whose Content-Length is over the limit with 413 before reading the body', async () => {
      const h = await start();
      const reply = await rawSocket(
        h.port,
        `POST /api/digitize.importFiles HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\nx-motcua-token: ${h.token}\r\nx-motcua-session: ${SID}\r\ncontent-type: application/json\r\ncontent-length: 300000000\r\n\r\n`,
      );
      expect(reply).toMatch(/^HTTP\/1\.1 413 /);
      expect(reply.toLowerCase()).toContain('connection: close');
      expect(reply).toContain('"code":"FILE_TOO_LARGE"');
      // A client that asks first is refused without being invited to send.
      const asked = await rawSocket(
        h.port,
        `POST /api/digitize.importFiles HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\nx-motcua-token: ${h.token}\r\nx-motcua-session: ${SID}\r\nexpect: 100-continue\r\ncontent-length: 300000000\r\n\r\n`,
      );
      expect(asked).toMatch(/^HTTP\/1\.1 413 /);
      await expectAlive(h);
    });

    it('a small method gets the small limit by Content-Length; an upload that asks first is invited', async () => {
      const h = await start();
      // An upload method that asks first is invited to send.
      const invited = await rawSocket(
        h.port,
        `POST /api/digitize.importFiles HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\nx-motcua-token: ${h.token}\r\nx-motcua-session: ${SID}\r\nexpect: 100-continue\r\ncontent-length: 2\r\n\r\n`,
        (got) => got.startsWith('HTTP/1.1 100'),
      );
      expect(invited).toMatch(/^HTTP\/1\.1 100 /);
      const r = await raw(h.port, { method: 'POST', path: '/api/app.info', headers: { host: `127.0.0.1:${h.port}`, 'x-motcua-token': h.token, 'x-motcua-session': SID }, body: `{"x":"${'a'.repeat(1024 * 1024)}"}` });
      expect(r.status).toBe(413);
      await expectAlive(h);
    });

    it('refuses a chunked body over the small limit with a 413 the client receives', async () => {
      const h = await start();
      const status = await streamBody(h, '/api/app.info', { chunked: true, total: 16 * 1024 * 1024 });
      expect(status).toBe(413);
      await expectAlive(h);
    });

    it('a client that actually sends 290 MB to an upload method gets 413, not a reset', async () => {
      const h = await start();
      const status = await streamBody(h, '/api/digitize.importFiles', { total: 290_000_000 });
      expect(status).toBe(413);
      await expectAlive(h);
    }, 30_000);

    it('serves stored files (pages, thumbnails) with Cache-Control: no-store', async () => {
      const { core: c, procedure } = await readyCore({ ocrFactory: async () => fakeOcr() });
      const h = await start(c);
      const call = async (method: string, input: unknown) => {
        const r = await raw(h.port, { method: 'POST', path: `/api/${method}`, headers: { host: `127.0.0.1:${h.port}`, 'x-motcua-token': h.token, 'x-motcua-session': SID }, body: JSON.stringify(input) });
        const parsed = JSON.parse(r.body);
        expect(parsed, method).toMatchObject({ ok: true });
        return parsed.result;
      };
      const dossier = await core!.call('dossiers.create', {
        procedureId: procedure.id,
        applicant: SAMPLE_APPLICANT,
        components: procedure.components.map((x) => ({ name: x.name, required: x.required, copies: x.copies, received: true })),
      });
      const componentId = dossier.components[0]!.id;
      // The tab signs in (its own session), then uploads through the host.
      await call('auth.signIn', { username: SAMPLE_UNIT.username, pin: SAMPLE_UNIT.pin });
      // The upload goes through the host: the upload limit, not the small one, applies.
      const { jobId } = await call('digitize.importFiles', { componentId, files: [{ name: 'p1.png', dataBase64: (await scannedPage(['Tờ khai'])).toString('base64') }] });
      expect(await waitJob(core!, jobId)).toMatchObject({ state: 'done' });
      const [page] = await core!.call('digitize.pages', { componentId });
      for (const kind of ['page', 'thumb']) {
        const r = await raw(h.port, { path: `/files/${kind}/${page!.imageId}?token=${h.token}&session=${SID}`, headers: { host: `127.0.0.1:${h.port}` } });
        expect(r.status, kind).toBe(200);
        expect(r.headers['cache-control'], kind).toBe('no-store');
        // Another tab (not signed in) and a tab with no session get nothing.
        const other = await raw(h.port, { path: `/files/${kind}/${page!.imageId}?token=${h.token}&session=tabOTHER0123456789`, headers: { host: `127.0.0.1:${h.port}` } });
        expect(other.status, kind).toBe(404);
        const none = await raw(h.port, { path: `/files/${kind}/${page!.imageId}?token=${h.token}`, headers: { host: `127.0.0.1:${h.port}` } });
        expect(none.status, kind).toBe(401);
      }
      // After sign-out the same tab's file links stop working.
      await call('auth.signOut', {});
      const after = await raw(h.port, { path: `/files/page/${page!.imageId}?token=${h.token}&session=${SID}`, headers: { host: `127.0.0.1:${h.port}` } });
      expect(after.status).toBe(404);
    }, 30_000);
  });
});

/** Writes bytes on a plain TCP socket and collects everything until the server closes it. */
function rawSocket(port: number, data: string, enough: (got: string) => boolean = () => false): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(data));
    let got = '';
    socket.setEncoding('utf8');
    socket.on('data', (c) => {
      got += c;
      if (enough(got)) {
        socket.destroy();
        return resolve(got);
      }
      // A complete answer is enough: no need to wait for the server's linger before it closes.
      const head = got.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(got.slice(0, head));
      if (head >= 0 && length && Buffer.byteLength(got.slice(head + 4)) >= Number(length[1])) {
        socket.destroy();
        resolve(got);
      }
    });
    socket.on('end', () => resolve(got));
    socket.on('close', () => resolve(got));
    socket.on('error', (e) => (got ? resolve(got) : reject(e)));
  });
}

/** Streams `total` bytes of body (1 MB at a time, as a browser would) and returns the status the client saw. */
function streamBody(h: BrowserHost, path: string, opts: { total: number; chunked?: boolean }): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: `127.0.0.1:${h.port}`, 'x-motcua-token': h.token, 'x-motcua-session': SID, 'content-type': 'application/json' };
    if (!opts.chunked) headers['content-length'] = String(opts.total);
    const req = http.request({ host: '127.0.0.1', port: h.port, method: 'POST', path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    // Errors after the answer (the host closing the rest of the upload) are expected.
    req.on('error', reject);
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      while (sent < opts.total) {
        const n = Math.min(chunk.length, opts.total - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

/** The host still answers after whatever the test threw at it. */
async function expectAlive(h: BrowserHost) {
  const r = await raw(h.port, { method: 'POST', path: '/api/app.info', headers: { host: `127.0.0.1:${h.port}`, 'x-motcua-token': h.token, 'x-motcua-session': SID }, body: '{}' });
  expect(r.status).toBe(200);
}
