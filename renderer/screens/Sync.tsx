// Đồng bộ: the desk's sync with the province receiver (issue 19). Online or not, the last success,
// what waits, what was set aside (with the receiver's message and "Gửi lại"), "Đồng bộ ngay", the
// upload in progress; an administrator enrolls the machine with IT's one-time token.
import { CloudSyncOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Col, Form, Input, Progress, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../shared/contract/sync-desk';
import { useCan, useClient } from '../app/context';
import { useAction, useNotify, useQuery } from '../app/hooks';
import { PageHead } from '../app/Shell';
import { t, type MessageKey } from '../i18n';
import { formatDateTime } from '../util/format';

type Failed = SyncStatus['failed'][number];

function size(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB` : `${Math.ceil(n / 1024).toLocaleString('vi-VN')} KB`;
}

function EnrollForm({ onDone, status }: { onDone: (s: SyncStatus) => void; status: SyncStatus }) {
  const client = useClient();
  const notify = useNotify();
  const { busy, run } = useAction();
  const [form] = Form.useForm<{ token: string; deskName: string }>();
  const submit = async (v: { token: string; deskName: string }) => {
    const s = await run(() => client.call('sync.enroll', { token: v.token, deskName: v.deskName || undefined }));
    if (s) {
      notify.success(t('sync.enrolled'));
      form.resetFields();
      onDone(s);
    }
  };
  return (
    <Card title={status.enrolled ? t('sync.reenroll') : t('sync.enrollTitle')} data-testid="sync-enroll">
      <Form form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 520 }}>
        <Form.Item name="token" label={t('sync.enrollToken')} rules={[{ required: true, message: t('common.required') }]}>
          <Input autoComplete="off" spellCheck={false} />
        </Form.Item>
        <Form.Item name="deskName" label={t('sync.enrollDeskName')}>
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} disabled={!status.configured}>
          {t('sync.enroll')}
        </Button>
      </Form>
    </Card>
  );
}

export function SyncScreen() {
  const client = useClient();
  const notify = useNotify();
  const canEnroll = useCan('sync.enroll');
  const status = useQuery('sync.status', {});
  const { busy, run } = useAction();
  const [, setTick] = useState(0);
  const s = status.data;

  // While the screen is open: a quiet refresh, faster while a pass (and its upload) is running.
  useEffect(() => {
    const every = s?.running ? 1000 : 5000;
    const id = window.setInterval(() => {
      void status.reload();
      setTick((n) => n + 1);
    }, every);
    return () => window.clearInterval(id);
  }, [s?.running, status]);

  const syncNow = async () => {
    const next = await run(() => client.call('sync.now', {}));
    if (!next) return;
    status.setData(next);
    if (next.lastError) notify.warning(next.lastError);
    else if (next.counts.pending === 0) notify.success(t('sync.passDone'));
    else notify.info(t('sync.passLeft', { n: String(next.counts.pending) }));
  };
  const resend = async (seq: number | null) => {
    const before = s?.counts.failed ?? 0;
    const next = await run(() => client.call('sync.resend', { seq }));
    if (!next) return;
    status.setData(next);
    notify.success(t('sync.resent', { n: String(seq === null ? before : 1) }));
  };

  const head = (
    <PageHead
      title={t('sync.title')}
      subtitle={t('sync.subtitle')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void status.reload()}>
            {t('common.refresh')}
          </Button>
          <Button type="primary" icon={<CloudSyncOutlined />} loading={busy || s?.running} disabled={!s?.configured || !s?.enrolled} onClick={() => void syncNow()} data-testid="sync-now">
            {busy || s?.running ? t('sync.running') : t('sync.now')}
          </Button>
        </Space>
      }
    />
  );
  if (!s) return <section data-testid="screen-sync">{head}</section>;

  const connection =
    s.online === null ? <Badge status="default" text={t('sync.neverTried')} /> : s.online ? <Badge status="success" text={t('sync.online')} /> : <Badge status="error" text={t('sync.offline')} />;

  return (
    <section data-testid="screen-sync">
      {head}
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {!s.configured && <Alert type="warning" showIcon message={t('sync.notConfigured')} />}
        {s.configured && !s.enrolled && <Alert type="info" showIcon message={t('sync.notEnrolled')} description={canEnroll ? undefined : t('sync.notEnrolledOfficer')} />}
        {s.lastError && <Alert type="error" showIcon message={t('sync.lastError')} description={s.lastError} data-testid="sync-last-error" />}
        {s.clockWarning && <Alert type="warning" showIcon message={s.clockWarning} />}

        <Card>
          <Row gutter={[24, 16]} align="middle">
            <Col xs={24} md={8}>
              <Space direction="vertical" size={4}>
                <span data-testid="sync-connection">{connection}</span>
                <Typography.Text type="secondary">
                  {t('sync.lastSuccess')}: <b>{s.lastSuccessAt ? formatDateTime(s.lastSuccessAt) : t('sync.never')}</b>
                </Typography.Text>
                <Typography.Text type="secondary" data-testid="sync-last-pulled">
                  {t('sync.lastPulled')}: <b>{s.lastPulledAt ? formatDateTime(s.lastPulledAt) : t('sync.never')}</b>
                </Typography.Text>
                {s.enrolled && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('sync.deskInfo', { desk: s.deskId ?? '', unit: s.unitCode ?? '', server: s.upstreamUrl ?? '' })}
                  </Typography.Text>
                )}
              </Space>
            </Col>
            <Col xs={8} md={5}>
              <Statistic title={t('sync.pending')} value={s.counts.pending} data-testid="sync-pending" />
            </Col>
            <Col xs={8} md={5}>
              <Statistic title={t('sync.failed')} value={s.counts.failed} valueStyle={s.counts.failed ? { color: '#b42318' } : undefined} data-testid="sync-failed" />
            </Col>
            <Col xs={8} md={6}>
              <Statistic title={t('sync.done')} value={s.counts.done} data-testid="sync-done" />
            </Col>
          </Row>
          {s.role === 'supervisor' && (
            <div style={{ marginTop: 16 }} data-testid="sync-remote">
              <Statistic title={t('sync.remote')} value={s.remote.dossiers} />
              <Typography.Text type="secondary">{t('sync.remoteHint', { desks: String(s.remote.desks) })}</Typography.Text>
              {s.parked.changes > 0 && (
                <div data-testid="sync-parked">
                  <Typography.Text type="secondary">{t('sync.parked', { n: String(s.parked.changes) })}</Typography.Text>
                </div>
              )}
              {s.parked.codeTaken.length > 0 && <Alert type="warning" showIcon style={{ marginTop: 8 }} data-testid="sync-code-taken" message={t('sync.codeTaken', { codes: s.parked.codeTaken.join(', ') })} />}
            </div>
          )}
          {s.upload && (
            <div style={{ marginTop: 16 }} data-testid="sync-upload">
              <Typography.Text>{t('sync.upload', { sent: size(s.upload.sent), total: size(s.upload.total) })}</Typography.Text>
              <Progress percent={s.upload.total ? Math.floor((s.upload.sent / s.upload.total) * 100) : 100} status="active" />
            </div>
          )}
        </Card>

        {s.failed.length > 0 && (
          <Card
            title={t('sync.failedTitle')}
            extra={
              <Button onClick={() => void resend(null)} loading={busy}>
                {t('sync.resendAll')}
              </Button>
            }
            data-testid="sync-failed-items"
          >
            <Typography.Paragraph type="secondary">{t('sync.failedHint')}</Typography.Paragraph>
            <Table<Failed>
              rowKey="seq"
              size="small"
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              dataSource={s.failed}
              columns={[
                { title: t('sync.col.item'), dataIndex: 'kind', width: 170, render: (k: Failed['kind']) => <Tag>{t(`sync.kind.${k}` as MessageKey)}</Tag> },
                { title: t('sync.col.dossier'), dataIndex: 'dossierCode', width: 180, render: (c: string | null, r) => c ?? r.entityId },
                { title: t('sync.col.message'), dataIndex: 'message', render: (m: string | null) => <span style={{ color: '#b42318' }}>{m}</span> },
                { title: t('sync.col.at'), dataIndex: 'at', width: 150, render: (a: string) => formatDateTime(a) },
                {
                  title: '',
                  key: 'resend',
                  width: 110,
                  render: (_v, r) => (
                    <Button size="small" onClick={() => void resend(r.seq)} disabled={busy}>
                      {t('sync.resend')}
                    </Button>
                  ),
                },
              ]}
            />
          </Card>
        )}

        {s.enrolled && s.secretProtection === 'plain-file' && <Alert type="info" showIcon message={t('sync.plainSecret')} />}
        {canEnroll && s.configured && <EnrollForm status={s} onDone={(n) => status.setData(n)} />}
      </Space>
    </section>
  );
}
