// Cài đặt → Lịch làm việc: the days off and Saturdays worked per year (a simple table editor), the
// office's shifts, import/export (JSON, iCalendar). Admins edit; everyone can read and export.
import { DeleteOutlined, DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { CalendarView } from '../../../shared/contract/api';
import { calendarRowsProblem, officeHoursProblem, TO_CONFIRM, type CalendarDay, type OfficeHours } from '../../../shared/domain/calendar';
import { VIETNAMESE_WEEKDAYS, todayLocal } from '../../../shared/domain/vietnam-time';
import { useClient, useSession } from '../../app/context';
import { useAction, useNotify, useQuery } from '../../app/hooks';
import { t } from '../../i18n';
import { DateInput } from '../../components/DateInput';
import { formatDate } from '../../util/format';

const formatShifts = (shifts: OfficeHours[number]) => shifts.map((s) => `${s.start}-${s.end}`).join(', ');
const parseShifts = (text: string) =>
  text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const [start = '', end = ''] = p.split('-').map((x) => x.trim());
      return { start, end };
    });

function download(name: string, mime: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function CalendarTab() {
  const client = useClient();
  const notify = useNotify();
  const { session } = useSession();
  const admin = session.officer.role === 'admin';
  const { busy, run } = useAction();
  const cal = useQuery('calendar.get', {});
  const thisYear = Number(todayLocal().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [rows, setRows] = useState<CalendarDay[]>([]);
  const [hours, setHours] = useState<string[]>([]);
  const fileRef = useRef<HTMLInputElement>(null);
  const known = cal.data?.knownYears.includes(year) ?? false;

  const load = (view: CalendarView | undefined, y: number) => {
    if (!view) return;
    setRows(view.days.filter((d) => d.date.startsWith(`${y}-`)));
    setHours(view.officeHours.map(formatShifts));
  };
  useEffect(() => load(cal.data, year), [cal.data, year]);

  const years = [...new Set([...(cal.data?.knownYears ?? []), thisYear, thisYear + 1, year])].sort();
  const patch = (i: number, p: Partial<CalendarDay>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...p } : r)));
  const rowsProblem = calendarRowsProblem(rows);
  const officeHours: OfficeHours = hours.map(parseShifts);
  const hoursProblem = hours.length === 7 ? officeHoursProblem(officeHours) : null;

  const propose = async () => {
    const r = await run(() => client.call('calendar.propose', { year }));
    if (r) setRows(r);
  };
  const save = async () => {
    const r = await run(() => client.call('calendar.saveYear', { year, days: [...rows].sort((a, b) => a.date.localeCompare(b.date)) }));
    if (r) {
      notify.success(t('calendar.saved', { year }));
      await cal.reload();
    }
  };
  const saveHours = async () => {
    const r = await run(() => client.call('calendar.setOfficeHours', { officeHours }));
    if (r) notify.success(t('calendar.hoursSaved'));
  };
  const exportAs = async (format: 'json' | 'ics') => {
    const r = await run(() => client.call('calendar.export', { format }));
    if (r) download(r.fileName, r.mime, r.text);
  };
  const importFile = async (file: File | undefined) => {
    if (!file) return;
    const text = await file.text();
    const r = await run(() => client.call('calendar.import', { text }));
    if (r) {
      notify.success(t('calendar.imported'));
      await cal.reload();
    }
    if (fileRef.current) fileRef.current.value = '';
  };

  return (
    <div data-testid="calendar-tab">
      <Typography.Paragraph type="secondary">{t('calendar.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select value={year} onChange={setYear} options={years.map((y) => ({ value: y, label: String(y) }))} style={{ width: 110 }} data-testid="calendar-year" aria-label={t('calendar.yearLabel')} />
        {admin && (
          <>
            <Button onClick={propose} loading={busy} data-testid="calendar-propose">
              {t('calendar.propose')}
            </Button>
            <Button icon={<PlusOutlined />} onClick={() => setRows([...rows, { date: `${year}-`, kind: 'off', name: '', basis: '', confirmed: false }])}>
              {t('calendar.addRow')}
            </Button>
            <Button type="primary" onClick={save} disabled={!!rowsProblem} loading={busy} data-testid="calendar-save">
              {t('calendar.saveYear', { year })}
            </Button>
            <Button icon={<UploadOutlined />} onClick={() => fileRef.current?.click()}>
              {t('calendar.import')}
            </Button>
            <input ref={fileRef} type="file" accept=".json,application/json" hidden onChange={(e) => void importFile(e.target.files?.[0])} data-testid="calendar-import-file" />
          </>
        )}
        <Button icon={<DownloadOutlined />} onClick={() => void exportAs('json')}>
          {t('calendar.exportJson')}
        </Button>
        <Button icon={<DownloadOutlined />} onClick={() => void exportAs('ics')}>
          {t('calendar.exportIcs')}
        </Button>
      </Space>
      {!known && <Alert type="warning" showIcon title={t('calendar.unknownYear', { year, flag: TO_CONFIRM })} style={{ marginBottom: 12 }} />}
      {admin && rowsProblem && rows.length > 0 && <Alert type="error" showIcon title={rowsProblem} style={{ marginBottom: 12 }} />}
      <Table<CalendarDay & { i: number }>
        size="small"
        rowKey="i"
        pagination={false}
        dataSource={rows.map((r, i) => ({ ...r, i }))}
        data-testid="calendar-rows"
        columns={[
          { title: t('calendar.col.date'), dataIndex: 'date', width: 160, render: (v: string, r) => (admin ? <DateInput value={v} onChange={(date) => patch(r.i, { date })} aria-label={`${t('calendar.col.date')} ${r.i + 1}`} style={{ width: '100%' }} /> : formatDate(v)) },
          {
            title: t('calendar.col.kind'),
            dataIndex: 'kind',
            width: 150,
            render: (v: CalendarDay['kind'], r) =>
              admin ? (
                <Select value={v} onChange={(kind) => patch(r.i, { kind })} options={[{ value: 'off', label: t('calendar.kind.off') }, { value: 'work', label: t('calendar.kind.work') }]} style={{ width: '100%' }} aria-label={`${t('calendar.col.kind')} ${r.i + 1}`} />
              ) : (
                <Tag color={v === 'off' ? 'red' : 'blue'}>{t(v === 'off' ? 'calendar.kind.off' : 'calendar.kind.work')}</Tag>
              ),
          },
          { title: t('calendar.col.name'), dataIndex: 'name', render: (v: string, r) => (admin ? <Input value={v} onChange={(e) => patch(r.i, { name: e.target.value })} aria-label={`${t('calendar.col.name')} ${r.i + 1}`} /> : v) },
          { title: t('calendar.col.basis'), dataIndex: 'basis', render: (v: string, r) => (admin ? <Input value={v} onChange={(e) => patch(r.i, { basis: e.target.value })} aria-label={`${t('calendar.col.basis')} ${r.i + 1}`} /> : v) },
          {
            title: t('calendar.col.confirmed'),
            dataIndex: 'confirmed',
            width: 120,
            render: (v: boolean, r) => (admin ? <Switch checked={v} onChange={(confirmed) => patch(r.i, { confirmed })} aria-label={`${t('calendar.confirmed')} ${r.i + 1}`} /> : v ? <Tag color="green">{t('calendar.confirmed')}</Tag> : <Tag color="orange">{TO_CONFIRM}</Tag>),
          },
          ...(admin ? [{ title: '', key: 'del', width: 50, render: (_: unknown, r: { i: number }) => <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('calendar.removeRow')} onClick={() => setRows(rows.filter((_x, j) => j !== r.i))} /> }] : []),
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('calendar.hoursTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('calendar.hoursHint')}</Typography.Paragraph>
      <div style={{ display: 'grid', gridTemplateColumns: '110px minmax(200px, 360px)', gap: 8, alignItems: 'center' }}>
        {[1, 2, 3, 4, 5, 6, 0].map((d) => (
          <div key={d} style={{ display: 'contents' }}>
            <span>{VIETNAMESE_WEEKDAYS[d]}</span>
            <Input value={hours[d] ?? ''} disabled={!admin} onChange={(e) => setHours(hours.map((h, j) => (j === d ? e.target.value : h)))} placeholder={t('calendar.hoursClosed')} data-testid={`calendar-hours-${d}`} aria-label={`${t('calendar.hoursTitle')}: ${VIETNAMESE_WEEKDAYS[d]}`} />
          </div>
        ))}
      </div>
      {hoursProblem && <Alert type="error" showIcon title={hoursProblem} style={{ marginTop: 8 }} />}
      {admin && (
        <Button onClick={saveHours} disabled={!!hoursProblem} loading={busy} style={{ marginTop: 12 }} data-testid="calendar-hours-save">
          {t('calendar.hoursSave')}
        </Button>
      )}
    </div>
  );
}
