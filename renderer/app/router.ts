// Hash routing (works the same under app://motcua/ and http://127.0.0.1:PORT/, survives reloads).
import { useCallback, useSyncExternalStore } from 'react';
import type { MessageKey } from '../i18n';

/** The seven task areas, in menu order; Alt+1…Alt+7 follow this order. */
export const AREAS = [
  { key: 'reception', path: 'tiep-nhan', label: 'nav.reception' },
  { key: 'digitize', path: 'so-hoa', label: 'nav.digitize' },
  { key: 'onlineGuide', path: 'huong-dan-truc-tuyen', label: 'nav.onlineGuide' },
  { key: 'dossiers', path: 'ho-so', label: 'nav.dossiers' },
  { key: 'stats', path: 'thong-ke', label: 'nav.stats' },
  { key: 'sync', path: 'dong-bo', label: 'nav.sync' },
  { key: 'settings', path: 'cai-dat', label: 'nav.settings' },
] as const satisfies readonly { key: string; path: string; label: MessageKey }[];

export type AreaKey = (typeof AREAS)[number]['key'];

export interface Route {
  area: AreaKey;
  params: Record<string, string>;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = raw.split('?');
  const found = AREAS.find((a) => a.path === path);
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(query)) params[k] = v;
  return { area: found?.key ?? 'reception', params };
}

export function routeHash(area: AreaKey, params: Record<string, string> = {}): string {
  const path = AREAS.find((a) => a.key === area)?.path ?? AREAS[0].path;
  const q = new URLSearchParams(params).toString();
  return `#/${path}${q ? `?${q}` : ''}`;
}

function subscribe(cb: () => void) {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

export function useRoute(): Route & { navigate(area: AreaKey, params?: Record<string, string>): void } {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  const navigate = useCallback((area: AreaKey, params: Record<string, string> = {}) => {
    const next = routeHash(area, params);
    if (window.location.hash !== next) window.location.hash = next;
  }, []);
  return { ...parseHash(hash), navigate };
}
