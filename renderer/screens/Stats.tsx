// Thống kê: the national index criteria (Decision 766) over dossiers received in a period, as the
// portal computes them (shared/domain/national-index.ts), with totals per officer and per day.
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Modal, Progress, Row, Segmented, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { IndexReport } from '../../shared/contract/api';
import type { Campaign } from '../../shared/domain/schemas';
import { toLocalDay } from '../../shared/domain/vietnam-time';
import { useCan, useClient } from '../app/context';
import { useAction, useEvent, useNotify, useQuery } from '../app/hooks';
import { HiddenSubmit } from '../components/HiddenSubmit';
import { PageHead } from '../app/Shell';
import { DateInput } from '../components/DateInput';
import { t, type MessageKey } from '../i18n';
import { formatDate } from '../util/format';
import { CampaignProjection, DrillModal, ExportButtons, SupervisorSections, type DrillTarget } from './stats/Supervision';
import type { StatsCriterion } from '../../shared/contract/api';

/** The drill-down behind each index card (supervisors). */
const CARD_CRITERION: Record<string, StatsCriterion> = { onTime: 'onTime', overdue: 'overdue', online: 'online', digitization: 'digitized', reuse: 'reused', payment: 'paid' };

type Preset = 'today' | 'week' | 'month' | 'lastMonth' | 'custom';

/** Calendar days in Vietnam's time, as the index counts them, whatever this PC's time zone. */
function presetPeriod(p: Exclude<Preset, 'custom'>): { from: string; to: string } {
  const today = dayjs(toLocalDay(new Date()));
  const day = (d: dayjs.Dayjs) => d.format('YYYY-MM-DD');
  switch (p) {
    case 'today':
      return { from: day(today), to: day(today) };
    case 'week':
      return { from: day(today.subtract((today.day() + 6) % 7, 'day')), to: day(today) };
    case 'month':
      return { from: day(today.startOf('month')), to: day(today) };
    case 'lastMonth': {
      const last = today.subtract(1, 'month');
      return { from: day(last.startOf('month')), to: day(last.endOf('month')) };
    }
  }
}

const pct = (r: number | null) => (r === null ? t('common.none') : `${(r * 100).toLocaleString('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`);
const pts = (p: number | null, max: number) => (p === null ? '' : t('stats.points', { points: p.toLocaleString('vi-VN', { maximumFractionDigits: 2 }), max: String(max) }));

interface Criterion {
  key: string;
  title: MessageKey;
  ratio: { count: number; of: number; rate: number | null };
  detail: string;
  /** Share of the criterion's marks reached, for the bar (null: no bar). */
  reached: number | null;
  notRecorded: boolean;
  /** Nothing to show: no dossier in the period, or the desk records none of what it counts. */
  noData: boolean;
  /** What the number counts, in words (so the card and the tables below can be told apart). */
  counts?: MessageKey;
  bad?: boolean;
}

function criteria(r: IndexReport): Criterion[] {
  const missing = new Set(r.notRecorded);
  const share = (p: number | null, max: number) => (p === null ? null : p / max);
  const list: Omit<Criterion, 'noData'>[] = [
    { key: 'onTime', title: 'stats.onTime', ratio: r.onTime, detail: pts(r.onTime.points, 20), reached: share(r.onTime.points, 20), notRecorded: false },
    { key: 'overdue', title: 'stats.overdue', ratio: r.overdue, detail: '', reached: null, notRecorded: false, bad: (r.overdue.count ?? 0) > 0 },
    { key: 'online', title: 'stats.online', ratio: r.online, detail: r.online.fraction === null ? '' : t('stats.onlineFraction', { share: pct(r.online.fraction) }), reached: r.online.fraction, notRecorded: missing.has('electronicResult') },
    { key: 'digitization', title: 'stats.digitization', ratio: r.digitization, detail: pts(r.digitization.points, 4), reached: share(r.digitization.points, 4), notRecorded: missing.has('electronicResult'), counts: 'stats.digitizationCounts' },
    { key: 'reuse', title: 'stats.reuse', ratio: r.reuse, detail: pts(r.reuse.points, 2), reached: share(r.reuse.points, 2), notRecorded: missing.has('reuse') },
    { key: 'payment', title: 'stats.payment', ratio: r.payment, detail: pts(r.payment.points, 6), reached: share(r.payment.points, 6), notRecorded: missing.has('payment') },
    {
      key: 'satisfaction',
      title: 'stats.satisfaction',
      ratio: { count: r.received - r.overdue.count - r.satisfaction.complaints, of: r.received, rate: r.satisfaction.rate },
      detail: pts(r.satisfaction.points, 6),
      reached: share(r.satisfaction.points, 6),
      notRecorded: missing.has('complaints'),
    },
  ];
  // Payment and complaints come only from the province's systems: until they do, a rate would be
  // made up (0 % paid, 100 % satisfied), so the card says there is no data.
  const unrecorded = new Set(['payment', 'satisfaction']);
  return list.map((c) => ({ ...c, noData: c.ratio.rate === null || (c.notRecorded && unrecorded.has(c.key)) }));
}

type TargetKey = keyof Campaign['targets'];
const TARGETS: { key: TargetKey; title: MessageKey }[] = [
  { key: 'online', title: 'stats.online' },
  { key: 'digitization', title: 'stats.digitization' },
  { key: 'onTime', title: 'stats.onTime' },
];

/** Progress of the province's campaign, measured over its days so far (Vietnam time). */
function CampaignCard({ campaign, canEdit, onEdit, projection }: { campaign: Campaign; canEdit: boolean; onEdit(): void; projection: boolean }) {
  const today = toLocalDay(new Date());
  const started = campaign.from <= today;
  const period = { from: campaign.from, to: campaign.to < today ? campaign.to : today };
  const report = useQuery('metrics.index', period, { enabled: started });
  useEvent('dossier.changed', () => void report.reload());
  const daysLeft = Math.max(0, Math.round((Date.parse(campaign.to) - Date.parse(today)) / 86400_000));
  const current = (k: TargetKey) => (report.data ? report.data[k].rate : null);
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="stats-campaign"
      title={t('campaign.title', { name: campaign.name })}
      extra={
        <Space>
          <Typography.Text type="secondary">
            {t('campaign.dates', { from: formatDate(campaign.from), to: formatDate(campaign.to) })} · {campaign.to < today ? t('campaign.ended') : started ? t('campaign.daysLeft', { n: String(daysLeft) }) : t('campaign.notStarted')}
          </Typography.Text>
          {canEdit && (
            <Button size="small" onClick={onEdit}>
              {t('campaign.edit')}
            </Button>
          )}
        </Space>
      }
    >
      <Row gutter={[16, 8]}>
        {TARGETS.filter((x) => campaign.targets[x.key] !== null).map((x) => {
          const target = campaign.targets[x.key]!;
          const rate = current(x.key);
          const met = rate !== null && rate >= target;
          return (
            <Col xs={24} md={8} key={x.key} data-testid={`campaign-${x.key}`}>
              <div>
                <strong>{t(x.title)}</strong>: {rate === null ? t('stats.noData') : pct(rate)} / {t('campaign.target')} {pct(target)}{' '}
                {rate !== null && <Tag color={met ? 'green' : 'red'}>{met ? t('campaign.met') : t('campaign.notMet')}</Tag>}
              </div>
              <Progress percent={rate === null || target === 0 ? (rate === null ? 0 : 100) : Math.min(100, Math.round((rate / target) * 100))} status={met ? 'success' : 'active'} size="small" aria-label={t(x.title)} />
            </Col>
          );
        })}
      </Row>
      {projection && <CampaignProjection />}
    </Card>
  );
}

interface CampaignForm {
  name: string;
  from: string;
  to: string;
  online: number | null;
  digitization: number | null;
  onTime: number | null;
}

function CampaignModal({ open, campaign, onClose }: { open: boolean; campaign: Campaign | null; onClose(saved?: Campaign | null): void }) {
  const client = useClient();
  const notify = useNotify();
  const { busy, run } = useAction();
  const [form] = Form.useForm<CampaignForm>();
  const percent = (r: number | null | undefined) => (r === null || r === undefined ? null : Math.round(r * 1000) / 10);
  const rate = (p: number | null | undefined) => (p === null || p === undefined ? null : p / 100);
  const save = async (v: CampaignForm) => {
    const next: Campaign = { name: v.name, from: v.from, to: v.to, targets: { online: rate(v.online), digitization: rate(v.digitization), onTime: rate(v.onTime) } };
    const saved = await run(() => client.call('campaign.set', { campaign: next }));
    if (saved) {
      notify.success(t('campaign.saved'));
      onClose(saved.campaign);
    }
  };
  const clear = async () => {
    const saved = await run(() => client.call('campaign.set', { campaign: null }));
    if (saved) onClose(null);
  };
  const today = toLocalDay(new Date());
  return (
    <Modal open={open} onCancel={() => onClose()} title={t('campaign.editTitle')} footer={null} destroyOnHidden>
      <Form name="campaign"
        form={form}
        layout="vertical"
        onFinish={(v) => void save(v)}
        initialValues={campaign ? { name: campaign.name, from: campaign.from, to: campaign.to, online: percent(campaign.targets.online), digitization: percent(campaign.targets.digitization), onTime: percent(campaign.targets.onTime) } : { from: today, to: today, online: 80, digitization: 100, onTime: 100 }}
      >
        <Form.Item name="name" label={t('campaign.name')} rules={[{ required: true, whitespace: true, message: t('campaign.nameRequired') }, { max: 200 }]}>
          <Input data-testid="campaign-name" />
        </Form.Item>
        <Space>
          <Form.Item name="from" label={t('stats.from')} rules={[{ required: true, message: t('campaign.fromRequired') }]}>
            <DateInput data-testid="campaign-from" />
          </Form.Item>
          <Form.Item
            name="to"
            label={t('stats.to')}
            dependencies={['from']}
            rules={[
              { required: true, message: t('campaign.toRequired') },
              ({ getFieldValue }) => ({
                validator: (_, v: string) => (!v || !getFieldValue('from') || v >= getFieldValue('from') ? Promise.resolve() : Promise.reject(new Error(t('campaign.toBeforeFrom')))),
              }),
            ]}
          >
            <DateInput data-testid="campaign-to" />
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary">{t('campaign.targetsHint')}</Typography.Paragraph>
        <Space wrap>
          {TARGETS.map((x) => (
            <Form.Item key={x.key} name={x.key} label={t(x.title)}>
              <InputNumber min={0} max={100} step={5} addonAfter="%" data-testid={`campaign-target-${x.key}`} />
            </Form.Item>
          ))}
        </Space>
        <HiddenSubmit />
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="campaign-save">
            {t('common.save')}
          </Button>
          {campaign && (
            <Button danger onClick={() => void clear()}>
              {t('campaign.clear')}
            </Button>
          )}
        </Space>
      </Form>
    </Modal>
  );
}

export function StatsScreen() {
  const [preset, setPreset] = useState<Preset>('month');
  const [custom, setCustom] = useState(presetPeriod('month'));
  const period = preset === 'custom' ? custom : presetPeriod(preset);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(period.from) && /^\d{4}-\d{2}-\d{2}$/.test(period.to) && period.from <= period.to;
  const report = useQuery('metrics.index', period, { enabled: valid });
  useEvent('dossier.changed', () => void report.reload());
  const r = report.data;
  const settings = useQuery('settings.get', {});
  const canEdit = useCan('campaign.set');
  const [editing, setEditing] = useState(false);
  const campaign = settings.data?.campaign ?? null;
  const supervise = useCan('stats.trend');
  const [drill, setDrill] = useState<DrillTarget | null>(null);

  return (
    <section data-testid="screen-stats">
      <PageHead
        title={t('stats.title')}
        subtitle={t('stats.subtitle')}
        extra={
          <Space wrap>
            {supervise && valid && <ExportButtons period={period} />}
            <Button icon={<ReloadOutlined />} onClick={() => void report.reload()} loading={report.loading}>
              {t('common.refresh')}
            </Button>
          </Space>
        }
      />
      {campaign ? (
        <CampaignCard campaign={campaign} canEdit={canEdit} onEdit={() => setEditing(true)} projection={supervise} />
      ) : (
        canEdit && (
          <Button style={{ marginBottom: 16 }} onClick={() => setEditing(true)} data-testid="campaign-new">
            {t('campaign.new')}
          </Button>
        )
      )}
      <CampaignModal
        open={editing}
        campaign={campaign}
        onClose={(saved) => {
          setEditing(false);
          if (saved !== undefined && settings.data) settings.setData({ ...settings.data, campaign: saved });
        }}
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap size="middle">
          <Segmented<Preset>
            value={preset}
            onChange={(v) => {
              if (v === 'custom') setCustom(period);
              setPreset(v);
            }}
            options={(['today', 'week', 'month', 'lastMonth', 'custom'] as const).map((p) => ({ value: p, label: t(`stats.preset.${p}` as MessageKey) }))}
          />
          {preset === 'custom' && (
            <Space>
              <DateInput aria-label={t('stats.from')} value={custom.from} max={custom.to} onChange={(from) => setCustom({ ...custom, from })} />
              <span>–</span>
              <DateInput aria-label={t('stats.to')} value={custom.to} min={custom.from} onChange={(to) => setCustom({ ...custom, to })} />
            </Space>
          )}
          <Typography.Text type="secondary" data-testid="stats-period">
            {t('stats.period', { from: formatDate(period.from), to: formatDate(period.to), count: String(r?.received ?? 0) })}
          </Typography.Text>
        </Space>
        {!valid && <Alert style={{ marginTop: 12 }} type="warning" showIcon message={t('stats.badPeriod')} />}
      </Card>

      <Row gutter={[16, 16]}>
        {r &&
          criteria(r).map((c) => (
            <Col xs={24} sm={12} lg={8} xl={6} key={c.key}>
              <Card size="small" data-testid={`stats-${c.key}`}>
                <Statistic title={t(c.title)} value={c.noData ? t('stats.noData') : pct(c.ratio.rate)} valueStyle={{ color: c.bad ? '#c0392b' : undefined, fontSize: c.noData ? 18 : undefined }} />
                {!c.noData && <Typography.Text type="secondary">{t('stats.ofReceived', { count: String(c.ratio.count), of: String(c.ratio.of) })}</Typography.Text>}
                {!c.noData && supervise && CARD_CRITERION[c.key] && c.ratio.count > 0 && (
                  <div>
                    <Button type="link" size="small" style={{ padding: 0 }} data-testid={`stats-drill-${c.key}`} onClick={() => setDrill({ criterion: CARD_CRITERION[c.key]!, verdict: true, title: t(c.title) })}>
                      {t('statsx.drillOpen')} ({c.ratio.count})
                    </Button>
                  </div>
                )}
                {c.counts && <div style={{ fontSize: 13 }}>{t(c.counts)}</div>}
                {!c.noData && c.detail && <div>{c.detail}</div>}
                {!c.noData && c.reached !== null && <Progress percent={Math.round(c.reached * 100)} size="small" showInfo={false} aria-label={t(c.title)} />}
                {c.notRecorded && (
                  <Tag color="gold" style={{ marginTop: 4, whiteSpace: 'normal', color: '#874d00' }}>
                    {t('stats.notRecorded')}
                  </Tag>
                )}
              </Card>
            </Col>
          ))}
      </Row>

      {supervise && valid && <SupervisorSections period={period} onDrill={setDrill} />}
      {supervise && <DrillModal period={period} target={drill} onClose={() => setDrill(null)} />}

      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('stats.byOfficer')}>
            <Table
              data-testid="stats-by-officer"
              size="small"
              pagination={false}
              rowKey={(o) => o.officerId ?? '-'}
              dataSource={r?.byOfficer ?? []}
              locale={{ emptyText: t('stats.none') }}
              columns={[
                { title: t('stats.col.officer'), dataIndex: 'name', render: (v: string) => v || t('common.none') },
                { title: t('stats.col.desk'), dataIndex: 'desk', render: (v: string) => v || t('common.none') },
                { title: t('stats.col.received'), dataIndex: 'received', align: 'right' },
                { title: <span title={t('stats.col.digitizedHint')}>{t('stats.col.digitized')}</span>, dataIndex: 'digitized', align: 'right' },
                { title: t('stats.col.online'), dataIndex: 'online', align: 'right' },
                { title: t('stats.col.onTime'), dataIndex: 'onTime', align: 'right' },
                { title: t('stats.col.guided'), dataIndex: 'guided', align: 'right' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('stats.byDay')}>
            <Table
              data-testid="stats-by-day"
              size="small"
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              rowKey="day"
              dataSource={r?.byDay ?? []}
              locale={{ emptyText: t('stats.none') }}
              columns={[
                { title: t('stats.col.day'), dataIndex: 'day', render: (v: string) => formatDate(v) },
                { title: t('stats.col.received'), dataIndex: 'received', align: 'right' },
                { title: t('stats.col.digitized'), dataIndex: 'digitized', align: 'right' },
                { title: t('stats.col.online'), dataIndex: 'online', align: 'right' },
                { title: t('stats.col.guided'), dataIndex: 'guided', align: 'right' },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 13 }}>
        {t('stats.howCounted')}
      </Typography.Paragraph>
    </section>
  );
}
