// Hướng dẫn nộp trực tuyến: for a walk-in citizen whose procedure can be done online, the officer
// picks the procedure and walks the citizen through the portal: the steps, what to have ready, the
// portal page as a QR code for the citizen's phone, a large-type view to turn towards the citizen
// (printable), and a record of each guided submission. On a desk with a second display (Electron)
// the citizen view is a window of its own on that display, fed by this screen through the main
// process (citizen-window.ts); otherwise it is a dialog over this screen.
import { CheckCircleOutlined, CloseOutlined, DesktopOutlined, QrcodeOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Form, Input, Modal, Radio, Row, Space, Steps, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { CitizenGuide } from '../../shared/contract/citizen';
import { procedurePortalLink } from '../../shared/domain/portal-link';
import { processingTimeText } from '../../shared/domain/procedure-catalog';
import { toLocalDay } from '../../shared/domain/vietnam-time';
import type { AssistedSubmission, Procedure } from '../../shared/domain/schemas';
import { electronBridge } from '../api/electron';
import { useClient } from '../app/context';
import { useAction, useNotify, useQuery } from '../app/hooks';
import { PageHead } from '../app/Shell';
import { HiddenSubmit } from '../components/HiddenSubmit';
import { t } from '../i18n';
import { formatDateTime } from '../util/format';
import { CitizenGuideView, useQrDataUrl } from './citizen/CitizenGuide';
import { placeCitizenView } from './citizen/placement';
import { ProcedurePicker } from './Reception';

/** The steps on the national portal, in the words the desk uses with citizens. */
function guideSteps(p: Procedure): { title: string; description: string }[] {
  const steps = [
    { title: t('guide.step.login'), description: t('guide.step.loginHint') },
    { title: t('guide.step.open'), description: t('guide.step.openHint', { code: p.code }) },
    { title: t('guide.step.form'), description: t('guide.step.formHint') },
    { title: t('guide.step.attach'), description: p.components.length ? p.components.map((c, i) => `${i + 1}. ${c.name}`).join('\n') : t('guide.step.attachNone') },
  ];
  if (p.feeBearing) steps.push({ title: t('guide.step.pay'), description: t('guide.step.payHint') });
  steps.push({ title: t('guide.step.submit'), description: t('guide.step.submitHint', { days: processingTimeText(p) }) });
  return steps;
}

/** The dialog over the officer's screen (one display, browser host); prints on its own. */
function CitizenDialog({ guide, onClose }: { guide: CitizenGuide; onClose(): void }) {
  return (
    <Modal open onCancel={onClose} footer={null} width="96vw" style={{ top: 12 }} className="mc-citizen" title={null} destroyOnHidden>
      <CitizenGuideView guide={guide}>
        <Space className="mc-no-print mc-citizen-actions">
          <Button size="large" onClick={() => window.print()}>
            {t('guide.print')}
          </Button>
          <Button size="large" type="primary" onClick={onClose}>
            {t('common.close')}
          </Button>
        </Space>
      </CitizenGuideView>
    </Modal>
  );
}

/**
 * Where the citizen view goes: a window on the second display when Electron has one, else the
 * dialog. The window follows the procedure picked here and closes when this screen goes (another
 * area, the desk locked, signed out).
 */
function useCitizenView(guide: CitizenGuide | null) {
  const control = useMemo(() => electronBridge()?.citizen ?? null, []);
  const [mode, setMode] = useState<'none' | 'dialog' | 'window'>('none');
  useEffect(() => control?.onClosed(() => setMode((m) => (m === 'window' ? 'none' : m))), [control]);
  useEffect(
    () => () => {
      void control?.close().catch(() => undefined);
    },
    [control],
  );
  useEffect(() => {
    if (mode !== 'window' || !control || !guide) return;
    void control.update(guide).then(
      (shown) => !shown && setMode('none'),
      () => setMode('none'),
    );
  }, [mode, control, guide]);
  const open = async () => {
    if (guide) setMode(await placeCitizenView(control, guide));
  };
  const close = () => {
    if (mode === 'window') void control?.close().catch(() => undefined);
    setMode('none');
  };
  return { mode, open, close };
}

interface RecordForm {
  applicantName: string;
  applicantPhone?: string;
  portalCode?: string;
  outcome: 'submitted' | 'unfinished';
  note?: string;
}

export function OnlineGuideScreen() {
  const client = useClient();
  const notify = useNotify();
  const [procedure, setProcedure] = useState<Procedure | null>(null);
  const settings = useQuery('settings.get', {});
  const today = toLocalDay(new Date());
  const records = useQuery('guide.list', { from: today, to: today });
  const { busy, run } = useAction();
  const [form] = Form.useForm<RecordForm>();
  const link = procedure && settings.data ? procedurePortalLink(settings.data.portalUrlTemplate, procedure) : null;
  const qr = useQrDataUrl(link);
  const guide = useMemo<CitizenGuide | null>(() => (procedure ? { procedureName: procedure.name, link, steps: guideSteps(procedure) } : null), [procedure, link]);
  const citizen = useCitizenView(guide);

  const save = async (v: RecordForm) => {
    if (!procedure) return;
    const saved = await run(() => client.call('guide.record', { procedureId: procedure.id, applicantName: v.applicantName, applicantPhone: v.applicantPhone ?? '', portalCode: v.portalCode ?? '', outcome: v.outcome, note: v.note ?? '' }));
    if (saved) {
      notify.success(t('guide.recorded', { name: saved.applicantName }));
      form.resetFields();
      void records.reload();
    }
  };

  return (
    <section data-testid="screen-onlineGuide">
      <PageHead title={t('onlineGuide.title')} subtitle={t('guide.subtitle')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <ProcedurePicker title={t('guide.pickProcedure')} selected={procedure} onPick={setProcedure} reloadKey={0} />
        </Col>
        <Col xs={24} lg={15}>
          {!procedure ? (
            <Card>
              <Empty description={t('guide.pickFirst')} />
            </Card>
          ) : (
            <Space direction="vertical" size={16} style={{ width: '100%' }}>
              <Card
                title={procedure.name}
                extra={
                  citizen.mode === 'window' ? (
                    <Space>
                      <Tag color="blue" icon={<DesktopOutlined />} data-testid="citizen-window-on">
                        {t('guide.citizenWindowOn')}
                      </Tag>
                      <Button icon={<CloseOutlined />} onClick={citizen.close} data-testid="close-citizen-window">
                        {t('guide.citizenWindowClose')}
                      </Button>
                    </Space>
                  ) : (
                    <Button type="primary" icon={<DesktopOutlined />} onClick={() => void citizen.open()} data-testid="open-citizen-view">
                      {t('guide.citizenView')}
                    </Button>
                  )
                }
              >
                {!procedure.fullyOnline && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('guide.partlyOnline')} />}
                <Row gutter={24} wrap={false}>
                  <Col flex="auto">
                    <Steps direction="vertical" size="small" current={-1} items={guideSteps(procedure).map((s) => ({ title: s.title, description: <span style={{ whiteSpace: 'pre-line' }}>{s.description}</span> }))} />
                  </Col>
                  <Col flex="none" style={{ textAlign: 'center', width: 200 }}>
                    {qr ? (
                      <img src={qr} alt={t('guide.qrAlt')} width={180} height={180} data-testid="portal-qr" data-link={link ?? ''} />
                    ) : (
                      <Alert type="warning" showIcon icon={<QrcodeOutlined />} message={t('guide.noLink')} />
                    )}
                    {link && (
                      <Typography.Paragraph copyable={{ text: link }} style={{ fontSize: 12, wordBreak: 'break-all' }} data-testid="portal-link">
                        {link}
                      </Typography.Paragraph>
                    )}
                  </Col>
                </Row>
              </Card>
              <Card title={t('guide.recordTitle')}>
                <Form name="guideRecord" form={form} layout="vertical" onFinish={(v) => void save(v)} initialValues={{ outcome: 'submitted' }} requiredMark="optional">
                  <Row gutter={12}>
                    <Col xs={24} md={12}>
                      <Form.Item name="applicantName" label={t('guide.applicantName')} rules={[{ required: true, whitespace: true, message: t('guide.nameRequired') }, { max: 200 }]}>
                        <Input data-testid="guide-name" autoComplete="off" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name="applicantPhone" label={t('guide.applicantPhone')} rules={[{ pattern: /^\+?[0-9 .]{8,20}$/, message: t('guide.phoneInvalid') }]}>
                        <Input data-testid="guide-phone" autoComplete="off" inputMode="tel" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name="outcome" label={t('guide.outcome')}>
                        <Radio.Group
                          options={[
                            { value: 'submitted', label: t('guide.outcome.submitted') },
                            { value: 'unfinished', label: t('guide.outcome.unfinished') },
                          ]}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name="portalCode" label={t('guide.portalCode')} rules={[{ max: 64 }]}>
                        <Input data-testid="guide-portal-code" autoComplete="off" />
                      </Form.Item>
                    </Col>
                    <Col span={24}>
                      <Form.Item name="note" label={t('guide.note')} rules={[{ max: 1000 }]}>
                        <Input data-testid="guide-note" autoComplete="off" />
                      </Form.Item>
                    </Col>
                  </Row>
                  <HiddenSubmit />
                  <Button type="primary" htmlType="submit" icon={<CheckCircleOutlined />} loading={busy} data-testid="guide-record">
                    {t('guide.record')}
                  </Button>
                </Form>
              </Card>
            </Space>
          )}
          <Card title={t('guide.todayTitle', { n: String(records.data?.length ?? 0) })} style={{ marginTop: 16 }}>
            <Table<AssistedSubmission>
              size="small"
              rowKey="id"
              data-testid="guide-today"
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              dataSource={records.data ?? []}
              locale={{ emptyText: <Typography.Text type="secondary">{t('guide.noneToday')}</Typography.Text> }}
              columns={[
                { title: t('guide.col.time'), dataIndex: 'at', render: (v: string) => formatDateTime(v).slice(-5), width: 70 },
                { title: t('guide.col.applicant'), dataIndex: 'applicantName' },
                { title: t('guide.col.procedure'), dataIndex: 'procedureName' },
                { title: t('guide.col.outcome'), dataIndex: 'outcome', render: (v: AssistedSubmission['outcome']) => (v === 'submitted' ? <Tag color="green">{t('guide.outcome.submitted')}</Tag> : <Tag color="orange">{t('guide.outcome.unfinished')}</Tag>) },
                { title: t('guide.col.portalCode'), dataIndex: 'portalCode', render: (v: string) => v || t('common.none') },
                { title: t('guide.col.officer'), dataIndex: 'officerName' },
              ]}
            />
          </Card>
        </Col>
      </Row>
      {citizen.mode === 'dialog' && guide && <CitizenDialog guide={guide} onClose={citizen.close} />}
    </section>
  );
}
