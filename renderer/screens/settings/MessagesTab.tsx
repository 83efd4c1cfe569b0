// Cài đặt → Mẫu tin nhắn (administrators): one template per kind of message to the applicant, the
// placeholders the kind may use, a live preview on a sample dossier, and the due-soon warning. The
// core checks the template again on save and refuses a bad placeholder with a Vietnamese message.
import { Alert, Button, Card, InputNumber, Input, Select, Space, Switch, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import {
  DEFAULT_TEMPLATES,
  MESSAGE_KINDS,
  MESSAGE_KIND_LABELS,
  PLACEHOLDERS,
  renderTemplate,
  SAMPLE_MESSAGE_VARS,
  smsSegments,
  type MessageKind,
  type Placeholder,
} from '../../../shared/domain/message-templates';
import { useClient } from '../../app/context';
import { useAction, useNotify, useQuery } from '../../app/hooks';
import { t } from '../../i18n';

export function MessagesTab() {
  const client = useClient();
  const notify = useNotify();
  const { busy, run } = useAction();
  const view = useQuery('messages.templates', {});
  const [kind, setKind] = useState<MessageKind>('received');
  const [text, setText] = useState('');
  const [enabled, setEnabled] = useState(true);
  const [hours, setHours] = useState<number>(8);
  const current = view.data?.templates.find((x) => x.kind === kind);

  useEffect(() => {
    if (!view.data) return;
    const tpl = view.data.templates.find((x) => x.kind === kind);
    if (tpl) {
      setText(tpl.text);
      setEnabled(tpl.enabled);
    }
    setHours(view.data.dueSoonWorkingHours);
  }, [view.data, kind]);

  let preview = '';
  let problem: string | null = null;
  try {
    preview = renderTemplate(kind, text, SAMPLE_MESSAGE_VARS);
  } catch (err) {
    problem = (err as Error).message;
  }
  const size = smsSegments(preview);

  const save = async () => {
    const r = await run(() => client.call('messages.saveTemplate', { kind, text, enabled, ...(kind === 'dueSoon' ? { dueSoonWorkingHours: hours } : {}) }));
    if (r) {
      view.setData(r);
      notify.success(t('messages.saved', { kind: MESSAGE_KIND_LABELS[kind] }));
    }
  };

  return (
    <div data-testid="messages-tab">
      <Typography.Paragraph type="secondary">{t('messages.intro')}</Typography.Paragraph>
      <Space orientation="vertical" size={12} style={{ width: '100%', maxWidth: 760 }}>
        <Space wrap>
          <label htmlFor="message-kind">{t('messages.kind')}</label>
          <Select<MessageKind>
            id="message-kind"
            value={kind}
            onChange={setKind}
            style={{ width: 280 }}
            options={MESSAGE_KINDS.map((k) => ({ value: k, label: MESSAGE_KIND_LABELS[k] }))}
            data-testid="message-kind"
          />
          {current?.isDefault && <Tag>{t('messages.default')}</Tag>}
        </Space>
        <Space>
          <Switch checked={enabled} onChange={setEnabled} aria-label={t('messages.enabled')} data-testid="message-enabled" />
          <span>{t('messages.enabled')}</span>
        </Space>
        <div>
          <label htmlFor="message-text">{t('messages.text')}</label>
          <Input.TextArea id="message-text" value={text} onChange={(e) => setText(e.target.value)} autoSize={{ minRows: 3, maxRows: 8 }} data-testid="message-text" />
        </div>
        <div>
          <Typography.Text>{t('messages.placeholders')}</Typography.Text>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, marginTop: 6 }}>
            {(current?.placeholders ?? []).map((p) => (
              <Button key={p} size="small" onClick={() => setText(`${text}{${p}}`)} aria-label={t('messages.insert', { p: `{${p}}`, label: PLACEHOLDERS[p as Placeholder] })} title={PLACEHOLDERS[p as Placeholder]}>
                {`{${p}}`}
              </Button>
            ))}
          </div>
        </div>
        {kind === 'dueSoon' && (
          <Space wrap>
            <label htmlFor="message-due-soon">{t('messages.dueSoonHours')}</label>
            <InputNumber id="message-due-soon" min={0.5} max={80} step={1} value={hours} onChange={(v) => setHours(v ?? 8)} />
            <Typography.Text type="secondary">{t('messages.dueSoonHint')}</Typography.Text>
          </Space>
        )}
        {problem ? (
          <Alert type="error" showIcon title={problem} data-testid="message-problem" />
        ) : (
          <Card size="small" title={t('messages.preview')} data-testid="message-preview">
            <Typography.Paragraph style={{ marginBottom: 4 }}>{preview}</Typography.Paragraph>
            <Typography.Text type="secondary">{t('messages.segments', { chars: size.chars, segments: size.segments })}</Typography.Text>
          </Card>
        )}
        <Space>
          <Button type="primary" onClick={() => void save()} loading={busy} data-testid="message-save">
            {t('messages.save')}
          </Button>
          <Button onClick={() => setText(DEFAULT_TEMPLATES[kind])}>{t('messages.useDefault')}</Button>
        </Space>
      </Space>
    </div>
  );
}
