import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Switch, Typography } from 'antd';
import type { InputRef } from 'antd';
import { useEffect, useRef } from 'react';
import type { ComponentKind, Procedure, ProcedureFee } from '../../shared/domain/schemas';
import { feeBearingOf, PROCEDURE_LEVELS } from '../../shared/domain/procedure-catalog';
import { useClient } from '../app/context';
import { useAction, useNotify } from '../app/hooks';
import { t } from '../i18n';
import { HiddenSubmit } from '../components/HiddenSubmit';

interface Values {
  code: string;
  name: string;
  field: string;
  level: string;
  processingDays: number;
  processingHours: number | null;
  after15hRule: boolean;
  fullyOnline: boolean;
  resultIsPaper: boolean;
  feeBearing: boolean;
  fees: { name: string; amount: number | null; onlineAmount: number | null }[];
  portalUrl: string;
  retired: boolean;
  components: { id?: string; name: string; required: boolean; copies: number; kind: ComponentKind }[];
}

const KINDS: ComponentKind[] = ['original', 'copy', 'shown'];

const EMPTY: Partial<Values> = {
  processingDays: 5,
  processingHours: null,
  after15hRule: false,
  fullyOnline: false,
  resultIsPaper: true,
  feeBearing: false,
  field: '',
  level: '',
  fees: [],
  portalUrl: '',
  retired: false,
  components: [{ name: '', required: true, copies: 1, kind: 'original' }],
};

function valuesOf(p: Procedure): Values {
  return {
    ...p,
    fees: p.fees.map((f) => ({ name: f.name, amount: f.amount, onlineAmount: f.onlineAmount ?? null })),
    components: p.components.map((c) => ({ id: c.id, name: c.name, required: c.required, copies: c.copies, kind: c.kind })),
  };
}

/**
 * "Thêm thủ tục" (Tiếp nhận) and "Sửa" (Cài đặt → Thủ tục): procedures.upsert with every field of
 * the catalog: level, processing days or hours, the 15:00 rule, fees, the portal page, retirement.
 */
export function ProcedureFormModal({ open, onClose, onSaved, procedure }: { open: boolean; onClose(): void; onSaved(p: Procedure): void; procedure?: Procedure | null }) {
  const client = useClient();
  const notify = useNotify();
  const { busy, run } = useAction();
  const [form] = Form.useForm<Values>();
  const codeRef = useRef<InputRef>(null);
  const fees = Form.useWatch('fees', form) ?? [];
  const listed: ProcedureFee[] = fees.filter((f) => f?.name?.trim() && f.amount !== null && f.amount !== undefined).map((f) => ({ name: f.name, amount: f.amount!, ...(f.onlineAmount !== null && f.onlineAmount !== undefined ? { onlineAmount: f.onlineAmount } : {}) }));

  useEffect(() => {
    if (open) form.setFieldsValue(procedure ? valuesOf(procedure) : (EMPTY as Values));
  }, [open, procedure, form]);

  const submit = async (v: Values) => {
    const saved = await run(() =>
      client.call('procedures.upsert', {
        ...(procedure ? { id: procedure.id } : {}),
        code: v.code,
        name: v.name,
        field: v.field ?? '',
        level: v.level ?? '',
        processingDays: v.processingDays,
        processingHours: v.processingHours ?? null,
        after15hRule: !!v.after15hRule,
        fullyOnline: v.fullyOnline,
        resultIsPaper: v.resultIsPaper,
        feeBearing: feeBearingOf(listed, !!v.feeBearing),
        fees: listed,
        portalUrl: v.portalUrl?.trim() ?? '',
        retired: !!v.retired,
        components: (v.components ?? [])
          .filter((c) => c.name?.trim())
          .map((c) => ({ ...(c.id ? { id: c.id } : {}), name: c.name.trim(), required: c.required, copies: c.copies, kind: c.kind ?? 'original' })),
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
      title={procedure ? t('procedure.editTitle', { code: procedure.code }) : t('procedure.formTitle')}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      confirmLoading={busy}
      width={860}
      destroyOnHidden
      afterOpenChange={(isOpen) => isOpen && codeRef.current?.focus()}
    >
      <Form<Values> name="procedure" form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark="optional" initialValues={EMPTY}>
        <Row gutter={16}>
          <Col span={6}>
            <Form.Item name="code" label={t('procedure.code')} rules={[{ required: true, whitespace: true, max: 64, message: t('valid.required', { field: t('procedure.code').toLowerCase() }) }]}>
              <Input ref={codeRef} placeholder={t('procedure.codePlaceholder')} data-testid="procedure-code" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="field" label={t('procedure.field')} rules={[{ max: 200 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="level" label={t('procedure.level')}>
              <Select options={[{ value: '', label: t('procedure.levelNone') }, ...PROCEDURE_LEVELS.map((l) => ({ value: l.code, label: l.label }))]} data-testid="procedure-level" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="name" label={t('procedure.name')} rules={[{ required: true, whitespace: true, max: 500, message: t('valid.required', { field: t('procedure.name').toLowerCase() }) }]}>
          <Input data-testid="procedure-name" />
        </Form.Item>
        <Row gutter={16} align="bottom">
          <Col span={7}>
            <Form.Item name="processingDays" label={t('procedure.processingDays')} rules={[{ required: true }]}>
              <InputNumber min={0} max={365} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={7}>
            <Form.Item name="processingHours" label={t('procedure.processingHours')} tooltip={t('procedure.processingHoursHint')}>
              <InputNumber min={0} max={10000} style={{ width: '100%' }} data-testid="procedure-hours" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="after15hRule" valuePropName="checked">
              <Checkbox data-testid="procedure-15h">{t('procedure.after15hRule')}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
        <Space wrap size="large" style={{ marginBottom: 16 }}>
          <Form.Item name="fullyOnline" valuePropName="checked" noStyle>
            <Switch aria-label={t('procedure.fullyOnline')} />
          </Form.Item>
          <span>{t('procedure.fullyOnline')}</span>
          <Form.Item name="resultIsPaper" valuePropName="checked" noStyle>
            <Checkbox>{t('procedure.resultIsPaper')}</Checkbox>
          </Form.Item>
          {listed.length > 0 ? (
            <Checkbox disabled checked={feeBearingOf(listed, false)}>
              {t('procedure.feeBearing')} <Typography.Text type="secondary">({t('procedure.feeBearingDerived')})</Typography.Text>
            </Checkbox>
          ) : (
            <Form.Item name="feeBearing" valuePropName="checked" noStyle>
              <Checkbox>{t('procedure.feeBearing')}</Checkbox>
            </Form.Item>
          )}
        </Space>
        <Form.Item label={t('procedure.fees')} style={{ marginBottom: 8 }}>
          <Form.List name="fees">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Row key={f.key} gutter={8} align="middle" style={{ marginBottom: 8 }}>
                    <Col flex="auto">
                      <Form.Item name={[f.name, 'name']} noStyle rules={[{ max: 300 }]}>
                        <Input placeholder={t('procedure.feeName')} aria-label={`${t('procedure.feeName')} ${i + 1}`} data-testid={`procedure-fee-${i}`} />
                      </Form.Item>
                    </Col>
                    <Col flex="170px">
                      <Form.Item name={[f.name, 'amount']} noStyle>
                        <InputNumber min={0} max={1_000_000_000} step={1000} placeholder={t('procedure.feeAmount')} aria-label={`${t('procedure.feeAmount')} ${i + 1}`} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col flex="170px">
                      <Form.Item name={[f.name, 'onlineAmount']} noStyle>
                        <InputNumber min={0} max={1_000_000_000} step={1000} placeholder={t('procedure.feeOnline')} aria-label={`${t('procedure.feeOnline')} ${i + 1}`} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col flex="40px">
                      <Button type="text" danger icon={<DeleteOutlined />} aria-label={`${t('common.delete')} ${t('procedure.feeName').toLowerCase()} ${i + 1}`} onClick={() => remove(f.name)} />
                    </Col>
                  </Row>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', amount: null, onlineAmount: null })} block>
                  {t('procedure.addFee')}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item label={t('procedure.components')} style={{ marginBottom: 8 }}>
          <Form.List name="components">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Row key={f.key} gutter={8} align="middle" style={{ marginBottom: 8 }}>
                    <Col flex="auto">
                      <Form.Item name={[f.name, 'name']} noStyle rules={[{ max: 500 }]}>
                        <Input placeholder={`${t('procedure.componentName')} ${i + 1}`} aria-label={`${t('procedure.componentName')} ${i + 1}`} data-testid={`procedure-component-${i}`} />
                      </Form.Item>
                    </Col>
                    <Col flex="130px">
                      <Form.Item name={[f.name, 'kind']} noStyle>
                        <Select options={KINDS.map((k) => ({ value: k, label: t(`procedure.kind.${k}`) }))} aria-label={`${t('procedure.componentKind')} ${i + 1}`} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col flex="80px">
                      <Form.Item name={[f.name, 'copies']} noStyle>
                        <InputNumber min={0} max={99} aria-label={`${t('procedure.componentCopies')} ${i + 1}`} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col flex="110px">
                      <Form.Item name={[f.name, 'required']} valuePropName="checked" noStyle>
                        <Checkbox>{t('procedure.componentRequired')}</Checkbox>
                      </Form.Item>
                    </Col>
                    <Col flex="40px">
                      <Button type="text" danger icon={<DeleteOutlined />} aria-label={`${t('common.delete')} ${t('procedure.componentName').toLowerCase()} ${i + 1}`} onClick={() => remove(f.name)} />
                    </Col>
                  </Row>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', required: true, copies: 1, kind: 'original' })} block>
                  {t('procedure.addComponent')}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="portalUrl" label={t('procedure.portalUrl')} extra={t('procedure.portalUrlHint')} rules={[{ max: 1000 }, { pattern: /^(https?:\/\/\S+)?$/i, message: t('procedure.portalUrlInvalid') }]}>
          <Input />
        </Form.Item>
        {procedure && (
          <Form.Item name="retired" valuePropName="checked">
            <Checkbox data-testid="procedure-retired">{t('procedure.retired')}</Checkbox>
          </Form.Item>
        )}
        <HiddenSubmit />
      </Form>
    </Modal>
  );
}
