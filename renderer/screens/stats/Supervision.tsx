// Thống kê for supervisors: trend chart, breakdown table, the dossiers behind a number (drill-down),
// the worklist of dossiers due soon or overdue, campaign projection, and the report as Excel or PDF.
// Every query runs in the core (a utility process in Electron): the window only waits, with a
// loading state, and never computes over dossiers itself.
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Col, Empty, Modal, Row, Segmented, Space, Spin, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { StatsCriterion, StatsWorklist } from '../../../shared/contract/api';
import { formatVietnamDateTime } from '../../../shared/domain/vietnam-time';
import { useClient } from '../../app/context';
import { useAction, useEvent, useQuery } from '../../app/hooks';
import { t, type MessageKey } from '../../i18n';
import { formatDate } from '../../util/format';
import { Chart, type ChartOption } from './Chart';

type Period = { from: string; to: string };
type Group = { by: 'desk' | 'officer' | 'procedure' | 'field'; key: string; label: string };
export interface DrillTarget {
  criterion: StatsCriterion;
  verdict: boolean;
  title: string;
  group?: Group;
}

const pct = (n: number, of: number) => (of > 0 ? `${((n / of) * 100).toLocaleString('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %` : t('common.none'));

/** The dossiers behind a number, paginated; opening it reads citizens' names (audited in the core). */
export function DrillModal({ period, target, onClose }: { period: Period; target: DrillTarget | null; onClose(): void }) {
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const input = target ? { ...period, criterion: target.criterion, verdict: target.verdict, ...(target.group ? { group: { by: target.group.by, key: target.group.key } } : {}), limit: pageSize, offset: (page - 1) * pageSize } : null;
  const q = useQuery('stats.drill', input ?? { ...period, criterion: 'received', verdict: true }, { enabled: !!target });
  return (
    <Modal open={!!target} onCancel={onClose} footer={null} width={960} title={target ? `${target.title}${target.group ? ` — ${target.group.label || t('common.none')}` : ''}` : ''} destroyOnHidden afterClose={() => setPage(1)}>
      <Typography.Paragraph type="secondary">{t('statsx.drillHint', { from: formatDate(period.from), to: formatDate(period.to), count: String(q.data?.total ?? 0) })}</Typography.Paragraph>
      <Table
        data-testid="stats-drill"
        size="small"
        loading={q.loading}
        rowKey="id"
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: t('stats.noData') }}
        pagination={{ current: page, pageSize, total: q.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          { title: t('statsx.col.code'), dataIndex: 'code' },
          { title: t('statsx.col.procedure'), dataIndex: 'procedureName' },
          { title: t('statsx.col.applicant'), dataIndex: 'applicantName' },
          { title: t('stats.col.officer'), dataIndex: 'officerName', render: (v: string) => v || t('common.none') },
          { title: t('statsx.col.received'), dataIndex: 'receivedAt', render: (v: string) => formatVietnamDateTime(v) },
          { title: t('statsx.col.due'), dataIndex: 'dueAt', render: (v: string | null) => (v ? formatVietnamDateTime(v) : t('common.none')) },
          { title: t('statsx.col.ended'), dataIndex: 'endedAt', render: (v: string | null) => (v ? formatVietnamDateTime(v) : t('statsx.inProgress')) },
        ]}
      />
    </Modal>
  );
}

function TrendCard({ period }: { period: Period }) {
  const [granularity, setGranularity] = useState<'day' | 'week' | 'month'>('day');
  const days = (Date.parse(period.to) - Date.parse(period.from)) / 86400_000;
  const g = granularity === 'day' && days > 366 ? 'month' : granularity;
  const q = useQuery('stats.trend', { ...period, granularity: g });
  useEvent('dossier.changed', () => void q.reload());
  const buckets = q.data?.buckets ?? [];
  const any = buckets.some((b) => b.received > 0);
  const option = useMemo<ChartOption>(() => {
    const rate = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 1000) / 10 : null);
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 36, bottom: 32 },
      xAxis: { type: 'category', data: buckets.map((b) => formatDate(b.key)) },
      yAxis: [
        { type: 'value', name: t('stats.col.received'), minInterval: 1 },
        { type: 'value', name: '%', max: 100, min: 0 },
      ],
      series: [
        { name: t('stats.col.received'), type: 'bar', data: buckets.map((b) => b.received), itemStyle: { color: '#8fb3de' } },
        { name: t('stats.onTime'), type: 'line', yAxisIndex: 1, connectNulls: true, data: buckets.map((b) => rate(b.onTime, b.received)) },
        { name: t('stats.online'), type: 'line', yAxisIndex: 1, connectNulls: true, data: buckets.map((b) => rate(b.online, b.received)) },
        { name: t('stats.digitization'), type: 'line', yAxisIndex: 1, connectNulls: true, data: buckets.map((b) => rate(b.digitized, b.received)) },
      ],
    };
  }, [buckets]);
  return (
    <Card
      size="small"
      title={t('statsx.trend')}
      extra={<Segmented size="small" value={g} onChange={(v) => setGranularity(v)} options={(['day', 'week', 'month'] as const).map((v) => ({ value: v, label: t(`statsx.by.${v}` as MessageKey) }))} />}
      data-testid="stats-trend"
    >
      <Spin spinning={q.loading}>{any ? <Chart option={option} label={t('statsx.trendLabel', { from: formatDate(period.from), to: formatDate(period.to) })} /> : <Empty description={t('stats.noData')} />}</Spin>
    </Card>
  );
}

function BreakdownCard({ period, onDrill }: { period: Period; onDrill(d: DrillTarget): void }) {
  const [by, setBy] = useState<Group['by']>('officer');
  const q = useQuery('stats.breakdown', { ...period, by });
  useEvent('dossier.changed', () => void q.reload());
  type Row = NonNullable<typeof q.data>['rows'][number];
  const link = (row: Row, criterion: StatsCriterion, n: number, title: MessageKey) => (
    <Button type="link" size="small" style={{ padding: 0 }} disabled={n === 0} onClick={() => onDrill({ criterion, verdict: true, title: t(title), group: { by, key: row.key, label: row.label } })}>
      {n}
    </Button>
  );
  return (
    <Card size="small" title={t('statsx.breakdown')} extra={<Segmented size="small" value={by} onChange={(v) => setBy(v)} options={(['desk', 'officer', 'procedure', 'field'] as const).map((v) => ({ value: v, label: t(`statsx.group.${v}` as MessageKey) }))} />}>
      <Table
        data-testid="stats-breakdown"
        size="small"
        loading={q.loading}
        rowKey="key"
        dataSource={q.data?.rows ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('stats.noData') }}
        columns={[
          { title: t(`statsx.group.${by}` as MessageKey), dataIndex: 'label', render: (v: string) => v || t('common.none') },
          { title: t('stats.col.received'), dataIndex: 'received', align: 'right', render: (n: number, r: Row) => link(r, 'received', n, 'stats.col.received') },
          { title: t('stats.col.onTime'), dataIndex: 'onTime', align: 'right', render: (n: number, r: Row) => <>{link(r, 'onTime', n, 'stats.onTime')} <Typography.Text type="secondary">({pct(n, r.received)})</Typography.Text></> },
          { title: t('stats.overdue'), key: 'overdue', align: 'right', render: (_: unknown, r: Row) => link(r, 'overdue', r.received - r.onTime, 'stats.overdue') },
          { title: t('stats.col.online'), dataIndex: 'online', align: 'right', render: (n: number, r: Row) => <>{link(r, 'online', n, 'stats.online')} <Typography.Text type="secondary">({pct(n, r.received)})</Typography.Text></> },
          { title: t('stats.col.digitized'), dataIndex: 'digitized', align: 'right', render: (n: number, r: Row) => <>{link(r, 'digitized', n, 'stats.digitization')} <Typography.Text type="secondary">({pct(n, r.received)})</Typography.Text></> },
        ]}
      />
    </Card>
  );
}

function WorkTable({ rows, testId }: { rows: StatsWorklist['overdue']; testId: string }) {
  return (
    <Table
      data-testid={testId}
      size="small"
      rowKey="id"
      dataSource={rows}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      locale={{ emptyText: t('statsx.worklistEmpty') }}
      columns={[
        { title: t('statsx.col.code'), dataIndex: 'code' },
        { title: t('statsx.col.procedure'), dataIndex: 'procedureName' },
        { title: t('statsx.col.applicant'), dataIndex: 'applicantName' },
        { title: t('stats.col.officer'), dataIndex: 'officerName', render: (v: string) => v || t('common.none') },
        { title: t('statsx.col.due'), dataIndex: 'dueAt', render: (v: string, r) => <>{formatVietnamDateTime(v)} {r.warning && <Tag color="orange">{t('statsx.warning')}</Tag>}</> },
      ]}
    />
  );
}

function WorklistCard() {
  const q = useQuery('stats.worklist', {});
  useEvent('dossier.changed', () => void q.reload());
  const [which, setWhich] = useState<'overdue' | 'dueIn1' | 'dueIn3'>('overdue');
  const w = q.data;
  const colors = { overdue: '#a8071a', dueIn1: '#ad4e00', dueIn3: '#0958d9' } as const;
  return (
    <Card size="small" title={t('statsx.worklist')} data-testid="stats-worklist">
      <Spin spinning={q.loading}>
        <Segmented
          size="small"
          value={which}
          onChange={(v) => setWhich(v)}
          style={{ marginBottom: 8 }}
          options={(['overdue', 'dueIn1', 'dueIn3'] as const).map((key) => ({
            value: key,
            label: (
              <span>
                {t(`statsx.worklist.${key}` as MessageKey)} <Badge count={w?.[key].length ?? 0} showZero color={colors[key]} overflowCount={499} />
              </span>
            ),
          }))}
        />
        <WorkTable rows={w?.[which] ?? []} testId={`stats-worklist-${which}`} />
      </Spin>
    </Card>
  );
}

/** Campaign targets with the projection at the close (method: shared/domain/campaign-projection.ts). */
export function CampaignProjection() {
  const q = useQuery('stats.campaign', {});
  useEvent('dossier.changed', () => void q.reload());
  const c = q.data;
  if (!c) return null;
  const p = (r: number | null) => (r === null ? t('stats.noData') : `${(r * 100).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} %`);
  return (
    <Row gutter={[16, 8]} data-testid="stats-projection" style={{ marginTop: 8 }}>
      {c.targets.map((x) => (
        <Col xs={24} md={8} key={x.key}>
          <Typography.Text type="secondary">
            {t('statsx.projected', { rate: p(x.projected) })}{' '}
            {x.projected !== null && <Tag color={x.projected >= x.target ? 'green' : 'volcano'}>{x.projected >= x.target ? t('statsx.onTrack') : t('statsx.offTrack')}</Tag>}
          </Typography.Text>
        </Col>
      ))}
      <Col span={24}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('statsx.projectionMethod', { elapsed: String(c.elapsedDays), remaining: String(c.remainingDays) })}
        </Typography.Text>
      </Col>
    </Row>
  );
}

export function ExportButtons({ period }: { period: Period }) {
  const client = useClient();
  const { busy, run } = useAction();
  const [which, setWhich] = useState<'xlsx' | 'pdf' | null>(null);
  const go = async (format: 'xlsx' | 'pdf') => {
    setWhich(format);
    const r = await run(() => client.call('stats.export', { ...period, format }));
    setWhich(null);
    if (!r) return;
    const url = client.fileUrl('report', r.fileId);
    if (format === 'pdf') {
      window.open(url, '_blank', 'noopener');
      return;
    }
    const a = document.createElement('a');
    a.href = url;
    a.download = r.fileName;
    document.body.appendChild(a);
    a.click();
    a.remove();
  };
  return (
    <Space>
      <Button icon={<DownloadOutlined />} loading={busy && which === 'xlsx'} onClick={() => void go('xlsx')} data-testid="stats-export-xlsx">
        {t('statsx.exportXlsx')}
      </Button>
      <Button icon={<PrinterOutlined />} loading={busy && which === 'pdf'} onClick={() => void go('pdf')} data-testid="stats-export-pdf">
        {t('statsx.exportPdf')}
      </Button>
    </Space>
  );
}

export function SupervisorSections({ period, onDrill }: { period: Period; onDrill(d: DrillTarget): void }) {
  return (
    <>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={12}>
          <TrendCard period={period} />
        </Col>
        <Col xs={24} xl={12}>
          <WorklistCard />
        </Col>
      </Row>
      <div style={{ marginTop: 16 }}>
        <BreakdownCard period={period} onDrill={onDrill} />
      </div>
    </>
  );
}
