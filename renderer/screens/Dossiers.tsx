// Hồ sơ: the register of dossiers, a detail drawer (components, history, status change) and a
// full-text search over recognized text.
import { CheckCircleTwoTone, ClockCircleOutlined, FileTextOutlined, ReloadOutlined, ScanOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Drawer, Empty, Form, Input, Row, Select, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../shared/contract/api';
import { DOSSIER_STATUS, endsProcessing, isFinal, type DossierStatusCode } from '../../shared/domain/dossier-status';
import type { Dossier } from '../../shared/domain/schemas';
import { useClient } from '../app/context';
import { useAction, useEvent, useNotify, useQuery } from '../app/hooks';
import { useRoute } from '../app/router';
import { PageHead } from '../app/Shell';
import { HiddenSubmit } from '../components/HiddenSubmit';
import { ReceiptButton } from '../components/Receipt';
import { channelLabel, nextStatusOptions, STATUS_OPTIONS, StatusTag } from '../components/StatusTag';
import { t } from '../i18n';
import { formatDateTime } from '../util/format';
import { DossierMessages } from './dossiers/Messages';
import { DossierActions, DueInfo, IndexFields } from './dossiers/Actions';
import { RegisterCard } from './dossiers/Register';

const PAGE_SIZE = 20;

function isOverdue(d: Dossier): boolean {
  // The due moment the desk works to (after pauses and apologies); none while paused.
  const due = d.pausedSince ? null : (d.currentDueAt ?? d.dueAt);
  return !!due && !endsProcessing(d.status) && new Date(due).getTime() < Date.now();
}

function DossierDrawer({ id, onClose, onChanged }: { id: string | null; onClose(): void; onChanged(): void }) {
  const client = useClient();
  const notify = useNotify();
  const { navigate } = useRoute();
  const detail = useQuery('dossiers.get', { id: id ?? '-' }, { enabled: !!id });
  const { busy, run } = useAction();
  const [form] = Form.useForm<{ status: DossierStatusCode; note: string }>();
  const { reload } = detail;

  useEvent('dossier.changed', (p) => {
    if (p.dossierId === id) void reload();
  });
  useEffect(() => {
    form.resetFields();
  }, [id, form]);

  const d = id && detail.data?.id === id ? detail.data : undefined;

  const apply = async (v: { status: DossierStatusCode; note: string }) => {
    if (!d) return;
    const next = await run(() => client.call('dossiers.setStatus', { id: d.id, status: v.status, note: v.note ?? '' }));
    if (next) {
      detail.setData(next);
      form.resetFields();
      notify.success(t('dossiers.statusChanged', { status: DOSSIER_STATUS[next.status] }));
      onChanged();
    }
  };

  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={760}
      title={d ? t('dossiers.detail', { code: d.code }) : t('common.loading')}
      extra={
        d && (
          <Space>
            <ReceiptButton dossierId={d.id} />
            {d.source !== 'sync' && (
              <Button icon={<ScanOutlined />} onClick={() => navigate('digitize', { dossier: d.id })}>
                {t('dossiers.openDigitize')}
              </Button>
            )}
          </Space>
        )
      }
      destroyOnHidden
      data-testid="dossier-drawer"
    >
      {!d ? (
        <Spin />
      ) : (
        <Space orientation="vertical" size={20} style={{ width: '100%' }}>
          {d.source === 'sync' && (
            <Alert
              type="info"
              showIcon
              data-testid="dossier-other-desk"
              title={t('dossiers.otherDesk', { desk: d.originDeskName || d.originOfficerName || t('common.none') })}
              description={t('dossiers.otherDeskHint', { officer: d.originOfficerName || t('common.none') })}
            />
          )}
          <Descriptions
            bordered
            size="small"
            column={2}
            items={[
              { key: 'status', label: t('dossiers.col.status'), children: <StatusTag status={d.status} />, span: 2 },
              { key: 'proc', label: t('dossiers.procedure'), children: `${d.procedureCode} – ${d.procedureName}`, span: 2 },
              { key: 'app', label: t('dossiers.applicant'), children: d.applicant.name },
              { key: 'id', label: t('dossiers.idNumber'), children: d.applicant.idNumber || t('common.none') },
              { key: 'phone', label: t('dossiers.phone'), children: d.applicant.phone || t('common.none') },
              { key: 'email', label: t('dossiers.email'), children: d.applicant.email || t('common.none') },
              { key: 'addr', label: t('dossiers.address'), children: d.applicant.address || t('common.none'), span: 2 },
              { key: 'channel', label: t('dossiers.channel'), children: channelLabel(d.channel) },
              { key: 'recv', label: t('dossiers.receivedAt'), children: formatDateTime(d.receivedAt) },
              { key: 'due', label: t('dossiers.dueAt'), children: <DueInfo d={d} /> },
              { key: 'ended', label: t('dossiers.endedAt'), children: formatDateTime(d.endedAt) },
              ...(d.returnedAt ? [{ key: 'ret', label: t('dossiers.returnedAt'), children: formatDateTime(d.returnedAt) }] : []),
            ]}
          />
          <div>
            <Typography.Title level={5}>{t('dossiers.components')}</Typography.Title>
            <Table
              size="small"
              pagination={false}
              rowKey="id"
              dataSource={d.components}
              columns={[
                { title: '#', dataIndex: 'sequence', width: 44 },
                {
                  title: t('reception.componentName'),
                  render: (_, c) => (
                    <span>
                      {c.name} {c.required && <Tag color="red">{t('reception.componentRequired')}</Tag>}
                    </span>
                  ),
                },
                {
                  title: t('reception.componentReceived'),
                  width: 130,
                  render: (_, c) => (c.received ? t('dossiers.componentReceived', { n: c.copies }) : <Typography.Text type="warning">{t('dossiers.componentMissing')}</Typography.Text>),
                },
                {
                  title: t('nav.digitize'),
                  width: 220,
                  render: (_, c) =>
                    c.digitization.fileId ? (
                      <span>
                        <CheckCircleTwoTone twoToneColor="#237a3b" /> {t('dossiers.digitizedPages', { n: c.digitization.pageCount })}
                        {c.digitization.signedBy && (
                          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                            {t('signing.signedBy', { name: c.digitization.signedBy })}
                          </Typography.Text>
                        )}
                        {c.digitization.reusedFrom && (
                          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                            {t('reception.reusedTag', { code: c.digitization.reusedFrom })}
                          </Typography.Text>
                        )}
                      </span>
                    ) : c.digitization.remoteUrl ? (
                      <a href={c.digitization.remoteUrl} target="_blank" rel="noreferrer" data-testid="remote-file">
                        <CheckCircleTwoTone twoToneColor="#237a3b" /> {t('dossiers.remoteFile')}
                      </a>
                    ) : (
                      <Typography.Text type="secondary">{t('dossiers.notDigitized')}</Typography.Text>
                    ),
                },
              ]}
            />
          </div>
          <div>
            <Typography.Title level={5}>{t('dossiers.history')}</Typography.Title>
            <Timeline
              items={[...d.events]
                .sort((a, b) => a.at.localeCompare(b.at))
                .map((e) => ({
                  key: e.id,
                  icon: <ClockCircleOutlined />,
                  content: (
                    <span>
                      <Typography.Text strong style={{ marginRight: 8 }}>
                        {formatDateTime(e.at)}
                      </Typography.Text>
                      <StatusTag status={e.status} />
                      {e.note && <Typography.Text type="secondary"> {e.note}</Typography.Text>}
                    </span>
                  ),
                }))}
            />
          </div>
          {d.source !== 'sync' && (
            <>
              <DossierActions
                d={d}
                onChanged={(next) => {
                  detail.setData(next);
                  onChanged();
                }}
              />
              <IndexFields
                key={d.updatedAt}
                d={d}
                onChanged={(next) => {
                  detail.setData(next);
                  onChanged();
                }}
              />
              <DossierMessages dossierId={d.id} />
              <Card size="small" title={t('dossiers.changeStatus')}>
                {isFinal(d.status) ? (
                  <Typography.Text type="secondary" data-testid="status-final">
                    {t('dossiers.statusFinal', { status: DOSSIER_STATUS[d.status] })}
                  </Typography.Text>
                ) : (
                  <Form name="dossierStatus" form={form} layout="vertical" onFinish={(v) => void apply(v)} disabled={busy} requiredMark={false}>
                    <Row gutter={12}>
                      <Col span={10}>
                        <Form.Item name="status" label={t('dossiers.newStatus')} rules={[{ required: true, message: t('valid.pick', { field: t('dossiers.newStatus').toLowerCase() }) }]}>
                          <Select options={nextStatusOptions(d.status)} data-testid="status-select" />
                        </Form.Item>
                      </Col>
                      <Col span={14}>
                        <Form.Item name="note" label={t('dossiers.statusNote')} rules={[{ max: 2000 }]}>
                          <Input />
                        </Form.Item>
                      </Col>
                    </Row>
                    <Button type="primary" htmlType="submit" loading={busy} data-testid="status-apply">
                      {t('dossiers.applyStatus')}
                    </Button>
                    <HiddenSubmit />
                  </Form>
                )}
              </Card>
            </>
          )}
        </Space>
      )}
    </Drawer>
  );
}

function highlight(snippet: string) {
  // The core may mark hits with [[…]] or <mark>; show either as a highlight, never as HTML.
  const parts = snippet.split(/(\[\[.*?\]\]|<mark>.*?<\/mark>)/g);
  return parts.map((p, i) => {
    const m = /^\[\[(.*)\]\]$/.exec(p) ?? /^<mark>(.*)<\/mark>$/.exec(p);
    return m ? <mark key={i}>{m[1]}</mark> : <span key={i}>{p}</span>;
  });
}

function FullTextSearch({ onOpen }: { onOpen(dossierId: string): void }) {
  const client = useClient();
  const { busy, run } = useAction();
  const [hits, setHits] = useState<MethodOutput<'search.fullText'> | null>(null);
  const [q, setQ] = useState('');

  const search = async (query: string) => {
    const trimmed = query.trim();
    setQ(trimmed);
    if (!trimmed) {
      setHits(null);
      return;
    }
    const res = await run(() => client.call('search.fullText', { query: trimmed, limit: 50 }));
    if (res) setHits(res);
  };

  return (
    <Card title={<span><FileTextOutlined /> {t('dossiers.fullText')}</span>} size="small">
      <Input.Search placeholder={t('dossiers.fullTextPlaceholder')} onSearch={(v) => void search(v)} loading={busy} allowClear enterButton={t('common.search')} data-testid="fulltext-search" />
      {hits && (
        <div style={{ marginTop: 8, maxHeight: 320, overflow: 'auto' }} data-testid="fulltext-results">
          {hits.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dossiers.fullTextNone', { q })} />
          ) : (
            hits.map((h) => (
              <button key={`${h.pageId}`} type="button" className="mc-hit" onClick={() => onOpen(h.dossierId)}>
                <Typography.Text strong>{t('dossiers.fullTextHit', { code: h.dossierCode, component: h.componentName, page: h.pageSequence })}</Typography.Text>
                <div style={{ color: '#3a4556', fontSize: 14 }}>{highlight(h.snippet)}</div>
              </button>
            ))
          )}
        </div>
      )}
    </Card>
  );
}

export function DossiersScreen() {
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<DossierStatusCode | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useQuery('dossiers.list', { query, status, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const { reload } = list;
  useEvent('dossier.changed', () => void reload());

  return (
    <section data-testid="screen-dossiers">
      <PageHead title={t('dossiers.title')} subtitle={t('dossiers.subtitle')} />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small">
          <Row gutter={[12, 12]} align="middle">
            <Col flex="auto">
              <Input.Search
                data-autofocus="true"
                placeholder={t('dossiers.search')}
                aria-label={t('dossiers.search')}
                allowClear
                onSearch={(v) => {
                  setPage(1);
                  setQuery(v.trim());
                }}
                enterButton={t('common.search')}
                data-testid="dossier-search"
              />
            </Col>
            <Col flex="300px">
              <Select<DossierStatusCode>
                allowClear
                placeholder={t('dossiers.allStatuses')}
                aria-label={t('dossiers.status')}
                style={{ width: '100%' }}
                options={STATUS_OPTIONS}
                value={status}
                onChange={(v) => {
                  setPage(1);
                  setStatus(v ?? undefined);
                }}
                data-testid="status-filter"
              />
            </Col>
            <Col>
              <Button icon={<ReloadOutlined />} onClick={() => void reload()} aria-label={t('common.refresh')} />
            </Col>
          </Row>
        </Card>
        {list.data?.damaged.length ? (
          <Alert
            type="error"
            showIcon
            data-testid="dossiers-damaged"
            title={t('dossiers.damaged', { n: list.data.damaged.length })}
            description={list.data.damaged.map((d) => (
              <div key={d.id}>{d.message}</div>
            ))}
          />
        ) : null}
        <Card size="small" styles={{ body: { padding: 0 } }}>
          <Table<Dossier>
            rowKey="id"
            loading={list.loading}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('dossiers.empty')} /> }}
            onRow={(r) => ({
              onClick: () => setOpenId(r.id),
              onKeyDown: (e) => {
                if (e.key === 'Enter') setOpenId(r.id);
              },
              tabIndex: 0,
              style: { cursor: 'pointer' },
              'data-testid': 'dossier-row',
            })}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: list.data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (n) => t('common.total', { n }),
              onChange: setPage,
            }}
            columns={[
              {
                title: t('dossiers.col.code'),
                dataIndex: 'code',
                width: 225,
                className: 'mc-nowrap',
                render: (code: string, d) => (
                  <span>
                    <Typography.Text strong style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {code}
                    </Typography.Text>
                    {d.source === 'sync' && (
                      <Tag style={{ marginLeft: 6 }} data-testid="other-desk-tag">
                        {d.originDeskName || t('dossiers.otherDeskTag')}
                      </Tag>
                    )}
                  </span>
                ),
              },
              { title: t('dossiers.col.procedure'), dataIndex: 'procedureName', ellipsis: true },
              { title: t('dossiers.col.applicant'), render: (_, d) => d.applicant.name, ellipsis: true },
              { title: t('dossiers.col.receivedAt'), width: 150, className: 'mc-nowrap', render: (_, d) => formatDateTime(d.receivedAt) },
              {
                title: t('dossiers.col.dueAt'),
                width: 180,
                className: 'mc-nowrap',
                render: (_, d) => (
                  <span>
                    {d.pausedSince ? t('lifecycle.pausedSince', { at: formatDateTime(d.pausedSince) }) : formatDateTime(d.currentDueAt ?? d.dueAt)} {isOverdue(d) && <Tag color="red">{t('dossiers.overdue')}</Tag>}
                  </span>
                ),
              },
              { title: t('dossiers.col.status'), width: 175, render: (_, d) => <StatusTag status={d.status} /> },
            ]}
          />
        </Card>
        <FullTextSearch onOpen={setOpenId} />
        <RegisterCard />
      </Space>
      <DossierDrawer id={openId} onClose={() => setOpenId(null)} onChanged={() => void reload()} />
    </section>
  );
}
