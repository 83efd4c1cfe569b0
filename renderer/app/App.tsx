// Boot flow: app.info → first-run setup, sign-in, or the shell. Token problems (browser host) get
// their own full-page explanation; an expired session returns to sign-in without losing the shell.
import { App as AntApp, Button, ConfigProvider, Result, Spin } from 'antd';
import viVN from 'antd/locale/vi_VN';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Session, Settings } from '../../shared/contract/api';
import { ApiError, errorMessage, type ApiClient } from '../api/client';
import { electronBridge } from '../api/electron';
import { t } from '../i18n';
import { SetupScreen } from '../screens/Setup';
import { SignInScreen } from '../screens/SignIn';
import { LockScreen } from '../screens/Lock';
import { useIdleLock } from './idle';
import { ClientContext, SessionContext, type AppInfo, type SessionState } from './context';
import { Shell } from './Shell';
import { theme } from './theme';

dayjs.locale('vi');

type Phase =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string; token: boolean }
  | { kind: 'setup'; info: AppInfo }
  | { kind: 'signIn'; info: AppInfo; notice?: string }
  | { kind: 'ready'; info: AppInfo; session: Session }
  | { kind: 'locked'; info: AppInfo; session: Session; manual: boolean };

function Boot({ client }: { client: ApiClient }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [settings, setSettings] = useState<Settings | null>(null);
  const signedIn = phase.kind === 'ready';

  useEffect(() => {
    if (!signedIn) return;
    client.call('settings.get', {}).then(setSettings, () => setSettings(null));
  }, [signedIn, client]);
  const { message, notification } = AntApp.useApp();

  // Locked, signed out, or not signed in yet: nothing stays on the citizen window (second display).
  useEffect(() => {
    if (phase.kind !== 'ready') void electronBridge()?.citizen?.close().catch(() => undefined);
  }, [phase.kind]);

  const load = useCallback(async () => {
    try {
      const info = await client.call('app.info', {});
      if (info.needsSetup) setPhase({ kind: 'setup', info });
      else if (info.session?.locked) setPhase({ kind: 'locked', info, session: info.session, manual: false });
      else if (info.session) setPhase({ kind: 'ready', info, session: info.session });
      else setPhase({ kind: 'signIn', info });
    } catch (err) {
      const token = err instanceof ApiError && (err.code === 'TOKEN_INVALID' || err.code === 'TOKEN_MISSING');
      setPhase({ kind: 'failed', message: errorMessage(err), token });
    }
  }, [client]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(
    () =>
      client.onAuthProblem((problem) => {
        if (problem === 'UNAUTHORIZED') {
          setPhase((p) => (p.kind === 'ready' || p.kind === 'locked' ? { kind: 'signIn', info: p.info, notice: t('error.sessionExpired') } : p));
        } else if (problem === 'LOCKED') {
          setPhase((p) => (p.kind === 'ready' ? { kind: 'locked', info: p.info, session: p.session, manual: false } : p));
        } else {
          setPhase({ kind: 'failed', message: errorMessage(new ApiError(problem, t(problem === 'TOKEN_MISSING' ? 'error.tokenMissing' : 'error.tokenInvalid'), '')), token: true });
        }
      }),
    [client],
  );

  const lockNow = useCallback(
    (manual: boolean) => {
      // The core locks too (its own idle check, or this call); the screen never waits for it.
      void client.call('auth.lock', {}).catch(() => undefined);
      setPhase((p) => (p.kind === 'ready' ? { kind: 'locked', info: p.info, session: p.session, manual } : p));
    },
    [client],
  );
  useIdleLock({
    active: phase.kind === 'ready',
    minutes: phase.kind === 'ready' ? phase.info.idleLockMinutes : 0,
    onIdle: () => lockNow(false),
    onActivity: () => void client.call('session.activity', {}).catch(() => undefined),
  });

  const sessionState = useMemo<SessionState | null>(() => {
    if (phase.kind !== 'ready') return null;
    return {
      info: phase.info,
      session: phase.session,
      settings,
      async signOut() {
        try {
          await client.call('auth.signOut', {});
        } catch {
          // Signing out locally is enough when the core is unreachable.
        }
        setPhase({ kind: 'signIn', info: phase.info });
      },
      lock: () => lockNow(true),
      async refresh() {
        const [info, next] = await Promise.all([client.call('app.info', {}), client.call('settings.get', {})]);
        setSettings(next);
        setPhase((p) => (p.kind === 'ready' ? { ...p, info, session: info.session ?? p.session } : p));
      },
    };
  }, [phase, client, settings, lockNow]);

  const onSession = useCallback(
    (session: Session) => {
      // A failed attempt's notice ("mã PIN không đúng") is no longer true once signed in.
      notification.destroy();
      void message.success(t('signIn.welcome', { name: session.officer.fullName }));
      void (async () => {
        try {
          const info = await client.call('app.info', {});
          setPhase({ kind: 'ready', info, session });
        } catch {
          setPhase((p) => (p.kind === 'setup' || p.kind === 'signIn' ? { kind: 'ready', info: { ...p.info, needsSetup: false, session }, session } : p));
        }
      })();
    },
    [client, message, notification],
  );

  switch (phase.kind) {
    case 'loading':
      return (
        <div className="mc-auth" role="status">
          <Spin size="large" description={<span style={{ color: '#fff' }}>{t('app.loading')}</span>} />
        </div>
      );
    case 'failed':
      return (
        <div className="mc-auth">
          <Result
            className="mc-auth-card"
            style={{ background: '#fff', borderRadius: 8 }}
            status={phase.token ? '403' : 'error'}
            title={phase.token ? t('error.accessTitle') : t('app.startFailed')}
            subTitle={phase.message}
            extra={
              <Button type="primary" onClick={() => void load()} autoFocus>
                {t('app.retry')}
              </Button>
            }
          />
        </div>
      );
    case 'setup':
      return <SetupScreen onDone={onSession} />;
    case 'signIn':
      return <SignInScreen info={phase.info} notice={phase.notice} onDone={onSession} />;
    case 'locked':
      return (
        <LockScreen
          session={phase.session}
          idleMinutes={phase.info.idleLockMinutes}
          manual={phase.manual}
          onUnlocked={(session) => (notification.destroy(), setPhase({ kind: 'ready', info: phase.info, session }))}
          onSignOut={() => {
            void client.call('auth.signOut', {}).catch(() => undefined);
            setPhase({ kind: 'signIn', info: phase.info });
          }}
        />
      );
    case 'ready':
      return (
        <SessionContext.Provider value={sessionState}>
          <Shell />
        </SessionContext.Provider>
      );
  }
}

export function Root({ client }: { client: ApiClient }) {
  return (
    <ConfigProvider locale={viVN} theme={theme}>
      <AntApp notification={{ placement: 'bottomRight' }}>
        <ClientContext.Provider value={client}>
          <Boot client={client} />
        </ClientContext.Provider>
      </AntApp>
    </ConfigProvider>
  );
}
