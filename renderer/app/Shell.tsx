// The frame an officer sees all day: navigation on the left, unit/desk/officer on top, one task area
// in the middle. Alt+1…Alt+7 switch areas; focus lands on the area's first field.
import {
  AppstoreAddOutlined,
  BarChartOutlined,
  CloudSyncOutlined,
  FileSearchOutlined,
  GlobalOutlined,
  LockOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  ScanOutlined,
  SettingOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Avatar, Button, Layout, Menu, Popconfirm, Tooltip } from 'antd';
import { Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { t } from '../i18n';
import { DigitizeScreen } from '../screens/Digitize';
import { DossiersScreen } from '../screens/Dossiers';
import { SyncScreen } from '../screens/Sync';
import { OnlineGuideScreen } from '../screens/OnlineGuide';
import { StatsScreen } from '../screens/Stats';
import { ReceptionScreen } from '../screens/Reception';
import { SettingsScreen } from '../screens/Settings';
import { useClient, useSession } from './context';
import { formatDateTime } from '../util/format';
import { ErrorBoundary } from './ErrorBoundary';
import { useConnected, useNavigatorOnline } from './hooks';
import { AREAS, useRoute, type AreaKey } from './router';

const ICONS: Record<AreaKey, ReactNode> = {
  reception: <AppstoreAddOutlined />,
  digitize: <ScanOutlined />,
  onlineGuide: <GlobalOutlined />,
  dossiers: <FileSearchOutlined />,
  stats: <BarChartOutlined />,
  sync: <CloudSyncOutlined />,
  settings: <SettingOutlined />,
};

function Screen({ area }: { area: AreaKey }) {
  switch (area) {
    case 'reception':
      return <ReceptionScreen />;
    case 'digitize':
      return <DigitizeScreen />;
    case 'onlineGuide':
      return <OnlineGuideScreen />;
    case 'dossiers':
      return <DossiersScreen />;
    case 'stats':
      return <StatsScreen />;
    case 'sync':
      return <SyncScreen />;
    case 'settings':
      return <SettingsScreen />;
  }
}

/** Puts focus on the first field of the area (or its heading), so typing can start at once. */
function focusFirstField(root: HTMLElement | null) {
  if (!root) return;
  const active = document.activeElement;
  if (active && active !== document.body && root.contains(active)) return;
  const FIELD = 'input:not([disabled]):not([type="hidden"]):not([type="checkbox"]):not([type="radio"]), textarea:not([disabled])';
  const marked = root.querySelector<HTMLElement>('[data-autofocus="true"]');
  // Ant Design puts data-* on a control's wrapper: focus the field inside it.
  const target =
    (marked && (marked.matches(FIELD) ? marked : marked.querySelector<HTMLElement>(FIELD))) ??
    root.querySelector<HTMLElement>(FIELD) ??
    root.querySelector<HTMLElement>('h1[tabindex]');
  target?.focus();
}

/**
 * What is true of the desk's connections: the app's core on this machine (works offline) and the
 * province's receiver (the last sync pass reached it, or not; polled quietly).
 */
function OnlineIndicator() {
  const netOnline = useNavigatorOnline();
  const hostUp = useConnected();
  const client = useClient();
  const [synced, setSynced] = useState<{ online: boolean; lastSuccessAt: string | null } | null>(null);
  useEffect(() => {
    let alive = true;
    const poll = () =>
      void client
        .call('sync.status', {})
        .then((s) => alive && setSynced(s.enrolled && s.online ? { online: true, lastSuccessAt: s.lastSuccessAt } : null))
        .catch(() => alive && setSynced(null));
    poll();
    const id = window.setInterval(poll, 30_000);
    return () => {
      alive = false;
      window.clearInterval(id);
    };
  }, [client]);
  const state = !hostUp ? 'core-down' : synced && netOnline ? 'synced' : 'local';
  const hint =
    state === 'core-down'
      ? t('header.offlineHostHint')
      : state === 'synced'
        ? t('header.syncedHint', { at: formatDateTime(synced?.lastSuccessAt) })
        : `${t('header.localHint')}${netOnline ? '' : ` ${t('header.offlineNetHint')}`}`;
  const color = state === 'core-down' ? '#d93025' : state === 'synced' ? '#1e7b34' : '#b25e00';
  return (
    <Tooltip title={hint}>
      <span className="mc-online-dot" data-online={state} role="status" aria-live="polite" data-testid="online-indicator" tabIndex={0} aria-description={hint}>
        <span aria-hidden style={{ width: 8, height: 8, borderRadius: 4, background: color, display: 'inline-block' }} />
        {state === 'core-down' ? t('header.coreDown') : state === 'synced' ? t('header.synced') : t('header.local')}
      </span>
    </Tooltip>
  );
}

export function Shell() {
  const { session, info, settings, signOut, lock } = useSession();
  const { area, navigate } = useRoute();
  const [collapsed, setCollapsed] = useState(false);
  const contentRef = useRef<HTMLElement>(null);

  // Alt+1…Alt+7 (by physical key, so it works on every keyboard layout and with Vietnamese IMEs).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey && !e.altKey && !e.metaKey && !e.shiftKey && e.code === 'KeyL') {
        e.preventDefault();
        lock();
        return;
      }
      if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      const m = /^(?:Digit|Numpad)([1-7])$/.exec(e.code);
      if (!m) return;
      const target = AREAS[Number(m[1]) - 1];
      if (!target) return;
      e.preventDefault();
      e.stopPropagation();
      (document.activeElement as HTMLElement | null)?.blur?.();
      navigate(target.key);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [navigate, lock]);

  useEffect(() => {
    document.title = `${t(AREAS.find((a) => a.key === area)?.label ?? 'nav.reception')} – ${t('app.name')}`;
    const id = window.setTimeout(() => focusFirstField(contentRef.current), 60);
    return () => window.clearTimeout(id);
  }, [area]);

  const unitName = settings?.unitName.trim() || session.unit.name;
  const desk = session.desk || settings?.deskName.trim() || null;
  const roleLabel = t(`header.role.${session.officer.role}`);

  return (
    <Layout style={{ height: '100vh', overflow: 'hidden' }} data-testid="shell">
      <a className="skip-link" href="#mc-main" onClick={(e) => (e.preventDefault(), contentRef.current?.focus())}>
        {t('app.skipToContent')}
      </a>
      <Layout.Sider width={288} collapsedWidth={72} collapsible collapsed={collapsed} trigger={null} style={{ height: '100vh', overflow: 'auto' }}>
        <div className="mc-brand">
          <img src="./favicon.svg" alt="" />
          {!collapsed && (
            <div>
              <div className="mc-brand-name">{t('app.name')}</div>
              <div className="mc-brand-sub">{info.session?.unit.level ?? session.unit.level}</div>
            </div>
          )}
        </div>
        <nav aria-label={t('nav.label')}>
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={[area]}
            style={{ borderInlineEnd: 'none', paddingTop: 8 }}
            onClick={({ key }) => navigate(key as AreaKey)}
            items={AREAS.map((a, i) => ({
              key: a.key,
              icon: ICONS[a.key],
              'data-testid': `nav-${a.key}`,
              title: `${t(a.label)} (Alt+${i + 1})`,
              label: t(a.label),
            }))}
          />
        </nav>
        <div style={{ position: 'absolute', bottom: 12, left: 0, right: 0, textAlign: 'center' }}>
          {!collapsed && (
            <div className="mc-sider-hint" aria-hidden>
              {t('header.shortcuts')}
            </div>
          )}
          <Tooltip title={collapsed ? t('nav.expand') : t('nav.collapse')} placement="right">
            <Button
              type="text"
              aria-label={collapsed ? t('nav.expand') : t('nav.collapse')}
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => setCollapsed((c) => !c)}
              style={{ color: 'rgba(255,255,255,0.75)' }}
            />
          </Tooltip>
        </div>
      </Layout.Sider>
      <Layout style={{ height: '100vh', overflow: 'hidden' }}>
        <Layout.Header className="mc-header" role="banner">
          <div className="mc-header-unit">
            <strong data-testid="unit-name" title={unitName}>
              {unitName}
            </strong>
            <span data-testid="desk-name">{desk ? t('header.desk', { desk }) : t('header.noDesk')}</span>
          </div>
          <OnlineIndicator />
          <div className="mc-officer" data-testid="officer-name">
            <span>{session.officer.fullName}</span>
            <small>{roleLabel}</small>
          </div>
          <Avatar style={{ background: '#1a4a8a' }} icon={<UserOutlined />} aria-hidden />
          <Tooltip title="Ctrl+L">
            <Button icon={<LockOutlined />} data-testid="lock-now" onClick={lock} aria-label={t('lock.now')} />
          </Tooltip>
          <Popconfirm title={t('header.signOutConfirm')} okText={t('header.signOut')} cancelText={t('common.cancel')} onConfirm={() => void signOut()}>
            <Button icon={<LogoutOutlined />} data-testid="sign-out">
              {t('header.signOut')}
            </Button>
          </Popconfirm>
        </Layout.Header>
        <Layout.Content>
          <main id="mc-main" ref={contentRef} className="mc-content" tabIndex={-1} data-area={area} style={{ outline: 'none' }}>
            <ErrorBoundary resetKey={area}>
              <Suspense fallback={null}>
                <Screen area={area} />
              </Suspense>
            </ErrorBoundary>
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

/** Heading block shared by every area; the heading takes focus when an area has no field. */
export function PageHead({ title, subtitle, extra }: { title: string; subtitle?: string; extra?: ReactNode }) {
  return (
    <div className="mc-page-head">
      <div>
        <h1 tabIndex={-1}>{title}</h1>
        {subtitle && <p>{subtitle}</p>}
      </div>
      {extra && <div>{extra}</div>}
    </div>
  );
}
