import { Alert, Button, Card, Form, Input, Select, Typography } from 'antd';
import type { InputRef } from 'antd';
import { useEffect, useRef } from 'react';
import type { Session } from '../../shared/contract/api';
import type { AppInfo } from '../app/context';
import { useClient } from '../app/context';
import { useAction, useQuery } from '../app/hooks';
import { t } from '../i18n';
import { foldAccents } from '../util/text';

const LAST_USER_KEY = 'motcua.lastUser';

export function AuthBrand({ subtitle }: { subtitle?: string }) {
  return (
    <div className="mc-auth-brand">
      <img src="./favicon.svg" alt="" />
      <div>
        <Typography.Text strong style={{ fontSize: 20, display: 'block', lineHeight: 1.2 }}>
          {t('app.name')}
        </Typography.Text>
        <Typography.Text type="secondary">{subtitle ?? t('app.tagline')}</Typography.Text>
      </div>
    </div>
  );
}

function lastUser(): string | undefined {
  try {
    return window.localStorage.getItem(LAST_USER_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

interface SignInValues {
  username: string;
  pin: string;
}

export function SignInScreen({ info, notice, onDone }: { info: AppInfo; notice?: string; onDone(session: Session): void }) {
  const client = useClient();
  const { busy, run } = useAction();
  const officers = useQuery('auth.officers', {});
  const [form] = Form.useForm<SignInValues>();
  const pinRef = useRef<InputRef>(null);

  useEffect(() => {
    const last = lastUser();
    const list = officers.data ?? [];
    const preferred = list.find((o) => o.username === last) ?? (list.length === 1 ? list[0] : undefined);
    if (preferred && !form.getFieldValue('username')) {
      form.setFieldValue('username', preferred.username);
      pinRef.current?.focus();
    }
  }, [officers.data, form]);

  const submit = async (v: SignInValues) => {
    const session = await run(() => client.call('auth.signIn', { username: v.username, pin: v.pin }));
    if (!session) {
      form.setFieldValue('pin', '');
      pinRef.current?.focus();
      return;
    }
    try {
      window.localStorage.setItem(LAST_USER_KEY, session.officer.username);
    } catch {
      // Remembering the last officer is a convenience only.
    }
    onDone(session);
  };

  const options = (officers.data ?? []).map((o) => ({ value: o.username, label: `${o.fullName} (${o.username})` }));

  return (
    <main className="mc-auth">
      <Card className="mc-auth-card" style={{ maxWidth: 460 }}>
        <AuthBrand subtitle={info.session?.unit.name} />
        <Typography.Title level={3} style={{ marginTop: 8 }}>
          {t('signIn.title')}
        </Typography.Title>
        {notice && <Alert type="warning" showIcon title={notice} style={{ marginBottom: 16 }} />}
        {officers.data && officers.data.length === 0 && <Alert type="info" showIcon title={t('signIn.noOfficers')} style={{ marginBottom: 16 }} />}
        <Form<SignInValues> name="signIn" form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={busy} requiredMark={false}>
          <Form.Item name="username" label={t('signIn.officer')} rules={[{ required: true, message: t('valid.pick', { field: t('signIn.officer').toLowerCase() }) }]}>
            <Select
              autoFocus
              showSearch={{
                filterOption: (input, option) => foldAccents(String(option?.label ?? '')).includes(foldAccents(input)),
              }}
              placeholder={t('signIn.officerPlaceholder')}
              options={options}
              loading={officers.loading}
              size="large"
              onChange={() => setTimeout(() => pinRef.current?.focus(), 0)}
              aria-label={t('signIn.officer')}
            />
          </Form.Item>
          <Form.Item name="pin" label={t('signIn.pin')} rules={[{ required: true, message: t('valid.required', { field: t('signIn.pin') }) }]}>
            <Input.Password ref={pinRef} size="large" inputMode="numeric" autoComplete="current-password" maxLength={64} />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block loading={busy}>
            {t('signIn.submit')}
          </Button>
        </Form>
      </Card>
    </main>
  );
}
