// The officer's own signing certificate: installed and unlocked in Cài đặt → Chữ ký số của tôi,
// and unlocked in place on the Số hóa screen so a locked certificate never sends the officer away
// from the dossier in front of them.
import { LockOutlined, SafetyCertificateOutlined, UnlockOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Form, Input, Popconfirm, Skeleton, Space, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import type { SigningStatus } from '../../shared/contract/api';
import { useClient } from '../app/context';
import { useAction, useNotify, useQuery } from '../app/hooks';
import { t } from '../i18n';
import { blobToBase64 } from '../util/files';
import { formatDate } from '../util/format';

/** Passphrase field and button; Enter unlocks. */
function UnlockForm({ onUnlocked, compact = false }: { onUnlocked: (s: SigningStatus) => void; compact?: boolean }) {
  const client = useClient();
  const notify = useNotify();
  const { busy, run } = useAction();
  const [passphrase, setPassphrase] = useState('');
  const unlock = async () => {
    const s = await run(() => client.call('signing.unlock', { passphrase }));
    setPassphrase('');
    if (s) {
      notify.success(t('signing.unlocked'));
      onUnlocked(s);
    }
  };
  return (
    <Space.Compact style={{ width: compact ? 300 : 420 }}>
      <Input.Password
        value={passphrase}
        onChange={(e) => setPassphrase(e.target.value)}
        onPressEnter={() => void unlock()}
        placeholder={t('signing.passphrase')}
        aria-label={t('signing.passphrase')}
        autoComplete="off"
        data-testid="signing-passphrase"
      />
      <Button type="primary" icon={<UnlockOutlined />} onClick={() => void unlock()} loading={busy} disabled={!passphrase} data-testid="signing-unlock">
        {t('signing.unlock')}
      </Button>
    </Space.Compact>
  );
}

function StateTag({ status }: { status: SigningStatus }) {
  if (status.expired) return <Tag color="red">{t('signing.state.expired')}</Tag>;
  return status.unlocked ? <Tag color="green">{t('signing.state.unlocked')}</Tag> : <Tag color="gold">{t('signing.state.locked')}</Tag>;
}

export function SigningTab() {
  const client = useClient();
  const notify = useNotify();
  const status = useQuery('signing.status', {});
  const { busy, run } = useAction();
  const [file, setFile] = useState<File | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [showInstall, setShowInstall] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const s = status.data;
  if (!s) return <Skeleton active />;

  const install = async () => {
    if (!file) {
      notify.warning(t('signing.fileRequired'));
      return;
    }
    const next = await run(async () => client.call('signing.setCertificate', { file: { name: file.name, dataBase64: await blobToBase64(file) }, passphrase }));
    setPassphrase('');
    if (next) {
      status.setData(next);
      setFile(null);
      setShowInstall(false);
      notify.success(t('signing.installed', { name: next.certificate?.subject ?? '' }));
    }
  };
  const lock = async () => {
    const next = await run(() => client.call('signing.lock', {}));
    if (next) status.setData(next);
  };
  const remove = async () => {
    const next = await run(() => client.call('signing.remove', {}));
    if (next) {
      status.setData(next);
      notify.success(t('signing.removed'));
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ maxWidth: 880, width: '100%' }} data-testid="signing-tab">
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('signing.intro')}
      </Typography.Paragraph>
      {s.certificate ? (
        <Descriptions
          bordered
          column={1}
          size="small"
          data-testid="signing-certificate"
          items={[
            { key: 'holder', label: t('signing.holder'), children: <strong>{s.certificate.subject}</strong> },
            { key: 'org', label: t('signing.organization'), children: s.certificate.organization ?? t('common.none') },
            { key: 'issuer', label: t('signing.issuer'), children: s.certificate.issuer },
            { key: 'until', label: t('signing.validUntil'), children: formatDate(s.certificate.notAfter) },
            { key: 'state', label: t('signing.state'), children: <StateTag status={s} /> },
          ]}
        />
      ) : (
        <Alert type="info" showIcon title={t('signing.notConfigured')} />
      )}
      {s.configured && !s.expired && (
        <Space wrap>
          {s.unlocked ? (
            <Button icon={<LockOutlined />} onClick={() => void lock()} loading={busy}>
              {t('signing.lock')}
            </Button>
          ) : (
            <UnlockForm onUnlocked={(next) => status.setData(next)} />
          )}
        </Space>
      )}
      {!s.configured || showInstall ? (
        <Form layout="vertical" onFinish={() => void install()} disabled={busy} style={{ maxWidth: 520 }}>
          <Form.Item label={t('signing.file')} required>
            <Space>
              <input ref={fileInput} type="file" accept=".p12,.pfx,application/x-pkcs12" style={{ display: 'none' }} onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="signing-file" />
              <Button icon={<UploadOutlined />} onClick={() => fileInput.current?.click()}>
                {t('signing.chooseFile')}
              </Button>
              <Typography.Text>{file?.name ?? ''}</Typography.Text>
            </Space>
          </Form.Item>
          <Form.Item label={t('signing.passphrase')} extra={t('signing.passphraseHint')} required>
            <Input.Password value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoComplete="off" data-testid="signing-new-passphrase" />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<SafetyCertificateOutlined />} loading={busy} data-testid="signing-install">
            {t('signing.install')}
          </Button>
        </Form>
      ) : (
        <Space wrap>
          <Button onClick={() => setShowInstall(true)}>{t('signing.replace')}</Button>
          <Popconfirm title={t('signing.removeConfirm')} onConfirm={() => void remove()} okText={t('common.confirm')} cancelText={t('common.cancel')}>
            <Button danger>{t('signing.remove')}</Button>
          </Popconfirm>
        </Space>
      )}
    </Space>
  );
}

/**
 * What will happen to the next PDF, next to its build button: signed by whom, or a passphrase
 * field when the certificate is still locked.
 */
export function SigningBadge() {
  const status = useQuery('signing.status', {}, { silent: true });
  const s = status.data;
  if (!s) return null;
  if (!s.configured) return <Tag data-testid="signing-badge">{t('signing.badge.none')}</Tag>;
  if (s.expired) return <Tag color="red" data-testid="signing-badge">{t('signing.state.expired')}</Tag>;
  if (s.unlocked)
    return (
      <Tag color="green" icon={<SafetyCertificateOutlined />} data-testid="signing-badge">
        {t('signing.badge.willSign', { name: s.certificate?.subject ?? '' })}
      </Tag>
    );
  return (
    <Space data-testid="signing-badge">
      <Tag color="gold" icon={<LockOutlined />}>
        {t('signing.badge.locked')}
      </Tag>
      <UnlockForm compact onUnlocked={(next) => status.setData(next)} />
    </Space>
  );
}
