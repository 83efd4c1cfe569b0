// The Content-Security-Policy both hosts send with every page (Electron's app:// and the browser
// host): only our own scripts, no plugins from elsewhere, no framing by others. The browser host
// adds its WebSocket origin to connect-src (ws: is not covered by 'self' in every Chromium).
export function contentSecurityPolicy(opts: { connectSrc?: string[] } = {}): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' blob: mediastream:",
    ["connect-src 'self'", ...(opts.connectSrc ?? [])].join(' '),
    "frame-src 'self'",
    "object-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
  ].join('; ');
}
