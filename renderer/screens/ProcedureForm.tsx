import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Col, Form, Input, InputNumber, Modal, Row, Space, Switch } from 'antd';
import type { InputRef } from 'antd';
import { useRef } from 'react';
import type { Procedure } from '../../shared/domain/schemas';
import { useClient } from '../app/context';
import { useAction, useNotify } from '../app/hooks';
import { t } from '../i18n';
import { HiddenSubmit } from '../components/HiddenSubmit';

interface Values {
  code: string;
  name: string;
  field: string;
  processingDays: number;
  fullyOnline: boolean;
  resultIsPaper: boolean;
  feeBearing: boolean;
  components: { id?: string; name: string; required: boolean; copies: number }[];
}

/** "Thêm thủ tục": enough to make a fresh install usable at once (procedures.upsert). */
export function ProcedureFormModal({ open, onClose, onSaved }: { open: boolean; onClose(): void; onSaved(p: Procedure): void }) {
  const client = useClient();
  const notify = useNotify();
  const { busy, run } = useAction();
  const [form] = Form.useForm<Values>();
  const codeRef = useRef<InputRef>(null);

  const submit = async (v: Values) => {
    const saved = await run(() =>
      client.call('procedures.upsert', {
        code: v.code,
        name: v.name,
        field: v.field ?? '',
        processingDays: v.processingDays,
        fullyOnline: v.fullyOnline,
        resultIsPaper: v.resultIsPaper,
        feeBearing: v.feeBearing,
        components: (v.components ?? [])
          .filter((c) => c.name?.trim())
          .map((c) => ({ ...(c.id ? { id: c.id } : {}), name: c.name.trim(), required: c.required, copies: c.copies })),
      }),
    );
    if (saved) {
      notify.success(t('procedure.saved', { code: saved.code }));
      form.resetFields();
      onSaved(saved);
    }
  };

  return (
    <Modal
      open={open}
      title={t('procedure.formTitle')}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      confirmLoading={busy}
      width={760}
      destroyOnHidden
      afterOpenChange={(isOpen) => isOpen && codeRef.current?.focus()}
    >
      <Form<Values> name="procedure"
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        requiredMark="optional"
        initialValues={{ processingDays: 5, fullyOnline: false, resultIsPaper: true, feeBearing: false, field: '', components: [{ name: '', required: true, copies: 1 }] }}
      >
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="code" label={t('procedure.code')} rules={[{ required: true, whitespace: true, max: 64, message: t('valid.required', { field: t('procedure.code').toLowerCase() }) }]}>
              <Input ref={codeRef} placeholder={t('procedure.codePlaceholder')} data-testid="procedure-code" />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="field" label={t('procedure.field')} rules={[{ max: 200 }]}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="name" label={t('procedure.name')} rules={[{ required: true, whitespace: true, max: 500, message: t('valid.required', { field: t('procedure.name').toLowerCase() }) }]}>
          <Input data-testid="procedure-name" />
        </Form.Item>
        <Row gutter={16} align="middle">
          <Col span={8}>
            <Form.Item name="processingDays" label={t('procedure.processingDays')} rules={[{ required: true }]}>
              <InputNumber min={0} max={365} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Space wrap size="large">
              <Form.Item name="fullyOnline" valuePropName="checked" noStyle>
                <Switch aria-label={t('procedure.fullyOnline')} />
              </Form.Item>
              <span>{t('procedure.fullyOnline')}</span>
              <Form.Item name="resultIsPaper" valuePropName="checked" noStyle>
                <Checkbox>{t('procedure.resultIsPaper')}</Checkbox>
              </Form.Item>
              <Form.Item name="feeBearing" valuePropName="checked" noStyle>
                <Checkbox>{t('procedure.feeBearing')}</Checkbox>
              </Form.Item>
            </Space>
          </Col>
        </Row>
        <Form.Item label={t('procedure.components')} style={{ marginBottom: 0 }}>
          <Form.List name="components">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Row key={f.key} gutter={8} align="middle" style={{ marginBottom: 8 }}>
                    <Col flex="auto">
                      <Form.Item name={[f.name, 'name']} noStyle rules={[{ max: 500 }]}>
                        <Input placeholder={`${t('procedure.componentName')} ${i + 1}`} data-testid={`procedure-component-${i}`} />
                      </Form.Item>
                    </Col>
                    <Col flex="90px">
                      <Form.Item name={[f.name, 'copies']} noStyle>
                        <InputNumber min={0} max={99} aria-label={t('procedure.componentCopies')} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col flex="110px">
                      <Form.Item name={[f.name, 'required']} valuePropName="checked" noStyle>
                        <Checkbox>{t('procedure.componentRequired')}</Checkbox>
                      </Form.Item>
                    </Col>
                    <Col flex="40px">
                      <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(f.name)} />
                    </Col>
                  </Row>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', required: true, copies: 1 })} block>
                  {t('procedure.addComponent')}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <HiddenSubmit />
      </Form>
    </Modal>
  );
}
