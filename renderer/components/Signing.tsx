// The officer's own signing certificate: installed and unlocked in Cài đặt → Chữ ký số,
// and unlocked in place on the Số hóa screen so a locked certificate never sends the officer away
// from the dossier in front of them.
import { LockOutlined, SafetyCertificateOutlined, UnlockOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Form, Input, Popconfirm, Radio, Segmented, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import type { MethodOutput, SigningStatus } from '../../shared/contract/api';
import { useClient } from '../app/context';
import { useAction, useNotify, useQuery } from '../app/hooks';
import { t } from '../i18n';
import { blobToBase64 } from '../util/files';
import { formatDate } from '../util/format';

/** Officers are told this many days before their certificate runs out. */
const EXPIRY_WARNING_DAYS = 30;

/** Passphrase (or token PIN) field and button; Enter unlocks. */
function UnlockForm({ onUnlocked, kind, compact = false }: { onUnlocked: (s: SigningStatus) => void; kind: SigningStatus['kind']; compact?: boolean }) {
  const label = kind === 'pkcs11' ? t('signing.pin') : t('signing.passphrase');
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
        placeholder={label}
        aria-label={label}
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
  const [mode, setMode] = useState<'p12' | 'pkcs11'>('p12');
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
            { key: 'where', label: t('signing.where'), children: s.token ? t('signing.where.token', { serial: s.token.serial }) : t('signing.where.file') },
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
            <UnlockForm kind={s.kind} onUnlocked={(next) => status.setData(next)} />
          )}
        </Space>
      )}
      {(!s.configured || showInstall) && (
        <Segmented<'p12' | 'pkcs11'>
          value={mode}
          onChange={setMode}
          options={[
            { value: 'p12', label: t('signing.mode.p12') },
            { value: 'pkcs11', label: t('signing.mode.token') },
          ]}
          data-testid="signing-mode"
        />
      )}
      {(!s.configured || showInstall) && mode === 'pkcs11' ? (
        <TokenForm
          onChosen={(next) => {
            status.setData(next);
            setShowInstall(false);
          }}
        />
      ) : !s.configured || showInstall ? (
        <Form name="signingP12" layout="vertical" onFinish={() => void install()} disabled={busy} style={{ maxWidth: 520 }}>
          <Form.Item label={t('signing.file')} required>
            <Space>
              <input ref={fileInput} type="file" accept=".p12,.pfx,application/x-pkcs12" style={{ display: 'none' }} onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="signing-file" />
              <Button icon={<UploadOutlined />} onClick={() => fileInput.current?.click()}>
                {t('signing.chooseFile')}
              </Button>
              <Typography.Text>{file?.name ?? ''}</Typography.Text>
            </Space>
          </Form.Item>
          <Form.Item label={t('signing.passphrase')} extra={t('signing.passphraseHint')} required htmlFor="signing-passphrase">
            <Input.Password id="signing-passphrase" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoComplete="off" data-testid="signing-new-passphrase" />
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

type Tokens = MethodOutput<'signing.tokens'>;

/** A certificate on a USB token: library (from the ones IT allowed), token and certificate, PIN. */
function TokenForm({ onChosen }: { onChosen: (s: SigningStatus) => void }) {
  const client = useClient();
  const notify = useNotify();
  const settings = useQuery('settings.get', {});
  const { busy, run } = useAction();
  const [library, setLibrary] = useState<string | null>(null);
  const [tokens, setTokens] = useState<Tokens | null>(null);
  const [choice, setChoice] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const libraries = settings.data?.tokenLibraries ?? [];
  const lib = library ?? libraries[0] ?? null;
  if (!settings.data) return <Skeleton active />;
  if (libraries.length === 0) return <Alert type="warning" showIcon title={t('signing.noLibraries')} data-testid="signing-no-libraries" />;

  const find = async () => {
    if (!lib) return;
    const found = await run(() => client.call('signing.tokens', { library: lib }));
    if (found) {
      setTokens(found);
      const first = found.flatMap((tk) => tk.certificates.map((c) => `${tk.serial}|${c.keyId}`))[0] ?? null;
      setChoice(first);
    }
  };
  const use = async () => {
    if (!lib || !choice) return;
    const [serial, keyId] = choice.split('|') as [string, string];
    const next = await run(() => client.call('signing.useToken', { library: lib, serial, keyId, pin }));
    setPin('');
    if (next) {
      notify.success(t('signing.installed', { name: next.certificate?.subject ?? '' }));
      onChosen(next);
    }
  };
  const options = (tokens ?? []).flatMap((tk) =>
    tk.certificates.map((c) => ({ value: `${tk.serial}|${c.keyId}`, label: `${c.subject}${c.organization ? ` — ${c.organization}` : ''} · ${t('signing.validUntil').toLowerCase()} ${formatDate(c.notAfter)} · ${tk.label} (${tk.serial})` })),
  );
  return (
    <Form name="signingToken" layout="vertical" onFinish={() => void use()} disabled={busy} style={{ maxWidth: 720 }} data-testid="signing-token-form">
      <Form.Item label={t('signing.library')}>
        <Space.Compact style={{ width: '100%' }}>
          <Select aria-label={t('signing.library')} value={lib} onChange={(v) => { setLibrary(v); setTokens(null); }} options={libraries.map((l) => ({ value: l, label: l }))} style={{ width: '100%' }} />
          <Button onClick={() => void find()} loading={busy} data-testid="signing-find-tokens">
            {t('signing.findTokens')}
          </Button>
        </Space.Compact>
      </Form.Item>
      {tokens && options.length === 0 && <Alert type="info" showIcon title={t('signing.noTokens')} />}
      {options.length > 0 && (
        <>
          <Form.Item label={t('signing.chooseCertificate')}>
            <Radio.Group value={choice} onChange={(e) => setChoice(e.target.value as string)}>
              <Space orientation="vertical">
                {options.map((o) => (
                  <Radio key={o.value} value={o.value}>
                    {o.label}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
          <Form.Item label={t('signing.pin')} extra={t('signing.passphraseHint')} required htmlFor="signing-token-pin">
            <Input.Password id="signing-token-pin" value={pin} onChange={(e) => setPin(e.target.value)} autoComplete="off" style={{ maxWidth: 260 }} data-testid="signing-token-pin" />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<SafetyCertificateOutlined />} loading={busy} disabled={!choice || !pin} data-testid="signing-use-token">
            {t('signing.useToken')}
          </Button>
        </>
      )}
    </Form>
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
  // A certificate running out soon is said where the officer signs, while there is time to renew.
  const daysLeft = s.certificate ? Math.floor((Date.parse(s.certificate.notAfter) - Date.now()) / 86_400_000) : Infinity;
  const soon = daysLeft <= EXPIRY_WARNING_DAYS ? (
    <Tag color="orange" data-testid="signing-expiry">
      {t('signing.expiresSoon', { n: Math.max(0, daysLeft) })}
    </Tag>
  ) : null;
  if (s.unlocked)
    return (
      <Space size={4}>
        <Tag color="green" icon={<SafetyCertificateOutlined />} data-testid="signing-badge">
          {t('signing.badge.willSign', { name: s.certificate?.subject ?? '' })}
        </Tag>
        {soon}
      </Space>
    );
  return (
    <Space data-testid="signing-badge">
      <Tag color="gold" icon={<LockOutlined />}>
        {t('signing.badge.locked')}
      </Tag>
      {soon}
      <UnlockForm compact kind={s.kind} onUnlocked={(next) => status.setData(next)} />
    </Space>
  );
}
