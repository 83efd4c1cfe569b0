// Sổ theo dõi hồ sơ (Form 06): the dossiers received in a period of local days, printed (A4 PDF) or
// exported to Excel, from the Hồ sơ screen.
import { FileExcelOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { todayLocal } from '../../../shared/domain/vietnam-time';
import { useClient } from '../../app/context';
import { useAction } from '../../app/hooks';
import { DateInput } from '../../components/DateInput';
import { t } from '../../i18n';
import { PaperModal } from './Actions';

export function RegisterCard() {
  const client = useClient();
  const { busy, run } = useAction();
  const today = todayLocal();
  const [from, setFrom] = useState(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  const [pdf, setPdf] = useState<{ fileId: string; fileName: string } | null>(null);
  const [xlsx, setXlsx] = useState<{ fileId: string; fileName: string; rows: number } | null>(null);
  const make = async (format: 'pdf' | 'xlsx') => {
    const r = await run(() => client.call('dossiers.register', { from, to, format }));
    if (!r) return;
    if (format === 'pdf') setPdf(r);
    else setXlsx(r);
  };
  return (
    <Card size="small" title={t('register.title')} data-testid="register-card">
      <Space wrap align="center">
        <span>{t('register.from')}</span>
        <DateInput aria-label={t('register.from')} value={from} max={to} onChange={setFrom} data-testid="register-from" />
        <span>{t('register.to')}</span>
        <DateInput aria-label={t('register.to')} value={to} min={from} onChange={setTo} data-testid="register-to" />
        <Button icon={<PrinterOutlined />} loading={busy} disabled={!from || !to} onClick={() => void make('pdf')} data-testid="register-pdf">
          {t('register.pdf')}
        </Button>
        <Button icon={<FileExcelOutlined />} loading={busy} disabled={!from || !to} onClick={() => void make('xlsx')} data-testid="register-xlsx">
          {t('register.xlsx')}
        </Button>
        {xlsx && (
          <Typography.Text data-testid="register-xlsx-ready">
            {t('register.ready', { n: xlsx.rows })}{' '}
            <a href={client.fileUrl('receipt', xlsx.fileId)} download={xlsx.fileName} data-testid="register-xlsx-link">
              {xlsx.fileName}
            </a>
          </Typography.Text>
        )}
      </Space>
      <PaperModal file={pdf} title={t('register.title')} onClose={() => setPdf(null)} />
    </Card>
  );
}
