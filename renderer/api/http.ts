// Browser-host transport: POST /api/<method> with the per-start token in a header, events over a
// WebSocket that reconnects by itself, stored files under /files/<kind>/<id>?token=.
import { API_PATH, EVENTS_PATH, FILES_PATH, SESSION_HEADER, SESSION_QUERY, TOKEN_HEADER, TOKEN_QUERY } from '../../shared/contract/transport';
import { TransportError, type Transport } from './transport';

export const TOKEN_STORAGE_KEY = 'motcua.token';

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function safeSessionStorage(): StorageLike | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/**
 * Takes the token from `?token=` on first load, keeps it in sessionStorage (so a reload still works)
 * and removes it from the address bar so it is not bookmarked, shared or left in history.
 */
export function takeToken(
  loc: Pick<Location, 'href'> = window.location,
  storage: StorageLike | null = safeSessionStorage(),
  history: Pick<History, 'replaceState' | 'state'> = window.history,
): string | null {
  const url = new URL(loc.href);
  const fromUrl = url.searchParams.get(TOKEN_QUERY);
  if (fromUrl) {
    try {
      storage?.setItem(TOKEN_STORAGE_KEY, fromUrl);
    } catch {
      // Storage full or disabled: the token still works for this page's lifetime.
    }
    url.searchParams.delete(TOKEN_QUERY);
    history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  try {
    return storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

export const SESSION_STORAGE_KEY = 'motcua.session';

/**
 * This tab's session id: made once per tab and kept in sessionStorage, so a reload keeps the
 * officer signed in while another tab is a caller of its own.
 */
export function tabSessionId(storage: StorageLike | null = safeSessionStorage()): string {
  try {
    const kept = storage?.getItem(SESSION_STORAGE_KEY);
    if (kept && /^[A-Za-z0-9_-]{16,128}$/.test(kept)) return kept;
  } catch {
    // Storage disabled: a fresh id for this page's lifetime.
  }
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  const id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  try {
    storage?.setItem(SESSION_STORAGE_KEY, id);
  } catch {
    // as above
  }
  return id;
}

export interface HttpTransportOptions {
  origin: string;
  token: string | null;
  /** This tab's session id (tabSessionId()). */
  sessionId?: string;
  /** Reconnect delays grow from `minDelayMs` to `maxDelayMs`. */
  minDelayMs?: number;
  maxDelayMs?: number;
  fetchImpl?: typeof fetch;
  WebSocketImpl?: typeof WebSocket;
}

export function createHttpTransport(opts: HttpTransportOptions): Transport {
  const { origin, token } = opts;
  const sessionId = opts.sessionId ?? tabSessionId();
  const fetchImpl = opts.fetchImpl ?? window.fetch.bind(window);
  const WS = opts.WebSocketImpl ?? window.WebSocket;
  const minDelay = opts.minDelayMs ?? 500;
  const maxDelay = opts.maxDelayMs ?? 10_000;

  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  let socket: WebSocket | null = null;
  let isConnected = false;
  let delay = minDelay;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function setConnected(value: boolean) {
    if (value === isConnected) return;
    isConnected = value;
    for (const l of connectionListeners) l(value);
  }

  function connect() {
    if (!token || socket) return;
    const url = new URL(EVENTS_PATH, origin);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set(TOKEN_QUERY, token);
    let ws: WebSocket;
    try {
      ws = new WS(url.toString());
    } catch {
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      delay = minDelay;
      setConnected(true);
    };
    ws.onmessage = (msg) => {
      if (typeof msg.data !== 'string') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(msg.data);
      } catch {
        return;
      }
      if (!parsed || typeof parsed !== 'object') return;
      const { event, payload } = parsed as { event?: unknown; payload?: unknown };
      if (typeof event !== 'string') return;
      for (const l of listeners.get(event) ?? []) l(payload);
    };
    ws.onclose = () => {
      if (socket === ws) socket = null;
      setConnected(false);
      scheduleReconnect();
    };
    ws.onerror = () => {
      // onclose follows and schedules the reconnect.
    };
  }

  function scheduleReconnect() {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      connect();
    }, delay);
    delay = Math.min(maxDelay, delay * 2);
  }

  // Come back quickly when the machine wakes up or the network returns.
  if (typeof window !== 'undefined') {
    window.addEventListener('online', () => {
      if (!socket) {
        if (timer) clearTimeout(timer);
        timer = null;
        delay = minDelay;
        connect();
      }
    });
  }
  connect();

  return {
    kind: 'http',
    async call(method, input) {
      if (!token) throw new TransportError('TOKEN_MISSING');
      let res: Response;
      try {
        res = await fetchImpl(new URL(`${API_PATH}/${encodeURIComponent(method)}`, origin).toString(), {
          method: 'POST',
          headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token, [SESSION_HEADER]: sessionId },
          body: JSON.stringify(input ?? {}),
        });
      } catch (err) {
        throw new TransportError('NETWORK', err instanceof Error ? err.message : String(err));
      }
      // 401 from the host itself means the token (not the officer's session) was refused; the
      // session's own UNAUTHORIZED comes back as a 200 CallResult from the core.
      if (res.status === 401) throw new TransportError('TOKEN_INVALID', `HTTP ${res.status}`);
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        body = undefined;
      }
      // The host answers with a CallResult, whatever the HTTP status; the client checks its shape.
      if (body && typeof body === 'object' && 'ok' in body) return body;
            throw new TransportError('BAD_RESPONSE', `HTTP ${res.status}`);
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    fileUrl(kind, id) {
      const url = new URL(`${FILES_PATH}/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`, origin);
      if (token) url.searchParams.set(TOKEN_QUERY, token);
      url.searchParams.set(SESSION_QUERY, sessionId);
      return url.toString();
    },
    connected: () => isConnected,
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => {
        connectionListeners.delete(listener);
      };
    },
  };
}
