// The locked desk: nothing of the officer's work or any citizen stays on screen (the shell is not
// mounted under it), only who locked it and a PIN field. Unlocking is checked and audited by the core.
import { Button, Card, Form, Input, Typography } from 'antd';
import type { InputRef } from 'antd';
import { useEffect, useRef } from 'react';
import type { Session } from '../../shared/contract/api';
import { useClient } from '../app/context';
import { useAction } from '../app/hooks';
import { t } from '../i18n';
import { AuthBrand } from './SignIn';

export function LockScreen({ session, idleMinutes, manual, onUnlocked, onSignOut }: { session: Session; idleMinutes: number; manual: boolean; onUnlocked(s: Session): void; onSignOut(): void }) {
  const client = useClient();
  const { busy, run } = useAction();
  const [form] = Form.useForm<{ pin: string }>();
  const pinRef = useRef<InputRef>(null);
  useEffect(() => pinRef.current?.focus(), []);

  const submit = async (v: { pin: string }) => {
    const s = await run(() => client.call('auth.unlock', { pin: v.pin }));
    form.setFieldValue('pin', '');
    if (s) onUnlocked(s);
    else pinRef.current?.focus();
  };

  return (
    <main className="mc-auth" aria-label={t('lock.title')}>
      <Card className="mc-auth-card" style={{ maxWidth: 460 }}>
        <AuthBrand subtitle={session.unit.name} />
        <Typography.Title level={3} style={{ marginTop: 8 }}>
          {t('lock.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {manual ? t('lock.subtitleManual', { name: session.officer.fullName }) : t('lock.subtitle', { name: session.officer.fullName, minutes: String(idleMinutes) })}
        </Typography.Paragraph>
        <Form<{ pin: string }> name="unlock" form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={busy} requiredMark={false}>
          <Form.Item name="pin" label={t('lock.pin')} rules={[{ required: true, message: t('valid.required', { field: t('signIn.pin') }) }]}>
            <Input.Password ref={pinRef} size="large" inputMode="numeric" autoComplete="current-password" maxLength={64} />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block loading={busy}>
            {t('lock.unlock')}
          </Button>
          <Button type="link" block onClick={onSignOut} style={{ marginTop: 8 }}>
            {t('lock.other')}
          </Button>
        </Form>
      </Card>
    </main>
  );
}
