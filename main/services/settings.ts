import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_PORTAL_URL_TEMPLATE } from '../../shared/domain/portal-link';
import { SettingsSchema, type PolicyView, type Settings } from '../../shared/contract/api';
import { AppError } from '../../shared/contract/errors';
import { DEFAULT_DOSSIER_CODE_PATTERN, dossierCodePatternProblem } from '../../shared/domain/dossier-code';
import { normalizeUnitCode, unitCodeProblem } from '../../shared/domain/unit-code';
import type { Unit } from '../../shared/domain/schemas';
import { DEFAULT_IDLE_LOCK_MINUTES } from '../core/sessions';
import { watchFolderRefusal } from '../config/policy';
import { audit, requireSession, type AppContext, type ServiceContext } from './context';

export const DEFAULT_SETTINGS: Settings = {
  unitName: '',
  deskName: 'Quầy 1',
  dossierCodePattern: DEFAULT_DOSSIER_CODE_PATTERN,
  ocrLanguages: 'vie',
  lowConfidenceThreshold: 60,
  scanDpi: 300,
  scanColor: true,
  watchFolder: '',
  portalUrlTemplate: DEFAULT_PORTAL_URL_TEMPLATE,
  tokenLibraries: [],
  campaign: null,
  idleLockMinutes: DEFAULT_IDLE_LOCK_MINUTES,
  backupFolder: '',
  backupIntervalHours: 24,
  backupKeep: 14,
  indexReading: 'portal',
};

const SETTING_LABELS: Partial<Record<keyof Settings, string>> = {
  tokenLibraries: 'Thư viện USB token',
  unitName: 'Tên đơn vị',
  idleLockMinutes: 'Thời gian tự khóa màn hình',
  backupFolder: 'Thư mục sao lưu',
  backupIntervalHours: 'Chu kỳ sao lưu (giờ)',
  backupKeep: 'Số bản sao lưu giữ lại',
};

/** Copies must be scanned at 200 dpi or more (the digitization rules); above 1200 only makes files huge. */
export const MIN_SCAN_DPI = 200;
export const MAX_SCAN_DPI = 1200;

/** Why the app could not watch `folder` on this machine (checked when saved), or null. */
export function folderProblem(folder: string): string | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(folder);
  } catch {
    return `Thư mục theo dõi «${folder}» không tồn tại trên máy này (hoặc ổ mạng chưa kết nối). Tạo thư mục, hoặc kiểm tra đường dẫn máy quét lưu tệp.`;
  }
  if (!stat.isDirectory()) return `«${folder}» là một tệp, không phải thư mục.`;
  try {
    fs.accessSync(folder, fs.constants.R_OK | fs.constants.X_OK);
  } catch {
    return `Ứng dụng không có quyền đọc thư mục «${folder}». Nhờ bộ phận CNTT cấp quyền đọc cho tài khoản chạy ứng dụng.`;
  }
  return null;
}

/** Settings keys the machine policy fixes; the app shows them read-only and refuses to change them. */
export function policyLockedKeys(ctx: Pick<AppContext, 'policy'>): (keyof Settings)[] {
  const keys: (keyof Settings)[] = ['tokenLibraries'];
  if (ctx.policy.unit) keys.push('unitName');
  if (ctx.policy.idleLockMinutes !== null) keys.push('idleLockMinutes');
  return keys;
}

/** Stored values override defaults key by key; a stored value that no longer validates is ignored; the policy wins. */
export function getSettings(ctx: Pick<AppContext, 'store' | 'policy'>): Settings {
  const stored = ctx.store.settings.all();
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [key, value] of Object.entries(stored)) {
    const field = SettingsSchema.shape[key as keyof Settings];
    if (field && field.safeParse(value).success) merged[key] = value;
  }
  merged.tokenLibraries = ctx.policy.tokenLibraries;
  if (ctx.policy.unit) merged.unitName = ctx.policy.unit.name;
  if (ctx.policy.idleLockMinutes !== null) merged.idleLockMinutes = ctx.policy.idleLockMinutes;
  return SettingsSchema.parse(merged);
}

export function policyView(ctx: Pick<AppContext, 'policy' | 'policyView'>): PolicyView {
  return { ...ctx.policyView, locked: policyLockedKeys(ctx) };
}

export function updateSettings(ctx: ServiceContext, patch: Partial<Settings>): Settings {
  const locked = policyLockedKeys(ctx);
  return ctx.store.tx(() => {
    const before = getSettings(ctx);
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      if (JSON.stringify(before[key as keyof Settings]) === JSON.stringify(value)) continue;
      if (locked.includes(key as keyof Settings)) {
        throw new AppError('FORBIDDEN', `«${SETTING_LABELS[key as keyof Settings] ?? key}» do bộ phận CNTT đặt trong tệp chính sách máy, không sửa được trong ứng dụng.`);
      }
      if (key === 'dossierCodePattern') {
        const problem = dossierCodePatternProblem(String(value));
        if (problem) throw new AppError('BAD_REQUEST', problem);
      }
      if (key === 'watchFolder' && typeof value === 'string' && value.trim()) {
        const refusal = watchFolderRefusal(value.trim(), ctx.policy) ?? folderProblem(value.trim());
        if (refusal) throw new AppError('BAD_REQUEST', refusal);
      }
      if (key === 'backupFolder' && typeof value === 'string' && value.trim() && !path.isAbsolute(value.trim())) {
        throw new AppError('BAD_REQUEST', 'Thư mục sao lưu phải là đường dẫn đầy đủ (ví dụ D:\\SaoLuu hoặc \\\\may-chu\\saoluu), nên ở ổ đĩa hoặc máy khác.');
      }
      if (key === 'scanDpi' && (typeof value !== 'number' || value < MIN_SCAN_DPI || value > MAX_SCAN_DPI)) {
        throw new AppError('BAD_REQUEST', `Độ phân giải quét phải từ ${MIN_SCAN_DPI} đến ${MAX_SCAN_DPI} DPI: bản sao số hóa cần ít nhất ${MIN_SCAN_DPI} DPI.`);
      }
      ctx.store.settings.set(key, value);
      changed[key] = { from: before[key as keyof Settings], to: value };
    }
    if (Object.keys(changed).length) audit(ctx, 'update', 'settings', null, changed);
    return getSettings(ctx);
  });
}

/** An admin changes the unit's code: dossier codes use it from now on; those already given stay. */
export function updateUnitCode(ctx: ServiceContext, code: string): Unit {
  const session = requireSession(ctx);
  if (ctx.policy.unit) throw new AppError('FORBIDDEN', 'Đơn vị do bộ phận CNTT đặt trong tệp chính sách máy, không sửa được trong ứng dụng.');
  const problem = unitCodeProblem(code);
  if (problem) throw new AppError('BAD_REQUEST', problem);
  const next = normalizeUnitCode(code);
  return ctx.store.tx(() => {
    const before = ctx.store.people.unit(session.unit.id);
    if (!before) throw new AppError('NOT_FOUND', 'Không tìm thấy đơn vị.');
    if (before.code === next) return before;
    ctx.store.people.updateUnitCode(before.id, next);
    const unit = { ...before, code: next };
    ctx.sessions.unitChanged(unit);
    audit(ctx, 'update', 'unit', unit.id, { code: { from: before.code, to: next } });
    return unit;
  });
}
