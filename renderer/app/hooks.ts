import { App } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '../../shared/contract/api';
import { errorMessage } from '../api/client';
import { t } from '../i18n';
import { useClient } from './context';

/** Shows API errors and confirmations the same way everywhere (Vietnamese text from the core). */
export function useNotify() {
  const { message, notification } = App.useApp();
  return useMemo(
    () => ({
      error(err: unknown) {
        notification.error({ title: t('error.title'), description: errorMessage(err), placement: 'bottomRight', duration: 8 });
      },
      success(text: string) {
        void message.success(text);
      },
      info(text: string) {
        void message.info(text);
      },
      warning(text: string) {
        void message.warning(text, 6);
      },
    }),
    [message, notification],
  );
}

export interface QueryState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): Promise<void>;
  setData(value: T | undefined): void;
}

/**
 * Loads one method's result and reloads when the input changes. Errors are shown once as a
 * notification (unless `silent`) and kept in `error` for the screen to render.
 */
export function useQuery<M extends MethodName>(
  method: M,
  input: MethodInput<M>,
  opts: { enabled?: boolean; silent?: boolean } = {},
): QueryState<MethodOutput<M>> {
  const client = useClient();
  const notify = useNotify();
  const enabled = opts.enabled ?? true;
  const key = JSON.stringify(input);
  const [data, setData] = useState<MethodOutput<M> | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState<boolean>(enabled);
  const seq = useRef(0);
  const silent = opts.silent ?? false;

  const reload = useCallback(async () => {
    if (!enabled) return;
    const mine = ++seq.current;
    setLoading(true);
    try {
      const result = await client.call(method, JSON.parse(key) as MethodInput<M>);
      if (mine !== seq.current) return;
      setData(result);
      setError(null);
    } catch (err) {
      if (mine !== seq.current) return;
      setError(err);
      if (!silent) notify.error(err);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [client, method, key, enabled, silent, notify]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { data, error, loading, reload, setData };
}

/** Runs an action, shows its error, and tells whether one is in flight. */
export function useAction() {
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
      setBusy(true);
      try {
        return await fn();
      } catch (err) {
        notify.error(err);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [notify],
  );
  return { busy, run };
}

/** Subscribes to a core event for the component's lifetime; the latest callback is always used. */
export function useEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
  const client = useClient();
  const ref = useRef(listener);
  useEffect(() => {
    ref.current = listener;
  });
  useEffect(() => client.on(event, (p) => ref.current(p)), [client, event]);
}

/** Calls `listener` each time the live link to the core comes back (to refetch what was missed). */
export function useReconnect(listener: () => void) {
  const client = useClient();
  const ref = useRef(listener);
  useEffect(() => {
    ref.current = listener;
  });
  useEffect(() => client.onConnection((up) => up && ref.current()), [client]);
}

export function useConnected(): boolean {
  const client = useClient();
  return useSyncExternalStore(
    (cb) => client.onConnection(cb),
    () => client.connected(),
  );
}

export function useNavigatorOnline(): boolean {
  return useSyncExternalStore(
    (cb) => {
      window.addEventListener('online', cb);
      window.addEventListener('offline', cb);
      return () => {
        window.removeEventListener('online', cb);
        window.removeEventListener('offline', cb);
      };
    },
    () => navigator.onLine,
  );
}
