// The desk's actions on a dossier (main/services/lifecycle.ts): one button per action the status
// model allows now, each with its small form; the matching form (02, 03, 04) is printed after the
// action; Form 05 on request. Also the due moment as the desk works to it, and the index fields.
import { ExportOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Switch, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { LifecycleAction, MethodOutput } from '../../../shared/contract/api';
import { canTransition, DOSSIER_STATUS, endsProcessing, type DossierStatusCode } from '../../../shared/domain/dossier-status';
import type { DossierDetail, FeeCharged, PaidOnline } from '../../../shared/domain/schemas';
import { useCan, useClient } from '../../app/context';
import { useAction, useNotify } from '../../app/hooks';
import { DateInput } from '../../components/DateInput';
import { t } from '../../i18n';
import { formatDateTime } from '../../util/format';
import { blobToBase64 } from '../../util/files';

type Kind = LifecycleAction['kind'];
type FormNo = '02' | '03' | '04' | '05';

/** The actions a dossier in `status` can take, in the order the desk meets them. */
export function allowedActions(d: DossierDetail): Kind[] {
  const s = d.status;
  const can = (to: DossierStatusCode) => canTransition(s, to);
  const out: Kind[] = [];
  if (s === 5) out.push('supplementReceived');
  else if (can(4)) out.push('process');
  if (can(5)) out.push('requestSupplement');
  if (can(6)) out.push('requestPayment');
  if (can(9)) out.push('resultReceived');
  if (can(10)) out.push('returnResult');
  if (!endsProcessing(s) && !d.pausedSince) out.push('apologize');
  if (can(3)) out.push('refuse');
  if (can(7)) out.push('withdraw');
  if (can(8)) out.push('stop');
  return out;
}

const PRINTS: Partial<Record<Kind, FormNo>> = { requestSupplement: '02', refuse: '03', apologize: '04' };

/** Shows a printed form (or any paper served as a receipt file) in the app's PDF viewer. */
export function PaperModal({ file, title, onClose }: { file: { fileId: string; fileName: string } | null; title: string; onClose(): void }) {
  const client = useClient();
  const url = file ? client.fileUrl('receipt', file.fileId) : '';
  return (
    <Modal
      open={!!file}
      onCancel={onClose}
      width={880}
      title={title}
      footer={[
        <Button key="open" icon={<ExportOutlined />} href={url} target="_blank" rel="noreferrer">
          {t('receipt.openWindow')}
        </Button>,
        <Button key="close" type="primary" onClick={onClose}>
          {t('common.close')}
        </Button>,
      ]}
      destroyOnHidden
    >
      {file && <iframe className="mc-pdf-frame" title={file.fileName} src={url} data-testid="form-frame" />}
    </Modal>
  );
}

interface ActionValues {
  note?: string;
  reason?: string;
  papers?: string;
  restart?: boolean;
  newDue?: string;
  resultCode?: string;
}

export function DueInfo({ d }: { d: DossierDetail }) {
  return (
    <Space orientation="vertical" size={0} data-testid="due-info">
      {d.pausedSince ? (
        <Typography.Text strong data-testid="due-paused">
          {t('lifecycle.pausedSince', { at: formatDateTime(d.pausedSince) })}
        </Typography.Text>
      ) : (
        <Typography.Text strong data-testid="due-current">
          {formatDateTime(d.currentDueAt ?? d.dueAt)}
        </Typography.Text>
      )}
      {d.dueAt && d.currentDueAt !== d.dueAt && (
        <Typography.Text type="secondary" data-testid="due-original">
          {t('lifecycle.originalDue', { at: formatDateTime(d.dueAt) })}
        </Typography.Text>
      )}
    </Space>
  );
}

export function DossierActions({ d, onChanged }: { d: DossierDetail; onChanged(next: DossierDetail): void }) {
  const client = useClient();
  const notify = useNotify();
  const { busy, run } = useAction();
  const allowed = useCan('dossiers.act');
  const [open, setOpen] = useState<Kind | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [paper, setPaper] = useState<{ file: MethodOutput<'dossiers.form'>; form: FormNo } | null>(null);
  const [form] = Form.useForm<ActionValues>();
  const actions = allowedActions(d);

  const print = async (no: FormNo) => {
    const r = await run(() => client.call('dossiers.form', { id: d.id, form: no }));
    if (r) setPaper({ file: r, form: no });
  };

  const submit = async (v: ActionValues) => {
    if (!open) return;
    const kind = open;
    const action = await (async (): Promise<LifecycleAction> => {
      switch (kind) {
        case 'requestSupplement':
          return { kind, papers: (v.papers ?? '').split('\n').map((p) => p.trim()).filter(Boolean), reason: v.reason ?? '' };
        case 'supplementReceived':
          return { kind, restart: !!v.restart, note: v.note ?? '' };
        case 'refuse':
        case 'withdraw':
        case 'stop':
          return { kind, reason: v.reason ?? '' };
        case 'resultReceived':
          return { kind, resultCode: v.resultCode ?? '', note: v.note ?? '', ...(file ? { file: { name: file.name, dataBase64: await blobToBase64(file) } } : {}) };
        case 'apologize':
          return { kind, newDue: v.newDue ?? '', reason: v.reason ?? '' };
        default:
          return { kind, note: v.note ?? '' };
      }
    })();
    const next = await run(() => client.call('dossiers.act', { id: d.id, action }));
    if (!next) return;
    setOpen(null);
    setFile(null);
    form.resetFields();
    notify.success(t('lifecycle.done', { action: t(`lifecycle.action.${kind}`), status: DOSSIER_STATUS[next.status] }));
    onChanged(next);
    const no = PRINTS[kind];
    if (no) await print(no);
  };

  const needsReason = open === 'refuse' || open === 'withdraw' || open === 'stop' || open === 'requestSupplement' || open === 'apologize';
  return (
    <Card size="small" title={t('lifecycle.title')} data-testid="lifecycle-actions">
      <Space wrap>
        {allowed &&
          actions.map((k) => (
            <Button key={k} danger={k === 'refuse' || k === 'stop'} type={k === actions[0] ? 'primary' : 'default'} onClick={() => setOpen(k)} data-testid={`act-${k}`}>
              {t(`lifecycle.action.${k}`)}
            </Button>
          ))}
        {actions.length === 0 && <Typography.Text type="secondary">{t('dossiers.statusFinal', { status: DOSSIER_STATUS[d.status] })}</Typography.Text>}
        <Button icon={<PrinterOutlined />} onClick={() => void print('05')} loading={busy && !open} data-testid="print-form-05">
          {t('lifecycle.print05')}
        </Button>
      </Space>
      <Modal
        open={!!open}
        title={open ? t(`lifecycle.action.${open}`) : ''}
        onCancel={() => setOpen(null)}
        okText={t('lifecycle.confirm')}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        confirmLoading={busy}
        destroyOnHidden
        okButtonProps={{ 'data-testid': 'act-confirm' } as Record<`data-${string}`, string>}
      >
        <Form<ActionValues> form={form} layout="vertical" name="lifecycleAction" onFinish={(v) => void submit(v)} requiredMark={false} preserve={false}>
          {open === 'requestSupplement' && (
            <Form.Item name="papers" label={t('lifecycle.papers')} extra={t('lifecycle.papersHint')} rules={[{ required: true, whitespace: true, message: t('lifecycle.papersRequired') }]}>
              <Input.TextArea rows={3} data-testid="act-papers" />
            </Form.Item>
          )}
          {open === 'apologize' && (
            <>
              <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('lifecycle.apologyHint', { due: formatDateTime(d.currentDueAt) })} />
              <Form.Item name="newDue" label={t('lifecycle.newDue')} rules={[{ required: true, message: t('lifecycle.newDueRequired') }]}>
                <DateInput data-testid="act-new-due" aria-label={t('lifecycle.newDue')} />
              </Form.Item>
            </>
          )}
          {open === 'resultReceived' && (
            <>
              <Form.Item name="resultCode" label={t('lifecycle.resultCode')} rules={[{ required: true, whitespace: true, message: t('lifecycle.resultCodeRequired') }]}>
                <Input data-testid="act-result-code" />
              </Form.Item>
              <Form.Item label={t('lifecycle.resultFile')} extra={t('lifecycle.resultFileHint')}>
                <Upload
                  accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                  maxCount={1}
                  beforeUpload={(f) => {
                    setFile(f);
                    return false;
                  }}
                  onRemove={() => setFile(null)}
                  fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
                >
                  <Button data-testid="act-result-file">{t('lifecycle.chooseFile')}</Button>
                </Upload>
              </Form.Item>
            </>
          )}
          {open === 'supplementReceived' && (
            <Form.Item name="restart" valuePropName="checked">
              <Checkbox data-testid="act-restart">{t('lifecycle.restart')}</Checkbox>
            </Form.Item>
          )}
          {needsReason ? (
            <Form.Item name="reason" label={t('lifecycle.reason')} rules={[{ required: true, whitespace: true, message: t('lifecycle.reasonRequired') }, { max: 2000 }]}>
              <Input.TextArea rows={2} data-testid="act-reason" />
            </Form.Item>
          ) : (
            <Form.Item name="note" label={t('dossiers.statusNote')} rules={[{ max: 2000 }]}>
              <Input data-testid="act-note" />
            </Form.Item>
          )}
        </Form>
      </Modal>
      <PaperModal file={paper?.file ?? null} title={paper ? t(`lifecycle.form.${paper.form}`) : ''} onClose={() => setPaper(null)} />
    </Card>
  );
}

interface IndexValues {
  fees: FeeCharged[];
  paidOnline: PaidOnline;
  complaint: boolean;
}

/** "Phí, lệ phí / thanh toán / phản ánh": what the national index needs that the desk knows. */
export function IndexFields({ d, onChanged }: { d: DossierDetail; onChanged(next: DossierDetail): void }) {
  const client = useClient();
  const notify = useNotify();
  const { busy, run } = useAction();
  const [form] = Form.useForm<IndexValues>();
  const save = async (v: IndexValues) => {
    const next = await run(() => client.call('dossiers.setIndexFields', { id: d.id, fees: (v.fees ?? []).map((f) => ({ name: f.name, amount: Number(f.amount) })), paidOnline: v.paidOnline, complaint: !!v.complaint }));
    if (next) {
      notify.success(t('lifecycle.indexSaved'));
      onChanged(next);
    }
  };
  return (
    <Card size="small" title={t('lifecycle.indexTitle')} data-testid="index-fields">
      <Form<IndexValues> form={form} name="indexFields" layout="vertical" initialValues={{ fees: d.fees, paidOnline: d.paidOnline, complaint: d.complaint }} onFinish={(v) => void save(v)} requiredMark={false}>
        <Form.List name="fees">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline">
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: t('lifecycle.feeNameRequired') }]}>
                    <Input placeholder={t('lifecycle.feeName')} aria-label={t('lifecycle.feeName')} style={{ width: 260 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'amount']} rules={[{ required: true, type: 'integer', min: 0, message: t('lifecycle.feeAmountInvalid') }]}>
                    <InputNumber min={0} step={1000} precision={0} placeholder={t('lifecycle.feeAmount')} aria-label={t('lifecycle.feeAmount')} style={{ width: 160 }} suffix="đ" />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)}>{t('lifecycle.feeRemove')}</Button>
                </Space>
              ))}
              <Button onClick={() => add({ name: '', amount: 0 })} style={{ marginBottom: 12 }} data-testid="fee-add">
                {t('lifecycle.feeAdd')}
              </Button>
            </>
          )}
        </Form.List>
        <Space wrap size={24}>
          <Form.Item name="paidOnline" label={t('lifecycle.paidOnline')}>
            <Select
              style={{ width: 260 }}
              aria-label={t('lifecycle.paidOnline')}
              options={([0, 1, 2] as const).map((v) => ({ value: v, label: t(`lifecycle.paidOnline.${v}`) }))}
              data-testid="paid-online"
            />
          </Form.Item>
          <Form.Item name="complaint" label={t('lifecycle.complaint')} valuePropName="checked">
            <Switch aria-label={t('lifecycle.complaint')} />
          </Form.Item>
        </Space>
        <div>
          <Button htmlType="submit" loading={busy} data-testid="index-save">
            {t('common.save')}
          </Button>
        </div>
      </Form>
      {d.resultCode && (
        <Descriptions
          size="small"
          style={{ marginTop: 12 }}
          column={1}
          items={[
            {
              key: 'result',
              label: t('lifecycle.resultCode'),
              children: (
                <span data-testid="result-code">
                  {d.resultCode}{' '}
                  {d.resultFile && /^[0-9a-f]{64}$/.test(d.resultFile) && (
                    <a href={client.fileUrl('pdf', d.resultFile)} target="_blank" rel="noreferrer" data-testid="result-file-link">
                      {t('lifecycle.resultFileOpen')}
                    </a>
                  )}
                  {/* An electronic result the province's systems hold (sync, imported histories): its address. */}
                  {d.resultFile && /^https?:\/\/\S+$/i.test(d.resultFile) && (
                    <a href={d.resultFile} target="_blank" rel="noreferrer" data-testid="result-file-link">
                      {t('lifecycle.resultFileOpen')}
                    </a>
                  )}
                </span>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
