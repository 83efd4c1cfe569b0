// Review one page: the image beside its recognized text, low-confidence words highlighted (a click
// shows the word on the page image, which zooms), and a correction box (digitize.correctPage).
import { ZoomInOutlined, ZoomOutOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Drawer, Input, Row, Skeleton, Space, Tabs, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { OcrWord } from '../../../shared/contract/api';
import type { Page } from '../../../shared/domain/schemas';
import { useClient } from '../../app/context';
import { useAction, useNotify, useQuery } from '../../app/hooks';
import { t } from '../../i18n';

/** Lays the words over the text in order, wrapping those below the threshold in <mark>. */
export function highlightWords(text: string, words: OcrWord[], threshold: number, onPick?: (w: OcrWord) => void): { nodes: ReactNode[]; low: number } {
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
      <mark
        key={i}
        className="mc-low-word"
        title={`${t('digitize.confidence', { n: Math.round(w.confidence) })} · ${t('digitize.showOnImage')}`}
        role="button"
        tabIndex={0}
        data-testid="low-word"
        onClick={() => onPick?.(w)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            onPick?.(w);
          }
        }}
      >
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
  const [focus, setFocus] = useState<OcrWord | null>(null);
  const [zoom, setZoom] = useState(1);
  const [natural, setNatural] = useState<{ w: number; h: number } | null>(null);
  const boxRef = useRef<HTMLDivElement>(null);

  const current = page && text.data ? text.data : undefined;
  useEffect(() => {
    setDraft(current?.text ?? '');
  }, [current]);
  useEffect(() => {
    setTab('view');
    setFocus(null);
    setZoom(1);
  }, [page?.id]);

  const marked = useMemo(
    () =>
      current
        ? highlightWords(current.text, current.words, threshold, (w) => {
            setFocus(w);
            setZoom((z) => Math.max(z, 2));
          })
        : null,
    [current, threshold],
  );
  // The word's box is in the page image's pixels (the upright page the OCR read).
  const frame = page && page.width > 0 && page.height > 0 ? { w: page.width, h: page.height } : natural;
  useEffect(() => {
    if (focus) window.setTimeout(() => boxRef.current?.scrollIntoView({ block: 'center', inline: 'center', behavior: 'smooth' }), 50);
  }, [focus, zoom]);

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
            <Space style={{ marginBottom: 8 }}>
              <Button icon={<ZoomOutOutlined />} onClick={() => setZoom((z) => Math.max(1, z / 1.5))} disabled={zoom <= 1} aria-label={t('digitize.zoomOut')} />
              <Button icon={<ZoomInOutlined />} onClick={() => setZoom((z) => Math.min(6, z * 1.5))} disabled={zoom >= 6} aria-label={t('digitize.zoomIn')} data-testid="zoom-in" />
              <Button onClick={() => setZoom(1)} disabled={zoom === 1}>
                {t('digitize.zoomFit')}
              </Button>
              <Typography.Text type="secondary">{Math.round(zoom * 100)} %</Typography.Text>
            </Space>
            <div className="mc-review-viewport" data-testid="review-viewport">
              <div className="mc-review-canvas" style={{ width: `${zoom * 100}%` }}>
                <img
                  className="mc-review-image"
                  src={client.fileUrl('page', page.imageId)}
                  alt={t('digitize.page', { n: page.sequence })}
                  onLoad={(e) => setNatural({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })}
                  data-testid="review-image"
                />
                {focus && frame && (
                  <div
                    ref={boxRef}
                    className="mc-word-box"
                    data-testid="word-box"
                    title={focus.text}
                    style={{
                      left: `${(focus.bbox.x0 / frame.w) * 100}%`,
                      top: `${(focus.bbox.y0 / frame.h) * 100}%`,
                      width: `${((focus.bbox.x1 - focus.bbox.x0) / frame.w) * 100}%`,
                      height: `${((focus.bbox.y1 - focus.bbox.y0) / frame.h) * 100}%`,
                    }}
                  />
                )}
              </div>
            </div>
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
                        <Alert
                          type="info"
                          showIcon
                          title={t('digitize.reviewLegend', { n: threshold })}
                          description={
                            <>
                              {marked ? `${t('digitize.lowWords', { n: marked.low })}. ` : ''}
                              {t('digitize.reviewLimit')}
                            </>
                          }
                        />
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
