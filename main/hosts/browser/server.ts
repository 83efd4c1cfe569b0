// Browser host: serves the built renderer and the same typed API on 127.0.0.1 with a random
// per-start token. It exists so end-to-end tests (and IT, on machines without Electron) drive the
// real UI in a normal browser. Only loopback is bound; the token, a Host check (DNS rebinding)
// and an Origin check keep other local pages and users' browsers out.
import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Core } from '../../core/types';
import { API_PATH, EVENTS_PATH, FILES_PATH, FILE_KINDS, SESSION_HEADER, SESSION_ID_PATTERN, SESSION_QUERY, TOKEN_HEADER, TOKEN_QUERY, type FileKind } from '../../../shared/contract/transport';
import { MAX_UPLOAD_BYTES } from '../../../shared/contract/api';
import { ERROR_MESSAGES } from '../../../shared/contract/errors';
import { resolveStaticPath, contentType, contentDisposition } from '../static-files';
import { contentSecurityPolicy } from '../csp';

export interface BrowserHostOptions {
  core: Core;
  rendererDir: string;
  port?: number;
  token?: string;
}

export interface BrowserHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = Math.ceil((MAX_UPLOAD_BYTES * 4) / 3) + 1024 * 1024;

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}

export function browserCsp(port: number): string {
  return contentSecurityPolicy({ connectSrc: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(data) });
  res.end(data);
}

function refuse(res: http.ServerResponse, status: number, code: keyof typeof ERROR_MESSAGES): void {
  sendJson(res, status, { ok: false, error: { code, message: ERROR_MESSAGES[code] } });
}

export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const token = opts.token ?? crypto.randomBytes(24).toString('base64url');
  const { core, rendererDir } = opts;
  let port = 0;

  const hostAllowed = (host: string | undefined) => host === `127.0.0.1:${port}` || host === `localhost:${port}`;
  const originAllowed = (origin: string | undefined) =>
    origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!hostAllowed(req.headers.host)) return refuse(res, 403, 'FORBIDDEN');
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');

    if (url.pathname.startsWith(`${API_PATH}/`)) {
      if (req.method !== 'POST') return refuse(res, 405, 'BAD_REQUEST');
      const given = req.headers[TOKEN_HEADER];
      if (typeof given !== 'string' || !safeEqual(given, token)) return refuse(res, 401, 'UNAUTHORIZED');
      if (!originAllowed(req.headers.origin)) return refuse(res, 403, 'FORBIDDEN');
      const sessionId = req.headers[SESSION_HEADER];
      if (typeof sessionId !== 'string' || !SESSION_ID_PATTERN.test(sessionId)) return refuse(res, 400, 'BAD_REQUEST');
      const method = decodeURIComponent(url.pathname.slice(API_PATH.length + 1));
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY_BYTES) {
          tooLarge = true;
          req.destroy();
        } else chunks.push(c);
      });
      req.on('close', () => {
        if (tooLarge && !res.headersSent) refuse(res, 413, 'FILE_TOO_LARGE');
      });
      req.on('end', () => {
        if (tooLarge) return;
        let input: unknown;
        try {
          input = size ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
        } catch {
          return refuse(res, 400, 'BAD_REQUEST');
        }
        core.dispatch(method, input, { sessionId: `tab:${sessionId}` }).then(
          (result) => sendJson(res, 200, result),
          () => refuse(res, 500, 'INTERNAL'),
        );
      });
      return;
    }

    if (url.pathname.startsWith(`${FILES_PATH}/`)) {
      const given = url.searchParams.get(TOKEN_QUERY) ?? '';
      if (!safeEqual(given, token)) return refuse(res, 401, 'UNAUTHORIZED');
      const [kind, id] = url.pathname.slice(FILES_PATH.length + 1).split('/').map(decodeURIComponent);
      if (!kind || !id || !(FILE_KINDS as readonly string[]).includes(kind)) return refuse(res, 404, 'NOT_FOUND');
      // Files hold personal data: only for a tab whose officer is signed in and not locked.
      const sessionId = url.searchParams.get(SESSION_QUERY) ?? '';
      if (!SESSION_ID_PATTERN.test(sessionId)) return refuse(res, 401, 'UNAUTHORIZED');
      core.resolveFile(kind as FileKind, id, { sessionId: `tab:${sessionId}` }).then(
        (file) => {
          if (!file) return refuse(res, 404, 'NOT_FOUND');
          fs.stat(file.path, (err, st) => {
            if (err) return refuse(res, 404, 'NOT_FOUND');
            res.writeHead(200, {
              'content-type': file.mime,
              'content-length': st.size,
              'cache-control': 'no-store',
              'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
              ...(file.name ? { 'content-disposition': contentDisposition(file.name) } : {}),
            });
            fs.createReadStream(file.path).pipe(res);
          });
        },
        // A rendition that cannot be made (unreadable image, full disk) is a missing file here.
        () => refuse(res, 404, 'NOT_FOUND'),
      );
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'BAD_REQUEST');
    const filePath = resolveStaticPath(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname);
    if (!filePath) return refuse(res, 404, 'NOT_FOUND');
    fs.readFile(filePath, (err, data) => {
      // No fallback to the shell for unknown paths: the renderer routes by hash, so a miss is a 404.
      if (err) return refuse(res, 404, 'NOT_FOUND');
      res.writeHead(200, {
        'content-type': contentType(filePath),
        'content-security-policy': browserCsp(port),
        'cache-control': filePath.endsWith('index.html') ? 'no-store' : 'public, max-age=3600',
      });
      res.end(req.method === 'HEAD' ? undefined : data);
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const given = url.searchParams.get(TOKEN_QUERY) ?? '';
    if (url.pathname !== EVENTS_PATH || !hostAllowed(req.headers.host) || !originAllowed(req.headers.origin) || !safeEqual(given, token)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      // The event channel is one-way: anything the page sends is ignored.
    });
  });
  const unsubscribe = core.onEvent((event, payload) => {
    const msg = JSON.stringify({ event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(msg);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}/?${TOKEN_QUERY}=${token}`;

  return {
    url,
    port,
    token,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
