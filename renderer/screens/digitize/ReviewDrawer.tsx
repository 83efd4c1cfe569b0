// Review one page: the image beside its recognized text, low-confidence words highlighted, and a
// correction box (digitize.correctPage).
import { Alert, Button, Col, Drawer, Input, Row, Skeleton, Space, Tabs, Typography } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { OcrWord } from '../../../shared/contract/api';
import type { Page } from '../../../shared/domain/schemas';
import { useClient } from '../../app/context';
import { useAction, useNotify, useQuery } from '../../app/hooks';
import { t } from '../../i18n';

/** Lays the words over the text in order, wrapping those below the threshold in <mark>. */
export function highlightWords(text: string, words: OcrWord[], threshold: number): { nodes: ReactNode[]; low: number } {
  const nodes: ReactNode[] = [];
  let pos = 0; // where the next word is searched from
  let emitted = 0; // how much of the text is already in `nodes`
  let low = 0;
  words.forEach((w, i) => {
    if (!w.text) return;
    const at = text.indexOf(w.text, pos);
    if (at < 0) return;
    pos = at + w.text.length;
    if (w.confidence >= threshold) return;
    low++;
    if (at > emitted) nodes.push(text.slice(emitted, at));
    nodes.push(
      <mark key={i} className="mc-low-word" title={t('digitize.confidence', { n: Math.round(w.confidence) })}>
        {w.text}
      </mark>,
    );
    emitted = pos;
  });
  if (emitted < text.length) nodes.push(text.slice(emitted));
  return { nodes, low };
}

export function ReviewDrawer({ page, threshold, onClose, onSaved }: { page: Page | null; threshold: number; onClose(): void; onSaved(p: Page): void }) {
  const client = useClient();
  const notify = useNotify();
  const text = useQuery('digitize.pageText', { pageId: page?.id ?? '-' }, { enabled: !!page });
  const { busy, run } = useAction();
  const [draft, setDraft] = useState('');
  const [tab, setTab] = useState('view');

  const current = page && text.data ? text.data : undefined;
  useEffect(() => {
    setDraft(current?.text ?? '');
  }, [current]);
  useEffect(() => {
    setTab('view');
  }, [page?.id]);

  const marked = useMemo(() => (current ? highlightWords(current.text, current.words, threshold) : null), [current, threshold]);

  const save = async () => {
    if (!page) return;
    const saved = await run(() => client.call('digitize.correctPage', { pageId: page.id, text: draft }));
    if (saved) {
      notify.success(t('digitize.reviewSaved'));
      onSaved(saved);
      void text.reload();
      setTab('view');
    }
  };

  return (
    <Drawer open={!!page} onClose={onClose} size="90vw" title={page ? t('digitize.reviewTitle', { n: page.sequence }) : ''} destroyOnHidden data-testid="review-drawer">
      {page && (
        <Row gutter={20}>
          <Col xs={24} lg={11}>
            <img
              className="mc-review-image"
              src={client.fileUrl('page', page.imageId)}
              alt={t('digitize.page', { n: page.sequence })}
              style={{ maxHeight: '78vh' }}
            />
          </Col>
          <Col xs={24} lg={13}>
            {!current ? (
              <Skeleton active />
            ) : (
              <Tabs
                activeKey={tab}
                onChange={setTab}
                items={[
                  {
                    key: 'view',
                    label: t('digitize.reviewText'),
                    children: (
                      <Space orientation="vertical" style={{ width: '100%' }}>
                        <Alert type="info" showIcon title={t('digitize.reviewLegend', { n: threshold })} description={marked ? t('digitize.lowWords', { n: marked.low }) : undefined} />
                        {current.text ? (
                          <div className="mc-ocr-text" data-testid="ocr-text" lang="vi">
                            {marked?.nodes}
                          </div>
                        ) : (
                          <Typography.Text type="secondary">{t('digitize.reviewEmpty')}</Typography.Text>
                        )}
                      </Space>
                    ),
                  },
                  {
                    key: 'edit',
                    label: t('digitize.reviewEdit'),
                    children: (
                      <Space orientation="vertical" style={{ width: '100%' }}>
                        <Input.TextArea value={draft} onChange={(e) => setDraft(e.target.value)} autoSize={{ minRows: 12, maxRows: 28 }} lang="vi" spellCheck={false} data-testid="ocr-edit" />
                        <Button type="primary" onClick={() => void save()} loading={busy} disabled={draft === current.text}>
                          {t('digitize.reviewSave')}
                        </Button>
                      </Space>
                    ),
                  },
                ]}
              />
            )}
          </Col>
        </Row>
      )}
    </Drawer>
  );
}
