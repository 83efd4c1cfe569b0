// "In giấy tiếp nhận": makes Form 01 (receipt with QR) for a dossier and shows it in the app's PDF
// viewer, whose print button (or Ctrl+P inside it) prints it on the desk's printer.
import { ExportOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Modal } from 'antd';
import type { ButtonProps } from 'antd';
import { useState } from 'react';
import { useClient } from '../app/context';
import { useAction } from '../app/hooks';
import { t } from '../i18n';

export function ReceiptButton({ dossierId, size }: { dossierId: string; size?: ButtonProps['size'] }) {
  const client = useClient();
  const { busy, run } = useAction();
  const [file, setFile] = useState<{ fileId: string; fileName: string } | null>(null);
  const open = async () => {
    const r = await run(() => client.call('dossiers.receipt', { id: dossierId }));
    if (r) setFile(r);
  };
  const url = file ? client.fileUrl('receipt', file.fileId) : '';
  return (
    <>
      <Button size={size} icon={<PrinterOutlined />} loading={busy} onClick={() => void open()} data-testid="print-receipt">
        {t('reception.print')}
      </Button>
      <Modal
        open={!!file}
        onCancel={() => setFile(null)}
        width={880}
        title={t('receipt.title')}
        footer={[
          <Button key="open" icon={<ExportOutlined />} href={url} target="_blank" rel="noreferrer">
            {t('receipt.openWindow')}
          </Button>,
          <Button key="close" type="primary" onClick={() => setFile(null)}>
            {t('common.close')}
          </Button>,
        ]}
        destroyOnHidden
      >
        <p style={{ marginTop: 0 }}>{t('receipt.howToPrint')}</p>
        {file && <iframe className="mc-pdf-frame" title={file.fileName} src={url} data-testid="receipt-frame" />}
      </Modal>
    </>
  );
}
