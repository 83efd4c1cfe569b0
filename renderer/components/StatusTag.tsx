import { Tag } from 'antd';
import { DOSSIER_STATUS, DOSSIER_STATUS_CODES, nextStatuses, type DossierStatusCode } from '../../shared/domain/dossier-status';
import { CHANNEL, type ChannelCode } from '../../shared/domain/schemas';
import { STATUS_TAG_COLOR, TAG_TEXT_COLOR } from './status-colors';

/** The national status label (TrangThai 1–10), coloured by stage, its text readable (WCAG AA). */
export function StatusTag({ status }: { status: DossierStatusCode }) {
  const color = STATUS_TAG_COLOR[status];
  const text = TAG_TEXT_COLOR[color];
  return (
    <Tag color={color} data-status={status} style={text ? { color: text } : undefined}>
      {DOSSIER_STATUS[status]}
    </Tag>
  );
}

export function channelLabel(channel: ChannelCode): string {
  return CHANNEL[channel];
}

const statusOption = (code: DossierStatusCode) => ({ value: code, label: `${code}. ${DOSSIER_STATUS[code]}` });

/** Every status (for filters). */
export const STATUS_OPTIONS = DOSSIER_STATUS_CODES.map(statusOption);

/** The statuses a dossier in `from` may be moved to, as the status model allows (the core refuses the rest). */
export function nextStatusOptions(from: DossierStatusCode) {
  return nextStatuses(from).map(statusOption);
}

export const CHANNEL_OPTIONS = (Object.keys(CHANNEL) as unknown as string[]).map((k) => {
  const code = Number(k) as ChannelCode;
  return { value: code, label: CHANNEL[code] };
});
