// Số hóa: choose dossier and component, capture pages, watch OCR progress, review, build the PDF.
import { CheckCircleTwoTone, ExportOutlined, FilePdfOutlined, SwapOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Col, Empty, Input, Progress, Row, Select, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Job } from '../../shared/contract/api';
import type { Component, Page } from '../../shared/domain/schemas';
import { useClient } from '../app/context';
import { useAction, useEvent, useNotify, useQuery, useReconnect } from '../app/hooks';
import { routeHash, useRoute } from '../app/router';
import { PageHead } from '../app/Shell';
import { t } from '../i18n';
import { formatDateTime } from '../util/format';
import { SigningBadge } from '../components/Signing';
import { CapturePanel } from './digitize/Capture';
import { foldVietnamese } from '../../shared/text/fold';
import { describeLowDpi, lowDpiPages, MIN_COPY_DPI } from '../../shared/domain/scan-quality';
import { PagesGrid } from './digitize/PagesGrid';
import { ReviewDrawer } from './digitize/ReviewDrawer';
import { useJobs, type TrackedJob } from './digitize/useJobs';

const DEFAULT_THRESHOLD = 60;

function DossierPicker({ value, currentLabel, onChange }: { value: string | undefined; currentLabel?: string; onChange(id: string): void }) {
  const [query, setQuery] = useState('');
  const list = useQuery('dossiers.list', { query, limit: 30, offset: 0 }, { silent: true });
  // While the list for the typed text loads, the previous one is narrowed to what matches the text
  // (code or name), so Enter never picks a dossier of the old list that does not match.
  const terms = foldVietnamese(query).split(/\s+/).filter(Boolean);
  const options = (list.data?.items ?? [])
    .map((d) => ({ value: d.id, label: `${d.code} — ${d.applicant.name}` }))
    .filter((o) => !list.loading || terms.every((w) => foldVietnamese(o.label).includes(w)));
  if (value && currentLabel && !options.some((o) => o.value === value)) options.unshift({ value, label: currentLabel });
  return (
    <Select
      data-autofocus="true"
      showSearch={{ filterOption: false, onSearch: setQuery }}
      value={value}
      onChange={onChange}
      options={options}
      loading={list.loading}
      placeholder={t('digitize.dossierPlaceholder')}
      aria-label={t('digitize.dossier')}
      style={{ width: '100%' }}
      notFoundContent={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dossiers.empty')} />}
      data-testid="digitize-dossier"
    />
  );
}

function ComponentList({ components, value, captured, onChange }: { components: Component[]; value: string | undefined; captured: Record<string, number>; onChange(id: string): void }) {
  return (
    <div className="mc-component-list" role="group" aria-label={t('digitize.components')}>
      {components.map((c) => (
        <button
          key={c.id}
          type="button"
          className="mc-proc-item"
          aria-pressed={c.id === value}
          onClick={() => onChange(c.id)}
          data-testid="digitize-component"
        >
          <div className="mc-proc-code">
            {c.sequence}. {c.required ? t('common.required') : t('common.optional')}
          </div>
          <div style={{ fontWeight: 600 }}>{c.name}</div>
          <Space size={4} style={{ marginTop: 4 }}>
            <Tag data-testid="captured-pages">{t('digitize.pageCount', { n: captured[c.id] ?? 0 })}</Tag>
            {c.digitization.fileId ? (
              <Tag color="success" icon={<CheckCircleTwoTone twoToneColor="#237a3b" />}>
                {t('digitize.digitizedPages', { n: c.digitization.pageCount })}
              </Tag>
            ) : (
              <Tag>{t('digitize.notDigitized')}</Tag>
            )}
          </Space>
        </button>
      ))}
    </div>
  );
}

/** A job's progress line. Building a PDF counts its pages, then one step to write and sign the file. */
function jobLabel(j: TrackedJob): string {
  const kind = t(`digitize.job.${j.kind}`);
  if (j.state === 'failed') return t('digitize.job.failed', { kind });
  if (j.kind === 'build-pdf' && j.total > 1) {
    const pages = j.total - 1;
    if (j.state === 'done') return t('digitize.job.pdfDone', { n: pages });
    return j.done < pages ? t('digitize.job.pdfPages', { done: j.done, total: pages }) : t('digitize.job.pdfWriting');
  }
  return t('digitize.job.progress', { kind, done: j.done, total: j.total || '…' });
}

/** Captured pages of every component of the dossier (the PDF's own count is only set when built). */
function useCapturedCounts(components: Component[]): { counts: Record<string, number>; reload(): void } {
  const client = useClient();
  const [counts, setCounts] = useState<Record<string, number>>({});
  const key = components.map((c) => c.id).join(',');
  const reload = useCallback(() => {
    const ids = key ? key.split(',') : [];
    void Promise.all(ids.map((id) => client.call('digitize.pages', { componentId: id }).then((p) => [id, p.length] as const, () => [id, 0] as const))).then((pairs) => setCounts(Object.fromEntries(pairs)));
  }, [client, key]);
  useEffect(() => reload(), [reload]);
  return { counts, reload };
}

const LAST_DOSSIER_KEY = 'motcua.digitize.last';

function JobsBar({ jobs, onDismiss }: { jobs: TrackedJob[]; onDismiss(id: string): void }) {
  if (jobs.length === 0) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%', marginTop: 12 }} size={8} role="status" aria-live="polite" data-testid="jobs">
      {jobs.map((j) => {
        const pct = j.total > 0 ? Math.round((j.done / j.total) * 100) : j.state === 'done' ? 100 : 0;
        return (
          <div key={j.id} data-testid="job" data-state={j.state}>
            <Space style={{ justifyContent: 'space-between', width: '100%' }}>
              <Typography.Text strong>
                {jobLabel(j)}
              </Typography.Text>
              <Typography.Text type="secondary">{j.message}</Typography.Text>
            </Space>
            <Progress
              percent={pct}
              status={j.state === 'failed' ? 'exception' : j.state === 'done' ? 'success' : 'active'}
              size="small"
            />
            {j.errors.length > 0 && (
              <Alert
                type="warning"
                showIcon
                closable={{ onClose: () => onDismiss(j.id) }}
                title={t('digitize.job.itemErrors', { n: j.errors.length })}
                description={
                  <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                    {j.errors.slice(0, 20).map((e, i) => (
                      <li key={i}>
                        <strong>{e.item}</strong>: {e.message}
                      </li>
                    ))}
                  </ul>
                }
              />
            )}
          </div>
        );
      })}
    </Space>
  );
}

export function DigitizeScreen() {
  const client = useClient();
  const notify = useNotify();
  const { area, params, navigate } = useRoute();
  const dossierId = params.dossier;
  const detail = useQuery('dossiers.get', { id: dossierId ?? '-' }, { enabled: !!dossierId });
  const dossier = dossierId && detail.data?.id === dossierId ? detail.data : undefined;
  const components = useMemo(() => dossier?.components ?? [], [dossier]);
  const component = components.find((c) => c.id === params.component) ?? components[0];
  const componentId = component?.id;
  const captured = useCapturedCounts(components);

  const paramsKey = JSON.stringify(params);
  // The chosen dossier and component survive a visit to another area (the menu opens #/so-hoa bare).
  useEffect(() => {
    // Leaving for another area re-renders this screen once with that area's hash: not ours to change.
    if (area !== 'digitize') return;
    try {
      if (dossierId) window.sessionStorage.setItem(LAST_DOSSIER_KEY, paramsKey);
      else {
        const last = JSON.parse(window.sessionStorage.getItem(LAST_DOSSIER_KEY) ?? 'null') as Record<string, string> | null;
        if (last?.dossier) window.location.replace(routeHash('digitize', last));
      }
    } catch {
      // Remembering is a convenience only.
    }
  }, [area, dossierId, paramsKey]);
  const pages = useQuery('digitize.pages', { componentId: componentId ?? '-' }, { enabled: !!componentId });
  const settings = useQuery('settings.get', {}, { silent: true });
  const threshold = settings.data?.lowConfidenceThreshold ?? DEFAULT_THRESHOLD;
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [moveTo, setMoveTo] = useState<string | undefined>(undefined);
  const [reviewing, setReviewing] = useState<Page | null>(null);
  const [resultCode, setResultCode] = useState('');
  const { busy, run } = useAction();
  const reloadPages = pages.reload;
  const reloadDossier = detail.reload;
  const setPages = pages.setData;

  useEffect(() => {
    setSelected(new Set());
    setMoveTo(undefined);
  }, [componentId]);

  const onJobFinished = useCallback(
    (job: TrackedJob) => {
      if (job.state === 'failed') notify.warning(job.message || t('digitize.job.failed', { kind: t(`digitize.job.${job.kind}`) }));
      if (job.kind === 'build-pdf' && job.state === 'done') notify.success(t('digitize.built'));
      void reloadPages();
      void reloadDossier();
    },
    [notify, reloadPages, reloadDossier],
  );
  const { jobs, track, dismiss } = useJobs(onJobFinished);
  const visibleJobs = jobs.filter((j) => j.componentId === null || j.componentId === componentId);

  const onJob = useCallback((jobId: string, kind: Job['kind']) => componentId && track(jobId, kind, componentId), [componentId, track]);

  useEvent('pages.changed', (p) => {
    if (p.componentId === componentId) void reloadPages();
    if (components.some((c) => c.id === p.componentId)) captured.reload();
    if (components.some((c) => c.id === p.componentId)) void reloadDossier();
  });
  useEvent('dossier.changed', (p) => {
    if (p.dossierId === dossierId) void reloadDossier();
  });
  useReconnect(() => {
    void reloadPages();
    void reloadDossier();
  });

  // While pages are still being recognized, poll slowly in case an event is missed.
  const pending = (pages.data ?? []).some((p) => p.ocrStatus === 'pending' || p.ocrStatus === 'running');
  useEffect(() => {
    if (!pending) return;
    const id = window.setInterval(() => void reloadPages(), 2500);
    return () => window.clearInterval(id);
  }, [pending, reloadPages]);

  const pageList = componentId && pages.data ? pages.data.filter((p) => p.componentId === componentId) : [];
  // Copies must be scanned at ≥ 200 dpi: low pages are named here and again when the PDF is made.
  const lowDpi = lowDpiPages(pageList);
  const doneCount = pageList.filter((p) => p.ocrStatus === 'done' || p.ocrStatus === 'skipped' || p.ocrStatus === 'failed').length;

  const reorder = async (ids: string[]) => {
    if (!componentId) return;
    const byId = new Map(pageList.map((p) => [p.id, p]));
    setPages(ids.map((id, i) => ({ ...byId.get(id)!, sequence: i + 1 })));
    const next = await run(() => client.call('digitize.reorder', { componentId, pageIds: ids }));
    if (next) setPages(next);
    else void reloadPages();
  };
  const rotate = async (page: Page) => {
    const next = await run(() => client.call('digitize.rotate', { pageId: page.id, degrees: 90 }));
    if (next) setPages(pageList.map((p) => (p.id === next.id ? next : p)));
  };
  const remove = async (page: Page) => {
    const ok = await run(() => client.call('digitize.deletePage', { pageId: page.id }));
    if (ok) {
      notify.success(t('digitize.deleted'));
      void reloadPages();
      void reloadDossier();
    }
  };
  const moveSelected = async () => {
    if (!moveTo || selected.size === 0) return;
    const ids = pageList.filter((p) => selected.has(p.id)).map((p) => p.id);
    const ok = await run(() => client.call('digitize.movePages', { pageIds: ids, toComponentId: moveTo }));
    if (ok) {
      notify.success(t('digitize.moved', { n: ids.length }));
      setSelected(new Set());
      void reloadPages();
      void reloadDossier();
    }
  };
  const buildPdf = async () => {
    if (!componentId) return;
    // Not blocked (the citizen may have taken the originals home), but never silent.
    if (lowDpi.length) notify.warning(t('digitize.lowDpiBuild', { pages: describeLowDpi(lowDpi), min: MIN_COPY_DPI }));
    const res = await run(() => client.call('digitize.buildPdf', { componentId, resultCode: resultCode.trim() || null }));
    if (res) track(res.jobId, 'build-pdf', componentId);
  };

  const building = visibleJobs.some((j) => j.kind === 'build-pdf' && !j.finishedAt);
  const pdfId = component?.digitization.fileId ?? null;

  return (
    <section data-testid="screen-digitize">
      <PageHead title={t('digitize.title')} subtitle={t('digitize.subtitle')} />
      <Row gutter={[20, 20]}>
        <Col xs={24} lg={8} xxl={7}>
          <Card title={t('digitize.dossier')} size="small" style={{ marginBottom: 16 }}>
            <DossierPicker
              value={dossierId}
              currentLabel={dossier ? `${dossier.code} — ${dossier.applicant.name}` : undefined}
              onChange={(id) => navigate('digitize', { dossier: id })}
            />
            {dossier && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                {dossier.procedureName}
              </Typography.Paragraph>
            )}
          </Card>
          <Card title={t('digitize.components')} size="small">
            {!dossier ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('digitize.pickDossier')} />
            ) : (
              <ComponentList components={components} value={componentId} captured={captured.counts} onChange={(id) => navigate('digitize', { dossier: dossier.id, component: id })} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={16} xxl={17}>
          {!component ? (
            <Card>
              <Empty description={dossier ? t('digitize.pickComponent') : t('digitize.pickDossier')} style={{ padding: '48px 0' }} />
            </Card>
          ) : (
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <Card title={`${t('digitize.capture')} · ${component.sequence}. ${component.name}`} size="small">
                <CapturePanel key={component.id} componentId={component.id} onJob={onJob} />
                <JobsBar jobs={visibleJobs} onDismiss={dismiss} />
              </Card>
              <Card
                size="small"
                title={
                  <Space>
                    {t('digitize.pages')}
                    <Badge count={pageList.length} showZero color="#1a4a8a" />
                    {pending && pageList.length > 0 && (
                      <Progress percent={Math.round((doneCount / pageList.length) * 100)} size="small" style={{ width: 160, margin: 0 }} />
                    )}
                  </Space>
                }
                extra={<Typography.Text type="secondary">{t('digitize.dragHint')}</Typography.Text>}
              >
                {selected.size > 0 && (
                  <Space wrap style={{ marginBottom: 12 }}>
                    <Typography.Text strong>{t('digitize.selected', { n: selected.size })}</Typography.Text>
                    <Select
                      style={{ minWidth: 280 }}
                      placeholder={t('digitize.moveToPlaceholder')}
                      aria-label={t('digitize.moveTo')}
                      value={moveTo}
                      onChange={setMoveTo}
                      options={components.filter((c) => c.id !== componentId).map((c) => ({ value: c.id, label: `${c.sequence}. ${c.name}` }))}
                    />
                    <Button icon={<SwapOutlined />} onClick={() => void moveSelected()} disabled={!moveTo} loading={busy}>
                      {t('digitize.move')}
                    </Button>
                    <Button type="link" onClick={() => setSelected(new Set())}>
                      {t('digitize.clearSelection')}
                    </Button>
                  </Space>
                )}
                {lowDpi.length > 0 && (
                  <Alert
                    type="warning"
                    showIcon
                    style={{ marginBottom: 12 }}
                    data-testid="low-dpi-warning"
                    title={t('digitize.lowDpi', { pages: describeLowDpi(lowDpi), min: MIN_COPY_DPI })}
                    description={t('digitize.lowDpiHint', { min: MIN_COPY_DPI })}
                  />
                )}
                <PagesGrid
                  pages={pageList}
                  threshold={threshold}
                  selected={selected}
                  onToggle={(id, on) =>
                    setSelected((s) => {
                      const n = new Set(s);
                      if (on) n.add(id);
                      else n.delete(id);
                      return n;
                    })
                  }
                  onReorder={(ids) => void reorder(ids)}
                  onRotate={(p) => void rotate(p)}
                  onDelete={(p) => void remove(p)}
                  onReview={setReviewing}
                />
              </Card>
              <Card
                size="small"
                title={
                  <span>
                    <FilePdfOutlined /> {t('digitize.pdf')}
                  </span>
                }
                extra={
                  <Space wrap>
                    <SigningBadge />
                    <Input
                      value={resultCode}
                      onChange={(e) => setResultCode(e.target.value)}
                      placeholder={`${t('digitize.resultCode')} (${t('digitize.resultCodePlaceholder').toLowerCase()})`}
                      aria-label={t('digitize.resultCode')}
                      maxLength={100}
                      style={{ width: 280 }}
                    />
                    <Button type="primary" icon={<FilePdfOutlined />} onClick={() => void buildPdf()} loading={building} disabled={pageList.length === 0} data-testid="build-pdf">
                      {building ? t('digitize.building') : t('digitize.buildPdf')}
                    </Button>
                  </Space>
                }
              >
                {pdfId ? (
                  <Space orientation="vertical" style={{ width: '100%' }}>
                    <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                      <Typography.Text type="secondary">
                        {t('digitize.pdfPages', { n: component.digitization.pageCount, at: formatDateTime(component.digitization.digitizedAt) })}
                        {component.digitization.resultCode ? ` · ${component.digitization.resultCode}` : ''}{' '}
                        {component.digitization.signedBy ? (
                          <Tag color="green" data-testid="pdf-signed">
                            {t('signing.signedBy', { name: component.digitization.signedBy })}
                          </Tag>
                        ) : (
                          <Tag data-testid="pdf-signed">{t('signing.unsigned')}</Tag>
                        )}
                      </Typography.Text>
                      {client.kind !== 'electron' && (
                        // Electron opens no second window; the PDF is shown in place below.
                        <Button type="link" icon={<ExportOutlined />} href={client.fileUrl('pdf', pdfId)} target="_blank" rel="noreferrer">
                          {t('digitize.openPdf')}
                        </Button>
                      )}
                    </Space>
                    <iframe key={pdfId} className="mc-pdf-frame" title={t('digitize.pdfTitle', { name: component.name })} src={client.fileUrl('pdf', pdfId)} data-testid="pdf-frame" />
                  </Space>
                ) : (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('digitize.noPdf')} />
                )}
              </Card>
            </Space>
          )}
        </Col>
      </Row>
      <ReviewDrawer
        page={reviewing}
        threshold={threshold}
        onClose={() => setReviewing(null)}
        onSaved={(p) => {
          setReviewing(p);
          setPages(pageList.map((x) => (x.id === p.id ? p : x)));
        }}
      />
    </section>
  );
}
