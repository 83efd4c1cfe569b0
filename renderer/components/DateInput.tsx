// Every date the officer types or picks is dd/mm/yyyy, whatever the browser's or the OS's locale
// (a native <input type="date"> follows the locale and turned `01/11/2026` into `112026-12-06`).
// The value stays the contract's `YYYY-MM-DD` string, so forms and queries do not change.
import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import type { CSSProperties } from 'react';
import { t } from '../i18n';

export const DATE_FORMAT = 'DD/MM/YYYY';
const ISO = 'YYYY-MM-DD';

export interface DateInputProps {
  id?: string;
  value?: string | null;
  onChange?(value: string): void;
  /** Earliest and latest day allowed (YYYY-MM-DD). */
  min?: string;
  max?: string;
  style?: CSSProperties;
  'aria-label'?: string;
  'data-testid'?: string;
  disabled?: boolean;
}

function day(v: string | null | undefined) {
  if (!v) return null;
  const d = dayjs(v, ISO, true);
  return d.isValid() ? d : null;
}

export function DateInput({ id, value, onChange, min, max, style, disabled, ...rest }: DateInputProps) {
  return (
    <DatePicker
      id={id}
      format={[DATE_FORMAT, 'D/M/YYYY', 'DDMMYYYY']}
      placeholder={t('common.datePlaceholder')}
      value={day(value)}
      minDate={day(min) ?? undefined}
      maxDate={day(max) ?? undefined}
      onChange={(d) => onChange?.(d ? d.format(ISO) : '')}
      style={{ width: 160, ...style }}
      disabled={disabled}
      aria-label={rest['aria-label']}
      data-testid={rest['data-testid']}
    />
  );
}
