import dayjs from 'dayjs';
import { t } from '../i18n';

/** 23/11/2026 09:15 — the form used on Vietnamese administrative papers. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return t('common.none');
  const d = dayjs(iso);
  return d.isValid() ? d.format('DD/MM/YYYY HH:mm') : iso;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return t('common.none');
  const d = dayjs(iso);
  return d.isValid() ? d.format('DD/MM/YYYY') : iso;
}

/** "Thứ hai, 23/11/2026 lúc 09:15" for the due date shown to the applicant. */
export function formatLongDateTime(iso: string | null | undefined): string {
  if (!iso) return t('common.none');
  const d = dayjs(iso);
  if (!d.isValid()) return iso;
  const weekday = d.format('dddd');
  return t('format.longDateTime', { weekday: `${weekday.charAt(0).toUpperCase()}${weekday.slice(1)}`, date: d.format('DD/MM/YYYY'), time: d.format('HH:mm') });
}
