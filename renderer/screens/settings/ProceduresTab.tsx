// Cài đặt → Thủ tục: the desk's procedure catalog. Supervisors and admins find and edit procedures
// (retired ones too); admins import a catalog file (checked first: what would change and every bad
// row with its line, then imported on confirmation), load the sample catalog, and everyone can
// download the catalog or the sample as Excel, CSV or JSON.
import { DownloadOutlined, EditOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Dropdown, Input, List, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { CatalogImportReport } from '../../../shared/contract/api';
import { MAX_CATALOG_FILE_BYTES } from '../../../shared/contract/api';
import { feeText, procedureLevelLabel, processingTimeText } from '../../../shared/domain/procedure-catalog';
import type { Procedure } from '../../../shared/domain/schemas';
import { useCan, useClient } from '../../app/context';
import { useAction, useNotify, useQuery } from '../../app/hooks';
import { errorMessage } from '../../api/client';
import { t } from '../../i18n';
import { ProcedureFormModal } from '../ProcedureForm';

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

function downloadBase64(fileName: string, mime: string, dataBase64: string) {
  const bytes = Uint8Array.from(atob(dataBase64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** What an import did or would do, with every bad row and where it is in the file. */
function ImportReport({ report, onApply, onCancel, busy }: { report: CatalogImportReport; onApply?(): void; onCancel?(): void; busy: boolean }) {
  const changes = report.created.length + report.updated.length + report.retired.length;
  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="catalog-report" title={report.dryRun ? t('catalog.checkTitle', { file: report.fileName }) : t('catalog.doneTitle', { file: report.fileName })}>
      <Typography.Paragraph data-testid="catalog-summary">
        {t('catalog.summary', { rows: report.rows, created: report.created.length, updated: report.updated.length, unchanged: report.unchanged, retired: report.retired.length })}
      </Typography.Paragraph>
      {report.unretired.length > 0 && <Typography.Paragraph>{t('catalog.unretired', { codes: report.unretired.join(', ') })}</Typography.Paragraph>}
      {report.retired.length > 0 && <Typography.Paragraph>{t('catalog.retiredList', { codes: report.retired.join(', ') })}</Typography.Paragraph>}
      {report.retireSkipped > 0 && <Alert type="warning" showIcon title={t('catalog.retireSkipped', { n: report.retireSkipped })} style={{ marginBottom: 12 }} />}
      {report.errors.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('catalog.errorsTitle', { n: report.errors.length })}
          description={
            <List size="small" dataSource={report.errors} data-testid="catalog-errors" renderItem={(e) => <List.Item style={{ padding: '2px 0' }}>{e.message}</List.Item>} style={{ maxHeight: 260, overflow: 'auto' }} />
          }
        />
      ) : (
        <Typography.Paragraph type="success">{t('catalog.noErrors')}</Typography.Paragraph>
      )}
      {report.warnings.map((w) => (
        <Typography.Paragraph key={w} type="secondary" style={{ marginBottom: 4 }}>
          {w}
        </Typography.Paragraph>
      ))}
      {report.dryRun && (
        <Space>
          <Button type="primary" onClick={onApply} disabled={changes === 0} loading={busy} data-testid="catalog-apply">
            {changes === 0 ? t('catalog.applyNothing') : t('catalog.apply', { n: changes })}
          </Button>
          <Button onClick={onCancel}>{t('catalog.cancel')}</Button>
        </Space>
      )}
    </Card>
  );
}

export function ProceduresTab() {
  const client = useClient();
  const notify = useNotify();
  const { modal } = App.useApp();
  const admin = useCan('procedures.import');
  const { busy, run } = useAction();
  const [query, setQuery] = useState('');
  const [showRetired, setShowRetired] = useState(false);
  const debounced = useDebounced(query, 200);
  const list = useQuery('procedures.search', { query: debounced, limit: 200, includeRetired: showRetired });
  const [editing, setEditing] = useState<Procedure | null>(null);
  const [full, setFull] = useState(false);
  const [pending, setPending] = useState<{ file: { name: string; dataBase64: string }; full: boolean } | null>(null);
  const [report, setReport] = useState<CatalogImportReport | null>(null);
  const [failure, setFailure] = useState<{ file: string; message: string } | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const check = async (file: File | undefined) => {
    if (fileRef.current) fileRef.current.value = '';
    if (!file) return;
    setReport(null);
    setFailure(null);
    if (file.size > MAX_CATALOG_FILE_BYTES) {
      setFailure({ file: file.name, message: t('catalog.tooLarge', { size: (file.size / 1024 / 1024).toFixed(1), max: MAX_CATALOG_FILE_BYTES / 1024 / 1024 }) });
      return;
    }
    const upload = { name: file.name, dataBase64: toBase64(new Uint8Array(await file.arrayBuffer())) };
    try {
      const r = await client.call('procedures.import', { file: upload, mode: full ? 'full' : 'update', dryRun: true });
      setPending({ file: upload, full });
      setReport(r);
    } catch (err) {
      setFailure({ file: file.name, message: errorMessage(err) });
    }
  };

  const apply = async () => {
    if (!pending) return;
    const r = await run(() => client.call('procedures.import', { file: pending.file, mode: pending.full ? 'full' : 'update', dryRun: false }));
    if (r) {
      setReport(r);
      setPending(null);
      notify.success(t('catalog.imported', { created: r.created.length, updated: r.updated.length, retired: r.retired.length }));
      void list.reload();
    }
  };

  const loadSample = () =>
    modal.confirm({
      title: t('catalog.sampleTitle'),
      content: t('catalog.sampleNote'),
      okText: t('catalog.sample'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        const r = await run(() => client.call('procedures.loadSample', { dryRun: false }));
        if (r) {
          setReport(r);
          setPending(null);
          notify.success(t('catalog.sampleLoaded', { created: r.created.length, updated: r.updated.length }));
          void list.reload();
        }
      },
    });

  const download = async (format: 'xlsx' | 'csv' | 'json', sample: boolean) => {
    const r = await run(() => client.call('procedures.export', { format, sample }));
    if (r) downloadBase64(r.fileName, r.mime, r.dataBase64);
  };
  const formats = (sample: boolean) => ({
    items: (['xlsx', 'csv', 'json'] as const).map((f) => ({ key: f, label: t(`catalog.format.${f}`), onClick: () => void download(f, sample) })),
  });

  return (
    <div data-testid="procedures-tab">
      <Typography.Paragraph type="secondary">{t('catalog.intro')}</Typography.Paragraph>
      {admin ? (
        <Card size="small" title={t('catalog.importTitle')} style={{ marginBottom: 16 }}>
          <Space wrap>
            <Button type="primary" icon={<UploadOutlined />} onClick={() => fileRef.current?.click()} loading={busy} data-testid="catalog-import">
              {t('catalog.importPick')}
            </Button>
            <input ref={fileRef} type="file" accept=".json,.csv,.xlsx,application/json,text/csv" hidden aria-label={t('catalog.importFile')} onChange={(e) => void check(e.target.files?.[0])} data-testid="catalog-file" />
            <Checkbox checked={full} onChange={(e) => setFull(e.target.checked)} data-testid="catalog-full">
              {t('catalog.importFull')}
            </Checkbox>
          </Space>
          <Space wrap style={{ marginTop: 12 }}>
            <Button onClick={loadSample} data-testid="catalog-sample">
              {t('catalog.sample')}
            </Button>
            <Dropdown menu={formats(true)}>
              <Button icon={<DownloadOutlined />}>{t('catalog.downloadSample')}</Button>
            </Dropdown>
          </Space>
        </Card>
      ) : (
        <Alert type="info" showIcon title={t('catalog.importAdminOnly')} style={{ marginBottom: 16 }} />
      )}
      {failure && <Alert type="error" showIcon closable onClose={() => setFailure(null)} title={t('catalog.fileFailed', { file: failure.file })} description={failure.message} style={{ marginBottom: 16 }} data-testid="catalog-failure" />}
      {report && <ImportReport report={report} busy={busy} onApply={() => void apply()} onCancel={() => (setReport(null), setPending(null))} />}
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('catalog.search')} aria-label={t('catalog.search')} allowClear style={{ width: 360 }} data-testid="catalog-search" />
        <Switch checked={showRetired} onChange={setShowRetired} aria-label={t('catalog.showRetired')} />
        <span>{t('catalog.showRetired')}</span>
        <Dropdown menu={formats(false)}>
          <Button icon={<DownloadOutlined />}>{t('catalog.download')}</Button>
        </Dropdown>
        <Typography.Text type="secondary">{t('catalog.count', { n: list.data?.length ?? 0 })}</Typography.Text>
      </Space>
      <Table<Procedure>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        data-testid="catalog-table"
        columns={[
          { title: t('catalog.col.code'), dataIndex: 'code', width: 110 },
          { title: t('catalog.col.name'), dataIndex: 'name' },
          { title: t('catalog.col.field'), dataIndex: 'field', width: 150 },
          { title: t('catalog.col.level'), dataIndex: 'level', width: 100, render: (l: string) => procedureLevelLabel(l) || t('common.none') },
          { title: t('catalog.col.time'), width: 130, render: (_, p) => processingTimeText(p) },
          { title: t('catalog.col.fees'), width: 220, render: (_, p) => (p.fees.length ? p.fees.map(feeText).join('; ') : p.feeBearing ? t('reception.feeBearing') : t('catalog.noFees')) },
          { title: t('catalog.col.state'), width: 130, render: (_, p) => (p.retired ? <Tag>{t('catalog.retiredTag')}</Tag> : t('catalog.activeTag')) },
          {
            title: '',
            key: 'edit',
            width: 80,
            render: (_, p) => (
              <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(p)} aria-label={`${t('catalog.edit')} ${p.code}`}>
                {t('catalog.edit')}
              </Button>
            ),
          },
        ]}
      />
      <ProcedureFormModal
        open={editing !== null}
        procedure={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          void list.reload();
        }}
      />
    </div>
  );
}
