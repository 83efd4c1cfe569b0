// Security decisions of the Electron host, as small pure functions. This file must NOT import
// `electron`: the tests run it in plain Node, and keeping the rules here (instead of inline in
// event handlers) means every rule is exercised by a unit test, including hostile inputs.
import path from 'node:path';
import { APP_HOST, APP_SCHEME, FILES_PATH, FILE_KINDS, type FileKind } from '../../../shared/contract/transport';
import { contentSecurityPolicy } from '../csp';

const APP_PROTOCOL = `${APP_SCHEME}:`;

/**
 * The Content-Security-Policy sent with every app:// response (pages and stored files).
 * - script-src 'self': no inline script, no eval; the Vite bundle is all external files.
 * - style-src 'unsafe-inline': antd injects its CSS-in-JS as <style> elements at run time.
 * - img/media blob: and data: for page thumbnails and the document-camera preview (mediastream:);
 *   font-src data: as in the browser host's policy (fonts inlined by the bundler).
 * - frame-src/object-src 'self': the PDF preview is an <iframe> (or <embed>) on app://motcua/files/pdf/…;
 *   Chromium's built-in viewer turns that response into a document embedding the PDF, so the
 *   PDF's own response needs object-src 'self' too (that is why file responses carry this header
 *   as well). Its internal chrome-extension:// frame is not governed by our policy.
 * - connect-src 'self': fetch() only to app://motcua (stored files); calls go through IPC.
 * - frame-ancestors 'self': nothing else may frame our pages or files.
 * pdf.js, if the renderer uses it, runs without 'wasm-unsafe-eval' through its JS fallbacks.
 */
export function cspHeader(): string {
  return contentSecurityPolicy();
}

function parseUrl(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > 8192) return null;
  // The URL parser silently strips/ignores control characters (a trailing NUL disappears); a
  // genuine URL from Chromium never contains them, so their presence alone is a refusal.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(url)) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Whether a parsed URL is on our origin: scheme app, host motcua, no port, no credentials.
 * (Node's URL gives custom schemes an opaque "null" origin, so compare the parts instead.)
 */
function isOurOrigin(u: URL): boolean {
  return (
    u.protocol === APP_PROTOCOL &&
    u.hostname.toLowerCase() === APP_HOST &&
    u.port === '' &&
    u.username === '' &&
    u.password === ''
  );
}

/** True when `url` is an app://motcua URL (any path). */
export function isAppUrl(url: unknown): boolean {
  const u = parseUrl(url);
  return u !== null && isOurOrigin(u);
}

/** Main-frame navigations and redirects may only stay on app://motcua. */
export function isAllowedNavigation(url: unknown): boolean {
  return isAppUrl(url);
}

/**
 * An IPC call is trusted only when it comes from the top frame of our window, showing our origin.
 * Subframes (e.g. the PDF preview iframe) and anything loaded from elsewhere are refused.
 */
export function isTrustedSender(frameUrl: unknown, isMainFrame: boolean): boolean {
  return isMainFrame === true && isAppUrl(frameUrl);
}

/**
 * Permission requests: only the camera (document camera) for our own top-level pages. Microphone,
 * screen capture, notifications, geolocation, USB/HID/serial … are all refused.
 */
export function isAllowedPermission(
  permission: string,
  requestingUrl: unknown,
  mediaTypes?: readonly string[] | null,
): boolean {
  if (permission !== 'media') return false;
  if (!isAppUrl(requestingUrl)) return false;
  // An empty/absent list is a check ("may I enumerate cameras?"); an explicit list must be video only.
  if (mediaTypes && mediaTypes.some((t) => t !== 'video')) return false;
  return true;
}

/** Links the renderer asks to open in a new window: only https goes to the system browser. */
export function externalUrlToOpen(url: unknown): string | null {
  const u = parseUrl(url);
  if (!u || u.protocol !== 'https:' || u.username !== '' || u.password !== '') return null;
  return u.toString();
}

/**
 * Decodes and checks the path of an app:// URL. Returns the decoded, '/'-separated path without
 * the leading slash ('' for the root), or null for anything suspicious. Chromium already removes
 * plain dot segments from standard-scheme URLs; this also catches encoded ones (%2e%2e%2f),
 * backslashes, NUL and other control characters, drive letters and NTFS stream names (':').
 */
function safeRelativePath(u: URL): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(u.pathname);
  } catch {
    return null; // malformed percent-encoding
  }
  if (decoded.length > 1024) return null;
  // Control characters (NUL included), backslashes and ':' have no business in our asset paths.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\:]/.test(decoded)) return null;
  const rel = decoded.replace(/^\/+/, '');
  if (rel === '') return '';
  const segments = rel.split('/');
  for (const seg of segments) {
    if (seg === '..' || seg === '.') return null;
    if (WINDOWS_RESERVED.test(seg)) return null;
    // Windows drops trailing dots/spaces ("index.html." opens index.html): refuse the ambiguity.
    if (/[. ]$/.test(seg)) return null;
  }
  // Also refuse an empty segment in the middle ("a//b"): never produced by our bundle.
  if (segments.slice(0, -1).some((s) => s === '')) return null;
  return rel;
}

function hasRawDotSegment(url: string): boolean {
  const afterOrigin = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/\\]*/i, '').replace(/[?#].*$/s, '');
  let decoded: string;
  try {
    decoded = decodeURIComponent(afterOrigin);
  } catch {
    return true;
  }
  return decoded.split(/[/\\]/).some((seg) => seg === '.' || seg === '..');
}

/** Windows device names open devices, not files, in any folder ("NUL", "com1.js"). */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i;

/** Static assets of the renderer: `/` maps to index.html. */
export const INDEX_FILE = 'index.html';

/**
 * Maps an app://motcua/<path> request to a file under `root` (dist/renderer), or null when the
 * URL is not ours, is a stored-file URL, or tries to leave the root in any way. `pathImpl` is
 * injectable so the tests can check Windows path semantics on Linux.
 */
export function resolveAppPath(
  root: string,
  requestUrl: unknown,
  pathImpl: path.PlatformPath = path,
): string | null {
  const u = parseUrl(requestUrl);
  if (!u || !isOurOrigin(u)) return null;
  // The raw URL is checked too, decoded: a dot segment that survived to here (literal or as
  // %2e%2e, next to a slash, a backslash, %2f or %5c) means the request was built by hand — Chromium
  // normalises real navigations — so refuse it rather than resolve it.
  if (hasRawDotSegment(requestUrl as string)) return null;
  const rel = safeRelativePath(u);
  if (rel === null) return null;
  if (rel === FILES_PATH.slice(1) || rel.startsWith(`${FILES_PATH.slice(1)}/`)) return null;
  const target = rel === '' ? INDEX_FILE : rel;
  const absRoot = pathImpl.resolve(root);
  const resolved = pathImpl.resolve(absRoot, ...target.split('/'));
  const back = pathImpl.relative(absRoot, resolved);
  if (back === '' || back.startsWith('..') || pathImpl.isAbsolute(back)) return null;
  return resolved;
}

/** A stored-file request: app://motcua/files/<kind>/<id>. */
export interface FileRequest {
  kind: FileKind;
  id: string;
}

export const MAX_FILE_ID_LENGTH = 256;

/** Parses app://motcua/files/<kind>/<encodeURIComponent(id)>; null if it is not exactly that. */
export function parseFileRequest(requestUrl: unknown): FileRequest | null {
  const u = parseUrl(requestUrl);
  if (!u || !isOurOrigin(u)) return null;
  const prefix = `${FILES_PATH}/`;
  if (!u.pathname.startsWith(prefix)) return null;
  // Split before decoding so an encoded '/' inside the id stays part of the id.
  const parts = u.pathname.slice(prefix.length).split('/');
  if (parts.length !== 2) return null;
  const [rawKind, rawId] = parts as [string, string];
  if (!(FILE_KINDS as readonly string[]).includes(rawKind)) return null;
  let id: string;
  try {
    id = decodeURIComponent(rawId);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex
  if (id.length === 0 || id.length > MAX_FILE_ID_LENGTH || /[\u0000-\u001f\u007f]/.test(id)) return null;
  return { kind: rawKind as FileKind, id };
}

