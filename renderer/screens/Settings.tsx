// Cài đặt: settings, officers, doctor report, audit log, app info.
import { CheckCircleFilled, CloseCircleFilled, DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, InputNumber, Modal, Result, Row, Select, Skeleton, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { InputRef } from 'antd';
import type { AuditListEntry, OfficerAccount, Settings } from '../../shared/contract/api';
import type { Role } from '../../shared/domain/schemas';
import { dossierCodePatternProblem, previewDossierCode } from '../../shared/domain/dossier-code';
import { normalizeUnitCode, unitCodeProblem } from '../../shared/domain/unit-code';
import { useCan, useClient, useSession } from '../app/context';
import { useAction, useNotify, useQuery } from '../app/hooks';
import { PageHead } from '../app/Shell';
import { DateInput } from '../components/DateInput';
import { HiddenSubmit } from '../components/HiddenSubmit';
import { t } from '../i18n';
import { vi, type MessageKey } from '../i18n/vi';
import { formatDateTime } from '../util/format';
import { auditDetailText, auditEntityText } from '../util/audit';
import { SigningTab } from '../components/Signing';
import { CalendarTab } from './settings/CalendarTab';
import { MessagesTab } from './settings/MessagesTab';
import { HistoryImportTab } from './settings/HistoryImportTab';
import { ApplicantsTab } from './settings/ApplicantsTab';
import { ProceduresTab } from './settings/ProceduresTab';
import { useRoute } from '../app/router';

/** The unit's code, changed by an admin for future dossier codes (the core checks and audits it). */
function UnitCodeField({ readOnly }: { readOnly: boolean }) {
  const client = useClient();
  const notify = useNotify();
  const { modal } = App.useApp();
  const { refresh, session } = useSession();
  const { busy, run } = useAction();
  const [code, setCode] = useState(session.unit.code);
  useEffect(() => setCode(session.unit.code), [session.unit.code]);
  const next = normalizeUnitCode(code);
  const problem = next === session.unit.code ? null : unitCodeProblem(code);
  const save = () =>
    modal.confirm({
      title: t('settings.unitCodeSave'),
      content: t('settings.unitCodeConfirm', { from: session.unit.code, to: next }),
      okText: t('settings.unitCodeSave'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        const unit = await run(() => client.call('unit.update', { code: next }));
        if (unit) {
          notify.success(t('settings.unitCodeSaved'));
          await refresh().catch(() => undefined);
        }
      },
    });
  return (
    <Form.Item label={t('settings.unitCode')} extra={t('settings.unitCodeHint')} validateStatus={problem ? 'error' : undefined} help={problem ?? undefined} htmlFor="settings-unit-code">
      <Space.Compact style={{ width: '100%', maxWidth: 420 }}>
        <Input id="settings-unit-code" value={code} onChange={(e) => setCode(e.target.value)} disabled={readOnly || busy} style={{ fontFamily: 'monospace' }} data-testid="settings-unit-code" />
        {!readOnly && (
          <Button onClick={save} disabled={!!problem || next === session.unit.code} loading={busy} data-testid="settings-unit-code-save">
            {t('settings.unitCodeSave')}
          </Button>
        )}
      </Space.Compact>
    </Form.Item>
  );
}

/** The pattern's first code of today under the field, or nothing while the pattern is refused. */
function DossierCodePreview({ pattern, unitCode }: { pattern: string | undefined; unitCode: string }) {
  if (!pattern || dossierCodePatternProblem(pattern)) return null;
  return (
    <Typography.Text type="secondary" data-testid="dossier-code-preview">
      {t('settings.dossierCodePreview', { code: previewDossierCode(pattern, unitCode, new Date()) })}
    </Typography.Text>
  );
}

function GeneralTab() {
  const client = useClient();
  const notify = useNotify();
  const { refresh, session } = useSession();
  const policy = useQuery('policy.get', {});
  const locked = new Set(policy.data?.locked ?? ['tokenLibraries']);
  const readOnly = !useCan('settings.update');
  const settings = useQuery('settings.get', {});
  const { busy, run } = useAction();
  const [form] = Form.useForm<Settings>();
  const pattern = Form.useWatch('dossierCodePattern', form);

  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);

  if (!settings.data) return settings.loading ? <Skeleton active /> : <Alert type="error" showIcon title={t('error.title')} />;

  const save = async (v: Settings) => {
    // What the machine policy fixes is not the app's to send.
    const patch: Partial<Settings> = { ...v };
    for (const key of locked) delete patch[key as keyof Settings];
    const next = await run(() => client.call('settings.update', patch));
    if (next) {
      settings.setData(next);
      notify.success(t('common.saved'));
      void refresh().catch(() => undefined);
    }
  };

  return (
    <Form<Settings> name="settings" form={form} layout="vertical" onFinish={(v) => void save(v)} disabled={busy || readOnly} style={{ maxWidth: 880 }} data-testid="settings-form">
      {readOnly && <Alert type="info" showIcon title={t('settings.adminOnlySettings')} style={{ marginBottom: 16 }} />}
      <UnitCodeField readOnly={readOnly || !!policy.data?.values.unit} />
      <Row gutter={16}>
        <Col xs={24} md={14}>
          <Form.Item name="unitName" label={t('settings.unitName')} rules={[{ max: 300 }]}>
            <Input data-autofocus="true" />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          <Form.Item name="deskName" label={t('settings.deskName')} rules={[{ max: 100 }]}>
            <Input />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={14}>
          <Form.Item
            name="dossierCodePattern"
            label={t('settings.dossierCodePattern')}
            extra={
              <>
                <div>{t('settings.dossierCodePatternHint')}</div>
                <DossierCodePreview pattern={pattern} unitCode={session.unit.code} />
              </>
            }
            rules={[{ validator: (_, v?: string) => { const problem = dossierCodePatternProblem(v ?? ''); return problem ? Promise.reject(new Error(problem)) : Promise.resolve(); } }]}
          >
            <Input style={{ fontFamily: 'monospace' }} data-testid="settings-code-pattern" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="lowConfidenceThreshold" label={t('settings.lowConfidenceThreshold')} extra={t('settings.lowConfidenceHint')}>
            <InputNumber min={0} max={100} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="scanDpi"
            label={t('settings.scanDpi')}
            extra={t('settings.scanDpiHint')}
            rules={[{ required: true, type: 'number', min: 200, max: 1200, message: t('settings.scanDpiRange') }]}
          >
            <InputNumber step={50} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="scanColor" label={t('settings.scanColor')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="watchFolder" label={t('settings.watchFolder')} extra={t('settings.watchFolderHint')} rules={[{ max: 1000 }]}>
        <Input />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="backupFolder" label={t('settings.backupFolder')} extra={t('settings.backupFolderHint')} rules={[{ max: 1000 }]}>
            <Input data-testid="settings-backup-folder" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="backupIntervalHours" label={t('settings.backupIntervalHours')} extra={t('settings.backupIntervalHint')}>
            <InputNumber min={0} max={744} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="backupKeep" label={t('settings.backupKeep')}>
            <InputNumber min={1} max={1000} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="portalUrlTemplate" label={t('settings.portalUrlTemplate')} extra={t('settings.portalUrlTemplateHint')} rules={[{ max: 1000 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="indexReading" label={t('settings.indexReading')} extra={t('settings.indexReadingHint')}>
        <Select
          style={{ maxWidth: 480 }}
          options={[
            { value: 'portal', label: t('settings.indexReading.portal') },
            { value: 'document', label: t('settings.indexReading.document') },
          ]}
        />
      </Form.Item>
      <Form.Item name="idleLockMinutes" label={t('settings.idleLockMinutes')} extra={locked.has('idleLockMinutes') ? t('settings.lockedByPolicy') : t('settings.idleLockMinutesHint')}>
        <InputNumber min={1} max={120} disabled={locked.has('idleLockMinutes')} style={{ width: 140 }} />
      </Form.Item>
      <Form.Item label={t('settings.tokenLibraries')} extra={t('settings.tokenLibrariesHint')}>
        <div data-testid="settings-token-libraries">
          {(settings.data.tokenLibraries.length ? settings.data.tokenLibraries : [t('common.none')]).map((l) => (
            <Tag key={l}>{l}</Tag>
          ))}
        </div>
      </Form.Item>
      {!readOnly && (
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('common.save')}
        </Button>
      )}
    </Form>
  );
}

const ROLES: Role[] = ['officer', 'supervisor', 'admin'];

function OfficersTab() {
  const client = useClient();
  const notify = useNotify();
  const isAdmin = useCan('officers.create');
  const officers = useQuery('officers.list', {});
  const [open, setOpen] = useState(false);
  const { busy, run } = useAction();
  const [form] = Form.useForm<{ username: string; fullName: string; pin: string; role: Role; desk: string }>();
  const firstRef = useRef<InputRef>(null);
  const [editing, setEditing] = useState<OfficerAccount | null>(null);
  const [pinFor, setPinFor] = useState<OfficerAccount | null>(null);
  const [editForm] = Form.useForm<{ fullName: string; desk: string; role: Role; active: boolean }>();
  const [pinForm] = Form.useForm<{ pin: string }>();

  const saveEdit = async (v: { fullName: string; desk: string; role: Role; active: boolean }) => {
    if (!editing) return;
    const o = await run(() => client.call('officers.update', { id: editing.id, fullName: v.fullName, desk: v.desk?.trim() ? v.desk.trim() : null, role: v.role, active: v.active }));
    if (o) {
      notify.success(t('common.saved'));
      setEditing(null);
      void officers.reload();
    }
  };
  const savePin = async (v: { pin: string }) => {
    if (!pinFor) return;
    const o = await run(() => client.call('officers.resetPin', { id: pinFor.id, pin: v.pin }));
    if (o) {
      notify.success(t('settings.officerPinReset', { username: o.username }));
      setPinFor(null);
      void officers.reload();
    }
  };
  const unlock = async (target: OfficerAccount) => {
    const o = await run(() => client.call('officers.unlock', { id: target.id }));
    if (o) {
      notify.success(t('settings.officerUnlocked', { username: o.username }));
      void officers.reload();
    }
  };

  const create = async (v: { username: string; fullName: string; pin: string; role: Role; desk: string }) => {
    const o = await run(() => client.call('officers.create', { username: v.username, fullName: v.fullName, pin: v.pin, role: v.role, desk: v.desk?.trim() ? v.desk.trim() : null }));
    if (o) {
      notify.success(t('settings.officerCreated', { username: o.username }));
      setOpen(false);
      form.resetFields();
      void officers.reload();
    }
  };

  return (
    <>
      <div style={{ display: 'flex', justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('settings.officersTitle')}
        </Typography.Title>
        {isAdmin ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="add-officer">
            {t('settings.addOfficer')}
          </Button>
        ) : (
          <Typography.Text type="secondary">{t('settings.adminOnly')}</Typography.Text>
        )}
      </div>
      <Table<OfficerAccount>
        rowKey="id"
        size="middle"
        loading={officers.loading}
        dataSource={officers.data ?? []}
        pagination={false}
        columns={[
          { title: t('settings.col.username'), dataIndex: 'username' },
          { title: t('settings.col.fullName'), dataIndex: 'fullName' },
          { title: t('settings.col.role'), dataIndex: 'role', render: (r: Role) => <Tag color={r === 'admin' ? 'red' : r === 'supervisor' ? 'blue' : 'default'}>{t(`header.role.${r}`)}</Tag> },
          { title: t('settings.col.desk'), dataIndex: 'desk', render: (d: string | null) => d ?? t('common.none') },
          { title: t('settings.col.active'), dataIndex: 'active', render: (a: boolean) => (a ? <CheckCircleFilled style={{ color: '#237a3b' }} /> : <CloseCircleFilled style={{ color: '#b3261e' }} />) },
          {
            title: '',
            key: 'guard',
            render: (_, o) => (o.locked ? <Tag color="red">{t('settings.officerLocked')}</Tag> : o.failedAttempts > 0 ? <Tag color="orange">{t('settings.officerWaiting', { n: o.failedAttempts })}</Tag> : null),
          },
          ...(isAdmin
            ? [
                {
                  title: t('settings.officerActions'),
                  key: 'actions',
                  render: (_: unknown, o: OfficerAccount) => (
                    <span style={{ display: 'inline-flex', gap: 4 }}>
                      <Button size="small" onClick={() => (editForm.setFieldsValue({ fullName: o.fullName, desk: o.desk ?? '', role: o.role, active: o.active }), setEditing(o))}>
                        {t('settings.officerEdit')}
                      </Button>
                      <Button size="small" onClick={() => (pinForm.resetFields(), setPinFor(o))}>
                        {t('settings.officerResetPin')}
                      </Button>
                      {(o.locked || o.failedAttempts > 0) && (
                        <Button size="small" danger onClick={() => void unlock(o)} data-testid={`unlock-${o.username}`}>
                          {t('settings.officerUnlock')}
                        </Button>
                      )}
                    </span>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal open={editing !== null} title={editing ? t('settings.officerEditTitle', { username: editing.username }) : ''} onCancel={() => setEditing(null)} onOk={() => editForm.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden>
        <Form name="officerEdit" form={editForm} layout="vertical" onFinish={(v) => void saveEdit(v)} requiredMark="optional">
          <Form.Item name="fullName" label={t('settings.col.fullName')} rules={[{ required: true, whitespace: true, max: 200, message: t('valid.required', { field: t('settings.col.fullName').toLowerCase() }) }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="role" label={t('settings.role')}>
                <Select options={ROLES.map((r) => ({ value: r, label: t(`header.role.${r}`) }))} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="desk" label={t('settings.desk')} rules={[{ max: 64 }]}>
                <Input />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="active" label={t('settings.col.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <HiddenSubmit />
        </Form>
      </Modal>
      <Modal open={pinFor !== null} title={pinFor ? t('settings.officerResetPinTitle', { username: pinFor.username }) : ''} onCancel={() => setPinFor(null)} onOk={() => pinForm.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden>
        <Form name="officerPin" form={pinForm} layout="vertical" onFinish={(v) => void savePin(v)}>
          <Form.Item name="pin" label={t('setup.pin')} rules={[{ required: true, pattern: /^\d{6,12}$/, message: t('valid.pin') }]}>
            <Input.Password autoComplete="new-password" inputMode="numeric" />
          </Form.Item>
          <HiddenSubmit />
        </Form>
      </Modal>
      <Modal open={open} title={t('settings.addOfficer')} onCancel={() => setOpen(false)} onOk={() => form.submit()} okText={t('common.create')} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden afterOpenChange={(o) => o && firstRef.current?.focus()}>
        <Form name="officerNew" form={form} layout="vertical" onFinish={(v) => void create(v)} initialValues={{ role: 'officer', desk: '' }} requiredMark="optional">
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="username" label={t('settings.col.username')} rules={[{ required: true, pattern: /^\S{2,64}$/, message: t('valid.username') }]}>
                <Input ref={firstRef} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="fullName" label={t('settings.col.fullName')} rules={[{ required: true, whitespace: true, max: 200, message: t('valid.required', { field: t('settings.col.fullName').toLowerCase() }) }]}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="pin" label={t('setup.pin')} rules={[{ required: true, pattern: /^\d{6,12}$/, message: t('valid.pin') }]}>
                <Input.Password autoComplete="new-password" inputMode="numeric" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="role" label={t('settings.role')}>
                <Select options={ROLES.map((r) => ({ value: r, label: t(`header.role.${r}`) }))} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="desk" label={t('settings.desk')} rules={[{ max: 64 }]}>
                <Input />
              </Form.Item>
            </Col>
          </Row>
          <HiddenSubmit />
        </Form>
      </Modal>
    </>
  );
}

function DoctorTab() {
  const report = useQuery('app.doctor', {});
  if (!report.data) return <Skeleton active />;
  return (
    <>
      <Result
        status={report.data.ok ? 'success' : 'warning'}
        title={report.data.ok ? t('settings.doctorOk') : t('settings.doctorBad')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void report.reload()} loading={report.loading}>
            {t('settings.doctorRun')}
          </Button>
        }
        style={{ padding: '16px 0' }}
      />
      <Table
        rowKey="id"
        size="middle"
        pagination={false}
        dataSource={report.data.checks}
        data-testid="doctor-checks"
        columns={[
          { title: '', dataIndex: 'ok', width: 48, render: (ok: boolean) => (ok ? <CheckCircleFilled style={{ color: '#237a3b', fontSize: 18 }} /> : <CloseCircleFilled style={{ color: '#b3261e', fontSize: 18 }} />) },
          { title: t('common.details'), dataIndex: 'label', width: 280, render: (l: string) => <strong>{l}</strong> },
          { title: '', dataIndex: 'detail' },
        ]}
      />
    </>
  );
}

const ACTION_PREFIX = 'audit.action.';
/** The Vietnamese label of an audit action (the code itself when the catalog has none). */
function actionLabel(action: string): string {
  const key = `${ACTION_PREFIX}${action}`;
  return key in vi ? t(key as MessageKey) : action;
}
const KNOWN_ACTIONS = (Object.keys(vi) as string[]).filter((k) => k.startsWith(ACTION_PREFIX)).map((k) => k.slice(ACTION_PREFIX.length));

interface AuditFilter {
  officerId?: string;
  action?: string;
  from?: string;
  to?: string;
}

function AuditTab() {
  const client = useClient();
  const notify = useNotify();
  const { busy, run } = useAction();
  const officers = useQuery('officers.list', {});
  const [filter, setFilter] = useState<AuditFilter>({});
  const [limit, setLimit] = useState(200);
  const clean = Object.fromEntries(Object.entries(filter).filter(([, v]) => v)) as AuditFilter;
  const validPeriod = !clean.from || !clean.to || clean.from <= clean.to;
  const audit = useQuery('audit.list', { ...clean, limit }, { enabled: validPeriod });
  const set = (patch: AuditFilter) => (setFilter({ ...filter, ...patch }), setLimit(200));

  const exportCsv = async () => {
    const r = await run(() => client.call('audit.exportCsv', clean));
    if (!r) return;
    const url = URL.createObjectURL(new Blob([r.csv], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = r.fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    notify.success(t('settings.auditExported', { n: r.rows }));
  };

  return (
    <>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }} data-testid="audit-filters">
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 220 }}
          placeholder={t('settings.auditAllOfficers')}
          aria-label={t('settings.auditOfficer')}
          value={filter.officerId}
          onChange={(v?: string) => set({ officerId: v })}
          options={(officers.data ?? []).map((o) => ({ value: o.id, label: `${o.fullName} (${o.username})` }))}
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 260 }}
          placeholder={t('settings.auditAllActions')}
          aria-label={t('settings.auditAction')}
          value={filter.action}
          onChange={(v?: string) => set({ action: v })}
          options={KNOWN_ACTIONS.map((a) => ({ value: a, label: actionLabel(a) }))}
        />
        <DateInput aria-label={t('settings.auditFrom')} value={filter.from ?? ''} max={filter.to} onChange={(from) => set({ from: from || undefined })} />
        <DateInput aria-label={t('settings.auditTo')} value={filter.to ?? ''} min={filter.from} onChange={(to) => set({ to: to || undefined })} />
        <Button icon={<ReloadOutlined />} onClick={() => void audit.reload()} aria-label={t('settings.doctorRun')} />
        <Button icon={<DownloadOutlined />} onClick={() => void exportCsv()} loading={busy} disabled={!validPeriod} data-testid="audit-export">
          {t('settings.auditExport')}
        </Button>
      </div>
      <Table<AuditListEntry>
        rowKey="id"
        size="small"
        loading={audit.loading}
        dataSource={audit.data ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        footer={audit.data && audit.data.length >= limit && limit < 500 ? () => <Button onClick={() => setLimit(500)}>{t('settings.auditMore')}</Button> : undefined}
        columns={[
          { title: '#', dataIndex: 'id', width: 70 },
          { title: t('settings.auditAt'), dataIndex: 'at', width: 160, render: (at: string) => formatDateTime(at) },
          { title: t('settings.auditOfficer'), width: 180, render: (_, e) => e.officerName ?? (e.officerId ? e.officerId : t('settings.auditSystem')) },
          { title: t('settings.auditAction'), dataIndex: 'action', width: 200, render: (a: string) => <span title={a}>{actionLabel(a)}</span> },
          { title: t('settings.auditEntity'), width: 200, render: (_, e) => auditEntityText(e.entity, e.entityId), ellipsis: true },
          { title: t('settings.auditDetail'), render: (_, e) => auditDetailText(e.detail), ellipsis: { showTitle: true } },
          { title: t('settings.auditHash'), dataIndex: 'hash', width: 110, render: (h: string) => <Typography.Text code title={h}>{h.slice(0, 10)}</Typography.Text> },
        ]}
      />
    </>
  );
}

function AboutTab() {
  const info = useQuery('app.info', {});
  const d = info.data;
  if (!d) return <Skeleton active />;
  return (
    <Descriptions
      bordered
      column={1}
      style={{ maxWidth: 880 }}
      data-testid="app-info"
      items={[
        { key: 'name', label: t('settings.about.name'), children: d.name },
        { key: 'version', label: t('settings.about.version'), children: <Typography.Text copyable>{d.version}</Typography.Text> },
        { key: 'host', label: t('settings.about.host'), children: t(`settings.host.${d.host}`) },
        { key: 'dir', label: t('settings.about.dataDir'), children: <Typography.Text copyable code>{d.dataDir}</Typography.Text> },
        { key: 'schema', label: t('settings.about.schema'), children: d.schemaVersion },
        { key: 'unit', label: t('settings.about.unit'), children: d.session ? `${d.session.unit.name} (${d.session.unit.code}, ${d.session.unit.level})` : t('common.none') },
      ]}
    />
  );
}

/** The machine policy IT installed: shown, never edited here. */
function PolicyTab() {
  const policy = useQuery('policy.get', {});
  const p = policy.data;
  if (!p) return <Skeleton active />;
  const v = p.values;
  const list = (xs: string[]) => (xs.length ? xs.map((x) => <Tag key={x}>{x}</Tag>) : t('common.none'));
  return (
    <div style={{ maxWidth: 880 }} data-testid="policy">
      <Typography.Paragraph>{t('settings.policy.intro')}</Typography.Paragraph>
      {p.error && <Alert type="error" showIcon title={p.error} style={{ marginBottom: 16 }} />}
      <Descriptions
        bordered
        column={1}
        items={[
          { key: 'path', label: t('settings.policy.path'), children: <Typography.Text copyable code>{p.path}</Typography.Text> },
          { key: 'loaded', label: t('settings.policy.state'), children: p.loaded ? t('settings.policy.loaded') : t('settings.policy.notLoaded') },
          { key: 'unit', label: t('settings.policy.unit'), children: v.unit ? `${v.unit.name} (${v.unit.code})` : t('common.none') },
          { key: 'upstream', label: t('settings.policy.upstream'), children: v.upstreamUrl ?? t('common.none') },
          { key: 'enroll', label: t('settings.policy.enrollmentToken'), children: v.syncEnrollmentToken ? t('settings.policy.enrollmentTokenSet') : t('common.none') },
          { key: 'token', label: t('settings.tokenLibraries'), children: list(v.tokenLibraries) },
          { key: 'roots', label: t('settings.policy.watchRoots'), children: list(v.watchRoots) },
          { key: 'idle', label: t('settings.idleLockMinutes'), children: v.idleLockMinutes ?? t('settings.policy.default') },
        ]}
      />
    </div>
  );
}

export function SettingsScreen() {
  const { params } = useRoute();
  const [tab, setTab] = useState(params.tab ?? 'general');
  const seesOfficers = useCan('officers.list');
  const editsProcedures = useCan('procedures.upsert');
  const seesAudit = useCan('audit.list');
  const editsMessages = useCan('messages.saveTemplate');
  const importsHistories = useCan('dossiers.importHistories');
  const seesApplicants = useCan('applicants.list');
  return (
    <section data-testid="screen-settings">
      <PageHead title={t('settings.title')} />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          destroyOnHidden
          // Ten tabs do not fit across a 1366 px desk screen (an overflow menu breaks the tab list's
          // accessibility): the tabs stand in a column on the left.
          tabPlacement="start"
          items={[
            { key: 'general', label: t('settings.tab.general'), children: <GeneralTab /> },
            ...(seesOfficers ? [{ key: 'officers', label: t('settings.tab.officers'), children: <OfficersTab /> }] : []),
            ...(editsProcedures ? [{ key: 'procedures', label: t('settings.tab.procedures'), children: <ProceduresTab /> }] : []),
            { key: 'calendar', label: t('settings.tab.calendar'), children: <CalendarTab /> },
            ...(editsMessages ? [{ key: 'messages', label: t('settings.tab.messages'), children: <MessagesTab /> }] : []),
            { key: 'signing', label: t('settings.tab.signing'), children: <SigningTab /> },
            { key: 'doctor', label: t('settings.tab.doctor'), children: <DoctorTab /> },
            ...(seesAudit ? [{ key: 'audit', label: t('settings.tab.audit'), children: <AuditTab /> }] : []),
            ...(seesApplicants ? [{ key: 'applicants', label: t('settings.tab.applicants'), children: <ApplicantsTab /> }] : []),
            ...(importsHistories ? [{ key: 'historyImport', label: t('settings.tab.historyImport'), children: <HistoryImportTab /> }] : []),
            { key: 'policy', label: t('settings.tab.policy'), children: <PolicyTab /> },
            { key: 'about', label: t('settings.tab.about'), children: <AboutTab /> },
          ]}
        />
      </Card>
    </section>
  );
}
