// Cài đặt → Người nộp (supervisors, admins): the citizens' profiles, ID number and address masked;
// opening one shows it in full (each opening is audited as a view of personal data) with where each
// value came from; an admin deletes a profile on the citizen's request, with a reason (audited). The
// dossiers received for the citizen are kept. An officer corrects a value there (audited with before
// and after); the value then shows "Cán bộ sửa" with the date.
import { Alert, Button, Descriptions, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ApplicantProfileView, ProfileField, Provenance } from '../../../shared/contract/api';
import { DateInput } from '../../components/DateInput';
import { useCan, useClient } from '../../app/context';
import { useAction, useNotify, useQuery } from '../../app/hooks';
import { t } from '../../i18n';
import { formatDate, formatDateTime } from '../../util/format';

const FIELDS: ProfileField[] = ['name', 'dob', 'sex', 'address', 'phone', 'email'];

function value(p: ApplicantProfileView, f: ProfileField): string {
  if (f === 'dob') return p.dob ? formatDate(`${p.dob}T12:00:00+07:00`) : '';
  if (f === 'sex') return p.sex ? t(`applicants.sex.${p.sex}`) : '';
  return p[f];
}

function sourceLabel(p: Provenance): string {
  const date = formatDate(p.at);
  const label = p.corrected ? t('applicants.source.corrected', { date }) : t(`reception.source.${p.source}`, { date });
  return p.officerName ? `${label} · ${p.officerName}` : label;
}

/** The editor of one value: a date for the date of birth, Nam/Nữ for the sex, text otherwise. */
function ValueEditor({ field, value, onChange }: { field: ProfileField; value: string; onChange(v: string): void }) {
  const label = t('applicants.newValue', { field: t(`applicants.field.${field}`) });
  if (field === 'dob') return <DateInput value={value} onChange={onChange} aria-label={label} data-testid="applicant-edit-value" />;
  if (field === 'sex') {
    return (
      <Select
        value={value}
        onChange={onChange}
        style={{ width: 120 }}
        aria-label={label}
        data-testid="applicant-edit-value"
        options={[
          { value: 'male', label: t('applicants.sex.male') },
          { value: 'female', label: t('applicants.sex.female') },
        ]}
      />
    );
  }
  return <Input value={value} onChange={(e) => onChange(e.target.value)} maxLength={500} style={{ width: 360 }} aria-label={label} data-testid="applicant-edit-value" />;
}

export function ApplicantsTab() {
  const client = useClient();
  const notify = useNotify();
  const { busy, run } = useAction();
  const canDelete = useCan('applicants.delete');
  const canCorrect = useCan('applicants.correct');
  const [editing, setEditing] = useState<{ field: ProfileField; value: string } | null>(null);
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  const list = useQuery('applicants.list', { query, limit: 20, offset: (page - 1) * 20 });
  const [open, setOpen] = useState<ApplicantProfileView | null>(null);
  const [reason, setReason] = useState('');

  const view = async (ref: string) => {
    const p = await run(() => client.call('applicants.get', { ref }));
    if (p) setOpen(p);
  };
  const correct = async () => {
    if (!open || !editing) return;
    const p = await run(() => client.call('applicants.correct', { idNumber: open.idNumber, field: editing.field, value: editing.value }));
    if (p) {
      notify.success(t('applicants.corrected'));
      setOpen(p);
      setEditing(null);
      void list.reload();
    }
  };
  /** A value read by OCR, checked against the card as it is: it becomes the officer's (audited). */
  const confirm = async (field: ProfileField) => {
    if (!open) return;
    const p = await run(() => client.call('applicants.correct', { idNumber: open.idNumber, field, value: open[field] }));
    if (p) setOpen(p);
  };
  const close = () => {
    setOpen(null);
    setReason('');
    setEditing(null);
  };
  const remove = async () => {
    if (!open) return;
    const r = await run(() => client.call('applicants.delete', { ref: open.ref, reason }));
    if (r) {
      notify.success(t('applicants.deleted', { n: r.dossiersKept }));
      close();
      void list.reload();
    }
  };
  return (
    <div style={{ maxWidth: 960 }} data-testid="applicants">
      <Typography.Paragraph type="secondary">{t('applicants.intro')}</Typography.Paragraph>
      <Input.Search allowClear placeholder={t('applicants.search')} onSearch={(q) => { setQuery(q); setPage(1); }} style={{ maxWidth: 360, marginBottom: 12 }} data-testid="applicants-search" />
      <Table
        size="small"
        rowKey="ref"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
        columns={[
          { title: t('applicants.idNumber'), dataIndex: 'idNumberMasked', width: 150 },
          { title: t('applicants.name'), dataIndex: 'name' },
          { title: t('applicants.address'), dataIndex: 'addressMasked' },
          { title: t('applicants.updatedAt'), dataIndex: 'updatedAt', width: 160, render: (v: string) => formatDateTime(v) },
          { title: '', width: 90, render: (_, r) => <Button size="small" onClick={() => void view(r.ref)} data-testid="applicant-open">{t('applicants.open')}</Button> },
        ]}
      />
      <Modal open={open !== null} title={open?.name} onCancel={close} footer={null} width={720} destroyOnHidden>
        {open && (
          <div data-testid="applicant-profile">
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'id', label: t('applicants.idNumber'), children: open.idNumber },
                ...FIELDS.map((f) => {
                  const p = open.provenance[f];
                  return {
                    key: f,
                    label: t(`applicants.field.${f}`),
                    children:
                      editing?.field === f ? (
                        <Space wrap data-testid={`applicant-editing-${f}`}>
                          <ValueEditor field={f} value={editing.value} onChange={(v) => setEditing({ field: f, value: v })} />
                          <Button type="primary" size="small" loading={busy} onClick={() => void correct()} data-testid="applicant-edit-save">
                            {t('common.save')}
                          </Button>
                          <Button size="small" onClick={() => setEditing(null)}>
                            {t('common.cancel')}
                          </Button>
                        </Space>
                      ) : (
                        <span data-testid={`applicant-value-${f}`}>
                          <span data-testid={`applicant-text-${f}`}>{value(open, f) || t('common.none')}</span>{' '}
                          {p && (
                            <Tag color={p.toCheck ? 'orange' : undefined} data-testid={`applicant-source-${f}`}>
                              {sourceLabel(p)}
                            </Tag>
                          )}
                          {canCorrect && p?.toCheck && (
                            <Button size="small" type="link" loading={busy} onClick={() => void confirm(f)} aria-label={t('applicants.confirmField', { field: t(`applicants.field.${f}`) })} data-testid={`applicant-confirm-${f}`}>
                              {t('applicants.confirm')}
                            </Button>
                          )}
                          {canCorrect && (
                            <Button
                              size="small"
                              type="link"
                              onClick={() => setEditing({ field: f, value: open[f] })}
                              aria-label={t('applicants.correctField', { field: t(`applicants.field.${f}`) })}
                              data-testid={`applicant-edit-${f}`}
                            >
                              {t('applicants.correct')}
                            </Button>
                          )}
                        </span>
                      ),
                  };
                }),
                { key: 'dossiers', label: t('applicants.dossiers'), children: open.dossiers },
              ]}
            />
            {canDelete && (
              <div style={{ marginTop: 16 }}>
                <Alert type="warning" showIcon title={t('applicants.deleteIntro')} style={{ marginBottom: 8 }} />
                <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('applicants.reason')} autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} data-testid="applicant-delete-reason" />
                <Button danger style={{ marginTop: 8 }} loading={busy} disabled={reason.trim().length < 5} onClick={() => void remove()} data-testid="applicant-delete">
                  {t('applicants.delete')}
                </Button>
              </div>
            )}
          </div>
        )}
      </Modal>
    </div>
  );
}
