import { AutoComplete, Button, Card, Checkbox, Col, Divider, Form, Input, Row, Typography } from 'antd';
import type { Session } from '../../shared/contract/api';
import { unitCodeProblem } from '../../shared/domain/unit-code';
import { useClient } from '../app/context';
import { useAction } from '../app/hooks';
import { t } from '../i18n';
import { AuthBrand } from './SignIn';

interface SetupValues {
  unitCode: string;
  unitName: string;
  unitLevel: string;
  username: string;
  fullName: string;
  pin: string;
  pinConfirm: string;
  loadSampleCatalog: boolean;
}

export function SetupScreen({ onDone }: { onDone(session: Session): void }) {
  const client = useClient();
  const { busy, run } = useAction();
  const [form] = Form.useForm<SetupValues>();

  const submit = async (v: SetupValues) => {
    const session = await run(() =>
      client.call('setup.initialize', {
        unitCode: v.unitCode,
        unitName: v.unitName,
        unitLevel: v.unitLevel,
        username: v.username,
        fullName: v.fullName,
        pin: v.pin,
        loadSampleCatalog: !!v.loadSampleCatalog,
      }),
    );
    if (session) onDone(session);
  };

  const levels = [t('setup.level.commune'), t('setup.level.province'), t('setup.level.ministry')].map((value) => ({ value }));

  return (
    <main className="mc-auth">
      <Card className="mc-auth-card" style={{ maxWidth: 680 }}>
        <AuthBrand />
        <Typography.Title level={3} style={{ marginTop: 8 }}>
          {t('setup.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('setup.intro')}</Typography.Paragraph>
        <Form<SetupValues> name="setup"
          form={form}
          layout="vertical"
          onFinish={(v) => void submit(v)}
          requiredMark="optional"
          initialValues={{ unitLevel: t('setup.level.commune') }}
          disabled={busy}
        >
          <Divider titlePlacement="start" style={{ marginTop: 4 }}>
            {t('setup.unitSection')}
          </Divider>
          <Row gutter={16}>
            <Col xs={24} sm={10}>
              <Form.Item
                name="unitCode"
                label={t('setup.unitCode')}
                tooltip={t('setup.unitCodeHint')}
                extra={t('setup.unitCodeExample')}
                rules={[
                  { required: true, whitespace: true, message: t('valid.required', { field: t('setup.unitCode').toLowerCase() }) },
                  { validator: (_, v?: string) => { const problem = v?.trim() ? unitCodeProblem(v) : null; return problem ? Promise.reject(new Error(problem)) : Promise.resolve(); } },
                ]}
              >
                <Input autoFocus maxLength={64} autoComplete="off" data-testid="setup-unit-code" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={14}>
              <Form.Item name="unitLevel" label={t('setup.unitLevel')} rules={[{ required: true, whitespace: true, message: t('valid.pick', { field: t('setup.unitLevel').toLowerCase() }) }]}>
                <AutoComplete options={levels} maxLength={40} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="unitName"
            label={t('setup.unitName')}
            rules={[{ required: true, whitespace: true, message: t('valid.required', { field: t('setup.unitName').toLowerCase() }) }]}
          >
            <Input placeholder={t('setup.unitNamePlaceholder')} maxLength={300} />
          </Form.Item>
          <Divider titlePlacement="start">{t('setup.adminSection')}</Divider>
          <Row gutter={16}>
            <Col xs={24} sm={10}>
              <Form.Item name="username" label={t('setup.username')} rules={[{ required: true, pattern: /^\S{2,64}$/, message: t('valid.username') }]}>
                <Input autoComplete="username" maxLength={64} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={14}>
              <Form.Item
                name="fullName"
                label={t('setup.fullName')}
                rules={[{ required: true, whitespace: true, message: t('valid.required', { field: t('setup.fullName').toLowerCase() }) }]}
              >
                <Input autoComplete="name" maxLength={200} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item name="pin" label={t('setup.pin')} extra={t('setup.pinHint')} rules={[{ required: true, pattern: /^\d{6,12}$/, message: t('valid.pin') }]}>
                <Input.Password autoComplete="new-password" inputMode="numeric" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item
                name="pinConfirm"
                label={t('setup.pinConfirm')}
                dependencies={['pin']}
                rules={[
                  { required: true, message: t('valid.pin') },
                  ({ getFieldValue }) => ({
                    validator: (_, value) => (!value || getFieldValue('pin') === value ? Promise.resolve() : Promise.reject(new Error(t('setup.pinMismatch')))),
                  }),
                ]}
              >
                <Input.Password autoComplete="new-password" inputMode="numeric" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="loadSampleCatalog" valuePropName="checked">
            <Checkbox data-testid="setup-sample">{t('setup.loadSample')}</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block loading={busy}>
            {t('setup.submit')}
          </Button>
        </Form>
      </Card>
    </main>
  );
}
