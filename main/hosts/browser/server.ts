// Browser host: serves the built renderer and the same typed API on 127.0.0.1 with a random
// per-start token. It exists so end-to-end tests (and IT, on machines without Electron) drive the
// real UI in a normal browser. Only loopback is bound; the token, a Host check (DNS rebinding)
// and an Origin check keep other local pages and users' browsers out.
import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream';
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

/** Bodies of the methods that carry uploads (base64 files, imported histories): the largest upload plus room. */
const MAX_BODY_BYTES = Math.ceil((MAX_UPLOAD_BYTES * 4) / 3) + 1024 * 1024;
/** Every other method's input is a small JSON object; this is far above any of them. */
const MAX_SMALL_BODY_BYTES = 1024 * 1024;
const UPLOAD_METHODS: ReadonlySet<string> = new Set(['digitize.importFiles', 'signing.setCertificate', 'dossiers.importHistories', 'procedures.import']);
/** Events flow host → page only; the page has no reason to send more than a few bytes. */
const MAX_WS_MESSAGE_BYTES = 64 * 1024;
/** After refusing a body we stop reading and close, but only after the client has had time to read the refusal. */
const LINGER_MS = 2000;

/** How many body bytes an API method may send. */
export function bodyLimit(method: string): number {
  return UPLOAD_METHODS.has(method) ? MAX_BODY_BYTES : MAX_SMALL_BODY_BYTES;
}

/** The request target as a URL, or null when it is not one (`GET http://[`). */
function parseTarget(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://127.0.0.1');
  } catch {
    return null;
  }
}

/** A decoded path segment, or null for a malformed percent-escape (`%E0%A4%A`, `%zz`). */
function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

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

/** The last resort of every handler: answer 500 if nothing was sent yet, else drop the connection. */
function fail(res: http.ServerResponse): void {
  try {
    if (!res.headersSent) refuse(res, 500, 'INTERNAL');
    else res.destroy();
  } catch {
    res.destroy();
  }
}

/** Runs a handler (or an async continuation of one) so that nothing it throws reaches the process. */
function guarded(res: http.ServerResponse, fn: () => void): void {
  try {
    fn();
  } catch {
    fail(res);
  }
}

/** A whole HTTP/1.1 answer in the JSON error shape, for when it goes straight onto the socket. */
function rawRefusal(status: number, reason: string, code: keyof typeof ERROR_MESSAGES): string {
  const body = JSON.stringify({ ok: false, error: { code, message: ERROR_MESSAGES[code] } });
  return (
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncache-control: no-store\r\n` +
    `x-content-type-options: nosniff\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`
  );
}

/**
 * 413 for a body over the limit, sent before (more of) the body is read. Answering through `res`
 * with `Connection: close` makes Node destroy the socket as soon as the answer is flushed, and a
 * close with unread data in flight is a reset that can reach the client before the answer. So the
 * answer goes straight onto the socket, our side is closed for writing (the client, told
 * `Connection: close`, stops sending), and what still arrives is discarded until the client closes
 * or LINGER_MS pass; only then is the connection dropped. Nothing of the body is kept.
 */
function refuseTooLarge(req: http.IncomingMessage, res: http.ServerResponse): void {
  const socket = req.socket;
  if (res.headersSent || !socket.writable) return void socket.destroy();
  req.removeAllListeners('data');
  req.on('data', () => {});
  req.resume();
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  socket.end(rawRefusal(413, 'Payload Too Large', 'FILE_TOO_LARGE'));
}

/** Answer for a request line or headers the HTTP parser refused; the handlers never see those. */
function clientErrorResponse(err: NodeJS.ErrnoException): string {
  if (err.code === 'HPE_HEADER_OVERFLOW') return rawRefusal(431, 'Request Header Fields Too Large', 'BAD_REQUEST');
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return rawRefusal(408, 'Request Timeout', 'BAD_REQUEST');
  return rawRefusal(400, 'Bad Request', 'BAD_REQUEST');
}

export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const token = opts.token ?? crypto.randomBytes(24).toString('base64url');
  const { core, rendererDir } = opts;
  let port = 0;

  const hostAllowed = (host: string | undefined) => host === `127.0.0.1:${port}` || host === `localhost:${port}`;
  const originAllowed = (origin: string | undefined) =>
    origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;

  // Each browser tab is its own caller: it names its session (a random id it keeps in its
  // sessionStorage) in a header on API calls and in the query of file URLs. The host passes it to
  // the core as `tab:<id>`; the core decides whether that session is signed in and unlocked.
  const tabSession = (raw: unknown): string | null => (typeof raw === 'string' && SESSION_ID_PATTERN.test(raw) ? `tab:${raw}` : null);

  function handleApi(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): void {
    if (req.method !== 'POST') return refuse(res, 405, 'BAD_REQUEST');
    const given = req.headers[TOKEN_HEADER];
    if (typeof given !== 'string' || !safeEqual(given, token)) return refuse(res, 401, 'UNAUTHORIZED');
    if (!originAllowed(req.headers.origin)) return refuse(res, 403, 'FORBIDDEN');
    const method = decodeSegment(pathname.slice(API_PATH.length + 1));
    if (method === null) return refuse(res, 400, 'BAD_REQUEST');
    const sessionId = tabSession(req.headers[SESSION_HEADER]);
    if (!sessionId) return refuse(res, 400, 'BAD_REQUEST');
    const limit = bodyLimit(method);
    // Refused before a byte of the body is read: the parser has already checked it is a number.
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > limit) return refuseTooLarge(req, res);
    // A client that asked first (curl does for big bodies) may now send it.
    if (req.headers.expect?.toLowerCase() === '100-continue') res.writeContinue();
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('error', () => req.socket.destroy());
    req.on('data', (c: Buffer) => {
      if (tooLarge) return;
      size += c.length;
      if (size <= limit) return void chunks.push(c);
      // A chunked body has no length up front: refuse as soon as it passes the limit.
      tooLarge = true;
      chunks.length = 0;
      guarded(res, () => refuseTooLarge(req, res));
    });
    req.on('end', () =>
      guarded(res, () => {
        if (tooLarge) return;
        let input: unknown;
        try {
          input = size ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
        } catch {
          return refuse(res, 400, 'BAD_REQUEST');
        }
        chunks.length = 0;
        core
          .dispatch(method, input, { sessionId })
          .then(
            (result) => guarded(res, () => sendJson(res, 200, result)),
            () => guarded(res, () => refuse(res, 500, 'INTERNAL')),
          )
          .catch(() => fail(res));
      }),
    );
  }

  function handleFile(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    const given = url.searchParams.get(TOKEN_QUERY) ?? '';
    if (!safeEqual(given, token)) return refuse(res, 401, 'UNAUTHORIZED');
    // Files hold personal data: only for a tab whose officer is signed in and not locked.
    const sessionId = tabSession(url.searchParams.get(SESSION_QUERY));
    if (!sessionId) return refuse(res, 401, 'UNAUTHORIZED');
    const [kind, id] = url.pathname.slice(FILES_PATH.length + 1).split('/').map(decodeSegment);
    if (kind === null || id === null) return refuse(res, 400, 'BAD_REQUEST');
    if (!kind || !id || !(FILE_KINDS as readonly string[]).includes(kind)) return refuse(res, 404, 'NOT_FOUND');
    core
      .resolveFile(kind as FileKind, id, { sessionId })
      .then(
        (file) =>
          guarded(res, () => {
            if (!file) return refuse(res, 404, 'NOT_FOUND');
            fs.stat(file.path, (err, st) =>
              guarded(res, () => {
                if (err || !st.isFile()) return refuse(res, 404, 'NOT_FOUND');
                res.writeHead(200, {
                  'content-type': file.mime,
                  'content-length': st.size,
                  // Files belong to a signed-in officer (and soon a session): never kept by the browser.
                  'cache-control': 'no-store',
                  'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
                  ...(file.name ? { 'content-disposition': contentDisposition(file.name) } : {}),
                });
                if (req.method === 'HEAD') return void res.end();
                // pipeline: a read error (file gone since stat) or a client gone mid-way ends both.
                pipeline(fs.createReadStream(file.path), res, () => {});
              }),
            );
          }),
        // A rendition that cannot be made (unreadable image, full disk) is a missing file here.
        () => guarded(res, () => refuse(res, 404, 'NOT_FOUND')),
      )
      .catch(() => fail(res));
  }

  function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'BAD_REQUEST');
    const filePath = resolveStaticPath(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname);
    if (!filePath) return refuse(res, 404, 'NOT_FOUND');
    fs.readFile(filePath, (err, data) =>
      guarded(res, () => {
        // No fallback to the shell for unknown paths: the renderer routes by hash, so a miss is a 404.
        if (err) return refuse(res, 404, 'NOT_FOUND');
        res.writeHead(200, {
          'content-type': contentType(filePath),
          'content-security-policy': browserCsp(port),
          'cache-control': filePath.endsWith('index.html') ? 'no-store' : 'public, max-age=3600',
        });
        res.end(req.method === 'HEAD' ? undefined : data);
      }),
    );
  }

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) =>
    guarded(res, () => {
      if (!hostAllowed(req.headers.host)) return refuse(res, 403, 'FORBIDDEN');
      const url = parseTarget(req.url);
      if (!url) return refuse(res, 400, 'BAD_REQUEST');
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('referrer-policy', 'no-referrer');
      if (url.pathname.startsWith(`${API_PATH}/`)) return handleApi(req, res, url.pathname);
      if (url.pathname.startsWith(`${FILES_PATH}/`)) return handleFile(req, res, url);
      return handleStatic(req, res, url);
    });
  const server = http.createServer(onRequest);
  // `Expect: 100-continue` is answered by handleApi only once the body is known to be wanted, so a
  // refused upload is never sent at all.
  server.on('checkContinue', onRequest);
  // A request line or headers the parser cannot read never reach the handler: answer 400 here.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    try {
      const pending = (socket as Duplex & { _httpMessage?: http.ServerResponse | null })._httpMessage;
      if (err.code === 'ECONNRESET' || !socket.writable || pending?.headersSent) return void socket.destroy();
      socket.end(clientErrorResponse(err));
    } catch {
      socket.destroy();
    }
  });
  server.on('error', () => {});

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES });
  wss.on('error', () => {});
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      const url = parseTarget(req.url);
      const given = url?.searchParams.get(TOKEN_QUERY) ?? '';
      if (!url || url.pathname !== EVENTS_PATH || !hostAllowed(req.headers.host) || !originAllowed(req.headers.origin) || !safeEqual(given, token)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      // Events carry ids and progress only (no personal data); every tab of this host hears them.
      wss.handleUpgrade(req, socket, head, (ws) => {
        sockets.add(ws);
        ws.on('close', () => sockets.delete(ws));
        // A message over maxPayload is an error on this socket only: ws closes it with 1009.
        ws.on('error', () => {
          sockets.delete(ws);
          if (ws.readyState !== ws.CLOSING && ws.readyState !== ws.CLOSED) ws.terminate();
        });
        // The event channel is one-way: anything the page sends is ignored.
      });
    } catch {
      socket.destroy();
    }
  });
  const unsubscribe = core.onEvent((event, payload) => {
    let msg: string;
    try {
      msg = JSON.stringify({ event, payload });
    } catch {
      return;
    }
    for (const ws of sockets) {
      try {
        if (ws.readyState === ws.OPEN) ws.send(msg);
      } catch {
        ws.terminate();
      }
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
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
