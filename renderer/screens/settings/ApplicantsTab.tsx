// Cài đặt → Người nộp (supervisors, admins): the citizens' profiles, ID number and address masked;
// opening one shows it in full (each opening is audited as a view of personal data) with where each
// value came from; an admin deletes a profile on the citizen's request, with a reason (audited). The
// dossiers received for the citizen are kept.
import { Alert, Button, Descriptions, Input, Modal, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ApplicantProfileView, ProfileField } from '../../../shared/contract/api';
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

export function ApplicantsTab() {
  const client = useClient();
  const notify = useNotify();
  const { busy, run } = useAction();
  const canDelete = useCan('applicants.delete');
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  const list = useQuery('applicants.list', { query, limit: 20, offset: (page - 1) * 20 });
  const [open, setOpen] = useState<ApplicantProfileView | null>(null);
  const [reason, setReason] = useState('');

  const view = async (ref: string) => {
    const p = await run(() => client.call('applicants.get', { ref }));
    if (p) setOpen(p);
  };
  const remove = async () => {
    if (!open) return;
    const r = await run(() => client.call('applicants.delete', { ref: open.ref, reason }));
    if (r) {
      notify.success(t('applicants.deleted', { n: r.dossiersKept }));
      setOpen(null);
      setReason('');
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
      <Modal open={open !== null} title={open?.name} onCancel={() => { setOpen(null); setReason(''); }} footer={null} width={720} destroyOnHidden>
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
                    children: (
                      <span>
                        {value(open, f) || t('common.none')}{' '}
                        {p && <Tag color={p.toCheck ? 'orange' : undefined}>{t(`reception.source.${p.source}`, { date: formatDate(p.at) })}{p.officerName ? ` · ${p.officerName}` : ''}</Tag>}
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
