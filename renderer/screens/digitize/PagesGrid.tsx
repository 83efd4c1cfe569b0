// Thumbnails of a component's pages: drag (or ←/→ buttons) to reorder, rotate, delete, select for
// moving to another component, badges for blank / low-confidence pages, per-page OCR state.
import { ArrowLeftOutlined, ArrowRightOutlined, DeleteOutlined, EyeOutlined, LoadingOutlined, RotateRightOutlined } from '@ant-design/icons';
import { Button, Checkbox, Empty, Popconfirm, Space, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import type { Page } from '../../../shared/domain/schemas';
import { useClient } from '../../app/context';
import { t } from '../../i18n';

export interface PagesGridProps {
  pages: Page[];
  threshold: number;
  selected: Set<string>;
  onToggle(pageId: string, on: boolean): void;
  onReorder(pageIds: string[]): void;
  onRotate(page: Page): void;
  onDelete(page: Page): void;
  onReview(page: Page): void;
}

function OcrBadge({ page, threshold }: { page: Page; threshold: number }) {
  switch (page.ocrStatus) {
    case 'pending':
      return <Tag>{t('digitize.ocr.pending')}</Tag>;
    case 'running':
      return (
        <Tag color="processing" icon={<LoadingOutlined />}>
          {t('digitize.ocr.running')}
        </Tag>
      );
    case 'failed':
      return (
        <Tooltip title={page.error ?? undefined}>
          <Tag color="error">{t('digitize.ocr.failed')}</Tag>
        </Tooltip>
      );
    case 'skipped':
      return <Tag>{t('digitize.ocr.skipped')}</Tag>;
    case 'done':
      if (page.confidence === null) return <Tag color="success">{t('digitize.ocr.done')}</Tag>;
      return <Tag color={page.confidence < threshold ? 'warning' : 'success'}>{t('digitize.confidence', { n: Math.round(page.confidence) })}</Tag>;
  }
}

export function PagesGrid({ pages, threshold, selected, onToggle, onReorder, onRotate, onDelete, onReview }: PagesGridProps) {
  const client = useClient();
  const [dragId, setDragId] = useState<string | null>(null);
  const [overId, setOverId] = useState<string | null>(null);

  if (pages.length === 0) return <Empty description={t('digitize.noPages')} data-testid="no-pages" />;

  const ids = pages.map((p) => p.id);
  const move = (id: string, to: number) => {
    const from = ids.indexOf(id);
    if (from < 0 || to < 0 || to >= ids.length || from === to) return;
    const next = [...ids];
    next.splice(from, 1);
    next.splice(to, 0, id);
    onReorder(next);
  };

  return (
    <div className="mc-thumbs" data-testid="pages-grid">
      {pages.map((page, index) => {
        const low = page.ocrStatus === 'done' && page.confidence !== null && page.confidence < threshold;
        return (
          <div
            key={page.id}
            className="mc-thumb"
            data-testid="page-thumb"
            data-page-id={page.id}
            data-ocr={page.ocrStatus}
            data-selected={selected.has(page.id)}
            data-dragover={overId === page.id && dragId !== page.id}
            draggable
            onDragStart={(e) => {
              setDragId(page.id);
              e.dataTransfer.effectAllowed = 'move';
              e.dataTransfer.setData('text/plain', page.id);
            }}
            onDragOver={(e) => {
              if (!dragId) return;
              e.preventDefault();
              e.dataTransfer.dropEffect = 'move';
              if (overId !== page.id) setOverId(page.id);
            }}
            onDragLeave={() => setOverId((o) => (o === page.id ? null : o))}
            onDrop={(e) => {
              e.preventDefault();
              if (dragId && dragId !== page.id) move(dragId, index);
              setDragId(null);
              setOverId(null);
            }}
            onDragEnd={() => {
              setDragId(null);
              setOverId(null);
            }}
          >
            <div className="mc-thumb-head">
              <Checkbox checked={selected.has(page.id)} onChange={(e) => onToggle(page.id, e.target.checked)} aria-label={`${t('digitize.select')} ${page.sequence}`}>
                {t('digitize.page', { n: page.sequence })}
              </Checkbox>
            </div>
            <button type="button" className="mc-thumb-img" onClick={() => onReview(page)} aria-label={`${t('digitize.review')} – ${t('digitize.page', { n: page.sequence })}`} title={page.sourceName}>
              <img
                src={client.fileUrl('thumb', page.imageId)}
                onError={(e) => {
                  // No thumbnail (yet): show the page image itself rather than a broken picture.
                  const full = client.fileUrl('page', page.imageId);
                  if (e.currentTarget.src !== full) e.currentTarget.src = full;
                }}
                alt={t('digitize.page', { n: page.sequence })}
                loading="lazy"
                draggable={false}
              />
            </button>
            <div className="mc-thumb-badges">
              <OcrBadge page={page} threshold={threshold} />
              {page.blank && <Tag color="default">{t('digitize.badge.blank')}</Tag>}
              {(low || page.needsReview) && (
                <Tag color="orange" title={low ? t('digitize.badge.lowConfidence') : undefined}>
                  {low ? t('digitize.badge.lowConfidence') : t('digitize.badge.review')}
                </Tag>
              )}
              {page.error && page.ocrStatus !== 'failed' && (
                <Tooltip title={page.error}>
                  <Tag color="error">{t('digitize.badge.failed')}</Tag>
                </Tooltip>
              )}
            </div>
            <div className="mc-thumb-actions">
              <Space size={0}>
                <Tooltip title={t('digitize.moveLeft')}>
                  <Button size="small" type="text" icon={<ArrowLeftOutlined />} disabled={index === 0} onClick={() => move(page.id, index - 1)} aria-label={t('digitize.moveLeft')} />
                </Tooltip>
                <Tooltip title={t('digitize.moveRight')}>
                  <Button size="small" type="text" icon={<ArrowRightOutlined />} disabled={index === pages.length - 1} onClick={() => move(page.id, index + 1)} aria-label={t('digitize.moveRight')} />
                </Tooltip>
              </Space>
              <Space size={0}>
                <Tooltip title={t('digitize.review')}>
                  <Button size="small" type="text" icon={<EyeOutlined />} onClick={() => onReview(page)} aria-label={t('digitize.review')} />
                </Tooltip>
                <Tooltip title={t('digitize.rotate')}>
                  <Button size="small" type="text" icon={<RotateRightOutlined />} onClick={() => onRotate(page)} aria-label={t('digitize.rotate')} />
                </Tooltip>
                <Popconfirm title={t('digitize.deleteConfirm')} okText={t('common.delete')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }} onConfirm={() => onDelete(page)}>
                  <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('digitize.deletePage')} />
                </Popconfirm>
              </Space>
            </div>
          </div>
        );
      })}
    </div>
  );
}
