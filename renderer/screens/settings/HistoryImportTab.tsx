// Cài đặt → Nhập lịch sử hồ sơ (admins): a JSON Lines file of the national portal's sync records,
// imported into this unit (main/services/history-import.ts). Shows the counts and every refused
// line with its number. Very large files go through `motcua import-dossiers`, which streams them.
import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Table, Typography } from 'antd';
import { useRef, useState } from 'react';
import type { HistoryImportResult } from '../../../shared/contract/api';
import { useClient } from '../../app/context';
import { useAction } from '../../app/hooks';
import { t } from '../../i18n';

export function HistoryImportTab() {
  const client = useClient();
  const { busy, run } = useAction();
  const fileRef = useRef<HTMLInputElement>(null);
  const [result, setResult] = useState<HistoryImportResult | null>(null);
  const importFile = async (file: File | undefined) => {
    if (!file) return;
    const text = await file.text();
    const r = await run(() => client.call('dossiers.importHistories', { fileName: file.name, text }));
    if (r) setResult(r);
    if (fileRef.current) fileRef.current.value = '';
  };
  return (
    <div style={{ maxWidth: 880 }} data-testid="history-import">
      <Typography.Paragraph type="secondary">{t('historyImport.intro')}</Typography.Paragraph>
      <Button icon={<UploadOutlined />} loading={busy} onClick={() => fileRef.current?.click()}>
        {t('historyImport.choose')}
      </Button>
      <input ref={fileRef} type="file" accept=".jsonl,.json,.txt" hidden onChange={(e) => void importFile(e.target.files?.[0])} data-testid="history-import-file" />
      {result && (
        <div style={{ marginTop: 16 }} data-testid="history-import-result">
          <Alert
            type={result.refused ? 'warning' : 'success'}
            showIcon
            title={t('historyImport.summary', { lines: result.lines, created: result.created, updated: result.updated, unchanged: result.unchanged, refused: result.refused })}
            style={{ marginBottom: 12 }}
          />
          <Descriptions size="small" column={1} items={[{ key: 'unit', label: t('historyImport.unit'), children: result.unitCode }]} />
          {result.errors.length > 0 && (
            <Table
              size="small"
              rowKey="line"
              style={{ marginTop: 12 }}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              dataSource={result.errors}
              columns={[
                { title: t('historyImport.line'), dataIndex: 'line', width: 90 },
                { title: t('historyImport.problem'), dataIndex: 'message' },
              ]}
              footer={result.errorsNotListed ? () => t('historyImport.more', { n: result.errorsNotListed }) : undefined}
            />
          )}
        </div>
      )}
    </div>
  );
}
