// The dossier drawer's "Tin nhắn cho công dân": what was queued for the applicant and what sync has
// sent (main/services/messages.ts), with times in dd/MM/yyyy HH:mm (Vietnam time).
import { Table, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import type { OutboxMessageView } from '../../../shared/contract/api';
import { MESSAGE_KIND_LABELS } from '../../../shared/domain/message-templates';
import { useEvent, useQuery } from '../../app/hooks';
import { t, type MessageKey } from '../../i18n';
import { formatDateTime } from '../../util/format';

const STATUS: Record<OutboxMessageView['status'], { key: MessageKey; color: string }> = {
  queued: { key: 'messages.status.queued', color: 'blue' },
  sent: { key: 'messages.status.sent', color: 'green' },
  failed: { key: 'messages.status.failed', color: 'red' },
  cancelled: { key: 'messages.status.cancelled', color: 'default' },
};

const small = { display: 'block', fontSize: 12 } as const;

export function DossierMessages({ dossierId }: { dossierId: string }) {
  const messages = useQuery('messages.forDossier', { dossierId });
  const { reload } = messages;
  useEvent('dossier.changed', (p) => {
    if (p.dossierId === dossierId) void reload();
  });

  return (
    <div data-testid="dossier-messages">
      <Typography.Title level={5}>{t('messages.title')}</Typography.Title>
      <Table<OutboxMessageView>
        size="small"
        pagination={false}
        rowKey="id"
        loading={messages.loading}
        dataSource={messages.data ?? []}
        locale={{ emptyText: t('messages.none') }}
        onRow={() => ({ 'data-testid': 'dossier-message' }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('messages.col.kind'), width: 150, render: (_, m) => MESSAGE_KIND_LABELS[m.kind] },
          {
            title: t('messages.col.text'),
            render: (_, m) => (
              <span>
                {m.text}
                {m.channel && (
                  <Typography.Text type="secondary" style={small}>
                    {t(m.channel === 'sms' ? 'messages.to.sms' : 'messages.to.email', { to: m.recipient })}
                  </Typography.Text>
                )}
              </span>
            ),
          },
          {
            title: t('messages.col.status'),
            width: 140,
            render: (_, m) => (
              <span>
                <Tag color={STATUS[m.status].color}>{t(STATUS[m.status].key)}</Tag>
                {m.lastError && (
                  <Typography.Text type="secondary" style={small}>
                    {m.lastError}
                  </Typography.Text>
                )}
                {m.attempts > 1 && (
                  <Typography.Text type="secondary" style={small}>
                    {t('messages.attempts', { n: m.attempts })}
                  </Typography.Text>
                )}
              </span>
            ),
          },
          {
            title: t('messages.col.time'),
            width: 150,
            render: (_, m) => (
              <span className="mc-nowrap">
                {t('messages.queuedAt', { at: formatDateTime(m.createdAt) })}
                {m.sentAt && <span style={{ display: 'block' }}>{t('messages.sentAt', { at: formatDateTime(m.sentAt) })}</span>}
              </span>
            ),
          },
        ]}
      />
    </div>
  );
}
