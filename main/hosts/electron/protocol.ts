// The app:// request handler, written against the web-standard Request/Response (global in Node 24
// and what Electron's protocol.handle uses), so it is tested in plain Node. No `electron` import.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { StoredFile } from '../../core/types';
import type { FileKind } from '../../../shared/contract/transport';
import { INDEX_FILE, cspHeader, parseFileRequest, resolveAppPath } from './policy';
import { contentDisposition } from '../static-files';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.bmp': 'image/bmp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
  // pdf.js resources (cMaps, standard fonts, ICC profiles) are binary blobs.
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.icc': 'application/octet-stream',
};

export function mimeFor(filePath: string): string {
  return MIME[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export interface AppProtocolOptions {
  /** dist/renderer (absolute). */
  rendererRoot: string;
  /** Core's mapping of a stored-file reference to a file on disk (null = unknown). */
  resolveFile(kind: FileKind, id: string): Promise<StoredFile | null>;
}

function baseHeaders(contentType: string): Headers {
  return new Headers({
    'Content-Type': contentType,
    'Content-Security-Policy': cspHeader(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    // No CORP/COEP: Chromium's PDF viewer loads stored PDFs from its own extension frame, and
    // COEP/CORP are what break it (no other origin exists in this app to defend against).
  });
}

function textResponse(status: number, text: string): Response {
  const headers = baseHeaders('text/plain; charset=utf-8');
  headers.set('Cache-Control', 'no-store');
  return new Response(text, { status, headers });
}

async function statFile(p: string): Promise<fs.Stats | null> {
  try {
    const st = await fs.promises.stat(p);
    return st.isFile() ? st : null;
  } catch {
    return null;
  }
}

function fileResponse(method: string, p: string, st: fs.Stats, contentType: string, cacheControl: string, name?: string): Response {
  const headers = baseHeaders(contentType);
  if (name) headers.set('Content-Disposition', contentDisposition(name));
  headers.set('Content-Length', String(st.size));
  headers.set('Cache-Control', cacheControl);
  if (method === 'HEAD') return new Response(null, { status: 200, headers });
  // Stream: stored PDFs can be up to a couple of hundred MB.
  const body = Readable.toWeb(fs.createReadStream(p)) as unknown as ReadableStream<Uint8Array>;
  return new Response(body, { status: 200, headers });
}

/** A route without a file extension is a client-side route of the single-page app. */
function looksLikeRoute(p: string): boolean {
  return path.extname(p) === '';
}

export function createAppProtocolHandler(opts: AppProtocolOptions): (request: Request) => Promise<Response> {
  const root = path.resolve(opts.rendererRoot);
  const indexPath = path.join(root, INDEX_FILE);

  return async (request: Request): Promise<Response> => {
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method Not Allowed');

      const fileReq = parseFileRequest(request.url);
      if (fileReq) {
        const stored = await opts.resolveFile(fileReq.kind, fileReq.id);
        if (!stored) return textResponse(404, 'Not Found');
        const st = await statFile(stored.path);
        if (!st) return textResponse(404, 'Not Found');
        // Stored files may change under the same id (rotation, re-OCR): always revalidate.
        return fileResponse(request.method, stored.path, st, stored.mime, 'no-cache', stored.name);
      }

      const target = resolveAppPath(root, request.url);
      if (!target) return textResponse(404, 'Not Found');
      let st = await statFile(target);
      let servePath = target;
      if (!st && looksLikeRoute(target)) {
        servePath = indexPath;
        st = await statFile(indexPath);
      }
      if (!st) return textResponse(404, 'Not Found');
      // Local files cost nothing to revalidate, and files outside Vite's hashed assets (public/)
      // must never be stale after an update.
      return fileResponse(request.method, servePath, st, mimeFor(servePath), 'no-cache');
    } catch {
      return textResponse(500, 'Internal Error');
    }
  };
}
