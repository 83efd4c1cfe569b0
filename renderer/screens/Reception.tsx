// Tiếp nhận: pick a procedure, tick the papers received, type the applicant, receive.
import { CheckCircleFilled, CopyOutlined, PlusOutlined, ScanOutlined } from '@ant-design/icons';
import type { FormInstance, InputRef } from 'antd';
import { Alert, App, Button, Card, Checkbox, Col, Empty, Form, Input, InputNumber, Radio, Result, Row, Space, Steps, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { MethodOutput, Provenance, ValueSource } from '../../shared/contract/api';
import type { ChannelCode, Procedure } from '../../shared/domain/schemas';
import { citizenIdProblem } from '../../shared/domain/citizen-id';
import { foldVietnamese } from '../../shared/text/fold';
import { processingTimeText } from '../../shared/domain/procedure-catalog';
import { useCan, useClient } from '../app/context';
import { newRequestId } from '../api/client';
import { useAction, useNotify, useQuery } from '../app/hooks';
import { useRoute } from '../app/router';
import { PageHead } from '../app/Shell';
import { CHANNEL_OPTIONS, StatusTag } from '../components/StatusTag';
import { t } from '../i18n';
import { formatDate, formatDateTime, formatLongDateTime } from '../util/format';
import { ProcedureFormModal } from './ProcedureForm';
import { ReceiptButton } from '../components/Receipt';
import { CardReader } from './reception/CardReader';

interface ComponentRow {
  key: string;
  name: string;
  required: boolean;
  copies: number;
  received: boolean;
  /** An earlier dossier's digitized copy of this paper, reused instead of scanning it again. */
  reuseFrom?: { componentId: string; dossierCode: string };
}

interface ApplicantValues {
  name: string;
  idNumber: string;
  address: string;
  phone: string;
  email: string;
  channel: ChannelCode;
  note: string;
}

/** Applicant fields whose prefilled value shows where it came from. */
type SourcedField = 'name' | 'address' | 'phone' | 'email';
const SOURCED: readonly SourcedField[] = ['name', 'address', 'phone', 'email'];
/** A prefilled value's source; `fromProfile`: filled from the citizen's profile (its provenance kept). */
type FieldSource = { source: ValueSource; at: string; fromProfile: boolean };
type FieldSources = Partial<Record<SourcedField, FieldSource>>;

/** "Từ thẻ CCCD 06/12/2026", "Cán bộ nhập 06/12/2026", "Từ hồ sơ trước 06/12/2026". */
function SourceTag({ field, s }: { field: SourcedField; s: FieldSource | undefined }) {
  if (!s) return null;
  const color = s.source === 'card' ? 'blue' : s.source === 'ocr' ? 'orange' : 'default';
  return (
    <Tag color={color} data-testid={`source-${field}`} style={{ marginTop: 4 }}>
      {t(`reception.source.${s.source}`, { date: formatDate(s.at) })}
    </Tag>
  );
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

/** A desk without procedures (an administrator's first minutes): the sample catalog, or Cài đặt → Thủ tục. */
function SampleOffer({ onLoaded }: { onLoaded(): void }) {
  const client = useClient();
  const notify = useNotify();
  const { modal } = App.useApp();
  const { navigate } = useRoute();
  const { busy, run } = useAction();
  const load = () =>
    modal.confirm({
      title: t('catalog.sampleTitle'),
      content: t('catalog.sampleNote'),
      okText: t('catalog.sample'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        const r = await run(() => client.call('procedures.loadSample', { dryRun: false }));
        if (r) {
          notify.success(t('catalog.sampleLoaded', { created: r.created.length, updated: r.updated.length }));
          onLoaded();
        }
      },
    });
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reception.sampleOffer')}>
      <Space wrap>
        <Button type="primary" onClick={load} loading={busy} data-testid="reception-sample">
          {t('catalog.sample')}
        </Button>
        <Button onClick={() => navigate('settings', { tab: 'procedures' })}>{t('reception.openCatalog')}</Button>
      </Space>
    </Empty>
  );
}

/** The procedure list with accent-insensitive search (also used by Hướng dẫn nộp trực tuyến). */
export function ProcedurePicker({ selected, onPick, reloadKey, title }: { selected: Procedure | null; onPick(p: Procedure): void; reloadKey: number; title?: string }) {
  const client = useClient();
  const notify = useNotify();
  const [query, setQuery] = useState('');
  const debounced = useDebounced(query, 200);
  const result = useQuery('procedures.search', { query: debounced, limit: 50 });
  const { reload } = result;
  useEffect(() => {
    if (reloadKey) void reload();
  }, [reloadKey, reload]);
  const list = result.data ?? [];

  // Enter picks the first procedure matching the text as typed now: the list on screen may still be
  // the one for the text of 200 ms ago (a fast typist got the old list's first item), so unless it
  // is current, the search runs at once for the typed text.
  const pickFirst = async (text: string) => {
    const current = text === debounced && !result.loading ? list : await client.call('procedures.search', { query: text, limit: 50 }).catch((err: unknown) => (notify.error(err), null));
    if (current) result.setData(current);
    if (current?.[0]) onPick(current[0]);
  };


  const canAdd = useCan('procedures.upsert');
  const canImport = useCan('procedures.loadSample');
  return (
    <Card title={title ?? t('reception.procedure')} styles={{ body: { paddingTop: 12 } }}>
      <Input.Search
        data-autofocus="true"
        placeholder={t('reception.procedureSearch')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onSearch={(text, _e, info) => {
          if (info?.source !== 'clear') void pickFirst(text);
        }}
        allowClear
        aria-label={t('reception.procedureSearch')}
        data-testid="procedure-search"
        style={{ marginBottom: 4 }}
        loading={result.loading}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 12 }}>
        {t('reception.procedureSearchHint')}
      </Typography.Paragraph>
      <div className="mc-proc-list" role="group" aria-label={title ?? t('reception.procedure')}>
        {list.length === 0 && !result.loading && (debounced || !canImport ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={debounced ? t('reception.noMatch') : canAdd ? t('reception.noProcedures') : t('reception.noProceduresAsk')} />
        ) : (
          <SampleOffer onLoaded={() => void reload()} />
        ))}
        {list.map((p) => (
          <button
            key={p.id}
            type="button"
            className="mc-proc-item"
            aria-pressed={selected?.id === p.id}
            onClick={() => onPick(p)}
            data-testid="procedure-item"
          >
            <div className="mc-proc-code">
              {p.code}
              {p.field ? ` · ${p.field}` : ''}
            </div>
            <div style={{ fontWeight: 600 }}>{p.name}</div>
            <Space size={4} wrap style={{ marginTop: 4 }}>
              <Tag>{processingTimeText(p)}</Tag>
              {p.fullyOnline ? <Tag color="green">{t('reception.fullyOnline')}</Tag> : null}
              {p.feeBearing ? <Tag color="gold">{t('reception.feeBearing')}</Tag> : null}
            </Space>
          </button>
        ))}
      </div>
    </Card>
  );
}

function Receipt({ dossier, onNext }: { dossier: MethodOutput<'dossiers.create'>; onNext(): void }) {
  const { navigate } = useRoute();
  const notify = useNotify();
  return (
    <Card data-testid="reception-result">
      <Result
        icon={<CheckCircleFilled style={{ color: '#237a3b' }} />}
        title={t('reception.created')}
        subTitle={
          <Space orientation="vertical" size={6} style={{ width: '100%' }}>
            <span>{t('reception.code')}</span>
            <span className="mc-result-code" data-testid="dossier-code">
              {dossier.code}
            </span>
            <span>
              {t('reception.dueAt')}:{' '}
              <Typography.Text strong style={{ fontSize: 18 }} data-testid="dossier-due">
                {dossier.dueAt ? formatLongDateTime(dossier.dueAt) : t('reception.noDue')}
              </Typography.Text>
            </span>
            <span>
              {dossier.procedureName} · {dossier.applicant.name} · {t('reception.receivedAt')} {formatDateTime(dossier.receivedAt)} · <StatusTag status={dossier.status} />
            </span>
          </Space>
        }
        extra={
          <Space wrap>
            <Button type="primary" size="large" icon={<PlusOutlined />} onClick={onNext} autoFocus data-testid="reception-next">
              {t('reception.next')}
            </Button>
            <Button size="large" icon={<ScanOutlined />} onClick={() => navigate('digitize', { dossier: dossier.id })}>
              {t('reception.digitizeNow')}
            </Button>
            <Button
              size="large"
              icon={<CopyOutlined />}
              onClick={() => void navigator.clipboard?.writeText(dossier.code).then(() => notify.success(t('reception.copied')), () => undefined)}
            >
              {t('reception.copyCode')}
            </Button>
            <ReceiptButton size="large" dossierId={dossier.id} />
          </Space>
        }
      />
    </Card>
  );
}

/**
 * "Declare once": a citizen whose ID number the desk has seen before is offered their details as
 * declared last time (one click fills them) and told which papers are already digitized.
 */
/** Empty, or a 12-digit CCCD that passes the domain check (the core applies the same rule). */
function checkIdNumber(v: string | undefined): Promise<void> {
  if (!v) return Promise.resolve();
  const problem = /^\d{12}$/.test(v) ? citizenIdProblem(v) : t('valid.cccd');
  return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
}

function KnownApplicant({ form, rows, setRows, onFill }: { form: FormInstance<ApplicantValues>; rows: ComponentRow[]; setRows(rows: ComponentRow[]): void; onFill(sources: FieldSources): void }) {
  const idNumber = Form.useWatch('idNumber', form) ?? '';
  const valid = /^\d{12}$/.test(idNumber);
  const known = useQuery('applicants.lookup', { idNumber: valid ? idNumber : '000000000000' }, { enabled: valid, silent: true });
  const k = valid && known.data && known.data.applicant.idNumber === idNumber ? known.data : null;
  if (!k) return null;
  // Papers of this procedure already digitized for the citizen: offered for reuse by name.
  const reusable = k
    ? k.digitized
        .map((d) => ({ d, row: rows.find((r) => !r.reuseFrom && foldVietnamese(r.name) === foldVietnamese(d.componentName)) }))
        .filter((x, i, all) => x.row && all.findIndex((y) => y.row === x.row) === i)
    : [];
  const reuse = (row: ComponentRow, d: { componentId: string; dossierCode: string }) =>
    setRows(rows.map((r) => (r === row ? { ...r, received: true, reuseFrom: { componentId: d.componentId, dossierCode: d.dossierCode } } : r)));
  const fill = () => {
    const a = k.applicant;
    form.setFieldsValue({ name: a.name, address: a.address, phone: a.phone, email: a.email });
    const sources: FieldSources = {};
    for (const f of SOURCED) {
      const p: Provenance | undefined = k.profile.provenance[f];
      if (a[f] && p) sources[f] = { source: p.source, at: p.at, fromProfile: true };
    }
    onFill(sources);
  };
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="known-applicant"
      message={t('reception.known', { name: k.applicant.name, n: String(k.dossiers), date: formatDateTime(k.lastSeen).slice(0, 10) })}
      description={
        k.digitized.length > 0 ? (
          <div>
            {t('reception.knownDigitized')} {k.digitized.slice(0, 5).map((d) => `${d.componentName} (${d.dossierCode})`).join('; ')}
            {reusable.length > 0 && (
              <Space wrap style={{ marginTop: 6, display: 'flex' }}>
                {reusable.map(({ d, row }) => (
                  <Button key={d.componentId} size="small" onClick={() => reuse(row!, d)} data-testid="reuse-component">
                    {t('reception.reuse', { name: row!.name })}
                  </Button>
                ))}
              </Space>
            )}
          </div>
        ) : undefined
      }
      action={
        <Button size="small" type="primary" onClick={fill} data-testid="fill-known">
          {t('reception.fillKnown')}
        </Button>
      }
    />
  );
}

/** Asks before receiving without required papers; resolves true when the officer confirms. */
function confirmMissing(modal: ReturnType<typeof App.useApp>['modal'], names: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    modal.confirm({
      title: t('reception.missingConfirmTitle'),
      content: (
        <div data-testid="missing-confirm">
          <Typography.Paragraph>{t('reception.missingConfirmIntro')}</Typography.Paragraph>
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {names.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t('reception.missingConfirmNote')}
          </Typography.Paragraph>
        </div>
      ),
      okText: t('reception.missingConfirmOk'),
      cancelText: t('reception.missingConfirmCancel'),
      onOk: () => resolve(true),
      onCancel: () => resolve(false),
    });
  });
}

export function ReceptionScreen() {
  const client = useClient();
  const { modal } = App.useApp();
  const { busy, run } = useAction();
  const [procedure, setProcedure] = useState<Procedure | null>(null);
  const [rows, setRows] = useState<ComponentRow[]>([]);
  const [created, setCreated] = useState<MethodOutput<'dossiers.create'> | null>(null);
  const [procOpen, setProcOpen] = useState(false);
  const canAddProcedure = useCan('procedures.upsert');
  const [procReload, setProcReload] = useState(0);
  const [form] = Form.useForm<ApplicantValues>();
  const nameRef = useRef<InputRef>(null);
  // Where each prefilled value came from (a card read, the profile); typed over: the officer's.
  const [sources, setSources] = useState<FieldSources>({});
  const [cardDetails, setCardDetails] = useState<{ dob: string; sex: 'male' | 'female'; source?: 'card' | 'ocr' | 'officer' } | null>(null);
  const onValuesChange = (changed: Partial<ApplicantValues>) => {
    const typed = SOURCED.filter((f) => f in changed && sources[f] && sources[f].source !== 'officer');
    if (typed.length) setSources((s) => ({ ...s, ...Object.fromEntries(typed.map((f) => [f, { source: 'officer', at: new Date().toISOString(), fromProfile: false }])) }));
    if ('idNumber' in changed) setCardDetails(null);
  };

  const pick = (p: Procedure) => {
    setProcedure(p);
    setRows(p.components.map((c) => ({ key: c.id, name: c.name, required: c.required, copies: c.copies, received: false })));
    setTimeout(() => nameRef.current?.focus(), 0);
  };

  const missing = useMemo(() => rows.filter((r) => r.required && !r.received).length, [rows]);

  // One request id per dossier being received: a double click, or submitting again after a
  // network error, sends the same id and gets the same dossier back (never a second one). A changed
  // form is a new action with a new id.
  const attempt = useRef<{ key: string; requestId: string } | null>(null);
  const submit = async (v: ApplicantValues) => {
    if (!procedure) return;
    // A required paper not ticked: the officer confirms receiving without it (recorded, and the
    // receipt lists it as missing) or goes back to tick it.
    const missingNames = rows.filter((r) => r.required && !r.received).map((r) => r.name);
    if (missingNames.length && !(await confirmMissing(modal, missingNames))) return;
    const input = {
      procedureId: procedure.id,
      channel: v.channel,
      applicant: { name: v.name, idNumber: v.idNumber ?? '', address: v.address ?? '', phone: v.phone ?? '', email: v.email ?? '' },
      components: rows.map((r) => ({ name: r.name, required: r.required, copies: r.copies, received: r.received, ...(r.reuseFrom ? { reuseFrom: r.reuseFrom.componentId } : {}) })),
      note: v.note ?? '',
      acceptMissing: missingNames.length > 0,
      // Values read from the card now are the card's; values taken from the profile keep theirs.
      applicantSource: {
        ...Object.fromEntries(SOURCED.filter((f) => sources[f]).map((f) => [f, sources[f]!.fromProfile ? 'dossier' : sources[f]!.source])),
        ...(cardDetails ? { dob: cardDetails.source ?? 'card', sex: cardDetails.source ?? 'card' } : {}),
      },
      ...(cardDetails ? { applicantDetails: { dob: cardDetails.dob, sex: cardDetails.sex } } : {}),
    };
    const key = JSON.stringify(input);
    if (attempt.current?.key !== key) attempt.current = { key, requestId: newRequestId() };
    const { requestId } = attempt.current;
    const dossier = await run(() => client.call('dossiers.create', input, { requestId }));
    if (dossier) {
      attempt.current = null;
      setCreated(dossier);
    }
  };

  const reset = () => {
    setCreated(null);
    form.resetFields();
    setSources({});
    setCardDetails(null);
    if (procedure) pick(procedure);
  };

  const update = (key: string, patch: Partial<ComponentRow>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  return (
    <section data-testid="screen-reception">
      <PageHead
        title={t('reception.title')}
        subtitle={t('reception.subtitle')}
        extra={
          canAddProcedure && (
            <Button icon={<PlusOutlined />} onClick={() => setProcOpen(true)} data-testid="add-procedure">
              {t('reception.addProcedure')}
            </Button>
          )
        }
      />
      {created ? (
        <Receipt dossier={created} onNext={reset} />
      ) : (
        <Row gutter={[20, 20]}>
          <Col xs={24} lg={9} xxl={8}>
            <ProcedurePicker selected={procedure} onPick={pick} reloadKey={procReload} />
          </Col>
          <Col xs={24} lg={15} xxl={16}>
            {!procedure ? (
              <Card style={{ height: '100%' }}>
                <Empty description={t('reception.pickFirst')} style={{ padding: '24px 0 8px' }} />
                <Steps
                  orientation="vertical"
                  current={0}
                  style={{ maxWidth: 520, margin: '8px auto 0' }}
                  items={[
                    { title: t('reception.steps.pick'), content: t('reception.steps.pickHint') },
                    { title: t('reception.steps.check'), content: t('reception.steps.checkHint') },
                    { title: t('reception.steps.applicant'), content: t('reception.steps.applicantHint') },
                    { title: t('reception.steps.submit'), content: t('reception.steps.submitHint') },
                  ]}
                />
              </Card>
            ) : (
              <Form<ApplicantValues> name="applicant"
                form={form}
                layout="vertical"
                requiredMark="optional"
                onFinish={(v) => void submit(v)}
                onValuesChange={onValuesChange}
                disabled={busy}
                initialValues={{ channel: 1, note: '' }}
                data-testid="reception-form"
              >
                <Card
                  title={
                    <span>
                      <Typography.Text type="secondary" style={{ fontWeight: 400, marginRight: 8 }}>
                        {procedure.code}
                      </Typography.Text>
                      {procedure.name}
                    </span>
                  }
                  extra={<Tag>{processingTimeText(procedure)}</Tag>}
                  style={{ marginBottom: 16 }}
                >
                  <Typography.Title level={5} style={{ marginTop: 0 }}>
                    {t('reception.components')}
                  </Typography.Title>
                  {rows.length === 0 ? (
                    <Typography.Paragraph type="secondary">{t('reception.noComponents')}</Typography.Paragraph>
                  ) : (
                    <>
                      <Table<ComponentRow>
                        size="small"
                        pagination={false}
                        dataSource={rows}
                        rowKey="key"
                        columns={[
                          {
                            title: t('reception.componentReceived'),
                            width: 90,
                            align: 'center',
                            render: (_, r) => (
                              <Checkbox checked={r.received} onChange={(e) => update(r.key, { received: e.target.checked })} aria-label={`${t('reception.componentReceived')}: ${r.name}`} />
                            ),
                          },
                          {
                            title: t('reception.componentName'),
                            render: (_, r) => (
                              <span>
                                {r.name} {r.required && <Tag color="red">{t('reception.componentRequired')}</Tag>}
                                {r.reuseFrom && (
                                  <Tag color="green" data-testid="reused-tag">
                                    {t('reception.reusedTag', { code: r.reuseFrom.dossierCode })}
                                  </Tag>
                                )}
                              </span>
                            ),
                          },
                          {
                            title: t('reception.componentCopies'),
                            width: 110,
                            render: (_, r) => (
                              <InputNumber min={0} max={99} value={r.copies} onChange={(v) => update(r.key, { copies: v ?? 0 })} aria-label={`${t('reception.componentCopies')}: ${r.name}`} style={{ width: 80 }} />
                            ),
                          },
                        ]}
                      />
                      <Space style={{ marginTop: 10 }} wrap>
                        <Button size="small" onClick={() => setRows((rs) => rs.map((r) => ({ ...r, received: true })))} data-testid="mark-all-received">
                          {t('reception.markAll')}
                        </Button>
                        {missing > 0 && <Alert type="warning" showIcon title={t('reception.missingRequired', { n: missing })} style={{ padding: '2px 10px' }} />}
                      </Space>
                    </>
                  )}
                </Card>
                <Card title={t('reception.applicant')}>
                  <CardReader
                    onCard={(c) => {
                      form.setFieldsValue({ name: c.name, idNumber: c.id, address: c.address });
                      const at = new Date().toISOString();
                      setSources((s) => ({ ...s, name: { source: 'card', at, fromProfile: false }, address: { source: 'card', at, fromProfile: false } }));
                      setCardDetails({ dob: c.dob, sex: c.sex });
                    }}
                    onFront={(f) => {
                      // Read by OCR: every value is the officer's to check (source 'ocr', to check).
                      const values: Partial<ApplicantValues> = {};
                      if (f.name) values.name = f.name.value;
                      if (f.id) values.idNumber = f.id.value;
                      if (f.address) values.address = f.address.value;
                      form.setFieldsValue(values);
                      const at = new Date().toISOString();
                      setSources((s) => ({ ...s, ...(f.name ? { name: { source: 'ocr', at, fromProfile: false } } : {}), ...(f.address ? { address: { source: 'ocr', at, fromProfile: false } } : {}) }));
                      const dob = f.dob && !f.dob.problem ? f.dob.value : '';
                      const sex = f.sex?.value === 'Nam' ? 'male' : f.sex?.value === 'Nữ' ? 'female' : null;
                      setCardDetails(dob && sex ? { dob, sex, source: 'ocr' } : null);
                      if (f.id) void form.validateFields(['idNumber']).catch(() => undefined);
                    }}
                    onConfirmFront={() => {
                      // The officer checked the values against the card: they become the officer's.
                      const at = new Date().toISOString();
                      setSources((s) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.source === 'ocr' ? { source: 'officer', at, fromProfile: false } : v])) as FieldSources);
                      setCardDetails((d) => (d && d.source === 'ocr' ? { ...d, source: 'officer' } : d));
                    }}
                  />
                  <Row gutter={16}>
                    <Col xs={24} md={14}>
                      <Form.Item
                        name="name"
                        label={t('reception.applicantName')}
                        rules={[{ required: true, whitespace: true, max: 200, message: t('valid.required', { field: t('reception.applicantName').toLowerCase() }) }]}
                        extra={<SourceTag field="name" s={sources.name} />}
                      >
                        <Input ref={nameRef} autoComplete="off" data-testid="applicant-name" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={10}>
                      <Form.Item name="idNumber" label={t('reception.idNumber')} rules={[{ validator: (_, v?: string) => checkIdNumber(v) }]} normalize={(v: string) => v.replace(/\s+/g, '')}>
                        <Input inputMode="numeric" maxLength={12} placeholder={t('reception.idNumberPlaceholder')} autoComplete="off" data-testid="applicant-id" />
                      </Form.Item>
                    </Col>
                  </Row>
                  <KnownApplicant form={form} rows={rows} setRows={setRows} onFill={(f) => setSources((s) => ({ ...s, ...f }))} />
                  <Form.Item name="address" label={t('reception.address')} rules={[{ max: 500 }]} extra={<SourceTag field="address" s={sources.address} />}>
                    <Input autoComplete="off" data-testid="applicant-address" />
                  </Form.Item>
                  <Row gutter={16}>
                    <Col xs={24} md={10}>
                      <Form.Item name="phone" label={t('reception.phone')} rules={[{ pattern: /^0\d{9,10}$/, message: t('valid.phone') }]} normalize={(v: string) => v.replace(/[\s.-]+/g, '')} extra={<SourceTag field="phone" s={sources.phone} />}>
                        <Input inputMode="tel" maxLength={14} autoComplete="off" data-testid="applicant-phone" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={14}>
                      <Form.Item name="email" label={t('reception.email')} rules={[{ type: 'email', message: t('valid.email') }, { max: 200 }]} extra={<SourceTag field="email" s={sources.email} />}>
                        <Input inputMode="email" autoComplete="off" data-testid="applicant-email" />
                      </Form.Item>
                    </Col>
                  </Row>
                  <Form.Item name="channel" label={t('reception.channel')}>
                    <Radio.Group options={CHANNEL_OPTIONS} optionType="button" buttonStyle="solid" />
                  </Form.Item>
                  <Form.Item name="note" label={t('reception.note')} rules={[{ max: 2000 }]}>
                    <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
                  </Form.Item>
                  <Space>
                    <Button type="primary" htmlType="submit" size="large" loading={busy} data-testid="reception-submit">
                      {t('reception.submit')}
                    </Button>
                    <Typography.Text type="secondary">{t('reception.submitHint')}</Typography.Text>
                  </Space>
                </Card>
              </Form>
            )}
          </Col>
        </Row>
      )}
      {canAddProcedure && (
        <ProcedureFormModal
          open={procOpen}
          onClose={() => setProcOpen(false)}
          onSaved={(p) => {
            setProcOpen(false);
            setProcReload((n) => n + 1);
            pick(p);
          }}
        />
      )}
    </section>
  );
}
