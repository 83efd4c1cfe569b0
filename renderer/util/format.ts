import { formatLocalDay, formatVietnamDate, formatVietnamDateTime, formatVietnamTime, isLocalDay, localWeekday, toLocalDay, VIETNAMESE_WEEKDAYS } from '../../shared/domain/vietnam-time';
import { t } from '../i18n';

// Moments are shown in Vietnam time (UTC+7, shared/domain/vietnam-time.ts), as papers and the index
// count them, whatever time zone this PC is set to.
const valid = (iso: string) => !Number.isNaN(Date.parse(iso));

/** 23/11/2026 09:15 — the form used on Vietnamese administrative papers. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return t('common.none');
  return valid(iso) ? formatVietnamDateTime(iso) : iso;
}

/** 23/11/2026 — of an instant (in Vietnam) or of a local day written yyyy-MM-dd. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return t('common.none');
  if (isLocalDay(iso)) return formatLocalDay(iso);
  return valid(iso) ? formatVietnamDate(iso) : iso;
}

/** "Thứ hai, 23/11/2026 lúc 09:15" for the due date shown to the applicant. */
export function formatLongDateTime(iso: string | null | undefined): string {
  if (!iso) return t('common.none');
  if (!valid(iso)) return iso;
  const weekday = VIETNAMESE_WEEKDAYS[localWeekday(toLocalDay(iso))]!;
  return t('format.longDateTime', { weekday, date: formatVietnamDate(iso), time: formatVietnamTime(iso) });
}
